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
from explainer.sources import cite_text

__all__ = ["THEME", "enable_theme", "theme", "titr_volume_chart", "with_sources"]

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
