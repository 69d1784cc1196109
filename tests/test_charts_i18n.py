"""Charts in Russian and Kazakh: every text a reader sees, and Vega's number format.

Each builder draws the real data after ``set_language``; the texts of its spec
(titles, subtitles, axis and legend titles, legend entries, tooltip titles,
control names) must all differ from the English spec's, and the theme must give
Vega the language's number and date formats (Babel's data).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import altair as alt
import pytest
from babel import Locale

import explainer
from explainer import i18n
from explainer.views import assets, charts, style, theme
from tests.test_charts import REAL_CHARTS

#: Texts a caller gives ``figures_chart`` (the notebook translates its own).
CALLER_TEXTS = {"Caspian feeder fleet against the plan", "TEU"}


def _data_names() -> set[str]:
    """Names that come from the data (its loaders translate them), in English."""
    return set(explainer.load_partners()["name"])


#: The keys under which a Vega-Lite spec holds text a reader sees.
_TEXT_KEYS = ("title", "subtitle", "name", "labels")


@pytest.fixture
def language():
    """Set a language for one test; English (and the default theme) afterwards."""

    def use(lang: str) -> None:
        explainer.set_language(lang)
        charts.enable_theme()

    try:
        yield use
    finally:
        explainer.set_language("en")
        alt.theme.enable("default")


def _title_text(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        yield " ".join(str(v) for v in value)
    elif isinstance(value, dict) and "expr" in value:
        # charts.common.title: "narrow ? [lines] : whole"; the whole title.
        yield json.loads(value["expr"].rsplit(" : ", 1)[1])


def texts(node, key: str = "") -> Iterator[str]:
    """Every reader-facing text in a spec (data rows aside)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("datasets", "data", "config", "usermeta"):
                continue
            if k == "title" and isinstance(v, dict) and "text" in v:
                yield from _title_text(v["text"])
                yield from _title_text(v.get("subtitle", []))
            elif k in _TEXT_KEYS and not isinstance(v, dict):
                if k == "labels":
                    yield from (str(x) for x in v)
                elif k != "name" or key == "bind":
                    yield from _title_text(v)
            elif k == "scale" and isinstance(v, dict):
                # Legend entries: the domain of a colour or shape scale.
                domain = v.get("domain")
                if isinstance(domain, list):
                    yield from (d for d in domain if isinstance(d, str))
            else:
                yield from texts(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item, key)


def _shown(spec: dict) -> set[str]:
    found = {t.strip() for t in texts(spec)}
    # Numbers, dates on a scale and codes are not words to translate.
    return {t for t in found if re.search(r"[^\W\d_]{2}", t) and "-01-01" not in t}


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("name", sorted(REAL_CHARTS))
def test_every_chart_text_is_translated(name, lang, language):
    english = _shown(REAL_CHARTS[name]().to_dict())
    names = _data_names()
    assert english, "the text collector found nothing: it is broken"
    language(lang)
    spec = REAL_CHARTS[name]().to_dict()
    shown = _shown(spec)
    left = (english & shown) - CALLER_TEXTS - names
    assert not left, f"English left in the {lang} chart: {sorted(left)}"
    assert len(shown) >= len(english) - len(CALLER_TEXTS & english)
    # The formats of the language for Vega: Babel's separators.
    number = spec["config"]["locale"]["number"]
    symbols = Locale.parse(lang).number_symbols["latn"]
    assert number["decimal"] == "," == symbols["decimal"]
    assert number["thousands"] == symbols["group"]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_titles_are_the_catalogue_translations(lang, language):
    language(lang)
    spec = charts.titr_volume_chart().to_dict()
    (whole,) = _title_text(spec["title"]["text"])
    assert whole == i18n.translation("charts.titr.title", lang)
    axis = spec["layer"][0]["encoding"]["x"]["title"]
    assert axis == i18n.translation("charts.titr.x", lang)
    parliament = charts.parliament_chart().to_dict()
    period = i18n.translation("style.period.before", lang).format(year=2026)
    assert period in json.dumps(parliament["datasets"], ensure_ascii=False)


def test_english_charts_have_no_locale_and_english_texts():
    charts.enable_theme()
    try:
        spec = charts.titr_volume_chart().to_dict()
    finally:
        alt.theme.enable("default")
    assert "locale" not in spec["config"]  # Vega's own English formats
    (whole,) = _title_text(spec["title"]["text"])
    assert whole == "Freight on the Trans-Caspian route, by year"


def test_label_tables_follow_the_language(language):
    assert style.MODE_LABELS["rail"] == "rail"
    assert style.column_label("length_km") == "Length on our line (km)"
    language("ru")
    assert style.MODE_LABELS["rail"] == i18n.translation("style.mode.rail", "ru")
    assert style.label("middle", style.CORRIDOR_LABELS).startswith("Средний коридор")
    assert style.column_label("length_km") == "Длина по нашей линии (км)"
    assert dict(style.PERIOD_LABELS) == {
        "before_2026": "до 2026 года",
        "after_2026": "с 2026 года",
    }
    language("en")
    assert style.PERIOD_LABELS["before_2026"] == "until 2026"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_vega_locale_is_babels(lang):
    loc = Locale.parse(lang)
    time = theme.vega_locale(lang)["time"]
    months = loc.months["stand-alone"]
    assert time["months"] == [months["wide"][m] for m in range(1, 13)]
    assert time["shortMonths"][0] == months["abbreviated"][1]
    assert time["days"][0] == loc.days["stand-alone"]["wide"][6]  # d3: Sunday first
    assert "%Y" in time["date"] or "%y" in time["date"]
    assert theme.d3_time_pattern("d MMM y 'г.'") == "%-d %b %Y г."


def _draw(browser, spec: dict, path: Path, width: int = 700) -> str:
    """The text of a chart drawn by Vega in Chromium (offline, SVG)."""
    path.write_text(
        "<!doctype html><meta charset=utf-8><body>"
        f"<script>{assets.vega_bundle()}</script>"
        f'<div id="v" style="width:{width}px"></div><script>'
        f"vegaEmbed('#v', {json.dumps(spec)}, {{renderer: 'svg', actions: false}})"
        ".then(() => document.body.dataset.drawn = 'yes')"
        ".catch(e => document.body.dataset.drawn = 'error: ' + e);</script>",
        encoding="utf-8",
    )
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        page.wait_for_function("document.body.dataset.drawn")
        assert page.evaluate("document.body.dataset.drawn") == "yes"
        return page.evaluate(
            "[...document.querySelectorAll('#v svg text')]"
            ".map(t => t.textContent).join('|')"
        )
    finally:
        page.close()


@pytest.mark.parametrize("compiled", [False, True], ids=["vega-lite", "vega"])
def test_russian_axes_in_the_browser(browser, tmp_path, language, compiled):
    """Vega writes Russian numbers and months: '10 000', '0,5', 'апр.'."""
    language("ru")
    specs = {
        name: REAL_CHARTS[name]().to_dict()
        for name in ("route_comparison_chart", "breakdown_chart", "reform_timeline")
    }
    if compiled:  # the site's pages: Vega compiled ahead (vl-convert)
        specs = {name: assets.vega_spec(spec) for name, spec in specs.items()}
    drawn = {
        name: _draw(browser, spec, tmp_path / f"{name}.html").split("|")
        for name, spec in specs.items()
    }
    # Kilometres grouped with Babel's ru group (a no-break space), never a comma.
    km = drawn["route_comparison_chart"]
    assert any(re.fullmatch(r"\d{1,3}\u00a0\d{3}", text) for text in km), km
    assert not any(re.fullmatch(r"\d{1,3},\d{3}", text) for text in km)
    # Days with a decimal comma.
    days = drawn["breakdown_chart"]
    assert any(re.fullmatch(r"\d+,\d", text) for text in days), days
    assert not any(re.fullmatch(r"\d+\.\d", text) for text in days)
    # Months in Russian (Babel's stand-alone abbreviations), none in English.
    months = theme.vega_locale("ru")["time"]["shortMonths"]
    timeline = drawn["reform_timeline"]
    assert set(months) & set(timeline), timeline
    assert not {"Jan", "Mar", "Apr", "Jun", "Jul", "Sep", "Oct"} & set(timeline)
