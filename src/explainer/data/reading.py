"""Read a data file safely, and the checks that span rows.

A file is refused before it is parsed if it is missing, unreadable or too big; a
table is refused if it has no rows, a row twice, or a key twice. Every failure is a
:class:`~explainer.data.errors.DataError` naming the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from explainer.data.columns import Col, check_row, to_frame
from explainer.data.errors import DataError, Problems, said
from explainer.data.limits import (
    DEFAULT_MAX_BYTES,
    MAX_BYTES,
    SHRINK_GEOJSON,
    SHRINK_HINT,
    SHRINK_TABLE,
)

Where = Callable[[int], str]


def read_text(path: Path, label: str) -> str:
    """The text of a data file, or :class:`DataError` saying why it cannot be read.

    Refuses a missing file, a file over its size limit (before reading it), a file
    that cannot be read, and text that is not UTF-8. A UTF-8 byte-order mark at the
    start is dropped.
    """
    problems = Problems(label)
    try:
        size = path.stat().st_size if path.is_file() else None
        if size is None:
            problems.note(f"file not found at {path}")
        elif size > (limit := MAX_BYTES.get(label, DEFAULT_MAX_BYTES)):
            hint = SHRINK_HINT.get(label) or (
                SHRINK_GEOJSON if label.endswith(".geojson") else SHRINK_TABLE
            )
            problems.note(
                f"expected a file of at most {limit / 1e6:g} MB, found "
                f"{size / 1e6:.1f} MB; {hint}"
            )
        else:
            data = path.read_bytes()
    except OSError as exc:
        problems.note(f"expected a readable file at {path}, found: {exc.strerror}")
    problems.raise_if_any()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        problem = (
            f"expected UTF-8 text, found byte {exc.object[exc.start]:#x} "
            f"at offset {exc.start}; save the file as UTF-8"
        )
        raise DataError(label, [problem]) from exc


def where_row(line: int, key: str | None, record: dict[str, Any]) -> str:
    """``row N (key 'value')``: how a message names a row of a table."""
    ident = str(record.get(key, "") or "").strip() if key else ""
    return f"row {line} ({key} '{ident}')" if ident else f"row {line}"


def read_table(
    path: Path,
    label: str,
    cols: Sequence[Col],
    key: str | None = None,
    unique: Sequence[str] = (),
) -> tuple[pd.DataFrame, Problems]:
    """Read and check a CSV file; return the typed frame and its problems.

    Parameters
    ----------
    path, label
        The file, and how messages name it (relative to the data folder).
    cols
        The columns, in order.
    key
        A column whose values must be unique (and that names rows in messages).
    unique
        Columns whose combination must be unique, for tables without a key.
    """
    text = read_text(path, label)
    problems = Problems(label)
    names = [c.name for c in cols]
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
        )
    except (ValueError, csv.Error) as exc:  # ParserError, EmptyDataError
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
    records = raw.to_dict("records")
    if not records:
        problems.note(
            "rows: expected at least one row under the header, found none; "
            "the loaders need the data this file holds"
        )
    label_col = key or (names[0] if names else None)
    rows = [
        check_row(record, cols, where_row(i + 2, label_col, record), problems)
        for i, record in enumerate(records)
    ]
    frame = to_frame(rows, names)

    def where(i: int) -> str:
        return where_row(i + 2, label_col, records[i])

    check_repeated_rows(records, problems, where, "row")
    if key:
        check_unique(frame, key, problems, where)
    if unique:
        check_unique(frame, tuple(unique), problems, where)
    return frame, problems


def check_repeated_rows(
    records: Sequence[object], problems: Problems, where: Where, what: str
) -> None:
    """Record every row (or feature) that repeats an earlier one exactly."""
    seen: dict[str, int] = {}
    for i, record in enumerate(records):
        text = repr(record)
        if text in seen:
            problems.note(
                f"{where(i)}: every field: expected each {what} once, found a copy "
                f"of {where(seen[text])}; delete one of them"
            )
        else:
            seen[text] = i


def check_unique(
    frame: pd.DataFrame,
    key: str | tuple[str, ...],
    problems: Problems,
    where: Where,
) -> None:
    """Record every repeated value of a column, or combination of columns."""
    columns = (key,) if isinstance(key, str) else key
    seen: dict[tuple, int] = {}
    for i, values in enumerate(zip(*(frame[c] for c in columns), strict=True)):
        if any(v is None or v == "" for v in values):
            continue
        values = tuple(v if not isinstance(v, list) else tuple(v) for v in values)
        if values in seen:
            if isinstance(key, str):
                problems.add(
                    where(i),
                    key,
                    f"a unique id (first used at {where(seen[values])})",
                    values[0],
                )
            else:
                problems.note(
                    f"{where(i)}: fields {', '.join(repr(c) for c in columns)}: "
                    f"expected a combination used once, found "
                    f"{', '.join(repr(v) for v in values)}, as at "
                    f"{where(seen[values])}"
                )
        else:
            seen[values] = i


def check_known(
    frame: pd.DataFrame,
    column: str,
    known: set[str],
    what: str,
    problems: Problems,
    where: Where,
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
