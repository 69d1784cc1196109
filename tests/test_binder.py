"""Binder reads only ``binder/``: its files must install the package and exactly what
the tests run with (the slow proof, a fresh venv, is ``make binder-check``)."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from explainer import paths
from explainer.site import publish

ROOT = paths.PROJECT_ROOT
BINDER = ROOT / "binder"


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


pin_binder = _load_script("pin_binder")
repo2docker_base = _load_script("repo2docker_base")
CLOSURE = pin_binder.runtime_closure()
PINS = pin_binder.read_pins()
RUNTIME = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
BASE_LIST = (
    ROOT / "scripts" / f"repo2docker-base-py{RUNTIME.removeprefix('python-')}.txt"
)


def test_every_runtime_dependency_is_pinned_exactly():
    missing = sorted(set(CLOSURE) - set(PINS))
    assert not missing, f"not pinned in binder/requirements.txt: {missing}"


def test_nothing_else_is_pinned():
    extra = sorted(set(PINS) - set(CLOSURE))
    assert not extra, f"pinned but not a runtime dependency of explainer: {extra}"
    assert "explainer" not in PINS, "postBuild installs the package itself"


def test_pins_are_the_versions_the_tests_run_with():
    wrong = {
        name: (PINS[name][1], node.installed)
        for name, node in CLOSURE.items()
        if name not in pin_binder.UNINSTALLED and PINS[name][1] != node.installed
    }
    assert not wrong, f"(pinned, installed) differ: {wrong}; run make (or re-pin)"


def test_pins_satisfy_every_declared_requirement():
    broken = [
        f"{who} wants {req}, pinned {PINS[name][1]}"
        for name, node in CLOSURE.items()
        for who, req in node.wanted_by
        if not req.specifier.contains(PINS[name][1], prereleases=True)
    ]
    assert not broken, "\n".join(broken)


def test_the_documented_exception_is_pinned_and_not_installed():
    for name, deps in pin_binder.UNINSTALLED.items():
        assert name in PINS, f"{name} must stay pinned (pip would take any version)"
        assert CLOSURE[name].installed is None, (
            f"{name} is installed; the Makefile and postBuild remove it"
        )
        for dep in deps:
            assert canonicalize_name(dep) in PINS, f"{name}'s dependency {dep}"


def test_requirements_file_is_what_pin_binder_writes():
    text = pin_binder.render(CLOSURE, PINS)
    assert text == pin_binder.REQUIREMENTS.read_text(encoding="utf-8"), (
        "binder/requirements.txt is out of date: .venv/bin/python scripts/pin_binder.py"
    )


def test_runtime_txt_is_the_python_the_tests_run_with():
    text = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", text)
    assert match, f"runtime.txt must read python-X.Y, not {text!r}"
    assert tuple(map(int, match.groups())) == sys.version_info[:2]
    requires = SpecifierSet(metadata.metadata("explainer")["Requires-Python"])
    assert requires.contains(f"{match[1]}.{match[2]}.0")


# --- repo2docker's base environment (Binder installs the pins into it) ---------


@pytest.fixture(scope="module")
def base() -> dict[str, tuple[str, str]]:
    assert BASE_LIST.is_file(), (
        f"no {BASE_LIST.name} for {RUNTIME}: scripts/repo2docker_base.py writes it"
    )
    return pin_binder.read_pins(BASE_LIST)


def test_base_list_names_the_lock_file_it_came_from(base):
    text = BASE_LIST.read_text(encoding="utf-8")
    assert re.search(r"^# Source: jupyterhub/repo2docker@[0-9a-f]{40}$", text, re.M)
    version = RUNTIME.removeprefix("python-")
    assert (
        f"repo2docker/buildpacks/conda/environment.py-{version}-linux-64.lock" in text
    )
    assert re.search(r"^#\s+Frozen on \d{4}-\d\d-\d\d", text, re.M)
    assert re.search(rf"^#\s+python {re.escape(version)}\.\d+;", text, re.M)
    # What Binder's JupyterLab stands on (jupyterhub-singleuser is PyPI's jupyterhub).
    for name in ("jupyterhub", "notebook", "jupyterlab", "jupyter-server", "pip"):
        assert name in base, f"{name} is not in {BASE_LIST.name}"


def test_base_list_script_reads_a_conda_lock(tmp_path):
    lock = tmp_path / "environment.py-3.11-linux-64.lock"
    channel = "https://conda.anaconda.org/conda-forge"
    lock.write_text(
        "# Frozen on 2025-11-13 14:58:45 UTC\n@EXPLICIT\n"
        f"{channel}/linux-64/python-3.11.14-hd63d673_2_cpython.conda#0\n"
        f"{channel}/linux-64/nodejs-20.19.5-hf7ee748_0.conda#0\n"
        f"{channel}/noarch/python_abi-3.11-8_cp311.conda#0\n"
        f"{channel}/linux-64/pyzmq-27.1.0-py311h2315fbb_0.conda#0\n"
        f"{channel}/noarch/jupyter_server-2.17.0-pyhcf101f3_0.conda#0\n"
        f"{channel}/noarch/nbconvert-core-7.16.6-pyhcf101f3_1.conda#0\n"
        f"{channel}/noarch/jupyterhub-base-5.4.2-pyhc90fa1f_0.conda#0\n"
        f"{channel}/noarch/jupyterhub-singleuser-5.4.2-h0b4b229_0.conda#0\n"
        f"{channel}/noarch/cached_property-1.5.2-pyha770c72_1.tar.bz2#0\n"
        f"{channel}/noarch/cached-property-1.5.2-hd8ed1ab_1.tar.bz2#0\n",
        encoding="utf-8",
    )
    assert (
        repo2docker_base.main(
            [str(lock), "--source", "r2d@x", "--out-dir", str(tmp_path)]
        )
        == 0
    )
    written = tmp_path / "repo2docker-base-py3.11.txt"
    assert pin_binder.read_pins(written) == {
        "cached-property": ("cached-property", "1.5.2"),
        "jupyter-server": ("jupyter-server", "2.17.0"),
        "jupyterhub": ("jupyterhub", "5.4.2"),
        "nbconvert": ("nbconvert", "7.16.6"),
        "pyzmq": ("pyzmq", "27.1.0"),
    }
    assert "#   Frozen on 2025-11-13 14:58:45 UTC" in written.read_text()
    args = [str(lock), "--source", "r2d@x", "--out-dir", str(tmp_path), "--check"]
    assert repo2docker_base.main(args) == 0
    lock.write_text("not a lock\n", encoding="utf-8")
    assert repo2docker_base.main(args) == 2


def _final_environment(base: dict[str, tuple[str, str]]) -> dict[str, str]:
    """What Binder ends with: the base, with pip's pins over it (postBuild's removal
    aside)."""
    final = {name: version for name, (_, version) in base.items()}
    final.update({name: version for name, (_, version) in PINS.items()})
    for name in pin_binder.UNINSTALLED:
        final.pop(name, None)
    return final


def test_pinned_notebook_accepts_the_pinned_jupyterlab(base):
    # The base's notebook pins JupyterLab to its own minor version (7.4.x wants
    # jupyterlab<4.5): ours replaces it, so it must accept our JupyterLab, and all
    # else it asks for, at the versions Binder ends with.
    assert "notebook" in PINS, "pin notebook (the 'binder' extra): the base has one"
    final = _final_environment(base)
    wants = [Requirement(r) for r in metadata.requires("notebook") or []]
    wants = [r for r in wants if r.marker is None or r.marker.evaluate()]
    assert any(canonicalize_name(r.name) == "jupyterlab" for r in wants)
    for requirement in wants:
        name = canonicalize_name(requirement.name)
        assert name in final, f"notebook needs {requirement}, Binder would not have it"
        assert requirement.specifier.contains(final[name], prereleases=True), (
            f"notebook {PINS['notebook'][1]} wants {requirement}, Binder has "
            f"{name} {final[name]}"
        )


def test_post_build_installs_the_package_and_nothing_from_elsewhere():
    script = BINDER / "postBuild"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n"), "repo2docker runs it as an executable"
    assert os.access(script, os.X_OK), "chmod +x binder/postBuild"
    commands = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[0].startswith("set -e"), "the first command must be set -e..."
    assert "python -m pip install --no-deps -e ." in commands
    assert "python -m pip uninstall -y rfc3987-syntax" in commands
    assert "python -m pip check" in commands
    # Launch state: nothing to answer but Run All (no news prompt).
    assert (
        'jupyter labextension disable "@jupyterlab/apputils-extension:announcements"'
        in commands
    )
    for command in commands:
        assert not re.search(r"\b(curl|wget|git clone|npm|conda)\b|://", command), (
            f"postBuild must download nothing outside the registries: {command}"
        )
        if "pip install" in command:
            assert command.endswith(("-e .", "-e '.'")), (
                f"only the package itself is installed here: {command}"
            )


def test_readme_badge_opens_the_overview_in_jupyterlab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    url = publish.binder_url("00-overview.ipynb")
    assert url == (
        "https://mybinder.org/v2/gh/kz-explainer/kazakhstan-2026-explainer/HEAD"
        "?labpath=notebooks/00-overview.ipynb"
    )
    assert f"[![Binder](https://mybinder.org/badge_logo.svg)]({url})" in readme
    assert (ROOT / "notebooks" / "00-overview.ipynb").is_file()
    assert "make lab" in readme and "make binder-check" in readme


# --- pre-commit (checked without pre-commit installed) ------------------------


@pytest.fixture(scope="module")
def hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def _pinned(hook: dict, package: str) -> str:
    pins = [d for d in hook.get("additional_dependencies", []) if "==" in d]
    found = [d.split("==")[1] for d in pins if d.split("==")[0] == package]
    assert found, f"hook {hook['id']} must pin {package}"
    return found[0]


def _extra(name: str) -> dict[str, str]:
    extras = {}
    for text in metadata.requires("explainer") or []:
        match = re.match(r"([\w-]+)\s*(\S*?)\s*;\s*extra\s*==\s*\"(\w+)\"", text)
        if match and match[3] == name:
            extras[match[1]] = match[2]
    return extras


def test_pre_commit_runs_ruff_on_code_and_notebooks(hooks):
    for hook_id in ("ruff-check", "ruff-format"):
        hook = hooks[hook_id]
        assert "jupyter" in hook.get("types_or", []) + hook.get("types", [])
        assert "python" in hook.get("types_or", []) + hook.get("types", [])
        assert f"=={_pinned(hook, 'ruff')}" == _extra("test")["ruff"], (
            "the hook's ruff must be the one make test runs"
        )


def test_pre_commit_strips_notebooks(hooks):
    hook = hooks["nbstripout"]
    assert hook.get("types") == ["jupyter"]
    version = _pinned(hook, "nbstripout")
    assert SpecifierSet(_extra("dev")["nbstripout"]).contains(version)
    for key in ("metadata.language_info.version", "cell.metadata.jupyter"):
        assert key in hook["entry"], f"nbstripout must also strip {key}"


def test_artifacts_and_caches_are_ignored():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "test-artifacts/" in ignored


def test_scripts_are_where_the_makefile_calls_them():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for script in re.findall(r"scripts/[\w.]+\.py", makefile):
        assert (ROOT / script).is_file(), script
