"""Typed columns: the rules one cell (or GeoJSON property) must follow.

A cell is parsed into its type or refused with what was expected. Numbers are plain
decimals in ASCII digits, dates are ASCII ISO dates, and no text may hide a control
character (NUL, a tab, a line break, a bidirectional override...).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from explainer.data.errors import Problems

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


#: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ASCII digits only.
DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


#: A plain decimal: optional minus, ASCII digits, optional fraction. No ``_``, no
#: exponent, no ``+``, no thousands separator, no other script's digits.
DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


INTEGER = re.compile(r"-?[0-9]+")


URL = re.compile(r"https?://[^\s/$.?#][^\s]*")


ISO3 = re.compile(r"[A-Z]{3}")


LANG = re.compile(r"[a-z]{2}")


#: Characters no cell may contain: C0 and C1 controls (NUL, tab, line breaks, DEL...),
#: zero-width space, direction marks and overrides, line/paragraph separators, BOM.
CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)


CONFIDENCE = ("H", "M", "L")


#: The part of the world the route data may lie in: Europe to the Chinese coast.
REGION = (-20.0, -5.0, 130.0, 70.0)  # lon_min, lat_min, lon_max, lat_max


#: What a parser returns: the value, then what was expected (``None`` if the cell is
#: fine), then a hint that says how to fix it (may be empty).
Parsed = tuple[Any, str | None, str]


_NUMBER_HINT = (
    "write a plain decimal in ASCII digits, such as 1500 or 0.25 "
    "(no '_', exponent, '+', thousands separator or other digits)"
)


@dataclass(frozen=True)
class Col:
    """One column (or GeoJSON property) of a data file."""

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def parse(self, raw: object) -> Parsed:
        """Convert a raw value; return ``(value, expected, hint)``.

        ``expected`` is ``None`` when the value follows the column's rule.
        """
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            raw = ""
        if isinstance(raw, str) and (bad := CONTROL.search(raw)):
            return (
                None,
                "text without control characters",
                f"U+{ord(bad.group()):04X} at character {bad.start() + 1}; "
                "delete it (line breaks and tabs included)",
            )
        text = raw.strip() if isinstance(raw, str) else raw
        if text == "":
            return (None, "a value", "") if self.required else (None, None, "")
        return _PARSERS[self.kind](self, text)


def _text(col: Col, raw: Any) -> Parsed:
    return (raw, None, "") if isinstance(raw, str) else (None, "text", "")


def _pattern(regex: re.Pattern[str], expected: str) -> Callable[[Col, Any], Parsed]:
    def parse(col: Col, raw: Any) -> Parsed:
        if isinstance(raw, str) and regex.fullmatch(raw):
            return raw, None, ""
        return None, expected, ""

    return parse


def _number(col: Col, raw: Any, *, integer: bool) -> Parsed:
    expected = ("an integer" if integer else "a number") + _bounds(col)
    if isinstance(raw, str):
        if not (INTEGER if integer else DECIMAL).fullmatch(raw):
            hint = _NUMBER_HINT if _python_would_read(raw) else ""
            return None, expected, hint
        value = float(raw)
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)  # a JSON number
    else:
        return None, expected, ""
    if not math.isfinite(value) or (integer and value != int(value)):
        return None, expected, ""
    if (col.minimum is not None and value < col.minimum) or (
        col.maximum is not None and value > col.maximum
    ):
        return None, expected, ""
    return (int(value) if integer else value), None, ""


def _python_would_read(raw: str) -> bool:
    """Whether ``float()`` accepts a text the plain-decimal rule refuses."""
    try:
        float(raw)
    except ValueError:
        return False
    return True


def _bounds(col: Col) -> str:
    if col.minimum is not None and col.maximum is not None:
        return f" in {col.minimum:g}..{col.maximum:g}"
    if col.minimum is not None:
        return f" >= {col.minimum:g}"
    return ""


def _choice(col: Col, raw: Any) -> Parsed:
    if isinstance(raw, str) and raw in col.choices:
        return raw, None, ""
    return None, "one of " + ", ".join(col.choices), ""


def _date(col: Col, raw: Any) -> Parsed:
    expected = "a date as YYYY, YYYY-MM or YYYY-MM-DD"
    match = DATE.fullmatch(raw) if isinstance(raw, str) else None
    if not match:
        return None, expected, "in ASCII digits" if _has_digits(raw) else ""
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return None, expected + " that exists in the calendar", ""
    return raw, None, ""


def _has_digits(raw: Any) -> bool:
    """Whether a text has digits that are not ASCII (Arabic-Indic, full-width...)."""
    return isinstance(raw, str) and any(c.isdigit() and not c.isascii() for c in raw)


def _ids(col: Col, raw: Any) -> Parsed:
    expected = "ids separated by ';' (lowercase letters, digits, '-' or '_')"
    if not isinstance(raw, str):
        return None, expected, ""
    parts = tuple(p.strip() for p in raw.split(";"))
    if not all(SLUG.fullmatch(p) for p in parts):
        return None, expected, ""
    return parts, None, ""


_PARSERS: dict[str, Callable[[Col, Any], Parsed]] = {
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


def check_row(
    record: dict[str, Any], cols: Sequence[Col], where: str, problems: Problems
) -> dict[str, Any]:
    """Parse one row's cells; record problems; return the typed row.

    A column missing from ``record`` is left ``None`` without a problem: the caller
    reports missing columns (a CSV header) or properties (a GeoJSON feature).
    """
    typed: dict[str, Any] = {}
    for col in cols:
        if col.name not in record:
            typed[col.name] = None
            continue
        value, expected, hint = col.parse(record[col.name])
        if expected:
            problems.add(where, col.name, expected, record[col.name], hint)
        typed[col.name] = value
    return typed


def to_frame(rows: list[dict[str, Any]], names: list[str]) -> pd.DataFrame:
    """Rows to a frame; text columns keep ``None`` for missing values."""
    frame = pd.DataFrame(rows, columns=names)
    for name in names:
        if frame[name].dtype == object or str(frame[name].dtype).startswith("str"):
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame
