"""The public API and the light import."""

from __future__ import annotations

import json
import subprocess
import sys

import explainer


def test_light_import_of_the_data_layer():
    code = (
        "import json, sys; import explainer.data, explainer.geo, explainer.analysis.model; "
        "heavy = ['folium', 'altair', 'ipywidgets', 'branca', 'nbconvert']; "
        "print(json.dumps([m for m in heavy if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_top_level_import_is_lazy():
    code = (
        "import json, sys; import explainer; "
        "print(json.dumps([m for m in ('folium', 'altair', 'ipywidgets', 'geopandas') "
        "if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_every_public_name_resolves():
    for name in explainer.__all__:
        assert getattr(explainer, name) is not None, name


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        explainer.nope  # noqa: B018


def test_data_error_is_a_value_error():
    assert issubclass(explainer.DataError, ValueError)


def _module_all(module: str) -> set[str]:
    import importlib

    return set(importlib.import_module(module).__all__)


def test_lazy_exports_are_the_public_modules_all():
    """The table ``explainer`` reads from source agrees with each module's __all__."""
    declared: dict[str, str] = {}
    for module in explainer.PUBLIC_MODULES:
        names = _module_all(module)
        for name in names:
            declared.setdefault(name, module)
    assert declared == explainer._LAZY
    assert set(explainer.__all__) == {"__version__", *declared}


def test_each_public_name_comes_from_its_declaring_module():
    import importlib

    for name, module in explainer._LAZY.items():
        assert getattr(explainer, name) is getattr(
            importlib.import_module(module), name
        ), name


def test_import_layers_contract_holds():
    """import-linter's layers contract (pyproject.toml) is kept."""
    import shutil
    from pathlib import Path

    exe = Path(sys.executable).with_name("lint-imports")
    assert exe.exists() or shutil.which("lint-imports"), "install the test extras"
    out = subprocess.run(
        [str(exe if exe.exists() else "lint-imports"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=Path(explainer.__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stdout[-2000:]
    assert "0 broken" in out.stdout
