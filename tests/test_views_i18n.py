"""The text around every figure and in the maps, in Russian and Kazakh.

Built from the real data after ``set_language``: a map figure with its table and
sources, a chart figure, the claims table, a source list and the three maps show
their own words (source lines, citations, verdicts, legends, popups, controls) in
the reader's language and none of the English of these messages; tables write
numbers the local way while the CSV download keeps the data's numbers.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import altair as alt
import pandas as pd
import pytest

from explainer import claim_verdicts, i18n, paths, set_language
from explainer.data import (
    load_corridors,
    load_countries,
    load_indicators,
    load_nodes,
    load_partners,
    load_partnerships,
    load_project_events,
    load_projects,
    load_sources,
)
from explainer.site import translations
from explainer.views import figure_data, maps
from explainer.views.claims import claim_table
from explainer.views.figure import facts_panel, figure
from explainer.views.html import table_html
from explainer.views.sources import cite, source_list

from ._browser import Visit

#: The catalogues this test is about.
DOMAINS = ("figure", "sources", "claims", "tables", "maps")
LANGS = ["ru", "kk"]
NBSP = "\u00a0"
ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def _text(markup: object) -> str:
    """What a reader can see or hear in a fragment: entities and JSON escapes undone.

    A map's document sits in an ``srcdoc`` attribute and its texts in JSON strings,
    so both escapes are undone before searching; so is the percent-encoding of the
    scripts a map carries as ``data:`` URIs (its corridor network's popups).
    """
    text = html.unescape(str(markup))
    text = re.sub(r"(?:%[0-9A-Fa-f]{2})+", lambda m: unquote(m[0]), text)
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
    return html.unescape(text).replace('\\"', '"')


def _data_text() -> str:
    """Every text of the data (names, notes, titles): English there is the data's."""
    frames = [
        load_sources(),
        load_corridors(),
        load_nodes(),
        load_projects(),
        load_project_events(),
        load_partners(),
        load_partnerships(),
        load_countries().drop(columns="geometry"),
    ]
    return "\n".join(f.astype(str).to_csv() for f in frames) + _text(
        claim_verdicts().astype(str).to_csv()
    )


def _english_left(text: str) -> list[str]:
    """The English of this module's messages still in ``text`` (two words or more).

    A phrase that the data itself contains (a place's role, a source's title) is
    not counted: the data's own text is not one of these messages.
    """
    data = _data_text()
    left = []
    for key, (english, _) in translations.messages().items():
        if i18n.domain_of(key) not in DOMAINS:
            continue
        forms = english.values() if isinstance(english, dict) else [english]
        for form in forms:
            for piece in re.split(r"\{\w+\}", form):
                piece = piece.strip(" ,.;:()")
                if len(piece.split()) >= 2 and piece in text and piece not in data:
                    left.append(f"{key}: {piece!r}")
    return left


def _corridor_figure():
    sources, lines, nodes = load_sources(), load_corridors(), load_nodes()
    middle = lines[lines["corridor"] == "middle"]
    return figure(
        maps.corridor_map(lines, nodes, include=["middle"], sources=sources),
        id="middle-corridor-map",
        alt="Middle Corridor",
        table=middle[["id", "branch", "mode", "precision", "length_km"]],
        table_caption="Segments",
        sources_html=cite(middle["source_ids"].sum(), sources),
    )


#: Words each language must show on a map figure (source line, tools, table,
#: legend, popups, base-map credit, controls).
MAP_FIGURE_WORDS = {
    "ru": [
        "Источники:",
        "Источники последний раз проверены: ",
        "Постоянная ссылка:",
        "Скачать данные (CSV)",
        "Как сослаться на эту иллюстрацию",
        "Первоисточники:",
        "Таблица данных: Segments",
        "Коридоры",
        "Точность наших линий",
        "Вид транспорта",
        "(по нашей линии; точность: ",
        "° с. ш., ",
        "Пункты (порты, пограничные переходы, узлы)",
        "Базовая карта:",
        "Вернуть исходный вид",
        "Приблизить",
        "Подложка OpenStreetMap (онлайн)",
        "Каспийское море",
    ],
    "kk": [
        "Дереккөздер:",
        "Дереккөздер соңғы рет тексерілген күн: ",
        "Тұрақты сілтеме:",
        "Деректерді жүктеп алу (CSV)",
        "Бұл суретке қалай сілтеме жасауға болады",
        "Бастапқы дереккөздер:",
        "Деректер кестесі: Segments",
        "Дәліздер",
        "Сызықтарымыздың дәлдігі",
        "Көлік түрі",
        "(біздің сызық бойынша; дәлдігі: ",
        "° с. е., ",
        "Пункттер (порттар, шекара өткелдері, тораптар)",
        "Негізгі карта:",
        "Бастапқы көрініске қайтару",
        "Жақындату",
        "OpenStreetMap картасы (онлайн)",
        "Каспий теңізі",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_map_figure_speaks_the_language_in_every_part(lang):
    set_language(lang)
    text = _text(_corridor_figure().to_html())
    missing = [w for w in MAP_FIGURE_WORDS[lang] if w not in text]
    assert not missing, missing
    assert not _english_left(text)
    # The month of the source line's date is named in the language (3 дек. 2026).
    checked = re.search(r"(?:проверены|тексерілген күн): ([^<]+)\.<", text)
    assert checked and re.fullmatch(r"\d{1,2} \w+\.? \d{4}", checked[1]), checked


def test_the_english_map_figure_keeps_its_words():
    text = _text(_corridor_figure().to_html())
    for words in (
        "Sources: ",
        "Sources last checked on 20",
        "Link to this figure:",
        "Download the data (CSV)",
        "Cite this figure",
        "Data table: Segments",
        "Precision of our lines",
        "km (our geometry, approximate)",
        "(confidence M)",
        'title="Reset view"',
        "Base map: ",
    ):
        assert words in text, words
    assert "Приблизить" not in text and "Zoom in" not in text  # Leaflet's own


@pytest.mark.parametrize("lang", LANGS)
def test_tables_write_numbers_the_local_way_and_the_csv_keeps_the_data(lang):
    frame = pd.DataFrame({"year": [2024, 2025], "value": [1234.5, 0.759]})
    set_language(lang)
    cells = re.findall(r'<td class="num">([^<]*)</td>', str(table_html(frame)))
    assert cells == ["2024", f"1{NBSP}234,5", "2025", "0,759"]
    csv = figure_data.csv_text(frame)
    assert "1234.5" in csv and "0.759" in csv and "1 234" not in csv
    # The real corridor lengths: grouped and with a decimal comma on the page, the
    # CSV download with the computed numbers as they are.
    fig = _corridor_figure()
    lines = load_corridors()
    length = lines.set_index("id").loc["mc-xian-dostyk", "length_km"]
    shown = f"{int(length) // 1000}{NBSP}{int(length) % 1000:03d},"
    assert f'<td class="num">{shown}' in str(fig.to_html())
    assert repr(float(length)) in fig.to_csv()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ["Последняя дата в данных: 15 мар. 2026.", ">да<", ">нет<"]),
        ("kk", ["Деректердегі ең соңғы мерзім: 15 нау. 2026.", ">иә<", ">жоқ<"]),
        ("en", ["The figures refer to dates up to 2026-03-15.", ">True<", ">False<"]),
    ],
)
def test_a_figure_dates_its_figures_and_says_yes_and_no_in_the_language(lang, words):
    rows = pd.DataFrame(
        {"date": ["2025-11-02", "2026-03-15"], "is_target": [True, False]}
    )
    set_language(lang)
    text = _text(figure(rows, id="dated", alt="Dated rows").to_html())
    for word in words:
        assert word in text, word


def test_english_tables_keep_their_numbers():
    frame = pd.DataFrame({"year": [2024], "value": [1234.5]})
    cells = re.findall(r'<td class="num">([^<]*)</td>', str(table_html(frame)))
    assert cells == ["2024", "1,234.5"]


CLAIM_WORDS = {
    "ru": ["Утверждение", "Кто это утверждает", "Вердикт", "Что говорят данные"],
    "kk": ["Мәлімдеме", "Кім мәлімдеген", "Қорытынды", "Дәлелдер не дейді"],
}
VERDICTS = {
    "ru": {"supported": "Подтверждается", "contradicted": "Не подтверждается"},
    "kk": {"supported": "Расталады", "contradicted": "Расталмайды"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_claims_table_gives_verdicts_in_the_language(lang):
    set_language(lang)
    verdicts = claim_verdicts()
    table = claim_table(verdicts)
    assert list(table.columns[:4]) == CLAIM_WORDS[lang]
    text = _text(figure(table, id="claims-checked", alt="Claims").to_html())
    for verdict, word in VERDICTS[lang].items():
        assert verdict in set(verdicts["verdict"])
        assert f'explainer-verdict-{verdict}" title="' in text
        assert re.search(
            rf"explainer-verdict-{verdict}\" title=\"[^\"]+\">{word}<", text
        )
    claimed = "Заявлено: " if lang == "ru" else "Мәлімделгені: "
    assert claimed in text and "Claimed " not in text
    assert not _english_left(text)
    # Headers of the CSV download are the table's, translated.
    header = unquote(figure(table, id="c", alt="x").to_csv().splitlines()[0])
    assert header.startswith(",".join(CLAIM_WORDS[lang]))


SOURCE_WORDS = {
    "ru": [
        r"\d+ источник(а|ов)?, сначала первичные</summary>",
        r">Органы власти и государственные учреждения<",
        r">Проверено: \d{1,2} [а-я]+\.? \d{4}<",
    ],
    "kk": [
        r"\d+ дереккөз, алдымен бастапқылары</summary>",
        r">Мемлекеттік органдар мен мекемелер<",
        r">Тексерілді: \d{1,2} [а-яәіңғүұқөһ]+\.? \d{4}<",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_source_list_groups_and_badges_in_the_language(lang):
    set_language(lang)
    listed = source_list(load_indicators())
    text = _text(listed.to_html())
    for words in SOURCE_WORDS[lang]:
        assert re.search(words, text), words
    assert not _english_left(text)
    # The titles of the sources stay as the ledger has them.
    title = str(listed.sources["title"].iloc[0])
    assert html.escape(title) in str(listed.to_html())
    assert "Checked " not in text and "News report" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_project_and_partner_maps_speak_the_language(lang):
    set_language(lang)
    projects = _text(figure(maps.project_map(), id="p", alt="Projects").to_html())
    partners = _text(figure(maps.partner_map(), id="q", alt="Partners").to_html())
    expected = {
        "ru": (
            ["Статус проекта (последний датированный этап)", "Бейнеу", "Сексеуил"],
            ["Партнёры по сферам", "Товарооборот", "Толщина линии: "],
        ),
        "kk": (
            ["Жоба мәртебесі (күні белгілі соңғы кезең)", "Бейнеу", "Сексеуіл"],
            ["Салалар бойынша серіктестер", "Тауар айналымы", "Сызық жуандығы: "],
        ),
    }[lang]
    for words in expected[0]:
        assert words in projects, words
    for words in expected[1]:
        assert words in partners, words
    assert not _english_left(projects) and not _english_left(partners)


@pytest.mark.parametrize("lang", LANGS)
def test_a_chart_figure_and_fact_cards_speak_the_language(lang):
    indicators = load_indicators()
    rows = indicators[indicators["metric"] == indicators["metric"].iloc[0]]
    chart = alt.Chart(rows).mark_bar().encode(x="year:O", y="value:Q")
    set_language(lang)
    fig = figure(
        chart,
        id="a-chart",
        alt="A chart",
        table=rows,
        source_ids=rows["source_ids"].sum(),
    )
    text = _text(fig.to_html())
    assert ("Источники:" if lang == "ru" else "Дереккөздер:") in text
    actions = "Действия с графиком" if lang == "ru" else "График әрекеттері"
    # The chart's call gives the shared chart code (js/chart.js) its texts.
    assert f'"actions":"{actions}"' in text and "Chart actions" not in text
    assert not _english_left(text)
    cards = _text(
        facts_panel(
            [("what", "1", cite(rows["source_ids"].iloc[0]))], id="facts"
        ).to_html()
    )
    key_facts, source = {
        "ru": ("Ключевые факты", "Источник:"),
        "kk": ("Негізгі фактілер", "Дереккөз:"),
    }[lang]
    assert key_facts in cards and source in cards and "Key facts" not in cards


CONTROLS = {
    "ru": ("Приблизить", "Отдалить", "Слои", "Вернуть исходный вид", "Коридоры"),
    "kk": (
        "Жақындату",
        "Алыстату",
        "Қабаттар",
        "Бастапқы көрініске қайтару",
        "Дәліздер",
    ),
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_a_map_in_the_browser_names_its_controls_in_the_language(
    lang, browser, tmp_path
):
    set_language(lang)
    document = tmp_path / f"corridors-{lang}.html"
    m = maps.corridor_map(include=["middle"], tiles=False)
    document.write_text(m.get_root().render(), encoding="utf-8")
    visit = Visit(browser, document.as_uri(), 1100)
    try:
        page = visit.page
        page.wait_for_selector(".leaflet-control-zoom-in", timeout=10_000)
        zoom_in, zoom_out, layers, reset, legend = CONTROLS[lang]
        for selector, words in (
            (".leaflet-control-zoom-in", zoom_in),
            (".leaflet-control-zoom-out", zoom_out),
            (".leaflet-control-layers-toggle", layers),
            (".explainer-reset a", reset),
        ):
            button = page.locator(selector)
            button.and_(page.locator(f'[title="{words}"]')).wait_for(timeout=5_000)
            assert button.get_attribute("title") == words
            assert button.get_attribute("aria-label") == words
        assert page.locator(".explainer-legend summary").inner_text() == legend
        # The scale bar: metric only, its unit in the language ("1000 км").
        scales = page.locator(".leaflet-control-scale-line").all_inner_texts()
        assert len(scales) == 1, scales
        assert re.fullmatch(r"\d+\s(км|м)", scales[0].strip()), scales
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"map-controls-{lang}.png"))
        assert not visit.errors, visit.errors
    finally:
        visit.close()
