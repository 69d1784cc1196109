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
CLOSURE = pin_binder.runtime_closure()
PINS = pin_binder.read_pins()


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
