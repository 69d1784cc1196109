"""Altair chart builders and the project's theme.

Builders take frames (the loaders are the defaults) and return charts; they never
display. Each chart carries its sources in its tooltips and keeps conflicting
figures side by side (one mark per reporter), never averaged. The interactivity
lives in the chart itself (legend selections, parameters), so it still works in the
static pages with no kernel.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer import style
from explainer.data import load_indicators, load_sources
from explainer.figures import date_text
from explainer.sources import cite_text

__all__ = [
    "THEME",
    "breakdown_chart",
    "enable_theme",
    "figures_chart",
    "model_chart",
    "project_timeline_chart",
    "route_comparison_chart",
    "theme",
    "titr_volume_chart",
    "with_sources",
]

THEME = "explainer"


@alt.theme.register(THEME, enable=False)
def theme() -> alt.theme.ThemeConfig:
    """The explainer's Altair theme: colour-blind-safe palette, readable type."""
    return {
        "config": {
            "font": style.FONT,
            "range": {"category": style.PALETTE},
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "gridColor": "#e6e6e6",
                "domainColor": "#888",
                "tickColor": "#888",
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 2,
                "labelLimit": 320,
            },
            "title": {
                "fontSize": 15,
                "anchor": "start",
                "subtitleFontSize": 12,
                "subtitleColor": "#555",
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "bar": {"cornerRadiusEnd": 2},
        }
    }


def enable_theme() -> None:
    """Turn the explainer theme on (idempotent)."""
    alt.theme.enable(THEME)


def with_sources(
    frame: pd.DataFrame, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A copy of ``frame`` with a plain-text ``source`` column for tooltips."""
    sources = load_sources() if sources is None else sources
    out = frame.copy()
    out["source"] = [cite_text(ids, sources) for ids in out["source_ids"]]
    out["source_ids"] = [";".join(ids) for ids in out["source_ids"]]
    return out


def _range_text(row: pd.Series) -> str:
    value = f"{row['value']:,.6g}"
    if pd.notna(row.get("value_high")):
        value += f"–{row['value_high']:,.6g}"
    return f"{value} {row['unit']}"


def titr_volume_chart(
    indicators: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Cargo on the Trans-Caspian route by year, against capacity and targets.

    Every reported figure is its own mark (two reporters for one year sit side by
    side). Clicking a legend entry highlights that series; the selection runs in
    the browser, so it also works in the static pages.

    Parameters
    ----------
    indicators
        Rows of ``indicators.csv`` (default: :func:`explainer.load_indicators`);
        uses the metrics ``titr_cargo`` and ``titr_capacity`` in Mt (rows whose
        qualifier is ``target`` or ``projection`` are drawn as targets).
    sources
        The claim ledger, for the tooltips.

    Returns
    -------
    altair.LayerChart
    """
    indicators = load_indicators() if indicators is None else indicators
    rows = indicators[
        indicators["metric"].isin(["titr_cargo", "titr_capacity"])
        & (indicators["unit"] == "Mt")
    ]
    if rows.empty:
        msg = "indicators has no rows of metric titr_cargo or titr_capacity in Mt"
        raise ValueError(msg)
    data = with_sources(rows, sources)
    ahead = data["qualifier"].isin(["target", "projection"])
    data["series"] = "Cargo carried (reported)"
    data.loc[data["metric"] == "titr_capacity", "series"] = "Capacity (reported)"
    data.loc[ahead, "series"] = "Target or projection"
    data["mark"] = (data["metric"] == "titr_cargo") & ~ahead
    # Years with more than one reported figure get side-by-side bars.
    counts = data[data["mark"]].groupby("year")["value"].transform("size")
    data["conflict"] = False
    data.loc[counts.index, "conflict"] = counts > 1
    data["figure"] = data.apply(_range_text, axis=1)
    kinds = ["Cargo carried (reported)", "Capacity (reported)", "Target or projection"]
    pick = alt.selection_point(fields=["series"], bind="legend", name="series_pick")
    colour = alt.Color(
        "series:N",
        title="Series (click to highlight)",
        scale=alt.Scale(
            domain=kinds,
            range=[
                style.OKABE_ITO["vermillion"],
                style.OKABE_ITO["blue"],
                style.OKABE_ITO["grey"],
            ],
        ),
    )
    tooltip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("figure:N", title="Figure"),
        alt.Tooltip("qualifier:N", title="How stated"),
        alt.Tooltip("reporter:N", title="Reported by"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("note:N", title="Note"),
    ]
    base = alt.Chart(data).encode(
        x=alt.X(
            "year:O", title="Year the figure refers to", axis=alt.Axis(labelAngle=0)
        ),
        y=alt.Y("value:Q", title="Million tonnes a year"),
        color=colour,
        tooltip=tooltip,
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
    )
    single = base.transform_filter(alt.datum.mark & ~alt.datum.conflict).mark_bar(
        width={"band": 0.5}
    )
    conflicting = (
        base.transform_filter(alt.datum.mark & alt.datum.conflict)
        .mark_bar(width={"band": 0.4})
        .encode(xOffset=alt.XOffset("reporter:N", scale=alt.Scale(paddingOuter=0.5)))
    )
    limits = base.transform_filter(~alt.datum.mark).mark_point(
        filled=True, size=140, shape="diamond"
    )
    return (
        alt.layer(single, conflicting, limits)
        .add_params(pick)
        .properties(
            title=alt.Title(
                "Freight on the Trans-Caspian route, by year",
                subtitle="Each reported figure is its own mark; where two sources "
                "differ for a year, both bars stand side by side.",
            ),
            width="container",
        )
    )


# --- the corridors: comparison, model, bottlenecks, projects -------------------

OURS = "This explainer (our geometry and model)"
REPORTED = "Reported by a source"


def _kind_colour() -> alt.Color:
    return alt.Color(
        "kind:N",
        title="Figure (click to highlight)",
        scale=alt.Scale(
            domain=[REPORTED, OURS],
            range=[style.OKABE_ITO["blue"], style.OKABE_ITO["vermillion"]],
        ),
    )


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
        :meth:`explainer.corridors.Corridors.table`).
    reported
        Rows of ``indicators.csv`` with metric ``route_distance`` or ``transit_time``
        and a ``corridor`` column (e.g. :func:`explainer.corridors.reported_for`).
    sources
        The claim ledger, for the tooltips.

    Returns
    -------
    altair.HConcatChart
        Two panels; a legend selection highlights reported or computed figures.
    """
    rep = with_sources(reported, sources)
    rep["kind"] = REPORTED
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
                    "kind": OURS,
                    "label": row.name,
                    "figure": f"{value:,.1f} {unit}",
                    "year": 2026,
                    "qualifier": "computed",
                    "source": "data/geo (computed)",
                    "note": "",
                }
            )
    both = pd.concat([rep, pd.DataFrame(own)], ignore_index=True)
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
        alt.Tooltip("kind:N", title="Figure"),
        alt.Tooltip("label:N", title="Who / route"),
        alt.Tooltip("figure:N", title="Value"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("qualifier:N", title="How stated"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("note:N", title="Note"),
    ]

    def panel(metric: str, title: str, *, with_param: bool) -> alt.LayerChart:
        base = (
            alt.Chart(both)
            .transform_filter(alt.datum.metric == metric)
            .encode(
                y=alt.Y(
                    "corridor_label:N",
                    sort=labels,
                    title=None,
                    axis=alt.Axis(labelLimit=260),
                ),
                yOffset=alt.YOffset("kind:N"),
                color=_kind_colour(),
                tooltip=tooltip,
                opacity=alt.condition(pick, alt.value(0.95), alt.value(0.15)),
            )
        )
        ranges = base.mark_rule(strokeWidth=3).encode(
            x=alt.X("value:Q", title=title), x2="high:Q"
        )
        points = base.mark_point(filled=True, size=90).encode(
            x="value:Q",
            shape=alt.Shape(
                "kind:N", legend=None, scale=alt.Scale(range=["circle", "diamond"])
            ),
        )
        layer = alt.layer(ranges, points).properties(width=300, height=alt.Step(26))
        # The selection is defined once (in the first panel) and used by both.
        return layer.add_params(pick) if with_param else layer

    return alt.hconcat(
        panel("route_distance", "Distance, km", with_param=True),
        panel("transit_time", "Transit time, days", with_param=False),
    ).properties(
        title=alt.Title(
            "China to Europe: what sources say, and what our geometry and model give",
            subtitle="Points are single figures, bars are ranges; each source stands "
            "on its own, nothing is averaged.",
        )
    )


def model_chart(table: pd.DataFrame, parameters: pd.DataFrame) -> alt.Chart:
    """The transit-time model, computed in the browser, with a slider per parameter.

    The bars are the model's components (travel by mode, border stops, port
    transfers, the Caspian wait) for each route. The sliders change the
    parameters and the bars follow, in the page itself: no kernel needed.

    Parameters
    ----------
    table
        One row per route with ``name`` and the quantities of
        :data:`explainer.model.TERMS` (e.g. :meth:`Corridors.table`).
    parameters
        ``model_parameters.csv``: ``parameter, value, low, high, unit``; the sliders
        span ``low..high`` and start at the sourced default.

    Returns
    -------
    altair.Chart
    """
    from explainer.model import TERM_LABELS, TERMS

    params = parameters.set_index("parameter")
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
                    name=f"{name.replace('_', ' ')} ",
                ),
            )
        )
        calc[term] = (
            f"datum.{term} / {name}" if how == "per" else f"datum.{term} * {name}"
        )
    keep = ["name", *[t for t, _, _ in TERMS]]
    data = table[keep].copy()
    chart = alt.Chart(data)
    for term, expr in calc.items():
        chart = chart.transform_calculate(**{f"d_{term}": expr})
    return (
        chart.transform_fold([f"d_{t}" for t, _, _ in TERMS], as_=["term", "days"])
        .transform_calculate(component=_label_expr(TERMS, TERM_LABELS))
        .transform_filter(alt.datum.days > 0)
        .mark_bar()
        .encode(
            y=alt.Y(
                "name:N",
                title=None,
                sort=list(data["name"]),
                axis=alt.Axis(labelLimit=280),
            ),
            x=alt.X("sum(days):Q", title="Modelled days, China to Europe"),
            color=_component_colour(),
            order=alt.Order("term:N"),
            tooltip=[
                alt.Tooltip("name:N", title="Route"),
                alt.Tooltip("component:N", title="Component"),
                alt.Tooltip("sum(days):Q", title="Days", format=".1f"),
            ],
        )
        .add_params(*sliders)
        .properties(
            width="container",
            height=alt.Step(24),
            title=alt.Title(
                "Move the sliders: the model recomputes in the page",
                subtitle="Defaults are the sourced values of "
                "model_parameters.csv; ranges are what the sources support.",
            ),
        )
    )


def _component_colour() -> alt.Color:
    """The model's components in the same colours in every chart."""
    from explainer.model import TERM_LABELS, TERMS

    labels = [TERM_LABELS[t] for t, _, _ in TERMS]
    colours = [*style.PALETTE, style.OKABE_ITO["grey"]][: len(labels)]
    return alt.Color(
        "component:N", title="Component", scale=alt.Scale(domain=labels, range=colours)
    )


def _label_expr(terms: tuple, labels: dict[str, str]) -> str:
    parts = [f"datum.term === 'd_{t}' ? '{labels[t]}'" for t, _, _ in terms]
    return " : ".join(parts) + " : datum.term"


def breakdown_chart(breakdown: pd.DataFrame, title: str = "") -> alt.Chart:
    """One route's modelled days, step by step (travel, borders, ports, waits).

    Parameters
    ----------
    breakdown
        From :meth:`explainer.corridors.Corridors.breakdown` (``step, kind, mode,
        place, length_km, days``).
    title
        The chart title.
    """
    from explainer.model import TERM_LABELS

    data = breakdown[["step", "kind", "mode", "place", "length_km", "days"]].copy()
    if "crossing" in breakdown:
        borders = breakdown["crossing"].fillna("") != ""
        data.loc[borders, "place"] = breakdown.loc[borders, "crossing"]
    kind_term = {
        "border": "rail_borders",
        "port": "port_calls",
        "caspian_wait": "caspian_crossings",
    }
    data["component"] = [
        TERM_LABELS[f"{m}_km"]
        if k == "travel"
        else TERM_LABELS[
            "road_borders" if (k == "border" and m == "road") else kind_term[k]
        ]
        for k, m in zip(data["kind"], data["mode"], strict=True)
    ]
    data["label"] = [
        f"{s}. {c} ({p})"
        for s, c, p in zip(data["step"], data["component"], data["place"], strict=True)
    ]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N",
                sort=list(data["label"]),
                title=None,
                axis=alt.Axis(labelLimit=320),
            ),
            x=alt.X("days:Q", title="Days"),
            color=_component_colour(),
            tooltip=[
                alt.Tooltip("label:N", title="Step"),
                alt.Tooltip("length_km:Q", title="Km", format=",.0f"),
                alt.Tooltip("days:Q", title="Days", format=".2f"),
            ],
        )
        .properties(title=title, width="container", height=alt.Step(16))
    )


def figures_chart(
    rows: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    sources: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Figures for one question side by side: one bar (or range) per figure.

    Parameters
    ----------
    rows
        Rows in the shape of ``indicators.csv`` (``value``, ``value_high``, ``unit``,
        ``reporter``, ``source_ids``, ...). A row whose ``source_ids`` is empty is a
        figure we computed; its ``reporter`` says how.
    title, x_title
        Chart and axis titles.
    sources
        The claim ledger, for the tooltips.
    """
    data = rows.copy()
    data["source_ids"] = [ids if ids else () for ids in data["source_ids"]]
    data = with_sources(data, sources)
    data["source"] = data["source"].replace("", "computed by this explainer")
    data["high"] = data["value_high"].fillna(data["value"])
    data["figure"] = data.apply(_range_text, axis=1)
    data["kind"] = [REPORTED if ids else OURS for ids in rows["source_ids"]]
    data["label"] = [
        f"{r} ({y})" for r, y in zip(data["reporter"], data["year"], strict=True)
    ]
    pick = alt.selection_point(fields=["kind"], bind="legend", name="figure_pick")
    base = alt.Chart(data).encode(
        y=alt.Y(
            "label:N",
            title=None,
            sort=list(data["label"]),
            axis=alt.Axis(labelLimit=320),
        ),
        color=_kind_colour(),
        opacity=alt.condition(pick, alt.value(0.95), alt.value(0.2)),
        tooltip=[
            alt.Tooltip("label:N", title="Who"),
            alt.Tooltip("figure:N", title="Figure"),
            alt.Tooltip("qualifier:N", title="How stated"),
            alt.Tooltip("source:N", title="Source"),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    bars = base.mark_bar(height={"band": 0.6}).encode(x=alt.X("value:Q", title=x_title))
    ranges = base.mark_rule(strokeWidth=6).encode(x="value:Q", x2="high:Q")
    text = base.mark_text(align="left", dx=4).encode(x="high:Q", text="figure:N")
    return (
        alt.layer(bars, ranges, text)
        .add_params(pick)
        .properties(title=title, width="container", height=alt.Step(28))
    )


def project_timeline_chart(
    events: pd.DataFrame,
    projects: pd.DataFrame,
    sources: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Each project's dated status steps, from announcement to operation.

    Parameters
    ----------
    events
        ``project_events.csv`` (e.g. :func:`explainer.load_project_events`).
    projects
        ``projects.geojson`` (for the names).
    sources
        The claim ledger, for the tooltips.

    Returns
    -------
    altair.LayerChart
        Clicking a status in the legend highlights its steps.
    """
    names = projects.set_index("id")["name"]
    data = with_sources(events, sources)
    data["project"] = data["project_id"].map(names)
    data["status_label"] = data["status"].str.replace("_", " ")
    data["when"] = [
        date_text(d, p)
        for d, p in zip(data["date"], data["date_precision"], strict=True)
    ]
    order = [s.replace("_", " ") for s in style.STATUS_ORDER]
    pick = alt.selection_point(
        fields=["status_label"], bind="legend", name="status_pick"
    )
    base = alt.Chart(data).encode(
        y=alt.Y("project:N", title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("date:T", title="Date of the step"),
    )
    spans = base.mark_line(color="#bbbbbb", strokeWidth=2).encode(detail="project:N")
    steps = base.mark_point(filled=True, size=110).encode(
        color=alt.Color(
            "status_label:N",
            title="Status (click to highlight)",
            scale=alt.Scale(
                domain=order,
                range=[style.STATUS_COLOURS[s] for s in style.STATUS_ORDER],
            ),
        ),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=[
            alt.Tooltip("project:N", title="Project"),
            alt.Tooltip("when:N", title="When"),
            alt.Tooltip("status_label:N", title="Status from then on"),
            alt.Tooltip("event:N", title="What happened"),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    return (
        alt.layer(spans, steps)
        .add_params(pick)
        .properties(
            width="container",
            height=alt.Step(30),
            title="Status steps of the projects, as sources dated them",
        )
    )
