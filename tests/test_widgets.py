"""Explorers: setting a control's value updates its outputs."""

from __future__ import annotations

import json

import ipywidgets as widgets
from markupsafe import Markup

import explainer
from explainer.widgets import mimebundle, show_in


def test_show_in_replaces_the_output_in_one_update():
    out = widgets.Output()
    seen = []
    out.observe(lambda change: seen.append(change["new"]), names="outputs")
    show_in(out, Markup("<b>a</b>"), Markup("<i>b</i>"))
    assert [o["data"]["text/html"] for o in out.outputs] == ["<b>a</b>", "<i>b</i>"]
    show_in(out, Markup("<b>c</b>"))
    assert len(seen) == 2
    assert out.outputs[0]["data"] == {"text/html": "<b>c</b>"}


def test_show_in_escapes_plain_text():
    out = widgets.Output()
    show_in(out, "<img src=x onerror=alert(1)>")
    assert out.outputs[0]["data"]["text/html"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_mimebundle_of_objects():
    class Thing:
        def _repr_html_(self):
            return "<p>thing</p>"

    assert mimebundle(Thing())["text/html"] == "<p>thing</p>"
    assert mimebundle(3) == {"text/plain": "3"}


# --- the corridor explorer ------------------------------------------------------------------

import pytest  # noqa: E402

from explainer import corridor_explorer  # noqa: E402


@pytest.fixture(scope="module")
def explorer():
    return corridor_explorer()


def test_explorer_starts_with_outputs(explorer):
    assert "Modelled:" in explorer.summary.value
    assert "<iframe" in html_of(explorer.map_out)
    assert "vegaEmbed" in html_of(explorer.chart_out)


def test_moving_a_slider_updates_total_and_breakdown(explorer):
    before_summary, before_chart = explorer.summary.value, html_of(explorer.chart_out)
    wait = explorer.sliders["caspian_wait_days"]
    days_before = explorer._corridors.days(explorer.route.value, explorer.parameters())
    wait.value = wait.value + 2
    days_after = explorer._corridors.days(explorer.route.value, explorer.parameters())
    assert days_after == pytest.approx(days_before + 2)
    assert explorer.summary.value != before_summary
    assert f"Modelled: {days_after:.1f} days" in explorer.summary.value
    assert html_of(explorer.chart_out) != before_chart
    explorer._on_reset()


def _days_axis(explorer) -> list:
    """The days axis of the explorer's breakdown chart, from its embedded spec."""
    html = html_of(explorer.chart_out)
    start = html.index("})({") + 3
    spec, _ = json.JSONDecoder().raw_decode(html[start:])
    return spec["layer"][0]["encoding"]["x"]["scale"]["domain"]


def test_the_breakdown_axis_stays_put_while_sliders_move(explorer):
    before = _days_axis(explorer)
    for name, slider in explorer.sliders.items():
        slider.value = slider.min if name.endswith("_per_day") else slider.max
        assert _days_axis(explorer) == before, name
    # Every slider at its slowest end: the longest step just fits.
    longest = explorer._corridors.breakdown(
        explorer.route.value, explorer.parameters()
    )["days"].max()
    assert before == [0, pytest.approx(longest)]
    explorer._on_reset()


def test_picking_a_route_redraws_the_map(explorer):
    before = html_of(explorer.map_out)
    explorer.route.value = "northern"
    assert html_of(explorer.map_out) != before
    import html

    assert f"for {html.escape(explorer.route.label)} (" in explorer.summary.value
    explorer.route.value = explorer.route.options[0][1]


def test_reset_restores_the_sourced_defaults(explorer):
    table = explainer.load_model_parameters().set_index("parameter")
    explorer.sliders["rail_speed_km_per_day"].value = 500
    explorer.reset.click()
    assert (
        explorer.sliders["rail_speed_km_per_day"].value
        == table.loc["rail_speed_km_per_day", "value"]
    )


# --- the explorers ------------------------------------------------------------------

from explainer.widgets import partner_explorer, reform_explorer  # noqa: E402


def html_of(out: widgets.Output) -> str:
    return "".join(o["data"].get("text/html", "") for o in out.outputs)


def test_reform_explorer_starts_with_every_event():
    explorer = reform_explorer(event="constitutional-referendum-2026")
    reforms = explainer.load_reforms()
    assert isinstance(explorer, widgets.VBox)
    assert set(explorer.categories.value) == set(reforms["category"])
    assert [v for _, v in explorer.event.options] == list(
        explainer.reform_events(reforms)["event_id"]
    )
    card = html_of(explorer.detail)
    referendum = explainer.pick(reforms, event_id="constitutional-referendum-2026")
    assert referendum["title"] in card
    assert "87.15%" in card  # the summary of reforms.csv
    assert "caspianpost.com" in card  # its sources, linked
    assert "vega" in html_of(explorer.timeline).lower()


def test_reform_explorer_filters_by_category_and_status():
    explorer = reform_explorer()
    before = html_of(explorer.timeline)
    explorer.categories.value = ("referendum",)
    kept = [v for _, v in explorer.event.options]
    reforms = explainer.load_reforms().set_index("event_id")
    assert kept and set(reforms.loc[kept, "category"]) == {"referendum"}
    timeline = html_of(explorer.timeline)
    assert timeline != before
    assert "Referendum approves the new constitution" in timeline
    assert "Vice President post proposed" not in timeline
    explorer.statuses.value = ("in_force",)
    assert explorer.event.options == ()
    assert "No event has these categories and statuses" in html_of(explorer.timeline)
    assert explorer.event.value is None
    assert "Choose categories" in html_of(explorer.detail)


def test_reform_explorer_shows_the_chosen_event():
    explorer = reform_explorer()
    explorer.event.value = "vice-president-proposed-2026"
    card = html_of(explorer.detail)
    assert "Vice President post proposed" in card
    assert "Proposed" in card and "20 Jan 2026" in card


def test_reform_explorer_keeps_the_event_when_it_survives_a_filter():
    explorer = reform_explorer(event="constitutional-referendum-2026")
    explorer.categories.value = ("referendum", "constitution")
    assert explorer.event.value == "constitutional-referendum-2026"


def test_partner_explorer_follows_year_and_domains():
    explorer = partner_explorer()
    assert isinstance(explorer, widgets.VBox)
    latest = max(
        explainer.load_partnerships()["since"].dt.year.max(),
        explainer.load_indicators().query("metric == 'trade_turnover'")["year"].max(),
    )
    assert explorer.year.value == explorer.year.max == latest
    table = html_of(explorer.table)
    assert "Eurasian Economic Union" in table and "C5+1" in table
    explorer.year.value = 2000
    table = html_of(explorer.table)
    assert "Collective Security Treaty Organization" in table
    assert "Eurasian Economic Union" not in table  # it started in 2015
    assert "by 2000" in html_of(explorer.map)
    assert "No trade figure" in html_of(explorer.chart)
    explorer.year.value = 2024
    explorer.domains.value = ("investment",)
    table = html_of(explorer.table)
    assert "Belt and Road" in table and "Organization of Turkic States" not in table
    assert "Investment (" in html_of(explorer.map)
    assert "43.82" in html_of(explorer.chart)  # China's trade, Chinese customs


def test_partner_explorer_with_no_domain_says_so():
    explorer = partner_explorer(year=2024)
    explorer.domains.value = ()
    assert "Choose at least one domain" in html_of(explorer.table)
    assert "No trade figure" in html_of(explorer.chart)


def test_every_explorer_carries_the_explorer_class(explorer):
    from explainer.widgets import EXPLORER_CLASS

    for box in (explorer, reform_explorer(), partner_explorer()):
        assert EXPLORER_CLASS in box._dom_classes, type(box).__name__


# --- invalid values are refused; caches are bounded ---------------------------------

import math  # noqa: E402

from traitlets import TraitError  # noqa: E402

from explainer.widgets import common  # noqa: E402


def shown(box) -> dict:
    """What an explorer shows: every output and summary, to compare before/after."""
    found = {}
    for name in ("summary", "map_out", "chart_out", "map", "chart", "table"):
        part = getattr(box, name, None)
        if part is not None:
            found[name] = part.value if hasattr(part, "value") else html_of(part)
    return found


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, -math.inf, None, -1.0, 1e9, "fast"]
)
def test_corridor_sliders_refuse_invalid_values_and_keep_their_outputs(explorer, bad):
    slider = explorer.sliders["caspian_wait_days"]
    value, before = slider.value, shown(explorer)
    with pytest.raises(TraitError):
        slider.value = bad
    assert slider.value == value
    assert shown(explorer) == before


def test_a_refused_value_names_the_slider_and_its_range(explorer):
    slider = explorer.sliders["rail_speed_km_per_day"]
    # Sliders are labelled in readers' words (the parameter's label and its unit).
    with pytest.raises(TraitError, match=r"^Rail speed \(km/day\): expected a number"):
        slider.value = slider.max + 1


@pytest.mark.parametrize(
    ("trait", "bad"),
    [
        ("value", None),
        ("index", None),
        ("label", None),
        ("value", "nowhere"),
        ("index", 99),
    ],
)
def test_the_route_refuses_none_and_unknown_routes(explorer, trait, bad):
    route, before = explorer.route.value, shown(explorer)
    with pytest.raises(TraitError):
        setattr(explorer.route, trait, bad)
    assert explorer.route.value == route
    assert explorer.route.label and explorer.route.index is not None
    assert shown(explorer) == before


@pytest.mark.parametrize("bad", [math.nan, None, 1900, 3000, "soon"])
def test_the_partner_year_refuses_invalid_years(bad):
    box = partner_explorer(year=2010)
    before = shown(box)
    with pytest.raises(TraitError):
        box.year.value = bad
    assert box.year.value == 2010
    assert shown(box) == before


def test_the_partner_domains_refuse_none_and_unknown_domains():
    box = partner_explorer(year=2010)
    value, before = box.domains.value, shown(box)
    for bad in (None, ("no-such-domain",)):
        with pytest.raises(TraitError):
            box.domains.value = bad
    assert box.domains.value == value and shown(box) == before


def test_the_reform_event_is_none_only_when_no_event_is_left():
    box = reform_explorer(event="constitutional-referendum-2026")
    with pytest.raises(TraitError):
        box.event.value = None
    assert box.event.value == "constitutional-referendum-2026"
    box.categories.value = ("referendum",)
    box.statuses.value = ("in_force",)
    assert box.event.options == () and box.event.value is None  # nothing to choose
    box.statuses.value = tuple(v for _, v in box.statuses.options)
    assert box.event.value is not None


def test_lru_keeps_the_most_recently_used():
    cache = common.LRU(2)
    made = []

    def make(key):
        return lambda: made.append(key) or key.upper()

    assert cache.get("a", make("a")) == "A"
    cache.get("b", make("b"))
    cache.get("a", make("a"))  # a is now the most recent
    cache.get("c", make("c"))  # b goes
    assert len(cache) == 2 and "a" in cache and "b" not in cache
    assert made == ["a", "b", "c"]


def test_explorer_map_caches_are_bounded():
    from explainer.widgets import corridors, partners

    assert partners.MAP_CACHE <= 32 and corridors.MAP_CACHE <= 16
    assert f"``MAP_CACHE`` ({partners.MAP_CACHE})" in partners.PartnerExplorer.__doc__
    assert (
        f"``MAP_CACHE`` ({corridors.MAP_CACHE})" in corridors.CorridorExplorer.__doc__
    )
    box = partner_explorer()
    box._maps.size = 3  # a small cache, to see it drop maps without drawing 30
    for year in range(box.year.max - 5, box.year.max + 1):
        box.year.value = year
    assert len(box._maps) == 3
    assert f"by {box.year.value}" in html_of(box.map)
