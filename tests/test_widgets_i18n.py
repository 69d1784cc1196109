"""Explorers built after ``set_language("ru")`` (or ``"kk"``) speak that language.

Every explorer is built on the real data in the language chosen; its controls are
walked recursively, and each description, tooltip and option label is checked
against that language's catalogue (``locales/<lang>/widgets.yaml``), as are the
texts it puts in its outputs (summaries, alt texts, captions, empty states).
None of the English of the ``widgets`` domain may remain. The language is put
back to English after each test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import ipywidgets as widgets
import pytest

import explainer
from explainer import i18n
from explainer.analysis import model
from explainer.site import translations
from explainer.views import style
from explainer.widgets import corridor_explorer, partner_explorer, reform_explorer

LANGS = ["ru", "kk"]


@pytest.fixture
def lang(request):
    """Build in a language, and put English back afterwards."""
    before = i18n.language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(before)


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def _labels(box: widgets.Widget) -> list[str]:
    """Every description and tooltip of the explorer's controls, recursively."""
    found = []
    for w in _walk(box):
        for attr in ("description", "tooltip"):
            value = getattr(w, attr, None)
            if value:
                found.append(value)
    return found


def _html_of(out: widgets.Output) -> str:
    return "".join(o["data"].get("text/html", "") for o in out.outputs)


#: What the maps and charts draw inside an output (their own catalogues' words).
_DRAWN = re.compile(r'srcdoc="[^"]*"|<script\b.*?</script>', re.S)


def _shown(box: widgets.Widget) -> str:
    """What the explorer itself writes: labels, options, and its outputs' HTML
    except the maps' documents and the charts' scripts."""
    parts = list(_labels(box))
    for w in _walk(box):
        parts.extend(getattr(w, "_options_labels", ()) or ())
        if isinstance(w, widgets.Output):
            parts.append(_DRAWN.sub("", _html_of(w)))
        elif isinstance(w, widgets.HTML):
            parts.append(w.value)
    return "\n".join(parts)


def _ours(lang: str) -> dict[str, str]:
    """The catalogue of the widgets domain: key to translation (one form)."""
    out = {}
    for key in _english():
        text = i18n.translation(key, lang)
        assert text, f"{lang}: no translation of {key}"
        out[key] = text if isinstance(text, str) else text["other"]
    return out


def _english() -> dict[str, i18n.Message]:
    return {
        key: english
        for key, (english, _) in translations.messages().items()
        if i18n.domain_of(key) == "widgets"
    }


def _pattern(message: str) -> re.Pattern:
    """A catalogue message as a regular expression, placeholders matching text."""
    pieces = re.split(r"\{\w+\}", message)
    return re.compile("^" + ".+".join(re.escape(p) for p in pieces) + "$", re.S)


def _assert_no_english_left(box: widgets.Widget) -> None:
    """No English of the widgets domain: no label equals one, and no phrase of
    three words or more from one appears anywhere the explorer shows text (the
    data's own words, e.g. route names, are another catalogue's)."""
    labels = set(_labels(box))
    shown = _shown(box)
    for key, english in _english().items():
        forms = [english] if isinstance(english, str) else list(english.values())
        for form in forms:
            assert form not in labels, f"{key}: English label {form!r} left"
            for piece in re.split(r"\{\w+\}", form):
                piece = piece.strip(" .,;:()")
                if len(re.findall(r"[A-Za-z]+", piece)) >= 3:
                    assert piece not in shown, f"{key}: English {piece!r} left"


def _assert_labels_from_catalogue(box: widgets.Widget, lang: str) -> None:
    """Each description and tooltip is one of the language's messages, filled."""
    patterns = [_pattern(text) for text in _ours(lang).values()]
    for label in _labels(box):
        assert any(p.match(label) for p in patterns), (
            f"{lang}: {label!r} is not a message of locales/{lang}/widgets.yaml"
        )


@pytest.mark.parametrize("lang", LANGS, indirect=True)
def test_the_corridor_explorer_speaks_the_language(lang):
    ours = _ours(lang)
    box = corridor_explorer()
    _assert_labels_from_catalogue(box, lang)
    assert box.route.description == ours["widgets.corridor.route"]
    assert box.reset.description == ours["widgets.corridor.reset"]
    assert box.reset.tooltip == ours["widgets.corridor.reset_tip"]
    for name, slider in box.sliders.items():
        unit = "unit_speed" if name.endswith("_per_day") else "unit_days"
        assert slider.description == ours["widgets.corridor.slider"].format(
            parameter=style.label(name, style.PARAMETER_LABELS),
            unit=ours[f"widgets.corridor.{unit}"],
        )
    route = box.route.label
    summary = box.summary.value
    modelled = ours["widgets.corridor.modelled"].split("{days}")[0]
    assert modelled.strip() and modelled in summary
    for header in ("figure", "who", "source"):
        assert f">{ours[f'widgets.corridor.{header}']}</th>" in summary
    assert ours["widgets.corridor.map_alt"].format(route=route) in _html_of(box.map_out)
    days = _html_of(box.chart_out)
    assert ours["widgets.corridor.table_caption"] in days
    title = ours["widgets.corridor.chart_title"].format(route=route)
    # In the chart's spec, as JSON written in UTF-8 (views.html.script_json).
    assert json.dumps(title, ensure_ascii=False)[1:-1] in days
    # The journey table's kinds of step are words of the language too.
    kinds = {model.KIND_LABELS[k] for k in ("travel", "border")}
    assert all(k in days for k in kinds), kinds
    _assert_no_english_left(box)


@pytest.mark.parametrize("lang", LANGS, indirect=True)
def test_the_partner_explorer_speaks_the_language(lang):
    ours = _ours(lang)
    box = partner_explorer(year=2024)
    _assert_labels_from_catalogue(box, lang)
    assert box.domains.description == ours["widgets.partner.domains"]
    assert box.year.description == ours["widgets.partner.year"]
    codes = [code for _, code in box.domains.options]
    assert list(box.domains._options_labels) == [
        style.label(c, style.DOMAIN_LABELS) for c in codes
    ]
    what = ", ".join(style.label(c, style.DOMAIN_LABELS) for c in codes)
    table = _html_of(box.table)
    assert ours["widgets.partner.caption"].format(what=what, year=2024) in table
    for column in ("partner", "frameworks", "trade_year", "trade_turnover"):
        header = i18n.translation(f"analysis.partners.{column}", lang)
        assert f">{header}</th>" in table
    _assert_no_english_left(box)
    box.domains.value = ()
    assert ours["widgets.partner.choose"] in _html_of(box.table)
    assert ours["widgets.partner.no_trade"].format(year=2024) in _html_of(box.chart)
    _assert_no_english_left(box)


@pytest.mark.parametrize("lang", LANGS, indirect=True)
def test_the_reform_explorer_speaks_the_language(lang):
    ours = _ours(lang)
    box = reform_explorer(event="constitutional-referendum-2026")
    _assert_labels_from_catalogue(box, lang)
    assert box.categories.description == ours["widgets.reform.categories"]
    assert box.statuses.description == ours["widgets.reform.statuses"]
    assert box.event.description == ours["widgets.reform.event"]
    events = explainer.reform_events(explainer.load_reforms())  # dates in `lang`
    assert list(box.event._options_labels) == [
        ours["widgets.reform.option"].format(date=r.date_text, title=r.title)
        for r in events.itertuples()
    ]
    row = events.set_index("event_id").loc["constitutional-referendum-2026"]
    assert ours[f"widgets.reform.confidence_{row['confidence']}"] in _html_of(
        box.detail
    )
    _assert_no_english_left(box)
    box.categories.value = ("referendum",)
    box.statuses.value = ("in_force",)
    assert ours["widgets.reform.none"] in _html_of(box.timeline)
    assert ours["widgets.reform.choose"] in _html_of(box.detail)
    _assert_no_english_left(box)


def test_english_comes_back_after_another_language():
    before = i18n.language()
    try:
        i18n.set_language("ru")
        assert corridor_explorer().route.description == "Маршрут"
        i18n.set_language("en")
        box = corridor_explorer()
        assert box.route.description == "Route"
        assert box.sliders["rail_speed_km_per_day"].description.endswith("(km/day)")
    finally:
        i18n.set_language(before)


@pytest.mark.parametrize("lang", LANGS, indirect=True)
def test_the_static_snapshot_line_is_in_the_language(lang):
    from explainer.site.snapshot import SnapshotRenderer

    ours = _ours(lang)
    box = corridor_explorer()
    state = widgets.Widget.get_manager_state(drop_defaults=False)
    html = str(
        SnapshotRenderer(state, binder="https://binder.example/x").render(box.model_id)
    )
    before_link = ours["widgets.snapshot.note_settings"].split("{binder}")[0]
    assert before_link in html
    link = f'<a href="https://binder.example/x">{ours["widgets.snapshot.binder"]}</a>'
    assert link in html
    slider = box.sliders["rail_speed_km_per_day"]
    value = str(slider.value).replace(".", ",")  # the decimal comma of ru and kk
    assert f"{slider.description}: {value}" in html
    assert f"{box.route.description}: {box.route.label}" in html
    assert "runs live" not in html and "Explorer (as built)" not in html


@pytest.mark.parametrize("lang", LANGS, indirect=True)
def test_a_snapshot_lists_the_chosen_domains_in_the_language(lang):
    from explainer.site.snapshot import SnapshotRenderer

    box = partner_explorer(year=2024)
    box.domains.value = ("investment", "trade")
    state = widgets.Widget.get_manager_state(drop_defaults=False)
    html = str(SnapshotRenderer(state).render(box.model_id))
    chosen = ", ".join(box.domains.label)  # in the options' order
    assert f"{box.domains.description}: {chosen}; {box.year.description}: 2024" in html
