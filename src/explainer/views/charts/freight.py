"""Charts of reported figures: freight on the corridor, and any set of figures."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.data import load_indicators
from explainer.i18n import t
from explainer.views import style
from explainer.views.charts.common import (
    BAR_PX,
    _kind_colour,
    _range_text,
    click_title,
    label_marks,
    ours,
    relabel,
    reported,
    row_layout,
    ticks,
    with_sources,
)
from explainer.views.charts.common import title as title_of

__all__ = ["figures_chart", "titr_volume_chart"]


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
    kinds = [
        t("charts.titr.cargo", "Cargo carried (reported)"),
        t("charts.titr.capacity", "Capacity (reported)"),
        t("charts.titr.ahead", "Target or projection"),
    ]
    data["series"] = kinds[0]
    data.loc[data["metric"] == "titr_capacity", "series"] = kinds[1]
    data.loc[ahead, "series"] = kinds[2]
    data["qualifier"] = relabel(data["qualifier"], style.QUALIFIER_LABELS)
    data["mark"] = (data["metric"] == "titr_cargo") & ~ahead
    # Years on a time scale (2025, 2027 and 2030 as far apart as they are). A bar
    # spans the middle of its year; where reporters differ for a year, the year's
    # span is shared between their bars, side by side, never stacked.
    data["when"] = pd.to_datetime(data["year"].astype(int).astype(str) + "-07-01")
    data["start"] = data["when"] - pd.Timedelta(days=120)
    data["end"] = data["when"] + pd.Timedelta(days=120)
    bars = data[data["mark"]].sort_values(["year", "reporter"])
    slot = bars.groupby("year").cumcount()
    count = bars.groupby("year")["year"].transform("size")
    width = pd.Timedelta(days=240) / count
    data.loc[bars.index, "start"] = bars["start"] + width * slot
    data.loc[bars.index, "end"] = data.loc[bars.index, "start"] + width * 0.9
    data["figure"] = data.apply(_range_text, axis=1)
    pick = alt.selection_point(fields=["series"], bind="legend", name="series_pick")
    colour = alt.Color(
        "series:N",
        title=click_title(t("charts.titr.series", "Series")),
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
        alt.Tooltip("series:N", title=t("charts.titr.series", "Series")),
        alt.Tooltip("year:O", title=t("charts.tip.year", "Year")),
        alt.Tooltip("figure:N", title=t("charts.tip.figure", "Figure")),
        alt.Tooltip("qualifier:N", title=t("charts.tip.how_stated", "How stated")),
        alt.Tooltip("reporter:N", title=t("charts.tip.reported_by", "Reported by")),
        alt.Tooltip("source:N", title=t("charts.tip.source", "Source")),
        alt.Tooltip("note:N", title=t("charts.tip.note", "Note")),
    ]
    first, last = int(data["year"].min()), int(data["year"].max())
    x_scale = alt.Scale(domain=[f"{first}-01-01", f"{last + 1}-01-01"])
    x_axis = alt.Axis(format="%Y", tickCount=ticks(60), labelFlush=True)
    base = alt.Chart(data).encode(
        y=alt.Y(
            "value:Q",
            title=t("charts.titr.y", "Million tonnes a year"),
            stack=None,
        ),
        color=colour,
        tooltip=tooltip,
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
    )
    reported = (
        base.transform_filter("datum.mark")
        .mark_bar()
        .encode(
            x=alt.X(
                "start:T",
                title=t("charts.titr.x", "Year the figure refers to"),
                scale=x_scale,
                axis=x_axis,
            ),
            x2="end:T",
            y2=alt.datum(0),
        )
    )
    limits = (
        base.transform_filter("!datum.mark")
        .mark_point(filled=True, size=140, shape="diamond")
        .encode(x=alt.X("when:T", scale=x_scale, axis=x_axis))
    )
    return (
        alt.layer(reported, limits)
        .add_params(pick)
        .properties(
            title=title_of(
                t("charts.titr.title", "Freight on the Trans-Caspian route, by year"),
                t(
                    "charts.titr.subtitle",
                    "Each reported figure is its own mark; where two sources "
                    "differ for a year, both bars stand side by side.",
                ),
            ),
            width="container",
        )
    )


def _labels(data: pd.DataFrame) -> list[str]:
    """One distinct label per figure: who and when, and the measure if they differ.

    Two rows must never share a label, or Vega would draw them as one bar (it once
    stacked a fleet's capacity onto the plan it should carry: 185,000 TEU).
    """
    measures = data["metric"].nunique() > 1 if "metric" in data else False
    metrics = data["metric"] if "metric" in data else [""] * len(data)
    labels = []
    for metric, reporter, year in zip(
        metrics, data["reporter"], data["year"], strict=True
    ):
        measure = style.METRIC_LABELS.get(metric, str(metric).replace("_", " "))
        labels.append(
            f"{measure}: {reporter} ({year})" if measures else f"{reporter} ({year})"
        )
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} [{seen[label]}]")
    return unique


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
    data["source"] = data["source"].replace(
        "", t("charts.figures.computed", "computed by this explainer")
    )
    data["qualifier"] = relabel(data["qualifier"], style.QUALIFIER_LABELS)
    data["high"] = data["value_high"].fillna(data["value"])
    data["figure"] = data.apply(_range_text, axis=1)
    data["kind"] = [reported() if ids else ours() for ids in rows["source_ids"]]
    data["label"] = _labels(data)
    # The figure goes into the label above its bar: a value written past the bar's
    # end is cut off on a phone ("96,000 TE").
    data["row"] = [
        f"{lab}: {fig}" for lab, fig in zip(data["label"], data["figure"], strict=True)
    ]
    rows = row_layout(list(data["row"]))
    data["lines"] = data["row"].map(rows.lines)
    pick = alt.selection_point(fields=["kind"], bind="legend", name="figure_pick")
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", title=None, sort=list(data["label"]), axis=None),
        tooltip=[
            alt.Tooltip("label:N", title=t("charts.figures.who", "Who")),
            alt.Tooltip("figure:N", title=t("charts.tip.figure", "Figure")),
            alt.Tooltip("qualifier:N", title=t("charts.tip.how_stated", "How stated")),
            alt.Tooltip("source:N", title=t("charts.tip.source", "Source")),
            alt.Tooltip("note:N", title=t("charts.tip.note", "Note")),
        ],
    )
    shaded = base.encode(
        color=_kind_colour(),
        opacity=alt.condition(pick, alt.value(0.95), alt.value(0.2)),
    )
    # Never stacked: each bar is one figure, whatever its label.
    bars = shaded.mark_bar(height=BAR_PX, yOffset=rows.below).encode(
        x=alt.X(
            "value:Q",
            title=x_title,
            stack=None,
            scale=alt.Scale(domainMin=0),
            axis=alt.Axis(tickCount=ticks()),
        )
    )
    # A range runs on from its bar's end (a single figure has none to draw).
    ranges = (
        shaded.transform_filter("datum.high > datum.value")
        .mark_rule(strokeWidth=6, yOffset=rows.below)
        .encode(x="value:Q", x2="high:Q")
    )
    # No rule layer without a range: an empty one leaves an unnamed mark group in
    # the SVG that screen readers announce (axe: svg-img-alt).
    drawn = [bars, ranges] if (data["high"] > data["value"]).any() else [bars]
    return (
        alt.layer(*drawn, label_marks(base, "lines", rows))
        .add_params(pick)
        .properties(
            title=title_of(title), width="container", height=alt.Step(rows.step)
        )
    )
