"""The published page reads story first, and the site can be navigated.

Issue 11, item 4 and issue 12, items 4 and 7: each page opens with its title, a
short lead and its key finding, then the sections; code stays in the notebook;
prerequisites, time to read and how to run it are in an "About this page" box at
the end; cross-references are links to pages; the ``¶`` links show on hover or focus
only; a table of contents (a sticky sidebar on wide screens, a fold on phones); the
index carries the key facts and one line per notebook; no stock JupyterLab CSS.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

from explainer import paths
from explainer.site import publish
from explainer.site.anchors import sections_of
from explainer.site.editions import EDITIONS, edition_folder
from explainer.site.exporter import render_page
from explainer.site.pages import binder_url, describe
from explainer.site.story import (
    ABOUT,
    ABOUT_ID,
    NOTEBOOK_ONLY,
    StoryOrderPreprocessor,
    page_role,
)

from ._browser import Visit

PAGES = publish.discover()
ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts" / "pages"
#: A notebook's file name, as a cross-reference used to be written (in code).
NOTEBOOK_NAME = re.compile(r"^\d\d-[\w-]+(\.ipynb)?$")


def soup(site, page) -> BeautifulSoup:
    return BeautifulSoup((site / page.href).read_text(encoding="utf-8"), "html.parser")


def position(main, element) -> int:
    """Where an element starts in the page (its rank in document order)."""
    return next(i for i, e in enumerate(main.find_all(True)) if e is element)


def story_sections(page) -> list[str]:
    """The section ids of a notebook's cells the page shows as sections, in order."""
    nb = nbformat.read(page.path, as_version=4)
    return [
        ident
        for cell in nb.cells
        if cell.cell_type == "markdown" and page_role(cell) == "story"
        for ident in sections_of(cell.metadata.get("tags", []))
    ]


# --- the order: title, lead, key finding, sections, about -------------------------


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_opens_with_title_lead_key_finding_then_sections(site, page):
    main = soup(site, page).find("main")
    title = main.find("h1")
    lead = main.select_one(".explainer-lead p")
    key = main.select_one("section.explainer-key-finding")
    first = main.find("h2", id=story_sections(page)[0])
    assert title and lead and key and first
    assert title.get_text().startswith(page.title)
    # the lead is the notebook's own text, right under the title
    assert lead.get_text(" ", strip=True) == page.summary
    assert position(main, title) < position(main, lead) < position(main, key)
    assert position(main, key) < position(main, first)
    # the key finding is a figure or fact cards, and nothing else comes before it
    assert key.select("figure.explainer-figure")
    assert key.select(".explainer-map, .explainer-chart, ul.explainer-facts")
    before = [
        h
        for h in main.find_all(["h2", "h3"])
        if position(main, h) < position(main, key)
    ]
    assert not before, f"no section before the key finding: {before}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_code_stays_in_the_notebook_and_the_about_box_ends_the_page(site, page):
    html = (site / page.href).read_text(encoding="utf-8")
    main = soup(site, page).find("main")
    assert not main.select(".jp-InputArea-editor, .highlight, details.explainer-code")
    assert "Show the code" not in html
    about = main.select_one("aside.explainer-about")
    assert about is not None
    assert about is main.find_all(recursive=False)[-1], "the about box ends the page"
    assert about.find("h2", id=ABOUT_ID).get_text() == "About this page"
    for heading in main.find_all(["h2", "h3"]):
        text = heading.get_text().rstrip("¶").strip()
        if text in {"Prerequisites", "Imports", "Overview"}:
            assert about in heading.parents, f"{text!r} only inside the about box"
    text = about.get_text(" ", strip=True)
    assert (
        f"Time to read : {page.minutes}" in text
        or f"Time to read: {page.minutes}" in text
    )
    assert about.find("a", href=binder_url(page.name, page.lang)), (
        "a Binder link to the notebook of the page's edition"
    )
    assert "make lab" in text


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_cross_references_are_links_to_pages(site, page):
    doc = soup(site, page)
    for link in doc.find_all("a", href=True):
        parts = urlsplit(link["href"])
        assert not parts.path.endswith(".ipynb"), f"a link to a notebook: {link}"
        if not parts.scheme and parts.path.endswith(".html"):
            assert (site / parts.path).is_file(), link["href"]
    for code in doc.find_all("code"):
        assert not NOTEBOOK_NAME.match(code.get_text()), (
            f"a notebook name in code: {code}"
        )
    linked = {
        urlsplit(a["href"]).path for a in doc.find("main").find_all("a", href=True)
    }
    assert linked & {p.href for p in PAGES if p is not page}, "links to other pages"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_notebooks_write_cross_references_as_links_not_code(page):
    nb = nbformat.read(page.path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"`\d\d-[\w-]+(\.ipynb)?`", cell.source), cell.source
    assert re.search(
        r"\]\(\d\d-[\w-]+\.ipynb\)", "".join(c.source for c in nb.cells)
    ), "the notebook links the others as [text](NN-name.ipynb), which Lab follows"


# --- the table of contents ----------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_table_of_contents_lists_the_sections_and_its_links_resolve(site, page):
    doc = soup(site, page)
    toc = doc.select_one("nav.explainer-toc")
    assert toc is not None and doc.find("main") not in toc.parents
    fold = [a["href"] for a in toc.select("details.explainer-toc-fold a")]
    side = [a["href"] for a in toc.select(".explainer-toc-side a")]
    assert fold == side
    assert fold == [f"#{i}" for i in [*story_sections(page), ABOUT_ID]]
    for href in fold:
        assert len(doc.find_all(id=href[1:])) == 1, f"{href} is one element of the page"
    # keep the skip link and the previous/next links
    assert doc.select_one('a.explainer-skip[href="#main"]') and doc.find(id="main")
    assert doc.select('footer a[rel="prev"], footer a[rel="next"]')


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_toc_is_a_sticky_sidebar_at_1280_and_a_closed_fold_at_390(browser, site, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = Path(page.href).stem
    wide = Visit(browser, (site / page.href).as_uri(), width=1280)
    try:
        p = wide.page
        assert p.locator(".explainer-toc-side").is_visible()
        assert not p.locator(".explainer-toc-fold").is_visible()
        toc = p.locator(".explainer-toc-side").bounding_box()
        main = p.locator("main").bounding_box()
        assert toc["x"] + toc["width"] <= main["x"], "the sidebar is beside the text"
        p.screenshot(path=str(ARTIFACTS / f"{stem}-toc-1280.png"))
        p.mouse.wheel(0, 4000)
        p.wait_for_function("window.scrollY > 2000")
        top = p.locator(".explainer-toc-side").bounding_box()["y"]
        assert 0 <= top < 100, f"the sidebar stays in view when the page scrolls: {top}"
        p.locator(".explainer-toc-side a").last.click()
        p.wait_for_function(f"location.hash === '#{ABOUT_ID}'")
        box = p.locator(f"#{ABOUT_ID}").bounding_box()
        assert 0 <= box["y"] < 900, "the link brings its section into view"
        assert not wide.errors, wide.errors
    finally:
        wide.close()
    phone = Visit(browser, (site / page.href).as_uri(), width=390, touch=True)
    try:
        p = phone.page
        fold = p.locator("details.explainer-toc-fold")
        assert fold.is_visible() and not p.locator(".explainer-toc-side").is_visible()
        assert fold.get_attribute("open") is None, "folded on a phone"
        assert not fold.locator("a").first.is_visible()
        p.screenshot(path=str(ARTIFACTS / f"{stem}-toc-390.png"))
        fold.locator("summary").click()
        assert fold.locator("a").first.is_visible()
        assert p.evaluate("document.documentElement.scrollWidth - innerWidth") <= 1
        p.screenshot(path=str(ARTIFACTS / f"{stem}-toc-390-open.png"))
    finally:
        phone.close()


@pytest.mark.browser
def test_pilcrows_show_on_hover_or_keyboard_focus_only(browser, site):
    page = PAGES[2]
    visit = Visit(browser, (site / page.href).as_uri(), width=1280)
    try:
        p = visit.page
        ident = story_sections(page)[1]
        heading = p.locator(f"h2#{ident}")
        pilcrow = heading.locator("a.anchor-link")
        assert pilcrow.get_attribute("href") == f"#{ident}"

        def opacity() -> str:
            return pilcrow.evaluate("e => getComputedStyle(e).opacity")

        assert opacity() == "0", "hidden until hover or focus"
        heading.hover()
        assert opacity() == "1", "shown when the heading is hovered"
        p.mouse.move(5, 5)
        assert opacity() == "0"
        # a link in the tab order: the keyboard reaches it, and then it shows
        assert pilcrow.evaluate("e => e.tabIndex") == 0
        pilcrow.focus()
        assert p.evaluate("document.activeElement.className") == "anchor-link"
        assert opacity() == "1", "shown when focused from the keyboard"
    finally:
        visit.close()


# --- the stylesheet ---------------------------------------------------------------


def test_no_stock_jupyter_stylesheet(site):
    assert not (site / "static" / "jupyter.css").exists()
    css = (site / "static" / "explainer.css").read_text(encoding="utf-8")
    assert "--jp-" not in css, "the site's own CSS, not JupyterLab's variables"
    for page in PAGES:
        sheets = [
            link["href"] for link in soup(site, page).find_all("link", rel="stylesheet")
        ]
        assert sheets == ["static/explainer.css"]
        assert "--jp-" not in (site / page.href).read_text(encoding="utf-8")


def test_a_single_file_export_inlines_the_site_css_and_keeps_the_order(tmp_path):
    nb = nbformat.v4.new_notebook()
    cells = [
        ("# A page\n\nIts lead. This notebook shows one thing.", ["lead"]),
        ("## Overview\n\n1. **One**", ["section:overview", NOTEBOOK_ONLY]),
        (
            "## Prerequisites\n\n- **Time to read**: 2 minutes",
            ["section:prereq", ABOUT],
        ),
        ("## One\n\nText, then [the next page](02-next.ipynb).", ["section:one"]),
        ("## Two\n\nMore.", ["section:two"]),
    ]
    nb.cells = [
        nbformat.v4.new_markdown_cell(s, metadata={"tags": t}) for s, t in cells
    ]
    path = tmp_path / "01-a-page.ipynb"
    nbformat.write(nb, path)
    html = render_page(nb, describe(path), shared=False)
    assert 'href="static/' not in html and "--jp-" not in html
    assert ".explainer-toc-side" in html, "the site's CSS is inlined"
    main = BeautifulSoup(html, "html.parser").find("main")
    headings = [h.get("id") for h in main.find_all(["h2", "h3"])]
    assert headings == ["one", "two", ABOUT_ID, "prereq", "how-to-run"]
    assert "Overview" not in main.get_text()
    assert main.find("a", href="02-next.ipynb"), "a single file keeps Lab's links"


def test_story_order_preprocessor_groups_and_lists_the_sections():
    cells = [
        ("# T\n\nLead.", ["lead"]),
        ("## Imports", ["section:imports", NOTEBOOK_ONLY]),
        ("## About it", ["section:about-it", ABOUT]),
        ("## A\n\ntext\n\n## *B* [b](x.ipynb)", ["section:a", "section:b"]),
        ("key", ["key-finding"]),
        ("after", []),
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(s, metadata={"tags": t}) for s, t in cells
    ]
    out, resources = StoryOrderPreprocessor().preprocess(nb, {})
    assert [c.source[:5] for c in out.cells] == [
        "# T\n\n",
        "key",
        "## A\n",
        "after",
        "## Ab",
    ]
    roles = [c.metadata["explainer_page"]["role"] for c in out.cells]
    assert roles == ["lead", "key-finding", "story", "story", "about"]
    assert resources["explainer"]["toc"] == [
        {"id": "a", "text": "A"},
        {"id": "b", "text": "B b"},
        {"id": ABOUT_ID, "text": "About this page"},
    ]
    assert resources["explainer"]["about_cells"] == 1


# --- the index ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", EDITIONS)
def test_index_has_the_key_facts_with_sources_and_one_line_per_notebook(site, lang):
    """In each edition (``site/``, ``site/ru/``, ``site/kk/``), from its pages."""
    pages = publish.discover(lang=lang)
    site = site / edition_folder(lang)
    index = BeautifulSoup(
        (site / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    facts = index.select("section.explainer-key-facts ul.explainer-facts li")
    assert len(facts) >= 4
    for fact in facts:
        assert fact.select_one(".value").get_text(strip=True)
        sources = fact.select("small a[href^='https://']")
        assert sources, f"each fact has its source: {fact.get_text()}"
    # the same cards, from the data, as the overview page shows
    overview = soup(site, pages[0]).find("main")
    shown = {
        li.get_text(" ", strip=True) for li in overview.select("ul.explainer-facts li")
    }
    assert {li.get_text(" ", strip=True) for li in facts} <= shown
    cards = index.select("li.explainer-card")
    assert len(cards) == len(pages)
    for card, page in zip(cards, pages, strict=True):
        line = card.select_one("p.explainer-find").get_text(strip=True)
        assert line and line in page.summary, "a sentence of the notebook's lead"
        assert not re.search(r"[.!?]\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]", line), (
            f"one sentence: {line}"
        )
        assert card.find("a", href=page.href)
