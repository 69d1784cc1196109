"""Shared loader plumbing, and the claim ledger ``sources.csv`` every file cites."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from explainer.data.errors import Problems
from explainer.data.reading import check_known, read_table
from explainer.data.schema import SOURCES
from explainer.data.translated import in_english, localized
from explainer.paths import data_dir as _data_dir

__all__ = ["load_sources"]

PathLike = str | os.PathLike[str] | None


_CACHE: dict[tuple, object] = {}


def _cached(
    name: str, folder: Path, build: Callable[[Path], pd.DataFrame]
) -> pd.DataFrame:
    """Load once per data folder and file state; hand out copies."""
    files = sorted(folder.glob("*.csv")) + sorted(folder.glob("geo/*.geojson"))
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    key = (name, str(folder), stamp)
    if key not in _CACHE:
        with in_english():  # the cache holds the English; loaders translate copies
            _CACHE[key] = build(folder)
    return _CACHE[key].copy()


def _rows(frame: pd.DataFrame, key: str | None) -> Callable[[int], str]:
    def where(i: int) -> str:
        ident = frame[key].iloc[i] if key else None
        return f"row {i + 2} ({key} '{ident}')" if ident else f"row {i + 2}"

    return where


def _features(frame: pd.DataFrame) -> Callable[[int], str]:
    places = frame.attrs.get("where")

    def where(i: int) -> str:
        if places is not None:
            return places[i]
        ident = frame["id"].iloc[i] if "id" in frame else None
        return f"feature '{ident}'" if ident else f"feature #{i + 1}"

    return where


def _dates(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Add ``<column>_precision`` and turn the column into timestamps."""
    text = frame[column]
    frame[f"{column}_precision"] = text.map(
        lambda t: None if t is None else {4: "year", 7: "month", 10: "day"}[len(t)]
    )
    frame[column] = pd.to_datetime(
        text.map(lambda t: None if t is None else (t + "-01-01")[:10]),
        format="%Y-%m-%d",
    )
    return frame


def _geoframe(frame: pd.DataFrame, geometries: list) -> gpd.GeoDataFrame:
    frame.attrs.pop("where", None)  # how read_features named the features
    return gpd.GeoDataFrame(frame, geometry=geometries, crs="EPSG:4326")


def load_sources(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the claim ledger ``sources.csv``.

    Parameters
    ----------
    data_dir
        The data folder; default: ``$EXPLAINER_DATA_DIR`` or the project's ``data/``.

    Returns
    -------
    pandas.DataFrame
        One row per source: ``source_id, title, publisher, url, published, language,
        kind, checked, notes``.

    Raises
    ------
    DataError
        If the file breaks a rule of ``data/README.md``.
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(
            folder / "sources.csv", "sources.csv", SOURCES, "source_id"
        )
        problems.raise_if_any()
        return frame

    folder = _data_dir(data_dir)
    return localized("sources", _cached("sources", folder, build), folder)


def _check_sources(
    frame: pd.DataFrame, problems: Problems, where: Callable[[int], str], folder: Path
) -> None:
    known = set(load_sources(folder)["source_id"])
    check_known(
        frame, "source_ids", known, "source ids of sources.csv", problems, where
    )
