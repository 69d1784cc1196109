"""Shared fixtures: a writable copy of the real data, and helpers to break it."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import explainer
from explainer import paths
from explainer.site import publish


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the project's data folder that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


def edit_csv(
    path: Path,
    change: Callable[[list[dict[str, str]]], list[dict[str, str]] | None],
    columns: list[str] | None = None,
) -> None:
    """Rewrite a CSV file after ``change`` edits its rows (a list of dicts)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    result = change(rows)
    rows = rows if result is None else result
    fields = columns or fields
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def edit_geojson(path: Path, change: Callable[[dict], None]) -> None:
    """Rewrite a GeoJSON file after ``change`` edits the parsed document in place."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def feature(doc: dict, ident: str) -> dict:
    """The feature of a FeatureCollection with property ``id == ident``."""
    return next(f for f in doc["features"] if f["properties"].get("id") == ident)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole site, built once per test session: ``(folder, build result)``.

    All three editions: English in the folder, Russian and Kazakh in its ``ru/``
    and ``kk/`` (see :mod:`explainer.site.editions`).
    """
    out = tmp_path_factory.mktemp("site")
    try:
        result = publish.build(out, force=True, log=lambda _: None)
    except publish.BuildError as exc:
        result = exc.result
    return out, result


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    """The built site's folder; fails, naming them, if any page did not build."""
    out, result = built_site
    failed = list(result["failures"])
    assert not failed, "\n".join(failed)
    return out


#: Debian's chromium (``apt-get install chromium``); never a downloaded browser.
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Headless chromium, one for the whole session.

    Playwright's sync API allows one instance at a time in a thread, so every browser
    test (static pages, JupyterLab) shares this one.
    """
    if CHROMIUM is None:
        pytest.skip(
            "chromium is not installed (apt-get install -y chromium); "
            ".ci/run installs it so these tests run in CI"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# --- the real data, loaded once per session -----------------------------------


@pytest.fixture(scope="session")
def sources():
    return explainer.load_sources()


@pytest.fixture(scope="session")
def indicators():
    return explainer.load_indicators()


@pytest.fixture(scope="session")
def reforms():
    return explainer.load_reforms()


@pytest.fixture(scope="session")
def partners():
    return explainer.load_partners()


@pytest.fixture(scope="session")
def partnerships():
    return explainer.load_partnerships()


@pytest.fixture(scope="session")
def segments():
    return explainer.load_corridors()


@pytest.fixture(scope="session")
def routes():
    return explainer.load_routes()


def record_ids(file: str, column: str) -> list[str]:
    """The ids of a data file's records, read without loading (for parametrize).

    Tests are parametrized over every record, as geodatasets does; reading the raw
    file keeps collection free of the loaders (their checks run in the tests).
    """
    path = paths.DATA_DIR / file
    if path.suffix == ".geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        return [f["properties"][column] for f in doc["features"]]
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]
