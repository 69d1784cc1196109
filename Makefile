# The README's commands. Each bootstraps .venv on first use, so each works as the
# first command typed on a fresh clone (needs only python3 >= 3.11 and make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core (the accessibility audit of tests/test_a11y.py), from npm, pinned by the lock.
A11Y := tests/a11y
AXE := $(A11Y)/node_modules/axe-core/axe.min.js

.PHONY: html test lab bench binder-check lint clean

html: $(STAMP) ## execute the notebooks and write site/ (index + one page each)
	$(BIN)/python -m explainer build $(ARGS)

test: $(STAMP) $(AXE) ## ruff, the import-layer contract, then the whole pytest suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(ARGS)

# JupyterLab on the overview notebook: the browser opens it, and so does the address
# Jupyter prints (for when no browser opens). Jupyter refuses root (as in many
# containers) without --allow-root. tests/test_lab.py starts Lab with these flags.
LAB_URL := /lab/tree/notebooks/00-overview.ipynb
LAB_FLAGS := --LabApp.default_url=$(LAB_URL) $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP) ## JupyterLab on the overview notebook
	$(BIN)/jupyter lab $(LAB_FLAGS) $(ARGS)

bench: $(STAMP) ## print the performance figures of the issues' targets
	$(BIN)/python benchmarks/run.py $(ARGS)

# Binder's build, from repo2docker's base environment (scripts/repo2docker-base-*.txt)
# and binder/ only; .venv is not used except for pytest, which drives the JupyterLab
# end-to-end test against the environment built. Leaves it in build/ for `make bench`.
binder-check: $(STAMP) ## repo2docker's base + binder/, then every notebook and Lab end to end
	$(PYTHON) scripts/binder_check.py --pytest-python $(BIN)/python $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Runtime versions are pinned by binder/requirements.txt (the Binder image uses the
# same file), so the tests run with exactly what Binder installs. rfc3987-syntax is
# removed: it costs ~3 s on every `import jsonschema` and nothing here needs it.
$(STAMP): pyproject.toml binder/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c binder/requirements.txt -e ".[test,binder]"
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	touch $@

$(AXE): $(A11Y)/package.json $(A11Y)/package-lock.json
	cd $(A11Y) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site .venv build .pytest_cache $(A11Y)/node_modules
