"""The public API and the light import."""

from __future__ import annotations

import json
import subprocess
import sys

import explainer


def test_light_import_of_the_data_layer():
    code = (
        "import json, sys; import explainer.data, explainer.geo, explainer.model; "
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
