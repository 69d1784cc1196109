"""Readers and checks behind the loaders in :mod:`explainer.data` (private).

A reader turns one file into a typed frame and a :class:`Problems` list. It never
stops at the first problem: every cell of every row is checked, so that one
:class:`DataError` can name them all.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
ISO3 = re.compile(r"^[A-Z]{3}$")
LANG = re.compile(r"^[a-z]{2}$")
CONFIDENCE = ("H", "M", "L")
#: The part of the world the route data may lie in: Europe to the Chinese coast.
REGION = (-20.0, -5.0, 130.0, 70.0)  # lon_min, lat_min, lon_max, lat_max


class DataError(ValueError):
    """A data file failed validation.

    The message names the file, then each problem: the row or feature, the field,
    what was expected and what was found.

    Attributes
    ----------
    file : str
        The file, relative to the data folder (e.g. ``geo/nodes.geojson``).
    problems : list of str
        Every problem found in the file.
    """

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = f"{file}: {self.problems[0]}"
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            text = f"{file}: {len(self.problems)} problems:\n{lines}"
        super().__init__(text)


def show(value: object) -> str:
    """How a found value is quoted in a message."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return "nothing (empty)"
    if isinstance(value, float) and math.isnan(value):
        return "nothing (empty)"
    return repr(value)


@dataclass
class Problems:
    """Problems found in one file, collected to be raised together."""

    file: str
    items: list[str] = field(default_factory=list)

    def add(
        self, where: str, name: str, expected: str, found: object, hint: str = ""
    ) -> None:
        """Record that ``name`` at ``where`` is not what was expected."""
        found_text = found if isinstance(found, _Said) else show(found)
        text = f"{where}: field '{name}': expected {expected}, found {found_text}"
        self.items.append(f"{text}; {hint}" if hint else text)

    def note(self, text: str) -> None:
        """Record a problem that is not about one field."""
        self.items.append(text)

    def raise_if_any(self) -> None:
        """Raise :class:`DataError` with every problem, if there is any."""
        if self.items:
            raise DataError(self.file, self.items)


class _Said(str):
    """A description of a found value that must not be quoted again."""


def said(text: str) -> _Said:
    """Mark a description of what was found (e.g. ``'lon 1.0, lat 2.0'``)."""
    return _Said(text)


@dataclass(frozen=True)
class Col:
    """One column (or GeoJSON property) of a data file."""

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def parse(self, raw: object) -> tuple[Any, str | None]:
        """Convert a raw value; return ``(value, None)`` or ``(None, expected)``."""
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            raw = ""
        text = raw.strip() if isinstance(raw, str) else raw
        if text == "":
            return (None, "a value") if self.required else (None, None)
        parser = _PARSERS[self.kind]
        return parser(self, text)


def _text(col: Col, raw: Any) -> tuple[Any, str | None]:
    return (raw, None) if isinstance(raw, str) else (None, "text")


def _pattern(regex: re.Pattern[str], expected: str) -> Callable:
    def parse(col: Col, raw: Any) -> tuple[Any, str | None]:
        if isinstance(raw, str) and regex.match(raw):
            return raw, None
        return None, expected

    return parse


def _number(col: Col, raw: Any, *, integer: bool) -> tuple[Any, str | None]:
    kind = "an integer" if integer else "a number"
    bounds = _bounds(col)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None, kind + bounds
    if isinstance(raw, bool) or not math.isfinite(value):
        return None, kind + bounds
    if integer and value != int(value):
        return None, kind + bounds
    if (col.minimum is not None and value < col.minimum) or (
        col.maximum is not None and value > col.maximum
    ):
        return None, kind + bounds
    return (int(value) if integer else value), None


def _bounds(col: Col) -> str:
    if col.minimum is not None and col.maximum is not None:
        return f" in {col.minimum:g}..{col.maximum:g}"
    if col.minimum is not None:
        return f" >= {col.minimum:g}"
    return ""


def _choice(col: Col, raw: Any) -> tuple[Any, str | None]:
    if raw in col.choices:
        return raw, None
    return None, "one of " + ", ".join(col.choices)


def _date(col: Col, raw: Any) -> tuple[Any, str | None]:
    expected = "a date as YYYY, YYYY-MM or YYYY-MM-DD"
    match = DATE.match(raw) if isinstance(raw, str) else None
    if not match:
        return None, expected
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return None, expected + " that exists in the calendar"
    return raw, None


def _ids(col: Col, raw: Any) -> tuple[Any, str | None]:
    expected = "ids separated by ';' (lowercase letters, digits, '-' or '_')"
    if not isinstance(raw, str):
        return None, expected
    parts = tuple(p.strip() for p in raw.split(";"))
    if not parts or not all(SLUG.match(p) for p in parts):
        return None, expected
    return parts, None


_PARSERS: dict[str, Callable[[Col, Any], tuple[Any, str | None]]] = {
    "text": _text,
    "slug": _pattern(SLUG, "an id of lowercase letters, digits, '-' or '_'"),
    "int": lambda col, raw: _number(col, raw, integer=True),
    "float": lambda col, raw: _number(col, raw, integer=False),
    "choice": _choice,
    "date": _date,
    "ids": _ids,
    "url": _pattern(URL, "an http(s) URL"),
    "iso3": _pattern(ISO3, "an ISO 3166-1 alpha-3 code such as 'KAZ'"),
    "lang": _pattern(LANG, "an ISO 639-1 language code such as 'en'"),
    "confidence": lambda col, raw: _choice(
        Col(col.name, "choice", choices=CONFIDENCE), raw
    ),
}


def _check_row(
    record: dict[str, Any], cols: Sequence[Col], where: str, problems: Problems
) -> dict[str, Any]:
    """Parse one row's cells; record problems; return the typed row."""
    typed: dict[str, Any] = {}
    for col in cols:
        if col.name not in record:
            typed[col.name] = None
            continue
        value, expected = col.parse(record[col.name])
        if expected:
            problems.add(where, col.name, expected, record[col.name])
        typed[col.name] = value
    return typed


def _where_row(line: int, key: str | None, record: dict[str, Any]) -> str:
    ident = str(record.get(key, "")).strip() if key else ""
    return f"row {line} ({key} '{ident}')" if ident else f"row {line}"


def read_table(
    path: Path, label: str, cols: Sequence[Col], key: str | None = None
) -> tuple[pd.DataFrame, Problems]:
    """Read and check a CSV file; return the typed frame and its problems."""
    problems = Problems(label)
    names = [c.name for c in cols]
    if not path.is_file():
        problems.note(f"file not found at {path}")
        problems.raise_if_any()
    try:
        raw = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
        )
    except UnicodeDecodeError as exc:
        problems.note(
            f"expected UTF-8 text, found byte {exc.object[exc.start]:#x} "
            f"at offset {exc.start}; save the file as UTF-8"
        )
        problems.raise_if_any()
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.note(f"expected CSV with a header row, found: {exc}".strip())
        problems.raise_if_any()
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [n for n in names if n not in raw.columns]
    extra = [c for c in raw.columns if c not in names]
    if missing:
        problems.note(
            f"header: missing required column(s) {', '.join(missing)}; "
            f"expected the columns {', '.join(names)}"
        )
    if extra:
        problems.note(
            f"header: unexpected column(s) {', '.join(extra)}; "
            f"expected only {', '.join(names)} (see data/README.md)"
        )
    rows = []
    label = key or (names[0] if names else None)
    for index, record in enumerate(raw.to_dict("records")):
        where = _where_row(index + 2, label, record)
        rows.append(_check_row(record, cols, where, problems))
    frame = _frame(rows, names)
    if key:
        check_unique(
            frame,
            key,
            problems,
            lambda i: _where_row(i + 2, key, frame.iloc[i].to_dict()),
        )
    return frame, problems


def _frame(rows: list[dict[str, Any]], names: list[str]) -> pd.DataFrame:
    """Rows to a frame; text columns keep ``None`` for missing values."""
    frame = pd.DataFrame(rows, columns=names)
    for name in names:
        if frame[name].dtype == object or str(frame[name].dtype).startswith("str"):
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def check_unique(
    frame: pd.DataFrame, key: str, problems: Problems, where: Callable[[int], str]
) -> None:
    """Record every repeated value of ``key``."""
    seen: dict[Any, int] = {}
    for i, value in enumerate(frame[key]):
        if value is None:
            continue
        if value in seen:
            problems.add(
                where(i),
                key,
                f"a unique id (first used at {where(seen[value])})",
                value,
            )
        else:
            seen[value] = i


def read_features(
    path: Path,
    label: str,
    cols: Sequence[Col],
    geometry_types: Sequence[str],
    region: tuple[float, float, float, float] | None = REGION,
) -> tuple[pd.DataFrame, list[shapely.Geometry | None], Problems]:
    """Read and check a GeoJSON FeatureCollection.

    Returns the typed properties, the shapely geometries (``None`` where broken)
    and the problems.
    """
    problems = Problems(label)
    if not path.is_file():
        problems.note(f"file not found at {path}")
        problems.raise_if_any()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        problems.note(
            f"expected UTF-8 text, found a byte that is not, at offset {exc.start}"
        )
        problems.raise_if_any()
    except json.JSONDecodeError as exc:
        problems.note(
            f"expected valid JSON, found an error at line {exc.lineno} column "
            f"{exc.colno}: {exc.msg}"
        )
        problems.raise_if_any()
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        problems.note(f"expected a GeoJSON FeatureCollection, found {show(kind)}")
        problems.raise_if_any()
    _check_crs(doc, problems)
    features = doc.get("features")
    if not isinstance(features, list):
        problems.note(
            f"expected a list of features, found {show(type(features).__name__)}"
        )
        problems.raise_if_any()
    rows, geometries = [], []
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.note(f"feature #{index + 1}: expected a Feature with properties")
            rows.append(dict.fromkeys(c.name for c in cols))
            geometries.append(None)
            continue
        ident = props.get("id") or feature.get("id")
        where = f"feature '{ident}'" if ident else f"feature #{index + 1}"
        rows.append(_check_row(props, cols, where, problems))
        geometries.append(
            _check_geometry(
                feature.get("geometry"), where, geometry_types, region, problems
            )
        )
    frame = _frame(rows, [c.name for c in cols])
    return frame, geometries, problems


def _check_crs(doc: dict[str, Any], problems: Problems) -> None:
    crs = doc.get("crs")
    if crs is None:
        return  # RFC 7946: GeoJSON is WGS84 lon/lat unless it says otherwise
    name = (
        str((crs.get("properties") or {}).get("name", ""))
        if isinstance(crs, dict)
        else ""
    )
    if not name.upper().replace("::", ":").endswith(("CRS84", "EPSG:4326")):
        problems.note(
            "crs: expected EPSG:4326 / OGC CRS84 (lon/lat on WGS84), "
            f"found {show(name)}; "
            "reproject the file to EPSG:4326"
        )


def _check_geometry(
    geometry: object,
    where: str,
    types: Sequence[str],
    region: tuple[float, float, float, float] | None,
    problems: Problems,
) -> shapely.Geometry | None:
    if not isinstance(geometry, dict) or geometry.get("type") not in types:
        found = geometry.get("type") if isinstance(geometry, dict) else geometry
        problems.add(where, "geometry", "a " + " or ".join(types), found)
        return None
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        problems.add(
            where, "geometry", f"valid {geometry['type']} coordinates", said(str(exc))
        )
        return None
    coords = shapely.get_coordinates(geom)
    if geom.is_empty or not np.isfinite(coords).all():
        problems.add(
            where, "geometry", "finite coordinates", said("empty or NaN coordinates")
        )
        return None
    if not geom.is_valid:
        problems.add(
            where, "geometry", "a valid geometry", said(shapely.is_valid_reason(geom))
        )
    if region is not None:
        lon0, lat0, lon1, lat1 = region
        bad = ~(
            (coords[:, 0] >= lon0)
            & (coords[:, 0] <= lon1)
            & (coords[:, 1] >= lat0)
            & (coords[:, 1] <= lat1)
        )
        if bad.any():
            lon, lat = coords[bad.argmax()]
            swapped = lon0 <= lat <= lon1 and lat0 <= lon <= lat1
            problems.add(
                where,
                "geometry",
                "coordinates inside the region "
                f"(lon {lon0:g}..{lon1:g}, lat {lat0:g}..{lat1:g})",
                said(f"lon {lon:g}, lat {lat:g}"),
                "are lon/lat swapped? GeoJSON is [longitude, latitude]"
                if swapped
                else "",
            )
    return geom


def check_known(
    frame: pd.DataFrame,
    column: str,
    known: set[str],
    what: str,
    problems: Problems,
    where: Callable[[int], str],
) -> None:
    """Record values (single ids or tuples of ids) of ``column`` not in ``known``."""
    for i, value in enumerate(frame[column]):
        if value is None:
            continue
        values = value if isinstance(value, tuple) else (value,)
        unknown = [v for v in values if v not in known]
        if unknown:
            problems.add(
                where(i),
                column,
                f"{what} that exist{'s' if len(unknown) == 1 else ''}",
                said(", ".join(repr(u) for u in unknown) + " (unknown)"),
            )
