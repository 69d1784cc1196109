"""Typed columns: read a CSV table cell by cell and collect what breaks a rule."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from explainer.data.errors import Problems, said

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


ISO3 = re.compile(r"^[A-Z]{3}$")


LANG = re.compile(r"^[a-z]{2}$")


CONFIDENCE = ("H", "M", "L")


#: The part of the world the route data may lie in: Europe to the Chinese coast.
REGION = (-20.0, -5.0, 130.0, 70.0)  # lon_min, lat_min, lon_max, lat_max


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
