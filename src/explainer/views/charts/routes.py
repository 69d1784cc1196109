"""Charts of the routes: reported against computed, and the transit-time model."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from explainer.analysis.model import TERMS
from explainer.i18n import t
from explainer.text import unit_text
from explainer.views import style
from explainer.views.charts.common import (
    BAR_PX,
    NARROW,
    _component_colour,
    _kind_colour,
    _label_expr,
    _range_text,
    fit_meta,
    label_marks,
    number,
    relabel,
    row_layout,
    term_labels,
    ticks,
    with_sources,
)
from explainer.views.charts.common import ours as ours_kind
from explainer.views.charts.common import reported as reported_kind
from explainer.views.charts.common import title as title_of

__all__ = ["breakdown_chart", "model_chart", "route_comparison_chart"]


def route_comparison_chart(
    ours: pd.DataFrame,
    reported: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> alt.HConcatChart:
    """Distance and transit days by corridor: every source's figure beside ours.

    Parameters
    ----------
    ours
        One row per route with ``name, corridor, length_km, days`` (e.g.
        :meth:`explainer.analysis.network.Corridors.table`).
    reported
        Rows of ``indicators.csv`` with metric ``route_distance`` or ``transit_time``
        and a ``corridor`` column (e.g. :func:`explainer.reported_for`).
    sources
        The claim ledger, for the tooltips.

    Returns
    -------
    altair.HConcatChart
        Two panels; a legend selection highlights reported or computed figures.
    """
    rep = with_sources(reported, sources)
    rep["kind"] = reported_kind()
    rep["label"] = rep["reporter"]
    rep["high"] = rep["value_high"].fillna(rep["value"])
    rep["figure"] = rep.apply(_range_text, axis=1)
    own = []
    for row in ours.itertuples():
        for metric, value, unit in (
            ("route_distance", row.length_km, "km"),
            ("transit_time", row.days, "days"),
        ):
            own.append(
                {
                    "metric": metric,
                    "corridor": row.corridor,
                    "value": value,
                    "high": value,
                    "unit": unit,
                    "kind": ours_kind(),
                    "label": row.name,
                    "figure": f"{number(value, '.1f')} {unit_text(unit, value)}",
                    "year": 2026,
                    "qualifier": "computed",
                    "source": t("charts.routes.computed", "data/geo (computed)"),
                    "note": "",
                }
            )
    both = pd.concat([rep, pd.DataFrame(own)], ignore_index=True)
    both["qualifier"] = relabel(both["qualifier"], style.QUALIFIER_LABELS)
    order = [
        c
        for c in ("middle", "northern", "southern", "maritime")
        if c in set(both["corridor"])
    ]
    both["corridor_label"] = both["corridor"].map(
        lambda c: style.label(c, style.CORRIDOR_LABELS)
    )
    labels = [style.label(c, style.CORRIDOR_LABELS) for c in order]
    pick = alt.selection_point(fields=["kind"], bind="legend", name="kind_pick")
    tooltip = [
        alt.Tooltip("kind:N", title=t("charts.legend.figure", "Figure")),
        alt.Tooltip("label:N", title=t("charts.routes.who", "Who / route")),
        alt.Tooltip("figure:N", title=t("charts.tip.value", "Value")),
        alt.Tooltip("year:O", title=t("charts.tip.year", "Year")),
        alt.Tooltip("qualifier:N", title=t("charts.tip.how_stated", "How stated")),
        alt.Tooltip("source:N", title=t("charts.tip.source", "Source")),
        alt.Tooltip("note:N", title=t("charts.tip.note", "Note")),
    ]

    # Corridor names break before their bracket ("Southern route" over "(via
    # Turkmenistan and Iran)"); on a phone only the name before it is shown.
    parts = [label.partition(" (") for label in labels]
    side = 7 * max(len(p) for head, _, rest in parts for p in (head, rest)) + 20
    side_narrow = 7 * max(len(head) for head, _, _ in parts) + 20

    def panel(metric: str, title: str, *, with_param: bool) -> alt.LayerChart:
        base = (
            alt.Chart(both)
            .transform_filter(alt.datum.metric == metric)
            .encode(
                y=alt.Y(
                    "corridor_label:N",
                    sort=labels,
                    title=None,
                    axis=alt.Axis(labelLimit=side, labelExpr=_corridor_label),
                ),
                yOffset=alt.YOffset("kind:N"),
                color=_kind_colour(),
                tooltip=tooltip,
                opacity=alt.condition(pick, alt.value(0.95), alt.value(0.15)),
            )
        )
        # Ranges only: a single figure is its point (a rule of length 0 is empty).
        ranges = (
            base.transform_filter("datum.high > datum.value")
            .mark_rule(strokeWidth=3)
            .encode(
                x=alt.X(
                    "value:Q",
                    title=title,
                    scale=alt.Scale(domainMin=0),
                    axis=alt.Axis(tickCount=ticks()),
                ),
                x2="high:Q",
            )
        )
        points = base.mark_point(filled=True, size=90).encode(
            x=alt.X("value:Q", title=title, axis=alt.Axis(tickCount=ticks())),
            shape=alt.Shape(
                "kind:N", legend=None, scale=alt.Scale(range=["circle", "diamond"])
            ),
        )
        # The width is the template's (usermeta below): its share of the container.
        # No rule layer without a range (an empty one is an unnamed SVG group).
        shown = both[both["metric"] == metric]
        drawn = [ranges, points] if (shown["high"] > shown["value"]).any() else [points]
        layer = alt.layer(*drawn).properties(width=300, height=alt.Step(30))
        # The selection is defined once (in the first panel) and used by both.
        return layer.add_params(pick) if with_param else layer

    return alt.hconcat(
        panel(
            "route_distance",
            t("charts.routes.distance", "Distance, km"),
            with_param=True,
        ),
        panel(
            "transit_time",
            t("charts.routes.days", "Transit time, days"),
            with_param=False,
        ),
    ).properties(
        title=title_of(
            t(
                "charts.routes.title",
                "China to Europe: what sources say, and what our geometry and "
                "model give",
            ),
            t(
                "charts.routes.subtitle",
                "Points are single figures, bars are ranges; each source stands "
                "on its own, nothing is averaged.",
            ),
        ),
        # Each panel takes the container's width on a phone (stacked), half on a
        # laptop.
        usermeta=fit_meta(side, side_narrow=side_narrow),
    )


#: A corridor label: its name only on a phone, else the name over its bracket.
_corridor_label = (
    f"containerSize()[0] < {NARROW} ? split(datum.label, ' (')[0] : "
    "(indexof(datum.label, ' (') > 0 ? [split(datum.label, ' (')[0], "
    "'(' + split(datum.label, ' (')[1]] : datum.label)"
)


def model_chart(table: pd.DataFrame, parameters: pd.DataFrame) -> alt.LayerChart:
    """The transit-time model, computed in the browser, with a slider per parameter.

    The bars are the model's components (travel by mode, border stops, port
    transfers, the Caspian wait) for each route. The sliders change the
    parameters and the bars follow, in the page itself: no kernel needed.

    Parameters
    ----------
    table
        One row per route with ``name`` and the quantities of
        :data:`explainer.analysis.model.TERMS` (e.g. :meth:`Corridors.table`).
    parameters
        ``model_parameters.csv``: ``parameter, value, low, high, unit``; the sliders
        span ``low..high`` and start at the sourced default.

    Returns
    -------
    altair.LayerChart
    """
    params = parameters.set_index("parameter")
    names = _slider_names()
    sliders = []
    calc = {}
    for term, name, how in TERMS:
        row = params.loc[name]
        step = 10.0 if how == "per" else 0.25
        sliders.append(
            alt.param(
                name=name,
                value=float(row["value"]),
                bind=alt.binding_range(
                    min=float(row["low"]),
                    max=float(row["high"]),
                    step=step,
                    name=f"{names.get(name, name.replace('_', ' '))} ",
                ),
            )
        )
        calc[term] = (
            f"datum.{term} / {name}" if how == "per" else f"datum.{term} * {name}"
        )
    keep = ["name", *[t for t, _, _ in TERMS]]
    data = table[keep].copy()
    rows = row_layout(list(data["name"]))
    data["lines"] = data["name"].map(rows.lines)
    chart = alt.Chart(data)
    for term, expr in calc.items():
        chart = chart.transform_calculate(**{f"d_{term}": expr})
    y = alt.Y("name:N", title=None, sort=list(data["name"]), axis=None)
    bars = (
        chart.transform_fold([f"d_{t}" for t, _, _ in TERMS], as_=["term", "days"])
        .transform_calculate(component=_label_expr(TERMS, term_labels()))
        .transform_filter(alt.datum.days > 0)
        .mark_bar(height=BAR_PX, yOffset=rows.below)
        .encode(
            y=y,
            # Told to stack: a route's components add up to its days. The axis
            # spans every slider's whole range, so a bar moves, not the axis.
            x=alt.X(
                "sum(days):Q",
                title=t("charts.model.x", "Modelled days, China to Europe"),
                stack="zero",
                scale=alt.Scale(domain=[0, slowest_days(table, parameters)]),
                axis=alt.Axis(tickCount=ticks()),
            ),
            color=_component_colour(),
            order=alt.Order("term:N"),
            tooltip=[
                alt.Tooltip("name:N", title=t("charts.model.route", "Route")),
                alt.Tooltip(
                    "component:N", title=t("charts.model.component", "Component")
                ),
                alt.Tooltip(
                    "sum(days):Q", title=t("charts.tip.days", "Days"), format=".1f"
                ),
            ],
        )
    )
    names = alt.Chart(data).encode(y=y)
    return (
        alt.layer(bars, label_marks(names, "lines", rows))
        .add_params(*sliders)
        .properties(
            width="container",
            height=alt.Step(rows.step),
            title=title_of(
                t(
                    "charts.model.title",
                    "Move the sliders: the model recomputes in the page",
                ),
                t(
                    "charts.model.subtitle",
                    "Defaults are the sourced values of the model's parameters; "
                    "each slider spans what the sources support.",
                ),
            ),
        )
    )


def _slider_names() -> dict[str, str]:
    """The model's sliders' names (in English, the parameter's code in words)."""
    return {
        "rail_speed_km_per_day": t("charts.slider.rail_speed", "rail speed km per day"),
        "ferry_speed_km_per_day": t(
            "charts.slider.ferry_speed", "ferry speed km per day"
        ),
        "sea_speed_km_per_day": t("charts.slider.sea_speed", "sea speed km per day"),
        "road_speed_km_per_day": t("charts.slider.road_speed", "road speed km per day"),
        "border_dwell_days": t("charts.slider.border_dwell", "border dwell days"),
        "road_border_dwell_days": t(
            "charts.slider.road_border_dwell", "road border dwell days"
        ),
        "port_dwell_days": t("charts.slider.port_dwell", "port dwell days"),
        "caspian_wait_days": t("charts.slider.caspian_wait", "caspian wait days"),
    }


def slowest_days(table: pd.DataFrame, parameters: pd.DataFrame) -> float:
    """The most days any route can take within the sliders' ranges (rounded up).

    Every speed at its ``low`` end and every wait at its ``high`` end: the model
    chart's axis spans this, so it stays put while a slider moves.
    """
    params = parameters.set_index("parameter")
    worst = pd.Series(0.0, index=table.index)
    for term, name, how in TERMS:
        row = params.loc[name]
        worst += table[term] / row["low"] if how == "per" else table[term] * row["high"]
    return float(math.ceil(worst.max() / 10) * 10)


def breakdown_chart(
    breakdown: pd.DataFrame, title: str = "", *, days_max: float | None = None
) -> alt.LayerChart:
    """One route's modelled days, step by step (travel, borders, ports, waits).

    Parameters
    ----------
    breakdown
        From :meth:`explainer.analysis.network.Corridors.breakdown` (``step, kind, mode,
        place, length_km, days``).
    title
        The chart title.
    days_max
        Where the days axis ends (default: the longest step). A widget whose
        sliders change the steps passes the longest step its sliders allow, so
        the axis stays put while they move.
    """
    data = breakdown[["step", "kind", "mode", "place", "length_km", "days"]].copy()
    if "crossing" in breakdown:
        borders = breakdown["crossing"].fillna("") != ""
        data.loc[borders, "place"] = breakdown.loc[borders, "crossing"]
    kind_term = {
        "border": "rail_borders",
        "port": "port_calls",
        "caspian_wait": "caspian_crossings",
    }
    words = term_labels()
    data["component"] = [
        words[f"{m}_km"]
        if k == "travel"
        else words["road_borders" if (k == "border" and m == "road") else kind_term[k]]
        for k, m in zip(data["kind"], data["mode"], strict=True)
    ]
    data["label"] = [
        f"{s}. {c} ({p})"
        for s, c, p in zip(data["step"], data["component"], data["place"], strict=True)
    ]
    rows = row_layout(list(data["label"]))
    data["lines"] = data["label"].map(rows.lines)
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=list(data["label"]), title=None, axis=None)
    )
    bars = base.mark_bar(height=BAR_PX, yOffset=rows.below).encode(
        x=alt.X(
            "days:Q",
            title=t("charts.tip.days", "Days"),
            stack=None,
            axis=alt.Axis(tickCount=ticks()),
            scale=alt.Scale() if days_max is None else alt.Scale(domain=[0, days_max]),
        ),
        color=_component_colour(),
        tooltip=[
            alt.Tooltip("label:N", title=t("charts.breakdown.step", "Step")),
            alt.Tooltip(
                "length_km:Q", title=t("charts.breakdown.km", "Km"), format=",.0f"
            ),
            alt.Tooltip("days:Q", title=t("charts.tip.days", "Days"), format=".2f"),
        ],
    )
    return alt.layer(bars, label_marks(base, "lines", rows)).properties(
        title=title_of(title) if title else "",
        width="container",
        height=alt.Step(rows.step),
    )
