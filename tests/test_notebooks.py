"""Every notebook executes top to bottom in a fresh kernel, with no error or warning,
and renders to a page; the build skips what has not changed."""

from __future__ import annotations

import nbformat
import pytest

from explainer.site import publish
from explainer.site.editions import EDITIONS

PAGES = publish.discover()


@pytest.mark.notebook
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_notebook_executes_cleanly_and_renders(built_site, page):
    out, result = built_site
    failures = [f for f in result["failures"] if f.startswith(page.name)]
    assert not failures, "\n".join(failures)
    assert page.name in result["built"]
    html = (out / page.href).read_text(encoding="utf-8")
    assert f"<title>{page.title}" in html or page.title in html


@pytest.mark.notebook
def test_index_lists_every_notebook(built_site):
    out, _ = built_site
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in PAGES:
        assert f'href="{page.href}"' in index


@pytest.mark.notebook
def test_unchanged_notebooks_are_skipped(built_site):
    out, _ = built_site
    again = publish.build(out, log=lambda _: None)
    assert again["built"] == []
    # every page of every edition (02-x.ipynb, ru/02-x.ipynb, kk/02-x.ipynb)
    keys = [p.key for lang in EDITIONS for p in publish.discover(lang=lang)]
    assert sorted(again["skipped"]) == sorted(keys)


#: The one kernel every notebook names (Binder and a fresh `make lab` have it).
KERNELSPEC = {
    "display_name": "Python 3 (ipykernel)",
    "language": "python",
    "name": "python3",
}
#: Notebook metadata a committed notebook may carry; anything else (widget state,
#: editor settings, a signature) is left over from a session.
NOTEBOOK_METADATA = {"kernelspec", "language_info"}
#: Cell metadata a committed cell may carry (timing, scroll and collapse state,
#: ``jupyter.outputs_hidden`` and the like are session state).
CELL_METADATA = {"tags"}


def hygiene_problems(nb: nbformat.NotebookNode) -> list[str]:
    """What makes a notebook unfit to commit (what nbstripout would strip, and more)."""
    problems = []
    extra = sorted(set(nb.metadata) - NOTEBOOK_METADATA)
    if extra:
        problems.append(f"notebook metadata {extra}")
    if nb.metadata.get("kernelspec") != KERNELSPEC:
        problems.append(
            f"kernelspec {nb.metadata.get('kernelspec')} is not {KERNELSPEC}"
        )
    if nb.metadata.get("language_info", {"name": "python"}) != {"name": "python"}:
        problems.append(
            f"language_info {nb.metadata['language_info']} (keep only name)"
        )
    for index, cell in enumerate(nb.cells):
        extra = sorted(set(cell.get("metadata", {})) - CELL_METADATA)
        if extra:
            problems.append(f"cell {index} has metadata {extra}")
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {index} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index} has an execution count")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_notebook_is_committed_clean(page):
    nb = nbformat.read(page.path, as_version=4)
    problems = hygiene_problems(nb)
    assert not problems, (
        f"{page.name}: {'; '.join(problems)}. Strip it: pre-commit run --all-files "
        "(or nbstripout with the options in .pre-commit-config.yaml)"
    )
    headings = [
        line
        for c in nb.cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("# ")
    ]
    assert len(headings) == 1, "one title per notebook"
    assert page.minutes, "a time to read"


def test_an_executed_notebook_is_not_clean():
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-11-27T10:00:00Z"}
    nb.cells = [cell]
    problems = "; ".join(hygiene_problems(nb))
    for expected in (
        "['widgets']",
        "language_info",
        "['execution']",
        "outputs",
        "count",
    ):
        assert expected in problems
    nb.metadata["kernelspec"] = {"name": "conda-env-kz-py", "display_name": "kz"}
    assert "kernelspec" in "; ".join(hygiene_problems(nb))


def test_links_between_notebooks_point_at_site_pages():
    page = (
        '<a href="01-reforms.ipynb">next</a> <a href="04-partners.ipynb#data">x</a> '
        '<a href="https://example.org/a.ipynb">elsewhere</a>'
    )
    assert publish.site_links(page) == (
        '<a href="01-reforms.html">next</a> <a href="04-partners.html#data">x</a> '
        '<a href="https://example.org/a.ipynb">elsewhere</a>'
    )


def write_notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A test page\n\nA page.")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


@pytest.mark.notebook
def test_a_failing_notebook_fails_the_build_naming_notebook_and_cell(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "01-good.ipynb", "x = 1")
    write_notebook(notebooks / "02-bad.ipynb", "y = 2", "1 / 0")
    write_notebook(
        notebooks / "03-noisy.ipynb", "import sys; print('careful', file=sys.stderr)"
    )
    out = tmp_path / "site"
    with pytest.raises(publish.BuildError) as info:
        publish.build(out, notebooks_dir=notebooks, log=lambda _: None)
    message = str(info.value)
    # in each edition, numbering the cells as the notebook does (an edition's
    # notebook has one cell more, before them, which sets its language)
    for folder in ("", "ru/", "kk/"):
        assert (
            f"{folder}02-bad.ipynb: cell 2 failed: ZeroDivisionError: division by zero"
            in message
        )
        assert f"{folder}03-noisy.ipynb: cell 1 printed to stderr: careful" in message
        good, bad = out / f"{folder}01-good.html", out / f"{folder}02-bad.html"
        assert good.is_file() and not bad.exists()
    assert "\x1b[" not in message
    assert info.value.result["built"] == [
        "01-good.ipynb",
        "kk/01-good.ipynb",
        "ru/01-good.ipynb",
    ]


@pytest.mark.notebook
def test_the_command_line_exits_non_zero_on_a_failure(tmp_path):
    import subprocess
    import sys

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "01-bad.ipynb", "raise RuntimeError('boom')")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "explainer",
            "build",
            "--out",
            str(tmp_path / "site"),
            "--notebooks-dir",
            str(notebooks),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    assert "01-bad.ipynb: cell 1 failed: RuntimeError: boom" in run.stderr
    assert "run    01-bad.ipynb" in run.stdout


def test_input_hash_follows_the_notebook_and_the_shared_inputs(tmp_path):
    path = tmp_path / "01-x.ipynb"
    write_notebook(path, "x = 1")
    page = publish.describe(path)
    first = publish.input_hash(page, "library-a")
    assert publish.input_hash(page, "library-a") == first
    assert publish.input_hash(page, "library-b") != first
    write_notebook(path, "x = 2")
    assert publish.input_hash(page, "library-a") != first
