"""The three editions of the site (issue 13): English, Russian and Kazakh.

The session's site (``tests/conftest.py``) is built in all three: ``site/``,
``site/ru/`` and ``site/kk/``, one shared ``static/``. Each edition's pages and
index say their language, link each other and the same page in the other
editions; the language switch lands on the section being read (Chromium).
Tiny notebooks check the build's bookkeeping per edition: the language cell,
skip-if-unchanged, the manifest's keys and ``--lang``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

from explainer import i18n, paths
from explainer.site import editions, publish
from explainer.site.translations import notebook_key
from explainer.views.assets import CHART_CONFIG_ID as CONFIG
from explainer.views.charts.common import OURS

from ._browser import Visit, wait_for_charts

LANGS = list(editions.EDITIONS)
PAGES = {lang: publish.discover(lang=lang) for lang in LANGS}
ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts" / "editions"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def folder(site: Path, lang: str) -> Path:
    return site / editions.edition_folder(lang)


# --- the built site -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_edition_has_its_index_linking_its_pages_in_its_language(site, lang):
    index = folder(site, lang) / "index.html"
    doc = soup(index)
    assert doc.html["lang"] == lang
    hrefs = [a["href"] for a in doc.select(".explainer-card h2 a")]
    assert hrefs == [p.href for p in PAGES[lang]]
    titles = [a.get_text() for a in doc.select(".explainer-card h2 a")]
    assert titles == [p.title for p in PAGES[lang]]
    for href in hrefs:
        page = folder(site, lang) / href
        assert page.is_file()
        assert soup(page).html["lang"] == lang
    # one shared static/ folder: the editions link it, none has its own
    assert doc.find("link", rel="stylesheet")["href"].startswith(
        "../static/" if lang != "en" else "static/"
    )
    assert not (folder(site, lang) / "static").exists() or lang == "en"
    if lang != "en":  # the corridor network's popups are translated
        ours = (site / "static" / f"network-{lang}.js").read_text(encoding="utf-8")
        assert ours != (site / "static" / "network.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_shows_a_missing_value_as_a_word(site, lang):
    """An empty field of the data shows as nothing, never as "nan" or "None" (the
    ru/kk source lists once printed "nan" where a source has no notes)."""
    for page in PAGES[lang]:
        doc = soup(folder(site, lang) / page.href)
        for tag in doc(["script", "style"]):
            tag.decompose()
        words = re.findall(r"\b(?:nan|NaN|None|NaT)\b", doc.get_text(" "))
        assert not words, (lang, page.href, words)


@pytest.mark.parametrize("lang", LANGS)
def test_pages_of_an_edition_link_their_edition_and_the_shared_assets(site, lang):
    base = folder(site, lang)
    pages = PAGES[lang]
    for i, page in enumerate(pages):
        html = (base / page.href).read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html.parser")
        assert doc.html["lang"] == lang
        # the page's title and lead are its edition's (from the translated notebook)
        assert doc.find("main").find("h1").get_text().startswith(page.title)
        # assets from the one static/ folder; CSV files in the edition's data/
        for tag in doc.select("script[src], link[href][rel=stylesheet]"):
            target = tag.get("src") or tag.get("href")
            assert (base / target).resolve().is_file(), target
            assert (base / target).resolve().parent == (site / "static").resolve()
        for link in doc.select("a.explainer-csv"):
            assert link["href"].startswith("data/")
            assert (base / link["href"]).is_file(), link["href"]
        # maps load the corridor network (its popups) of their edition
        network = "network.js" if lang == "en" else f"network-{lang}.js"
        if "explainer-map" in html and "static/network" in html:
            assert f"static/{network}" in html
            assert ("static/network.js" in html) == (lang == "en")
        # previous and next stay in the edition
        nexts = [a["href"] for a in doc.select('footer a[rel="next"]')]
        assert nexts == ([pages[i + 1].href] if i + 1 < len(pages) else [])
        # the language cell runs in the kernel but never shows on the page (the
        # about box says how to make that call in JupyterLab)
        assert doc.find(id=f"cell-id={editions.LANGUAGE_CELL_ID}") is None
        about = doc.select_one("aside.explainer-about")
        about.extract()
        assert "set_language" not in doc.find("main").get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switch_links_the_same_page_in_every_edition(site, lang):
    base = folder(site, lang)
    for href in ["index.html", *(p.href for p in PAGES[lang])]:
        doc = soup(base / href)
        switch = doc.select("nav.explainer-languages a[data-explainer-language]")
        assert [a["hreflang"] for a in switch] == LANGS
        assert [a["lang"] for a in switch] == LANGS
        assert [a.get_text() for a in switch] == [i18n.LANGUAGES[c] for c in LANGS]
        current = [a["hreflang"] for a in switch if a.get("aria-current") == "page"]
        assert current == [lang]
        alternates = {
            link["hreflang"]: link["href"]
            for link in doc.find("head").find_all("link", rel="alternate")
        }
        assert alternates == {a["hreflang"]: a["href"] for a in switch}
        for a in switch:
            target = (base / urlsplit(a["href"]).path).resolve()
            assert target == (folder(site, a["hreflang"]) / href).resolve()
            assert target.is_file()


def test_the_site_text_is_translated_in_each_edition(site):
    """The site's own words are its edition's (the notebooks' are checked by
    the translation check): the about box, navigation and index headings."""
    for lang in ("ru", "kk"):
        with editions.in_language(lang):
            about = i18n.t("site.page.about", "About this page")
            skip = i18n.t("site.skip", "Skip to the content")
            facts = i18n.t("site.index.key_facts", "Key facts")
        assert about != "About this page" and skip != "Skip to the content"
        page = soup(folder(site, lang) / PAGES[lang][0].href)
        assert page.find("h2", id="about-this-page").get_text() == about
        assert page.select_one("a.explainer-skip").get_text() == skip
        index = soup(folder(site, lang) / "index.html")
        assert index.find("h2", id="key-facts").get_text() == facts


@pytest.mark.browser
def test_the_language_switch_lands_on_the_same_section(browser, site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = next(p for p in PAGES["en"] if p.name.startswith("02-"))
    doc = soup(site / page.href)
    sections = [h["id"] for h in doc.find("main").find_all("h2", id=True)]
    target = sections[len(sections) // 2]  # a section well down the page
    visit = Visit(browser, f"{(site / page.href).as_uri()}#{target}", width=1280)
    try:
        p = visit.page
        wait_for_charts(p)
        p.locator(f"#{target}").scroll_into_view_if_needed()
        p.wait_for_timeout(200)
        p.locator('nav.explainer-languages a[hreflang="ru"]').click()
        p.wait_for_url(f"**/ru/{page.href}#{target}")
        assert urlsplit(p.url).fragment == target
        wait_for_charts(p)
        box = p.locator(f"#{target}").bounding_box()
        assert box and 0 <= box["y"] < 900, f"#{target} is in view on the ru page"
        assert p.evaluate("document.documentElement.lang") == "ru"
        p.screenshot(path=str(ARTIFACTS / "switch-ru-1280.png"))
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    # Scrolled, not linked: from the kk page, the section in view goes to English.
    kk = site / "kk" / page.href
    visit = Visit(browser, kk.as_uri(), width=390, touch=True)
    try:
        p = visit.page
        wait_for_charts(p)
        other = sections[-2]
        p.evaluate(f"document.getElementById('{other}').scrollIntoView()")
        p.wait_for_timeout(300)
        assert urlsplit(p.url).fragment == ""
        p.locator('nav.explainer-languages a[hreflang="en"]').click()
        p.wait_for_url(f"**/{page.href}#{other}")
        assert "/kk/" not in p.url
        wait_for_charts(p)
        box = p.locator(f"#{other}").bounding_box()
        assert box and 0 <= box["y"] < 844, f"#{other} is in view on the en page"
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.browser
def test_the_switch_carries_a_figure_permalink_with_its_controls_state(browser, site):
    """A slider moved writes its state in the address; the switch carries it."""
    page = next(p for p in PAGES["en"] if p.name.startswith("02-"))
    url = f"{(site / page.href).as_uri()}#transit-time-model"
    visit = Visit(browser, url, width=1280)
    try:
        p = visit.page
        wait_for_charts(p)
        name, low = p.evaluate(
            """() => {
              const i = document.querySelector('#transit-time-model input[name]');
              i.value = i.min;
              i.dispatchEvent(new Event('input', {bubbles: true}));
              return [i.name, i.min];
            }"""
        )
        p.wait_for_timeout(300)
        fragment = p.evaluate("location.hash")
        assert (
            fragment.startswith("#transit-time-model?") and f"{name}={low}" in fragment
        )
        link = p.locator('nav.explainer-languages a[hreflang="kk"]')
        link.focus()
        assert link.get_attribute("href") == f"kk/{page.href}{fragment}"
        link.click()
        p.wait_for_load_state()
        assert "/kk/" in p.url and p.evaluate("location.hash") == fragment
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.browser
def test_the_switch_opens_the_top_of_the_page_without_javascript(browser, site):
    page = PAGES["ru"][1]
    context = browser.new_context(java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(f"{(site / 'ru' / page.href).as_uri()}#about-this-page")
        href = p.locator('nav.explainer-languages a[hreflang="kk"]').get_attribute(
            "href"
        )
        assert href == f"../kk/{page.href}"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_switch_sits_clear_of_the_navigation_and_contents(
    browser, site, lang, width
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = PAGES[lang][2]
    visit = Visit(
        browser, (site / lang / page.href).as_uri(), width=width, touch=width < 600
    )
    try:
        p = visit.page
        switch = p.locator("nav.explainer-languages")
        assert switch.is_visible()
        box = switch.bounding_box()
        for other in ("header nav:not(.explainer-languages)", "nav.explainer-toc"):
            near = p.locator(other).first.bounding_box()
            overlap = (
                box["x"] < near["x"] + near["width"]
                and near["x"] < box["x"] + box["width"]
                and box["y"] < near["y"] + near["height"]
                and near["y"] < box["y"] + box["height"]
            )
            assert not overlap, f"the switch overlaps {other}: {box} {near}"
        assert p.evaluate("document.documentElement.scrollWidth - innerWidth") <= 1
        p.screenshot(path=str(ARTIFACTS / f"{lang}-{Path(page.href).stem}-{width}.png"))
    finally:
        visit.close()


# --- the build's bookkeeping, on tiny notebooks -------------------------------------


def tiny(folder_: Path, name: str, text: str = "A page.") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Title of {name}\n\n{text}"),
        nbformat.v4.new_code_cell(
            "from explainer.i18n import language, t\n"
            "print('language', language(), t('site.toc', 'On this page'))"
        ),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    folder_.mkdir(exist_ok=True)
    path = folder_ / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.notebook
def test_an_edition_runs_its_notebook_in_its_language_and_skips_per_edition(tmp_path):
    notebooks = tmp_path / "notebooks"
    tiny(notebooks, "01-one")
    tiny(notebooks, "02-two")
    out = tmp_path / "site"
    lines: list[str] = []
    result = publish.build(out, notebooks_dir=notebooks, log=lines.append)
    keys = [
        f"{f}{n}-{w}.ipynb"
        for f in ("", "kk/", "ru/")
        for n, w in [("01", "one"), ("02", "two")]
    ]
    assert result["built"] == sorted(keys) and not result["failures"]
    manifest = json.loads((out / publish.MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(keys)
    for lang in LANGS:
        with editions.in_language(lang):
            toc = i18n.t("site.toc", "On this page")
        html = (folder(out, lang) / "01-one.html").read_text(encoding="utf-8")
        assert f"language {lang} {toc}" in html, (
            "the kernel ran in the edition's language"
        )
    # Nothing changed: every edition skips; a killed build's temporary files in
    # an edition's folder are cleared.
    left = [out / "ru" / ".01-one.html.x1.tmp", out / "kk" / "data" / "a" / ".b.tmp"]
    for file in left:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("half a page")
    result = publish.build(out, notebooks_dir=notebooks, log=lines.append)
    assert not any(file.exists() for file in left)
    assert result["built"] == [] and sorted(result["skipped"]) == sorted(keys)
    # Only the Russian edition of one page is gone: only it is built again.
    (out / "ru" / "02-two.html").unlink()
    result = publish.build(out, notebooks_dir=notebooks, log=lines.append)
    assert result["built"] == ["ru/02-two.ipynb"]
    # --lang: one edition; the others' pages and manifest entries stay.
    tiny(notebooks, "01-one", "A page, reworded.")
    result = publish.build(out, notebooks_dir=notebooks, log=lines.append, langs=["kk"])
    assert result["built"] == ["kk/01-one.ipynb"]
    manifest = json.loads((out / publish.MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(keys)
    assert "reworded" in (out / "kk" / "01-one.html").read_text(encoding="utf-8")
    assert "reworded" not in (out / "ru" / "01-one.html").read_text(encoding="utf-8")


def test_an_edition_notebook_has_the_translated_markdown_and_the_language_cell():
    page = PAGES["en"][0]
    nb = nbformat.read(page.path, as_version=4)
    ru = editions.edition_notebook(page.path, "ru")
    code = [c for c in ru.cells if c.cell_type == "code"]
    assert code[0].source == 'import explainer\nexplainer.set_language("ru")'
    assert "notebook-only" in code[0].metadata["tags"]
    assert len(ru.cells) == len(nb.cells) + 1
    assert [c.source for c in ru.cells if c.cell_type == "code"][1:] == [
        c.source for c in nb.cells if c.cell_type == "code"
    ], "code cells are never duplicated or changed"
    for before, after in zip(
        [c for c in nb.cells if c.cell_type == "markdown"],
        [c for c in ru.cells if c.cell_type == "markdown"],
        strict=True,
    ):
        expected = i18n.translation(notebook_key(page.path.stem, before.id), "ru")
        assert after.source == (
            expected if isinstance(expected, str) else before.source
        )
    assert editions.edition_notebook(page.path, "en").cells == nb.cells


def test_the_notebooks_command_writes_an_edition_for_jupyterlab(tmp_path):
    notebooks = tmp_path / "notebooks"
    tiny(notebooks, "01-one")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "explainer",
            "notebooks",
            "--lang",
            "kk",
            "--notebooks-dir",
            str(notebooks),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    written = notebooks / "kk" / "01-one.ipynb"
    assert str(written) in run.stdout
    nb = nbformat.read(written, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert 'explainer.set_language("kk")' in first.source
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_an_unknown_edition_is_refused_naming_the_editions(tmp_path):
    with pytest.raises(publish.BuildError, match=r"'de'.*'ru' \(Русский\)"):
        publish.build(tmp_path / "site", langs=["de"], log=lambda _: None)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_an_edition_opens_its_own_notebooks_on_binder(site, lang):
    """The Binder links of a ru/kk page open notebooks/<lang>/, which postBuild writes."""
    html = (site / lang / "02-middle-corridor.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="(https://mybinder\.org/[^"]+)"', html))
    assert links, "a Binder link"
    assert all(
        f"labpath=notebooks/{lang}/02-middle-corridor.ipynb" in u for u in links
    ), links
    index = (site / lang / "index.html").read_text(encoding="utf-8")
    assert f"labpath=notebooks/{lang}/00-overview.ipynb" in index
    post = (paths.PROJECT_ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert f"python -m explainer notebooks --lang {lang}" in post


#: Wide content a reader scrolls sideways on purpose: tables, code, charts, maps.
SCROLLED_SIDEWAYS = "table, pre, .vega-embed, svg, canvas, iframe"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_text_fits_a_phone_with_every_fold_open(browser, site, lang):
    """At 390 px, with every fold open, no text runs past the right edge of the
    window, in any edition: longer Russian and Kazakh words must wrap too (a source
    list's badge "Алғашқы сілтемеден кейін қайта тексерілмеген" was cut off)."""
    for page in [*PAGES[lang], None]:
        href = page.href if page else "index.html"
        visit = Visit(browser, (folder(site, lang) / href).as_uri(), width=390)
        try:
            out = visit.page.evaluate(
                """(wide) => {
                document.querySelectorAll('details').forEach(d => { d.open = true; });
                const edge = document.documentElement.clientWidth + 1, out = [];
                document.querySelectorAll('main *').forEach(e => {
                  const r = e.getBoundingClientRect();
                  if (r.width && r.right > edge && !e.closest(wide))
                    out.push(e.tagName + '.' + e.className + ': ' +
                      (e.textContent || '').trim().slice(0, 50));
                });
                return out; }""",
                SCROLLED_SIDEWAYS,
            )
            assert not out, (lang, href, out[:5], len(out))
        finally:
            visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_chart_controls_speak_the_editions_language(browser, site, lang):
    """The legend's keyboard names and the actions menu were English in every
    edition; they come from the catalogue, as the chart's other texts do."""
    page_ = next(p for p in PAGES[lang] if p.name.startswith("02-"))

    def said(key: str, english: str) -> str:
        return i18n.translation(key, lang, english) or english  # None in English

    highlight = said("figure.legend_highlight", "Highlight {label}")
    save = said("figure.save_image", "Save as {format}")
    actions = said("figure.chart_actions", "Chart actions")
    visit = Visit(browser, (folder(site, lang) / page_.href).as_uri(), width=1280)
    try:
        page = visit.page
        wait_for_charts(page)
        named = page.eval_on_selector_all(
            ".vega-embed [data-explainer-legend-entry]",
            "els => els.map(e => [e.getAttribute('aria-label'), "
            "e.querySelector('.role-legend-label text').textContent])",
        )
        assert named, "the page has legend entries to name"
        for label, text in named:
            assert label == highlight.replace("{label}", text)
        menu = page.locator(".vega-embed details").first
        assert menu.get_attribute("title") == actions
        links = menu.locator(".vega-actions a").all_text_contents()
        assert links == [save.replace("{format}", f) for f in ("SVG", "PNG")]
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_charts_read_the_pages_shared_config_and_name_two_line_labels(
    browser, site, lang
):
    """A page writes its charts' config once (their colours and the edition's
    number formats); each chart reads it back. On a phone a long legend label is
    drawn on two lines, and its keyboard name is still the whole label."""
    page_ = next(p for p in PAGES[lang] if p.name.startswith("02-"))
    path = folder(site, lang) / page_.href
    html = path.read_text(encoding="utf-8")
    assert html.count(f'<script type="application/json" id="{CONFIG}">') == 1
    assert html.count(f'"config":"{CONFIG}"') >= 2  # the charts that use it
    visit = Visit(browser, path.as_uri(), width=390, touch=True)
    try:
        page = visit.page
        wait_for_charts(page)
        ticks = page.eval_on_selector_all(
            "#corridors-compared .role-axis-label text",
            "els => els.map(e => e.textContent)",
        )
        grouped = [t for t in ticks if re.fullmatch(r"\d{1,3}(\s\d{3})+", t)]
        assert grouped, (
            f"no number grouped the {lang} way (the config's locale): {ticks}"
        )
        assert not [t for t in ticks if "," in t], ticks
        highlight = i18n.translation(
            "figure.legend_highlight", lang, "Highlight {label}"
        )
        ours = i18n.translation("charts.kind.ours", lang, OURS)
        names = page.eval_on_selector_all(
            "#corridors-compared [data-explainer-legend-entry]",
            "els => els.map(e => e.getAttribute('aria-label'))",
        )
        assert highlight.replace("{label}", ours) in names, names
        drawn = page.eval_on_selector_all(
            "#corridors-compared .role-legend-label text",
            "els => els.map(e => e.querySelectorAll('tspan').length)",
        )
        assert max(drawn) == 2, "the long label is drawn on two lines on a phone"
        assert not visit.errors, visit.errors
    finally:
        visit.close()
