"""What a figure says about itself: its rows as CSV, its dates, its citation.

Every figure of the explainer offers the rows it draws as a CSV file, a source line
(the sources' names, the latest date the figures refer to, when we last checked the
sources) and a ready-made citation with its permalink. The pieces are computed here,
as plain text and data; :mod:`explainer.views.figure` renders them through the
templates.

The permalink names the page when the site build runs the notebook: the build sets
``EXPLAINER_PAGE_URL`` (the page's address, e.g. ``02-middle-corridor.html``) in the
kernel's environment. In JupyterLab it is the figure's fragment alone (``#id``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd
from markupsafe import Markup

import explainer
from explainer.i18n import t
from explainer.views import style

__all__ = [
    "PROJECT",
    "build_date",
    "citation_text",
    "csv_data_url",
    "csv_text",
    "is_figure_id",
    "last_checked",
    "latest_date",
    "permalink",
    "project_title",
]

#: The explainer's title, as citations give it.
PROJECT = "Kazakhstan 2026: reforms, the Middle Corridor and its partners"

#: A figure's id: lower-case words joined by hyphens (``freight-by-year``).
FIGURE_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

#: The column added to a figure's CSV rows: the ids of the sources they come from.
SOURCE_COLUMN = "source_ids"

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d{2}|2[01]\d{2})\b")
_DATE_COLUMNS = {"year", "date"}


def project_title() -> str:
    """The explainer's title in the language in use (:data:`PROJECT` in English)."""
    return t(
        "figure.project",
        "Kazakhstan 2026: reforms, the Middle Corridor and its partners",
    )


def is_figure_id(ident: object) -> bool:
    """Whether ``ident`` is a valid figure or section id (kebab-case)."""
    return isinstance(ident, str) and FIGURE_ID.fullmatch(ident) is not None


def build_date() -> str:
    """Today's date (ISO): the date a page is built, or a figure drawn in Lab."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def permalink(ident: str) -> str:
    """The figure's permalink: ``<page>#<id>`` in the site, ``#<id>`` in Lab."""
    return f"{os.environ.get('EXPLAINER_PAGE_URL', '')}#{ident}"


def _ids_in(value: object) -> tuple[str, ...]:
    """Source ids a cell carries: a citation's, or a tuple or ``;`` list of ids."""
    found = getattr(value, "sources", None)
    if isinstance(value, Markup) and found:
        return tuple(s["source_id"] for s in found)
    return ()


def _plain(value: object) -> object:
    """A cell as CSV text: markup stripped, sequences joined by ``;``."""
    if isinstance(value, Markup):
        return value.striptags()
    if isinstance(value, tuple | list | set | frozenset):
        return ";".join(str(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value
    return value


def csv_rows(rows: pd.DataFrame, source_ids: Sequence[str] = ()) -> pd.DataFrame:
    """The rows as exported: plain text cells, with the sources' ids of each row.

    A row keeps its own ``source_ids`` column when it has one; else each row gets
    the ids cited in its cells, or failing that the figure's ``source_ids``.
    """
    out = style.readable(rows.reset_index(drop=True))
    if SOURCE_COLUMN not in out.columns:
        cited = [
            list(dict.fromkeys(i for v in row for i in _ids_in(v)))
            for row in out.itertuples(index=False)
        ]
        out[SOURCE_COLUMN] = [";".join(ids or source_ids) for ids in cited]
    for column in out.columns:
        out[column] = [_plain(v) for v in out[column]]
    # The same readers' headers as the table on the page (units included); the
    # numbers stay as the data gives them.
    out, unit_headers = style.units_into_headers(out)
    out.columns = [
        c if c == SOURCE_COLUMN else unit_headers.get(c) or style.column_label(c)
        for c in out.columns
    ]
    return out


def csv_text(rows: pd.DataFrame, source_ids: Sequence[str] = ()) -> str:
    """The rows as CSV text (UTF-8, one row a line, no index)."""
    return csv_rows(rows, source_ids).to_csv(index=False, lineterminator="\n")


def csv_data_url(text: str) -> str:
    """A ``data:`` URL holding CSV text (a download link that needs no file)."""
    return "data:text/csv;charset=utf-8," + quote(text, safe="")


def row_sources(rows: pd.DataFrame | None) -> list[Mapping[str, Any]]:
    """The ledger rows of the citations found in the cells of ``rows``, each once."""
    if rows is None:
        return []
    seen: dict[str, Mapping[str, Any]] = {}
    for column in rows.columns:
        for value in rows[column]:
            for source in getattr(value, "sources", None) or ():
                if isinstance(value, Markup):
                    seen.setdefault(source["source_id"], source)
    return list(seen.values())


def _date_key(value: object) -> tuple[tuple[int, int, int], str] | None:
    """A value of a year or date column as a sortable key and its label."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.date):
        day = value if not isinstance(value, dt.datetime) else value.date()
        return (day.year, day.month, day.day), day.isoformat()
    text = str(value)
    if isinstance(value, int | float) and float(value).is_integer():
        text = str(int(value))
    iso = _ISO_DATE.search(text)
    if iso:
        return tuple(int(g) for g in iso.groups()), iso[0]  # type: ignore[return-value]
    years = [int(y) for y in _YEAR.findall(text)]
    if years:
        return (max(years), 0, 0), str(max(years))
    return None


def latest_date(rows: pd.DataFrame | None) -> str:
    """The latest date the rows refer to, from their ``year`` or ``date`` columns.

    An ISO date when the rows give days, else a year; ``''`` when the rows have no
    such column (matched case-insensitively) or no readable value in it.
    """
    if rows is None:
        return ""
    keys = [
        key
        for column in rows.columns
        if str(column).strip().lower() in _DATE_COLUMNS
        for value in rows[column]
        if (key := _date_key(_plain(value))) is not None
    ]
    return max(keys)[1] if keys else ""


def last_checked(sources: Iterable[Mapping[str, Any]]) -> str:
    """The latest ISO date in the sources' ``checked`` notes, or ``''``.

    The ledger's ``checked`` column holds a date with a word on how the source was
    checked (``search index 2026-12-03``), or free text (``fact sheet``); the first
    ISO date of each note counts.
    """
    dates = [
        found[0]
        for source in sources
        if (found := _ISO_DATE.search(str(source.get("checked") or "")))
    ]
    return max(dates) if dates else ""


def citation_text(
    alt: str, ident: str, sources: Sequence[Mapping[str, Any]], built: str
) -> str:
    """A ready-made citation of one figure (plain text).

    Parameters
    ----------
    alt
        The figure's text alternative (its title in the citation).
    ident
        The figure's id (its permalink's fragment).
    sources
        The ledger rows the figure cites (``short`` and ``title`` of each).
    built
        The date the figure was built (ISO).
    """
    originals = "; ".join(
        dict.fromkeys(
            f"{s.get('short') or s.get('publisher', '')}: {s.get('title', '')}".strip(
                ": "
            )
            for s in sources
        )
    )
    text = t(
        "figure.citation",
        "The explainer's contributors, “{title}”, figure {ident} in {project}, "
        "version {version}, built {built}, {link}.",
        title=alt.rstrip("."),
        ident=ident,
        project=project_title(),
        version=explainer.__version__,
        built=built,
        link=permalink(ident),
    )
    if not originals:
        return text
    more = t(
        "figure.citation_sources", "Original sources: {sources}.", sources=originals
    )
    return f"{text} {more}"
