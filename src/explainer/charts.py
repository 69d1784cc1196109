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

from explainer import style, tables
from explainer.data import (
    load_indicators,
    load_parliament,
    load_partners,
    load_partnerships,
    load_reforms,
    load_sources,
)
from explainer.figures import date_text, value_text
from explainer.sources import cite_text

__all__ = [
    "THEME",
    "breakdown_chart",
    "enable_theme",
    "figures_chart",
    "model_chart",
    "parliament_chart",
    "partnership_matrix",
    "project_timeline_chart",
    "referendum_chart",
    "reform_timeline",
    "route_comparison_chart",
    "theme",
    "titr_volume_chart",
    "trade_chart",
    "with_sources",
]

THEME = "explainer"


@alt.theme.register(THEME, enable=False)
def theme() -> alt.theme.ThemeConfig:
    """The explainer's Altair theme: colour-blind-safe palette, readable type."""
    return {
        "config": {
            "font": style.FONT,
            "range": {
                "category": style.PALETTE,
                "ramp": style.SEQUENTIAL,
                "heatmap": style.SEQUENTIAL,
            },
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
                # Two columns where there is room; one on a phone, so that a wide
                # legend never squeezes the plot (autosize "fit" makes room for it).
                "columns": {"expr": "containerSize()[0] < 560 ? 1 : 2"},
                "labelLimit": 280,
                "titleLimit": 280,
            },
            "title": {
                "fontSize": 15,
                "anchor": "start",
                # Titles are cut to the container: a long one must not squeeze the plot.
                "limit": {"expr": "max(120, containerSize()[0] - 24)"},
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
    # Altair (6.3, pandas 3) turns a missing value of an object column into NaN,
    # which is not JSON; as pandas strings, missing values become null.
    for column in out.columns:
        values = out[column].dropna()
        if out[column].dtype == object and values.map(type).eq(str).all():
            out[column] = out[column].astype("string")
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


# --- shared pieces --------------------------------------------------------------------


def _scale(codes: list[str], labels: dict[str, str], values: dict) -> alt.Scale:
    """A scale from reader-facing labels to colours or shapes, in the given order."""
    return alt.Scale(
        domain=[style.label(c, labels) for c in codes],
        range=[values[c] for c in codes],
    )


def _tip(field: str, title: str, kind: str = "N") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:{kind}", title=title)


def _needs(frame: pd.DataFrame, what: str) -> None:
    if frame.empty:
        msg = f"nothing to draw: {what}"
        raise ValueError(msg)


# --- the reforms ---------------------------------------------------------------------


def reform_timeline(
    reforms: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    *,
    start: int | None = None,
) -> alt.Chart:
    """The reform events by date and category, shaped and coloured by status.

    Three controls run in the browser (so they also work in the static pages):
    clicking a status in the legend highlights it, a drop-down keeps one category,
    and a slider sets the first year shown.

    Parameters
    ----------
    reforms
        Rows of ``reforms.csv`` (default: :func:`explainer.load_reforms`).
    sources
        The claim ledger, for the tooltips.
    start
        The slider's first position: the first year shown (default: the earliest
        event's year, so the whole span shows).

    Returns
    -------
    altair.Chart
        With the parameters ``status_pick`` (legend), ``category_pick`` (drop-down)
        and ``from_year`` (slider).
    """
    reforms = load_reforms() if reforms is None else reforms
    _needs(reforms, "reforms has no rows")
    data = with_sources(tables.reform_events(reforms), sources)
    statuses = style.ordered(style.REFORM_STATUS_LABELS, data["status"])
    categories = style.ordered(style.REFORM_CATEGORY_LABELS, data["category"])
    data["status_label"] = data["status"].map(
        lambda s: style.label(s, style.REFORM_STATUS_LABELS)
    )
    data["category_label"] = data["category"].map(
        lambda c: style.label(c, style.REFORM_CATEGORY_LABELS)
    )
    # Events of one category on one day sit on lanes side by side, never on top.
    data["lane"] = data.groupby(["category", "date"]).cumcount()
    data["year"] = data["date"].dt.year
    first, last = int(data["year"].min()), int(data["year"].max())
    start = first if start is None else min(max(int(start), first), last)
    keep = [
        "event_id",
        "date",
        "date_text",
        "year",
        "title",
        "category",
        "category_label",
        "status",
        "status_label",
        "summary",
        "source",
        "confidence",
        "lane",
    ]
    status_pick = alt.selection_point(
        fields=["status_label"], bind="legend", name="status_pick"
    )
    category_pick = alt.param(
        name="category_pick",
        value="all",
        bind=alt.binding_select(
            options=["all", *categories],
            labels=[
                "All categories",
                *(style.label(c, style.REFORM_CATEGORY_LABELS) for c in categories),
            ],
            name="Category: ",
        ),
    )
    from_year = alt.param(
        name="from_year",
        value=start,
        bind=alt.binding_range(min=first, max=last, step=1, name="From year: "),
    )
    return (
        alt.Chart(data[keep])
        .transform_filter(
            "(category_pick == 'all' || datum.category == category_pick) "
            "&& datum.year >= from_year"
        )
        .mark_point(filled=True, size=150, strokeWidth=2)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                axis=alt.Axis(labelOverlap=True),
                scale=alt.Scale(padding=14),
            ),
            y=alt.Y(
                "category_label:N",
                title=None,
                sort=[style.label(c, style.REFORM_CATEGORY_LABELS) for c in categories],
            ),
            yOffset=alt.YOffset("lane:O"),
            color=alt.Color(
                "status_label:N",
                title="Status (click to highlight)",
                scale=_scale(
                    statuses, style.REFORM_STATUS_LABELS, style.REFORM_STATUS_COLOURS
                ),
            ),
            shape=alt.Shape(
                "status_label:N",
                title="Status (click to highlight)",
                scale=_scale(
                    statuses, style.REFORM_STATUS_LABELS, style.REFORM_STATUS_SHAPES
                ),
            ),
            opacity=alt.condition(status_pick, alt.value(0.95), alt.value(0.12)),
            tooltip=[
                _tip("title", "Event"),
                _tip("date_text", "Date"),
                _tip("category_label", "Category"),
                _tip("status_label", "Status"),
                _tip("summary", "What happened"),
                _tip("source", "Source"),
            ],
        )
        .add_params(status_pick, category_pick, from_year)
        .properties(
            title=alt.Title(
                "Kazakhstan's constitutional reforms, event by event",
                subtitle="Hover a mark for the event and its source. Use the "
                "controls below to pick a category or move the first year.",
            ),
            width="container",
            height=40 * len(categories) + 20,
        )
    )


def parliament_chart(
    parliament: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Seats of each chamber before and after the 2026 constitution, by how filled.

    Parameters
    ----------
    parliament
        Rows of ``parliament.csv`` (default: :func:`explainer.load_parliament`).
    sources
        The claim ledger, for the tooltips.

    Returns
    -------
    altair.LayerChart
        Stacked bars (one per chamber) with seat counts; clicking a legend entry
        highlights that way of filling seats (parameter ``filled_pick``).
    """
    parliament = load_parliament() if parliament is None else parliament
    _needs(parliament, "parliament has no rows")
    data = with_sources(parliament, sources)
    ways = style.ordered(style.FILLED_BY_LABELS, data["filled_by"])
    periods = style.ordered(style.PERIOD_LABELS, data["period"])
    data["chamber"] = (
        data["body"]
        + " ("
        + data["period"].map(lambda p: style.label(p, style.PERIOD_LABELS))
        + ")"
    )
    data["filled_label"] = data["filled_by"].map(
        lambda f: style.label(f, style.FILLED_BY_LABELS)
    )
    data = data.assign(
        _p=data["period"].map(periods.index), _w=data["filled_by"].map(ways.index)
    ).sort_values(["_p", "body", "_w"])
    data["end"] = data.groupby("chamber")["seats"].cumsum()
    data["start"] = data["end"] - data["seats"]
    data["mid"] = data["start"] + data["seats"] / 2
    data["term"] = ["" if pd.isna(t) else f"{int(t)} years" for t in data["term_years"]]
    chambers = list(dict.fromkeys(data["chamber"]))
    totals = data.groupby("chamber", sort=False, as_index=False)["seats"].sum()
    by_period = data.groupby("period")["seats"].sum()
    pick = alt.selection_point(
        fields=["filled_label"], bind="legend", name="filled_pick"
    )
    y = alt.Y("chamber:N", sort=chambers, title=None, axis=alt.Axis(labelLimit=220))
    bars = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X("start:Q", title="Seats"),
            x2="end:Q",
            y=y,
            color=alt.Color(
                "filled_label:N",
                title="Seats filled by (click to highlight)",
                scale=_scale(ways, style.FILLED_BY_LABELS, style.FILLED_BY_COLOURS),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
            tooltip=[
                _tip("chamber", "Chamber"),
                _tip("filled_label", "Filled by"),
                _tip("seats", "Seats", "Q"),
                _tip("term", "Term"),
                _tip("note", "Note"),
                _tip("source", "Source"),
            ],
        )
        .add_params(pick)
    )
    inside = (
        alt.Chart(data)
        .mark_text(fontSize=12, fontWeight="bold")
        .encode(
            x="mid:Q",
            y=y,
            text="seats:Q",
            color=alt.condition(
                alt.datum.filled_by == "party_list",
                alt.value("white"),
                alt.value("#111"),
            ),
        )
    )
    total = (
        alt.Chart(totals)
        .mark_text(align="left", dx=5, fontSize=12)
        .encode(x="seats:Q", y=y, text=alt.Text("seats:Q", format=","))
    )
    chambers_in = data.groupby("period")["body"].nunique()
    subtitle = " ".join(
        f"{style.label(p, style.PERIOD_LABELS).capitalize()}: {by_period[p]:,} seats "
        + (
            "in one chamber."
            if chambers_in[p] == 1
            else f"in {chambers_in[p]} chambers."
        )
        for p in periods
    )
    return alt.layer(bars, inside, total).properties(
        title=alt.Title(
            "Parliament before and after the 2026 constitution", subtitle=subtitle
        ),
        width="container",
        height=48 * len(chambers),
    )


def referendum_chart(
    indicators: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Yes share and turnout of each constitutional referendum, side by side.

    A figure given as a range (e.g. a turnout reported as two values) is drawn from
    its lower end with a line up to the upper end and labelled with both.

    Parameters
    ----------
    indicators
        Rows of ``indicators.csv``; uses ``referendum_yes_share`` and
        ``referendum_turnout`` of the entities ``referendum-YYYY``.
    sources
        The claim ledger, for the tooltips.

    Returns
    -------
    altair.LayerChart
        With a legend selection ``measure_pick``.
    """
    indicators = load_indicators() if indicators is None else indicators
    rows = indicators[
        indicators["metric"].isin(list(style.REFERENDUM_MEASURES))
        & indicators["entity"].str.startswith("referendum-")
    ]
    _needs(rows, "indicators has no referendum_yes_share or referendum_turnout rows")
    data = with_sources(rows, sources)
    measures = style.ordered(style.REFERENDUM_MEASURES, data["metric"])
    data["measure"] = data["metric"].map(style.REFERENDUM_MEASURES)
    data["figure"] = [value_text(r, qualifier=False) for _, r in data.iterrows()]
    data["top"] = data["value_high"].fillna(data["value"])
    pick = alt.selection_point(fields=["measure"], bind="legend", name="measure_pick")
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title="Referendum of", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset(
            "measure:N", sort=[style.REFERENDUM_MEASURES[m] for m in measures]
        ),
        color=alt.Color(
            "measure:N",
            title="Measure (click to highlight)",
            scale=_scale(measures, style.REFERENDUM_MEASURES, style.REFERENDUM_COLOURS),
        ),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
        tooltip=[
            _tip("year", "Referendum", "O"),
            _tip("measure", "Measure"),
            _tip("figure", "Figure"),
            _tip("reporter", "Reported by"),
            _tip("note", "Note"),
            _tip("source", "Source"),
        ],
    )
    bars = base.mark_bar().encode(
        y=alt.Y("value:Q", title="Per cent", scale=alt.Scale(domain=[0, 100]))
    )
    ranges = (
        base.transform_filter("isValid(datum.value_high)")
        .mark_rule(strokeWidth=3, color="#111")
        .encode(y="value:Q", y2="value_high:Q")
    )
    labels = base.mark_text(dy=-6, fontSize=11, baseline="bottom").encode(
        y="top:Q", text="figure:N", color=alt.value("#111")
    )
    return (
        alt.layer(bars, ranges, labels)
        .add_params(pick)
        .properties(
            title=alt.Title(
                "Three constitutional referendums",
                subtitle="Share of yes votes and turnout, as the election commission "
                "reported them.",
            ),
            width="container",
            height=280,
        )
    )


# --- the partners ----------------------------------------------------------------


def trade_chart(
    indicators: pd.DataFrame | None = None,
    partners: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    *,
    year: int | None = None,
) -> alt.LayerChart:
    """Kazakhstan's trade turnover by partner and year, every reporter's figure.

    Each figure is its own bar in its partner's row: where two reporters give a
    figure for the same year (e.g. Chinese customs and the Kazakh government),
    both bars stand one under the other. Stated targets are hollow diamonds.
    Clicking a year in the legend highlights it.

    Parameters
    ----------
    indicators
        Rows of ``indicators.csv`` (``trade_turnover``; the derived ``total`` is
        left out).
    partners
        Rows of ``partners.csv``, for names (default: :func:`explainer.load_partners`).
    sources
        The claim ledger, for the tooltips.
    year
        Show figures up to this year only (default: all).

    Returns
    -------
    altair.LayerChart
        With a legend selection ``year_pick``.
    """
    indicators = load_indicators() if indicators is None else indicators
    partners = load_partners() if partners is None else partners
    trade = tables.trade_figures(indicators, partners, year=year)
    _needs(trade, "no trade_turnover rows for these partners and years")
    units = sorted(set(trade["unit"]))
    if len(units) > 1:
        msg = f"trade figures in more than one unit ({', '.join(units)}); convert first"
        raise ValueError(msg)
    data = with_sources(trade, sources)
    data["kind"] = data["is_target"].map(
        {True: "Stated target", False: "Reported figure"}
    )
    # One slot per figure within its partner's row, centred in the row.
    data["slot"] = data.groupby("partner").cumcount()
    count = data.groupby("partner")["slot"].transform("size")
    slots = int(count.max())
    data["slot"] += (slots - count) // 2
    order = (
        data.groupby("name")["value"].max().sort_values(ascending=False).index.tolist()
    )
    pick = alt.selection_point(fields=["year"], bind="legend", name="year_pick")
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=order, title=None),
        yOffset=alt.YOffset("slot:O", scale=alt.Scale(domain=list(range(slots)))),
        x=alt.X("value:Q", title=f"Trade turnover ({units[0]})"),
        color=alt.Color("year:N", title="Year (click to highlight)"),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=[
            _tip("name", "Partner"),
            _tip("year", "Year", "O"),
            _tip("figure", "Figure"),
            _tip("kind", "Kind"),
            _tip("reporter", "Reported by"),
            _tip("note", "Note"),
            _tip("source", "Source"),
        ],
    )
    bars = base.transform_filter("!datum.is_target").mark_bar()
    targets = base.transform_filter("datum.is_target").mark_point(
        shape="diamond", size=120, filled=False, strokeWidth=2.5
    )
    return (
        alt.layer(bars, targets)
        .add_params(pick)
        .properties(
            title=alt.Title(
                "Trade turnover with Kazakhstan's partners",
                subtitle="One bar per reported figure; where sources differ for a "
                "year, each keeps its own bar. Diamonds: stated targets.",
            ),
            width="container",
            height=max(160, 8 * slots * data["partner"].nunique()),
        )
    )


def _short_name(framework: str) -> str:
    """A short label: the acronym in brackets if there is one, else the name."""
    head, _, rest = framework.partition(" (")
    inner = rest.rstrip(")")
    if inner and inner.replace("+", "").isalnum() and inner.isupper():
        return inner
    return head


def partnership_matrix(
    partnerships: pd.DataFrame | None = None,
    partners: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    *,
    year: int | None = None,
) -> alt.LayerChart:
    """Partner × domain: each cell the frameworks with the year they started.

    A cell's shade is the start year of its oldest framework. A slider (in the
    browser) keeps only the frameworks that had started by the end of a year.

    Parameters
    ----------
    partnerships
        Rows of ``partnerships.csv`` (default: :func:`explainer.load_partnerships`).
    partners
        Rows of ``partners.csv``, for names.
    sources
        The claim ledger, for the tooltips.
    year
        The slider's first position (default: the latest start year).

    Returns
    -------
    altair.LayerChart
        With the parameter ``as_of`` (slider).
    """
    partnerships = load_partnerships() if partnerships is None else partnerships
    partners = load_partners() if partners is None else partners
    _needs(partnerships, "partnerships has no rows")
    found = tables.frameworks(partnerships)
    data = with_sources(found, sources)
    names = partners.set_index("partner")["name"]
    data["name"] = data["partner"].map(lambda p: names.get(p, p))
    data["domain_label"] = data["domain"].map(
        lambda d: style.label(d, style.DOMAIN_LABELS)
    )
    data["since_year"] = data["since"].dt.year
    data["short"] = data["framework"].map(_short_name)
    rank = data.groupby(["partner", "domain"]).cumcount()
    size = data.groupby(["partner", "domain"])["framework"].transform("size")
    data["slot"] = rank * 2 + (size == 1).astype(int)
    cells = data.groupby(["name", "domain_label"], as_index=False).agg(
        first_year=("since_year", "min"),
        frameworks=(
            "framework",
            lambda s: "; ".join(
                f"{f} (since {t})"
                for f, t in zip(s, data.loc[s.index, "since_text"], strict=True)
            ),
        ),
        source=("source", lambda s: "; ".join(dict.fromkeys("; ".join(s).split("; ")))),
    )
    first, last = int(data["since_year"].min()), int(data["since_year"].max())
    as_of = alt.param(
        name="as_of",
        value=last if year is None else min(max(int(year), first), last),
        bind=alt.binding_range(
            min=first, max=last, step=1, name="Frameworks started by the end of: "
        ),
    )
    domains = [
        style.DOMAIN_LABELS[d]
        for d in style.ordered(style.DOMAIN_LABELS, data["domain"])
    ]
    rows = data.groupby("name")["since"].min().sort_values().index.tolist()
    x = alt.X(
        "domain_label:N",
        title=None,
        scale=alt.Scale(domain=domains),
        # Two-line labels where the columns are wide enough, slanted ones on a phone.
        axis=alt.Axis(
            orient="bottom",
            labelAngle=alt.ExprRef("width < 420 ? -40 : 0"),
            labelAlign=alt.ExprRef("width < 420 ? 'right' : 'center'"),
            labelExpr="width < 420 ? datum.label : split(datum.label, ' ')",
        ),
    )
    y = alt.Y("name:N", title=None, scale=alt.Scale(domain=rows))
    shade = (
        alt.Chart(cells)
        .transform_filter("datum.first_year <= as_of")
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "first_year:Q",
                title="Oldest framework started",
                legend=alt.Legend(format="d", orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                _tip("name", "Partner"),
                _tip("domain_label", "Domain"),
                _tip("frameworks", "Frameworks"),
                _tip("source", "Source"),
            ],
        )
    )
    text = alt.Chart(data).encode(
        x=x,
        y=y,
        text="label:N",
        tooltip=[
            _tip("name", "Partner"),
            _tip("domain_label", "Domain"),
            _tip("framework", "Framework"),
            _tip("since_text", "Since"),
            _tip("summary", "What it is"),
            _tip("source", "Source"),
        ],
    )
    # Frameworks of one cell: one centred, two above and below the centre; names are
    # cut to the cell's width (an expression, so it follows the container's width).
    fits = alt.ExprRef(f"max(30, width / {len(domains)} - 8)")
    texts = [
        text.transform_filter(f"datum.since_year <= as_of && datum.slot == {slot}")
        .transform_calculate(label="[datum.short, '' + datum.since_year]")
        .mark_text(
            fontSize=alt.ExprRef("width < 420 ? 9 : 10"),
            lineHeight=11,
            limit=fits,
            color="#111",
            dy=dy,
        )
        for slot, dy in ((0, -12), (1, 0), (2, 12))
    ]
    return (
        alt.layer(shade, *texts)
        .add_params(as_of)
        .properties(
            title=alt.Title(
                "Kazakhstan's partners by domain",
                subtitle="Each cell: the frameworks and the year each started. "
                "Move the slider to go back in time.",
            ),
            width="container",
            height=60 * len(rows),
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
