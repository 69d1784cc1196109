"""Sources a reader trusts: primary sources first, no figure resting on Wikipedia.

The data tests read the real ledger and every record of the tables whose figures
the pages show; the rendering tests render real citations and source lists.
"""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import explainer
from explainer import paths
from explainer.data.schema import PUBLISHER_TYPES
from explainer.site import publish
from explainer.views.sources import badges, cite, forget_citations

from ._browser import Visit
from .conftest import edit_csv

PAGES = publish.discover()
ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts"

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
    "names.csv": "Russian and Kazakh forms of names (the transliteration table)",
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


# --- rendering: citations and the notebook's source list ------------------------


def test_cite_lists_primary_sources_first(sources):
    press = sources[sources["publisher_type"] == "press"]["source_id"].iloc[0]
    official = sources[sources["publisher_type"] == "government"]["source_id"].iloc[0]
    html = cite(f"{press};{official}")
    assert [s["source_id"] for s in html.sources] == [official, press]
    assert html.index('data-publisher-type="government"') < html.index(
        'data-publisher-type="press"'
    )


def test_badges_say_in_words_what_the_ledger_codes(sources):
    row = sources.set_index("source_id").loc["kazpravda-new-stage"]
    assert badges(row) == ["News report", "Russian", "Checked 3 Dec 2026"]


def test_source_list_is_folded_numbered_and_free_of_bookkeeping(sources):
    forget_citations()
    ids = list(sources["source_id"][:120])
    cite(";".join(ids))
    listed = explainer.source_list()
    forget_citations()
    soup = BeautifulSoup(str(listed.to_html()), "html.parser")
    folded = soup.select_one("details.explainer-sources")
    assert folded is not None and "open" not in folded.attrs
    assert folded.summary.get_text().startswith("120 sources")
    numbers = [n.get_text() for n in soup.select(".explainer-source-number")]
    assert numbers == [f"{i}." for i in range(1, 121)]
    items = soup.select("li")
    assert [int(li["value"]) for li in items] == list(range(1, 121))
    for group in soup.select("ol"):
        first = group.select_one("li")
        assert group["start"] == first["value"]
    text = soup.get_text()
    assert not re.search(r"\[[a-z]{2}; ", text) and "checked:" not in text
    ranks = [
        PUBLISHER_TYPES.index(
            sources.set_index("source_id").loc[li["id"][7:]]["publisher_type"]
        )
        for li in items
    ]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_figure_lists_its_sources_primary_first(site, page):
    soup = BeautifulSoup((site / page.href).read_text(encoding="utf-8"), "html.parser")
    lines = soup.select(".explainer-figure-sources")
    assert lines, f"{page.name}: no figure lists its sources"
    for line in lines:
        kinds = [a["data-publisher-type"] for a in line.select("a")]
        ranks = [PUBLISHER_TYPES.index(k) for k in kinds]
        assert ranks == sorted(ranks), f"{page.name}: {kinds}"
    assert "checked: " not in soup.get_text()


@pytest.mark.parametrize("width", [390, 1280])
def test_source_numbers_are_whole_on_the_page(site, browser, width):
    page = max(
        PAGES,
        key=lambda p: (site / p.href).read_text(encoding="utf-8").count("source-num"),
    )
    visit = Visit(browser, (site / page.href).as_uri(), width, touch=width < 500)
    try:
        folded = visit.page.locator("details.explainer-sources").first
        folded.locator("summary").click()
        numbers = visit.page.eval_on_selector_all(
            ".explainer-source-number",
            """els => els.map(e => {
                const r = e.getBoundingClientRect();
                return {text: e.textContent, left: r.left, width: r.width,
                        fits: e.scrollWidth <= e.clientWidth + 0.5 || r.width >= e.scrollWidth};
            })""",
        )
        assert len(numbers) >= 100, f"{page.name} lists only {len(numbers)} sources"
        hundredth = numbers[99]
        assert hundredth["text"] == "100."
        for n in numbers:
            assert n["left"] >= 0 and n["width"] > 0 and n["fits"], n
        # The hundredth number is as wide as its text needs (three digits and a dot).
        assert visit.page.evaluate(
            """() => {
                const e = document.querySelectorAll('.explainer-source-number')[99];
                const range = document.createRange(); range.selectNodeContents(e);
                const text = range.getBoundingClientRect();
                const box = e.getBoundingClientRect();
                return text.left >= box.left - 0.5 && text.right <= box.right + 0.5;
            }"""
        )
        item = visit.page.locator(".explainer-source-list li").nth(99)
        item.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        item.screenshot(path=str(ARTIFACTS / f"sources-100th-{width}.png"))
        assert not visit.errors
    finally:
        visit.close()


def test_a_figure_counts_the_sources_its_rows_cite_instead_of_repeating_them(sources):
    from explainer.views.figure import figure

    rows = pd.DataFrame(
        {
            "Claim": ["a", "b"],
            "Source": [cite("astanatimes-111181"), cite("kazpravda-new-stage")],
        }
    )
    line = BeautifulSoup(
        str(figure(rows, id="claims", alt="Claims").to_html()), "html.parser"
    ).select_one(".explainer-figure-sources")
    assert line.get_text() == "Sources: 2 sources cited row by row in the table"
    given = figure(
        rows,
        id="claims",
        alt="Claims",
        source_ids="astanatimes-111181;odkb-basic-facts",
    )
    line = BeautifulSoup(str(given.to_html()), "html.parser").select_one(
        ".explainer-figure-sources"
    )
    assert [a["data-publisher-type"] for a in line.select("a")] == [
        "international_org",
        "press",
    ]
    assert line.get_text().endswith("; and 1 source cited row by row in the table")
