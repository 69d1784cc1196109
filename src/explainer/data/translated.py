"""The data's reader-facing text in the language in use.

The data is written in English. Its translations come from two places:

- names of places (and people) from ``names.csv``, one row per name with its
  Russian and Kazakh forms (:mod:`explainer.data.names`): a node's ``name``, a
  partner's ``place``;
- every other translatable field from the catalogues of :mod:`explainer.i18n`,
  keyed ``data-<table>.<row id>.<field>`` (file ``locales/<lang>/data-<table>.yaml``)
  with the hash of the English, so that editing the English in the data makes its
  translation stale (``python -m explainer translations`` reports it).

Loaders validate and cache the English, then hand out a copy with these columns in
the language in use (:func:`explainer.i18n.language`); ids and every other column
stay as they are. A field not (yet) in :data:`FIELDS` stays English in every
edition. Source titles (``sources.csv``) are never translated: a reader looks a
source up by its title as published; its publisher and our notes on it are.

A field of :data:`KEPT` also keeps its English in a column ``<field>_en`` (in every
language, English too), for code that selects rows by it: an indicator's ``reporter``
is read in the language in use, ``reporter_en`` is the same in every edition.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

import pandas as pd

from explainer import i18n

__all__ = ["FIELDS", "KEPT", "data_messages", "in_english", "key", "localized"]

#: Per table: the columns whose values make a row's id (joined with ``.``), and the
#: translatable fields whose translations are in the catalogues.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "nodes": (("id",), ("role",)),
    "partners": (("partner",), ("name", "note")),
    "routes": (("route_id",), ("name", "note")),
    "projects": (("id",), ("name", "summary")),
    "partnerships": (("partner", "domain", "since"), ("framework", "summary")),
    "reforms": (("event_id",), ("title", "summary")),
    "project_events": (("project_id", "date"), ("event",)),
    "parliament": (("period", "body", "filled_by"), ("note",)),
    "claims": (("claim_id",), ("claim", "claimant", "evidence", "note")),
    "model_parameters": (("parameter",), ("note",)),
    "indicators": (("metric", "entity", "year", "value"), ("reporter", "note")),
    "corridors": (("id",), ("note",)),
    "sources": (("source_id",), ("publisher", "notes")),
}

#: Fields translated through ``names.csv``: table to ``(column, how rows are found)``;
#: ``"id"`` finds the row whose id is the row's ``id``, ``"en"`` the row whose
#: English is the value.
NAMED: dict[str, tuple[str, str]] = {
    "nodes": ("name", "id"),
    "partners": ("place", "en"),
}

#: Translated fields whose English stays in a column of its own, ``<field>_en`` (added
#: as the last columns, in every language): rows are selected by it.
KEPT: dict[str, tuple[str, ...]] = {"indicators": ("reporter",)}

_ENGLISH: ContextVar[bool] = ContextVar("explainer_data_english", default=False)


@contextlib.contextmanager
def in_english() -> Iterator[None]:
    """Within it, loaders return the data's English whatever the language in use."""
    token = _ENGLISH.set(True)
    try:
        yield
    finally:
        _ENGLISH.reset(token)


def _language() -> str:
    return i18n.SOURCE_LANGUAGE if _ENGLISH.get() else i18n.language()


def key(table: str, row_id: str, field: str) -> str:
    """The catalogue key of one field of one row: ``data-<table>.<row id>.<field>``."""
    return f"data-{table}.{row_id}.{field}"


def _part(row: pd.Series, column: str) -> str:
    value = row[column]
    if isinstance(value, pd.Timestamp):  # back to the date as written in the file
        precision = row.get(f"{column}_precision") or "day"
        return value.strftime({"year": "%Y", "month": "%Y-%m"}.get(precision, "%F"))
    if isinstance(value, float):  # as written in the file: 90, not 90.0
        return str(value).removesuffix(".0")
    return str(value)


def _row_ids(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    return [".".join(_part(row, c) for c in columns) for _, row in frame.iterrows()]


def _english(value: object) -> bool:
    return isinstance(value, str) and value != ""


def localized(table: str, frame: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """``frame`` (a loader's fresh copy) with its translatable fields in the language.

    Parameters
    ----------
    table
        The table's name in :data:`FIELDS` / :data:`NAMED` (``nodes``, ``reforms``…).
    frame
        The English rows, as validated; changed in place and returned.
    folder
        The data folder (for ``names.csv``).
    """
    for field in KEPT.get(table, ()):
        frame[f"{field}_en"] = frame[field]
    lang = _language()
    if lang == i18n.SOURCE_LANGUAGE:
        return frame
    if table in NAMED:
        from explainer.data.names import load_names  # here, not on top: import cycle

        column, by = NAMED[table]
        names = load_names(folder)
        forms = dict(zip(names[by], names[lang], strict=True))
        found = frame["id"] if by == "id" else frame[column]
        frame[column] = [
            forms.get(f, e) for f, e in zip(found, frame[column], strict=True)
        ]
    if table in FIELDS:
        id_columns, fields = FIELDS[table]
        ids = _row_ids(frame, id_columns)
        for field in fields:
            # object dtype: an empty field stays None (a list would be inferred as
            # strings, and None would become NaN, shown as "nan")
            frame[field] = pd.Series(
                [
                    (i18n.translation(key(table, r, field), lang, e) or e)
                    if _english(e)
                    else e
                    for r, e in zip(ids, frame[field], strict=True)
                ],
                index=frame.index,
                dtype=object,
            )
    return frame


def data_messages(data_dir: Path | None = None) -> dict[str, str]:
    """Every translatable field of the data: ``{key: English}`` (for the check)."""
    from explainer import data  # here: the loaders import this module

    loaders = {
        "nodes": data.load_nodes,
        "corridors": data.load_corridors,
        "partners": data.load_partners,
        "routes": data.load_routes,
        "projects": data.load_projects,
        "partnerships": data.load_partnerships,
        "reforms": data.load_reforms,
        "project_events": data.load_project_events,
        "parliament": data.load_parliament,
        "claims": data.load_claims,
        "indicators": data.load_indicators,
        "model_parameters": data.load_model_parameters,
        "sources": data.load_sources,
    }
    found: dict[str, str] = {}
    with in_english():
        for table, (id_columns, fields) in FIELDS.items():
            frame = loaders[table](data_dir)
            for row_id, (_, row) in zip(
                _row_ids(frame, id_columns), frame.iterrows(), strict=True
            ):
                for field in fields:
                    if _english(row[field]):
                        found[key(table, row_id, field)] = row[field]
    return found
