"""Sources a reader trusts: primary sources first, no figure resting on Wikipedia.

The data tests read the real ledger and every record of the tables whose figures
the pages show; the rendering tests render real citations and source lists.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

import explainer
from explainer import paths
from explainer.data.schema import PUBLISHER_TYPES

from .conftest import edit_csv

#: The tables whose records a page shows as figures, with their source columns. A
#: claim's own source (``claim_source_ids``) is who made it, not evidence for it.
SHOWN = {
    "indicators.csv": ("source_ids",),
    "claims.csv": ("evidence_source_ids",),
    "reforms.csv": ("source_ids",),
    "parliament.csv": ("source_ids",),
    "partnerships.csv": ("source_ids",),
    "project_events.csv": ("source_ids",),
    "routes.csv": ("source_ids",),
    "model_parameters.csv": ("source_ids",),
    "customs_unions.csv": ("source_ids",),
    "geo/projects.geojson": ("source_ids",),
}
#: Tables left out, and why: they give coordinates of places and the courses of
#: lines, the uncontroversial background that Wikipedia may serve for.
BACKGROUND = {
    "geo/nodes.geojson": "coordinates of places on the routes",
    "geo/corridors.geojson": "courses of the route lines (lengths are computed)",
    "partners.csv": "coordinates of partners' capitals for the map",
}


def _ledger_types(folder) -> dict[str, str]:
    with (folder / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return {r["source_id"]: r["publisher_type"] for r in csv.DictReader(handle)}


def _records(folder, file: str) -> list[tuple[str, dict[str, str]]]:
    path = folder / file
    if path.suffix == ".geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        rows = [f["properties"] for f in doc["features"]]
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    return [(f"{file}:{i + 2}", row) for i, row in enumerate(rows)]


def _shown_records() -> list[pytest.param]:
    return [
        pytest.param(file, column, row, id=f"{where}:{column}")
        for file, columns in SHOWN.items()
        for where, row in _records(paths.DATA_DIR, file)
        for column in columns
        if (row.get(column) or "").strip()
    ]


def wikipedia_only(folder) -> list[str]:
    """Where a record shown on a page cites Wikipedia (or copies) and nothing else."""
    types = _ledger_types(folder)
    return [
        where
        for file, columns in SHOWN.items()
        for where, row in _records(folder, file)
        for column in columns
        if (cited := _ids(row.get(column) or ""))
        and all(types[sid] == "wikipedia" for sid in cited)
    ]


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def test_every_data_table_is_either_shown_or_background():
    tables = {p.name for p in paths.DATA_DIR.glob("*.csv")} - {"sources.csv"}
    tables |= {f"geo/{p.name}" for p in (paths.DATA_DIR / "geo").glob("*.geojson")}
    tables -= {"geo/countries.geojson"}  # the base map, no sources column
    assert tables == set(SHOWN) | set(BACKGROUND)


@pytest.mark.parametrize(("file", "column", "row"), _shown_records())
def test_no_record_shown_on_a_page_rests_on_wikipedia_alone(file, column, row):
    types = _ledger_types(paths.DATA_DIR)
    cited = _ids(row[column])
    assert cited, f"{file}: {column} is empty"
    others = [sid for sid in cited if types[sid] != "wikipedia"]
    assert others, (
        f"{file}: {row} cites only Wikipedia or copies of it ({', '.join(cited)}); "
        "cite the primary source"
    )


def test_a_figure_citing_only_a_wikipedia_copy_is_found(data_copy):
    assert wikipedia_only(data_copy) == []

    def change(rows):
        rows[3]["source_ids"] = "eudic-aktau;enwp-shymkent"

    edit_csv(data_copy / "indicators.csv", change)
    assert wikipedia_only(data_copy) == ["indicators.csv:5"]


def test_the_ledger_names_a_known_publisher_type_for_every_source(sources):
    assert set(sources["publisher_type"]) <= set(PUBLISHER_TYPES)
    # The pages' sources are mostly primary or press, with Wikipedia for places.
    assert {"government", "international_org", "press"} <= set(
        sources["publisher_type"]
    )


def test_wikipedia_copies_are_typed_as_such(sources):
    wiki = re.compile(r"wikipedia|kiwix|wiki mirror|\bmirror\b", re.IGNORECASE)
    named = sources[sources["publisher"].str.contains(wiki)]
    assert len(named) > 10
    assert set(named["publisher_type"]) == {"wikipedia"}


def test_an_unknown_publisher_type_is_refused_with_file_row_and_field(data_copy):
    def change(rows):
        rows[1]["publisher_type"] = "blog"

    edit_csv(data_copy / "sources.csv", change)
    with pytest.raises(explainer.DataError) as caught:
        explainer.load_sources(data_copy)
    message = str(caught.value)
    assert "sources.csv: row 3" in message
    assert "field 'publisher_type': expected one of statistics, government" in message
    assert "found 'blog'" in message
