"""The transliteration table ``names.csv``: places and people in three languages.

Every node of ``geo/nodes.geojson`` has a row whose id is the node's id, and every
partner's place (``partners.csv``) a row whose ``en`` is that place; the row's
``en`` must be the English the data uses now, so that renaming a place in the data
without revising its Russian and Kazakh forms is an error, not a silent mismatch.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from explainer.data.errors import Problems
from explainer.data.ledger import PathLike, _cached, _check_sources, _data_dir, _rows
from explainer.data.reading import Where, read_table
from explainer.data.schema import NAMES
from explainer.data.translated import in_english

__all__ = ["load_names"]


def load_names(data_dir: PathLike = None) -> pd.DataFrame:
    """Load the names of places and people in English, Russian and Kazakh.

    Returns
    -------
    pandas.DataFrame
        ``id, kind, en, ru, kk, source_ids, note``, one row per name.

    Raises
    ------
    DataError
        If the file breaks a rule of ``data/README.md``: a missing Russian or Kazakh
        form, an id used twice, a row with neither sources nor a note saying which
        official form was followed, or a node or partner's place of the data without
        its row (or whose row gives another English).
    """

    def build(folder: Path) -> pd.DataFrame:
        frame, problems = read_table(folder / "names.csv", "names.csv", NAMES, "id")
        where = _rows(frame, "id")
        _check_sources(frame, problems, where, folder)
        for i, (ids, note) in enumerate(
            zip(frame["source_ids"], frame["note"], strict=True)
        ):
            if not ids and not note:
                problems.add(
                    where(i),
                    "note",
                    "a note saying which official form was followed (or source_ids)",
                    None,
                )
        _check_coverage(frame, problems, where, folder)
        problems.raise_if_any()
        return frame

    return _cached("names", _data_dir(data_dir), build)


def _check_coverage(
    frame: pd.DataFrame, problems: Problems, where: Where, folder: Path
) -> None:
    """Every node and partner's place has its row, with the data's English."""
    from explainer.data.geometries import load_nodes  # here, not on top: import cycle
    from explainer.data.tables import load_partners

    with in_english():
        nodes, partners = load_nodes(folder), load_partners(folder)
    rows = {ident: i for i, ident in enumerate(frame["id"]) if ident}
    for ident, name in zip(nodes["id"], nodes["name"], strict=True):
        if ident not in rows:
            problems.note(
                f"rows: expected a row with id '{ident}' for the node of "
                f"geo/nodes.geojson named {name!r}, found none"
            )
        elif frame["en"].iloc[rows[ident]] != name:
            problems.add(
                where(rows[ident]),
                "en",
                f"the node's name in geo/nodes.geojson, {name!r}",
                frame["en"].iloc[rows[ident]],
                "revise ru and kk too",
            )
    english = set(frame["en"])
    for partner, place in zip(partners["partner"], partners["place"], strict=True):
        if place not in english:
            problems.note(
                f"rows: expected a row whose en is {place!r}, the place of partner "
                f"'{partner}' in partners.csv, found none"
            )
