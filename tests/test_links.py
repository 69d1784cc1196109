"""Reader tools on the built site: CSV downloads, stable ids, permalinks, citations.

Every figure that draws rows links its CSV file (``data/<page>/<id>.csv``), which
holds the rows of its table; every figure and ``##`` section has an explicit id,
given in the notebook (never made from the heading text), unique on its page and
present in the built page; a permalink opened in Chromium shows its element; each
citation names the version, the permalink and the sources.
"""

from __future__ import annotations

import ast
import csv
import io
import re

import nbformat
import pytest
from bs4 import BeautifulSoup

import explainer
from explainer.site import publish
from explainer.site.anchors import (
    SUBSECTION_TAG,
    TITLE_ID,
    extract_csv,
    section_ids,
    sections_of,
)
from explainer.site.story import NOTEBOOK_ONLY, page_role
from explainer.views.figure_data import is_figure_id

from ._browser import Visit, wait_for_charts

PAGES = publish.discover()
FIGURE_CALLS = {"figure", "facts_panel"}


def notebook_ids(page) -> tuple[list[str], list[str], int]:
    """A notebook's figure ids, its (sub)section ids, and how many ``##`` and ``###``
    headings it has.

    Sections the page leaves out (cells tagged ``notebook-only``: the overview list
    the table of contents replaces, the imports) are not counted.
    """
    nb = nbformat.read(page.path, as_version=4)
    figures, sections, headings = [], [], 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if page_role(cell) == NOTEBOOK_ONLY:
                continue
            headings += sum(
                1
                for line in cell.source.splitlines()
                if line.startswith(("## ", "### "))
            )
            tags = cell.get("metadata", {}).get("tags", [])
            sections += sections_of(tags) + sections_of(tags, SUBSECTION_TAG)
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in FIGURE_CALLS
            ):
                given = [k.value for k in node.keywords if k.arg == "id"]
                assert given and isinstance(given[0], ast.Constant), (
                    f"{page.name}: a {node.func.id}() call without a literal id="
                )
                figures.append(given[0].value)
    return figures, sections, headings


def soup(site, page) -> BeautifulSoup:
    return BeautifulSoup((site / page.href).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_figure_and_section_has_an_explicit_unique_id(site, page):
    figures, sections, headings = notebook_ids(page)
    assert figures, "the page has figures"
    assert len(sections) == headings, (
        "every ## heading has a section:<id> tag, every ### one a subsection:<id>"
    )
    ids = figures + sections
    assert all(is_figure_id(i) for i in ids)
    assert len(ids) == len(set(ids)), "ids are unique on the page"
    doc = soup(site, page)
    main = doc.find("main")
    for ident in figures:
        assert len(doc.find_all(id=ident)) == 1
        assert main.find("figure", id=ident) is not None
    about = main.select_one("aside.explainer-about")
    for ident in sections:
        assert len(doc.find_all(id=ident)) == 1
        # a section of the about box is one level down, under "About this page"
        heading = main.find(["h2", "h3"], id=ident) or about.find("h3", id=ident)
        assert heading is not None, ident
    # No heading keeps an id nbconvert derived from its text (it differs by
    # language): the title, the tagged sections and the about box's own, only.
    about_ids = [h["id"] for h in about.find_all(["h2", "h3"])]
    explicit = {TITLE_ID, *sections, *about_ids}
    given = [h.get("id") for h in main.find_all(["h1", "h2", "h3"])]
    assert [i for i in given if i not in explicit] == []
    assert [h["id"] for h in main.find_all("h1")] == [TITLE_ID]
    shown = [a["href"] for a in main.select("figure a.explainer-permalink")]
    assert shown == [f"#{f['id']}" for f in main.select("figure.explainer-figure")]
    assert not main.select('figure[id^="fig-"]'), "no random figure ids are left"


def table_rows(fig) -> tuple[list[str], int]:
    """The header and the number of body rows of a figure's own table."""
    table = fig.select_one("details.explainer-data table") or fig.select_one("table")
    header = [th.get_text() for th in table.select("thead th")]
    return header, len(table.select("tbody tr"))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_figure_with_rows_links_a_csv_file_holding_them(site, page):
    main = soup(site, page).find("main")
    linked = 0
    for fig in main.select("figure.explainer-figure"):
        link = fig.select_one("a.explainer-csv")
        if fig.select_one("table") is None:
            assert link is None, "a figure without rows offers no download"
            continue
        ident = fig["id"]
        assert link is not None, f"{ident}: a figure with a table offers its CSV"
        assert link.get_text() == "Download the data (CSV)"
        stem = page.href.removesuffix(".html")
        assert link["href"] == f"data/{stem}/{ident}.csv"
        assert link["download"] == f"{ident}.csv"
        file = site / link["href"]
        assert file.is_file(), file
        rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"))))
        header, count = table_rows(fig)
        assert rows[0][: len(header)] == header and rows[0][-1] == "source_ids"
        assert len(rows) - 1 == count, f"{ident}: the CSV holds the table's rows"
        linked += 1
    assert linked > 0 or page.name == "00-overview.ipynb"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_citations_name_version_permalink_and_sources(site, page):
    doc = soup(site, page)
    for fig in doc.find("main").select("figure.explainer-figure"):
        citation = fig.select_one(".explainer-citation").get_text()
        assert f"version {explainer.__version__}" in citation
        assert f"{page.href}#{fig['id']}" in citation
        sources = fig.select_one(".explainer-figure-sources")
        for name in sources.select("a") if sources else []:
            assert name.get_text() in citation
        if sources:
            dates = fig.select_one(".explainer-figure-dates").get_text()
            assert re.search(r"last checked on \d{4}-\d\d-\d\d|not re-checked", dates)
    footer = doc.find("footer").get_text()
    assert f"Version {explainer.__version__}, built on 20" in footer


def test_the_index_footer_gives_version_and_build_date(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(
        rf"Version {re.escape(explainer.__version__)}, built on \d{{4}}-", text
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_permalinks_open_at_their_element(browser, site, page, width):
    figures, sections, _ = notebook_ids(page)
    for ident in (figures[-1], sections[-1]):
        visit = Visit(browser, f"{(site / page.href).as_uri()}#{ident}", width=width)
        try:
            wait_for_charts(visit.page)
            visit.page.wait_for_timeout(200)
            box = visit.page.evaluate(
                """id => { const e = document.getElementById(id);
                if (!e) return null; const r = e.getBoundingClientRect();
                const s = document.querySelector('nav.explainer-languages');
                return {top: r.top, bottom: r.bottom, height: innerHeight,
                        switch: s.getBoundingClientRect().bottom}; }""",
                ident,
            )
            assert box is not None, f"#{ident} is on the page"
            assert box["top"] < box["height"] and box["bottom"] > 0, (
                f"#{ident} is in the viewport when opened by its permalink: {box}"
            )
            # The language switch stays at the top of the window: the element
            # opens below it, not under it (a chart's actions menu was hidden).
            assert box["top"] >= box["switch"] - 0.5, (
                f"#{ident} opens under the language switch: {box}"
            )
        finally:
            visit.close()


def test_section_ids_replace_the_heading_ids_in_order():
    html = (
        '<h2 id="What-changed">What changed<a class="anchor-link" '
        'href="#What-changed">¶</a></h2><p>x</p><h2 id="B">B</h2><h2 id="C">C</h2>'
    )
    out = section_ids(html, ["other", "section:reform-2026", "section:b"])
    assert '<h2 id="reform-2026">What changed' in out
    assert 'href="#reform-2026"' in out and "What-changed" not in out
    assert '<h2 id="b">B</h2>' in out and '<h2 id="C">C</h2>' in out
    # A ### heading takes a subsection:<id>, the # title the one title id.
    lead = (
        '<h1 id="Новая-Конституция">Новая Конституция<a class="anchor-link" '
        'href="#Новая-Конституция">¶</a></h1><h3 id="Что-дальше?">Что дальше?</h3>'
        '<h3 id="x">x</h3>'
    )
    out = section_ids(lead, ["subsection:next"])
    assert out.startswith(f'<h1 id="{TITLE_ID}">Новая Конституция')
    assert f'href="#{TITLE_ID}"' in out and "Новая-Конституция" not in out
    assert '<h3 id="next">Что дальше?</h3><h3 id="x">x</h3>' in out
    with pytest.raises(ValueError, match="kebab-case"):
        section_ids(html, ["section:Not Kebab"])


def test_extract_csv_moves_data_links_into_files():
    page = (
        '<a class="explainer-csv" download="f-1.csv" '
        'href="data:text/csv;charset=utf-8,a%2Cb%0A1%2C%C3%A9%0A">CSV</a>'
    )
    out, files = extract_csv(page, "data/p")
    assert 'href="data/p/f-1.csv"' in out and "data:" not in out
    assert files == {"data/p/f-1.csv": "a,b\n1,é\n".encode()}
