"""Charts of the reform: the timeline, the parliament, the referendums."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.analysis import selections
from explainer.data import load_indicators, load_parliament, load_reforms
from explainer.i18n import t
from explainer.text import number_text, value_text
from explainer.views import style
from explainer.views.charts.common import (
    BLANK,
    NARROW,
    _needs,
    _scale,
    _tip,
    click_title,
    label_marks,
    row_layout,
    ticks,
    with_sources,
)
from explainer.views.charts.common import title as title_of

__all__ = ["parliament_chart", "referendum_chart", "reform_timeline"]


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
    data = with_sources(selections.reform_events(reforms), sources)
    statuses = style.ordered(style.REFORM_STATUS_LABELS, data["status"])
    categories = style.ordered(style.REFORM_CATEGORY_LABELS, data["category"])
    data["status_label"] = data["status"].map(
        lambda s: style.label(s, style.REFORM_STATUS_LABELS)
    )
    data["category_label"] = data["category"].map(
        lambda c: style.label(c, style.REFORM_CATEGORY_LABELS)
    )
    data["year"] = data["date"].dt.year
    first, last = int(data["year"].min()), int(data["year"].max())
    # Events of one category close in time sit on lanes one under the other,
    # never on top of each other (same day, or too close to tell apart).
    data["lane"] = _lanes(data, last)
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
                t("charts.reforms.all", "All categories"),
                *(style.label(c, style.REFORM_CATEGORY_LABELS) for c in categories),
            ],
            name=t("charts.reforms.category_pick", "Category:") + " ",
        ),
    )
    from_year = alt.param(
        name="from_year",
        value=start,
        bind=alt.binding_range(
            min=first,
            max=last,
            step=1,
            name=t("charts.reforms.from_year", "From year:") + " ",
        ),
    )
    return (
        alt.Chart(data[keep])
        .transform_filter(
            "(category_pick == 'all' || datum.category == category_pick) "
            "&& datum.year >= from_year"
        )
        .mark_point(filled=True, size=150, strokeWidth=2)
        .encode(
            x=alt.X("date:T", title=None, axis=_split_axis(last), scale=_split(last)),
            y=alt.Y(
                "category_label:N",
                title=None,
                sort=[style.label(c, style.REFORM_CATEGORY_LABELS) for c in categories],
                # One word a line on a phone: the dates keep the width.
                axis=alt.Axis(
                    labelExpr=f"containerSize()[0] < {NARROW} ? "
                    "split(datum.label, ' ') : datum.label",
                    # Vega cuts labels at 180 px: a Kazakh category is longer.
                    labelLimit=260,
                ),
            ),
            yOffset=alt.YOffset("lane:O"),
            color=alt.Color(
                "status_label:N",
                title=click_title(t("charts.tip.status", "Status")),
                scale=_scale(
                    statuses, style.REFORM_STATUS_LABELS, style.REFORM_STATUS_COLOURS
                ),
            ),
            shape=alt.Shape(
                "status_label:N",
                title=click_title(t("charts.tip.status", "Status")),
                scale=_scale(
                    statuses, style.REFORM_STATUS_LABELS, style.REFORM_STATUS_SHAPES
                ),
            ),
            opacity=alt.condition(status_pick, alt.value(0.95), alt.value(0.12)),
            tooltip=[
                _tip("title", t("charts.reforms.event", "Event")),
                _tip("date_text", t("charts.reforms.date", "Date")),
                _tip("category_label", t("charts.reforms.category", "Category")),
                _tip("status_label", t("charts.tip.status", "Status")),
                _tip("summary", t("charts.tip.what_happened", "What happened")),
                _tip("source", t("charts.tip.source", "Source")),
            ],
        )
        .add_params(status_pick, category_pick, from_year)
        .properties(
            title=title_of(
                t(
                    "charts.reforms.title",
                    "Kazakhstan's constitutional reforms, event by event",
                ),
                t(
                    "charts.reforms.subtitle",
                    "{year} is drawn wider than the years before it, where events "
                    "are few. Hover or tap a mark for the event and its source; the "
                    "controls below pick a category or move the first year.",
                    year=str(last),
                ),
            ),
            width="container",
            height=len(categories) * (14 * (int(data["lane"].max()) + 1) + 20),
        )
    )


#: Share of the width for the years before the last one (the last gets the rest).
EARLY_SHARE = 0.35


def _split(last: int) -> alt.Scale:
    """A time scale in two pieces: the years up to ``last`` narrow, ``last`` wide.

    Most events fall in the last year; on one even scale they would sit on top of
    each other. The scale starts at the slider's year (``from_year``).
    """
    return alt.Scale(
        domain=alt.ExprRef(
            f"[datetime(from_year, 0, 1), datetime({last}, 0, 1), "
            f"datetime({last + 1}, 0, 1)]"
        ),
        range=[
            0,
            alt.ExprRef(f"from_year >= {last} ? 0 : width * {EARLY_SHARE}"),
            alt.ExprRef("width"),
        ],
    )


def _split_axis(last: int) -> alt.Axis:
    """Years before ``last``; the months of ``last``, its first tick with the year."""
    months = ", ".join(f"datetime({last}, {m}, 1)" for m in (3, 6, 9))
    # A tick halfway through the early years where there is room for its label.
    early = (
        "datetime(from_year, 0, 1), "
        f"datetime(width < 400 ? from_year : floor((from_year + {last}) / 2), 0, 1)"
    )
    return alt.Axis(
        values=alt.ExprRef(
            f"from_year < {last} ? [{early}, datetime({last}, 0, 1), {months}] "
            f": [datetime({last}, 0, 1), {months}]"
        ),
        labelExpr=(
            "month(datum.value) === 0 ? timeFormat(datum.value, '%Y') "
            ": timeFormat(datum.value, '%b')"
        ),
        labelOverlap=True,
        labelFlush=True,
        grid=True,
    )


def _lanes(data: pd.DataFrame, last: int) -> pd.Series:
    """A lane per event: the first in its category free for long enough before it.

    "Long enough" is about a mark's width: 25 days in the wide last year, 600 days
    in the narrow years before it.
    """
    lanes = pd.Series(0, index=data.index)
    for _, group in data.sort_values("date").groupby("category"):
        ends: list[pd.Timestamp] = []
        for i, when in group["date"].items():
            gap = pd.Timedelta(days=25 if when.year >= last else 600)
            lane = next((n for n, end in enumerate(ends) if when - end >= gap), None)
            if lane is None:
                lane = len(ends)
                ends.append(when)
            ends[lane] = when
            lanes[i] = lane
    return lanes


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
    data["term"] = [
        "" if pd.isna(n) else number_text(int(n), "years") for n in data["term_years"]
    ]
    chambers = list(dict.fromkeys(data["chamber"]))
    totals = data.groupby("chamber", sort=False, as_index=False)["seats"].sum()
    by_period = data.groupby("period")["seats"].sum()
    pick = alt.selection_point(
        fields=["filled_label"], bind="legend", name="filled_pick"
    )
    # Chamber names above their bars (the bars keep the whole width on a phone);
    # the axis leaves room past the longest bar for its total.
    rows = row_layout(chambers, bar=22)
    totals["lines"] = totals["chamber"].map(rows.lines)
    y = alt.Y("chamber:N", sort=chambers, title=None, axis=None)
    x_scale = alt.Scale(domain=[0, float(totals["seats"].max()) * 1.2], nice=False)
    bars = (
        alt.Chart(data)
        .mark_bar(height=22, yOffset=rows.below)
        .encode(
            x=alt.X(
                "start:Q",
                title=t("charts.parliament.seats", "Seats"),
                scale=x_scale,
                axis=alt.Axis(tickCount=ticks()),
            ),
            x2="end:Q",
            y=y,
            color=alt.Color(
                "filled_label:N",
                title=click_title(t("charts.parliament.filled_by", "Seats filled by")),
                scale=_scale(ways, style.FILLED_BY_LABELS, style.FILLED_BY_COLOURS),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
            tooltip=[
                _tip("chamber", t("charts.parliament.chamber", "Chamber")),
                _tip("filled_label", t("charts.parliament.filled", "Filled by")),
                _tip("seats", t("charts.parliament.seats", "Seats"), "Q"),
                _tip("term", t("charts.parliament.term", "Term")),
                _tip("note", t("charts.tip.note", "Note")),
                _tip("source", t("charts.tip.source", "Source")),
            ],
        )
        .add_params(pick)
    )
    inside = (
        alt.Chart(data)
        .mark_text(fontSize=12, fontWeight="bold", yOffset=rows.below)
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
        .mark_text(align="left", dx=5, fontSize=12, yOffset=rows.below)
        .encode(x="seats:Q", y=y, text=alt.Text("seats:Q", format=","))
    )
    names = label_marks(alt.Chart(totals).encode(y=y), "lines", rows)
    chambers_in = data.groupby("period")["body"].nunique()
    subtitle = " ".join(
        _period_seats(
            style.label(p, style.PERIOD_LABELS),
            int(by_period[p]),
            int(chambers_in[p]),
        )
        for p in periods
    )
    return alt.layer(bars, inside, total, names).properties(
        title=title_of(
            t(
                "charts.parliament.title",
                "Parliament before and after the {year} constitution",
                year="2026",
            ),
            subtitle,
        ),
        width="container",
        height=alt.Step(rows.step),
    )


def _period_seats(period: str, seats: int, chambers: int) -> str:
    """One period's seats in the parliament chart's subtitle."""
    values = {"period": period[:1].upper() + period[1:], "seats": number_text(seats)}
    if chambers == 1:
        return t(
            "charts.parliament.one_chamber",
            {
                "one": "{period}: {seats} seat in one chamber.",
                "other": "{period}: {seats} seats in one chamber.",
            },
            count=seats,
            **values,
        )
    return t(
        "charts.parliament.chambers",
        {
            "one": "{period}: {seats} seat in {chambers} chambers.",
            "other": "{period}: {seats} seats in {chambers} chambers.",
        },
        count=seats,
        chambers=number_text(chambers),
        **values,
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
    data["measure"] = data["metric"].map(dict(style.REFERENDUM_MEASURES))
    data["figure"] = [value_text(r, qualifier=False) for _, r in data.iterrows()]
    data["top"] = data["value_high"].fillna(data["value"])
    pick = alt.selection_point(fields=["measure"], bind="legend", name="measure_pick")
    base = alt.Chart(data).encode(
        x=alt.X(
            "year:O",
            title=t("charts.referendum.x", "Referendum of"),
            axis=alt.Axis(labelAngle=0),
        ),
        xOffset=alt.XOffset(
            "measure:N", sort=[style.REFERENDUM_MEASURES[m] for m in measures]
        ),
        color=alt.Color(
            "measure:N",
            title=click_title(t("charts.referendum.measure", "Measure")),
            scale=_scale(measures, style.REFERENDUM_MEASURES, style.REFERENDUM_COLOURS),
        ),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.25)),
        tooltip=[
            _tip("year", t("charts.referendum.referendum", "Referendum"), "O"),
            _tip("measure", t("charts.referendum.measure", "Measure")),
            _tip("figure", t("charts.tip.figure", "Figure")),
            _tip("reporter", t("charts.tip.reported_by", "Reported by")),
            _tip("note", t("charts.tip.note", "Note")),
            _tip("source", t("charts.tip.source", "Source")),
        ],
    )
    bars = base.mark_bar().encode(
        y=alt.Y(
            "value:Q",
            title=t("charts.referendum.y", "Per cent"),
            scale=alt.Scale(domain=[0, 100]),
        )
    )
    ranges = (
        base.transform_filter("isValid(datum.value_high)")
        .mark_rule(strokeWidth=3, color="#111")
        .encode(y="value:Q", y2="value_high:Q")
    )
    # A range's label on two lines (it is wider than its bar on a phone); every
    # label padded to the same lines, so that its last line ends above the bar.
    split = [f.split("–", 1) for f in data["figure"]]
    two = any(len(parts) == 2 for parts in split)
    data["figure_lines"] = [
        [parts[0] + "–", parts[1]] if len(parts) == 2 else [BLANK] * two + parts
        for parts in split
    ]
    labels = base.mark_text(
        dy=-6 - 12 * two, fontSize=11, lineHeight=12, baseline="bottom"
    ).encode(y="top:Q", text="figure_lines:N", color=alt.value(style.INK))
    # A rule layer with nothing to draw would still leave an empty, unnamed mark
    # group in the SVG (screen readers and axe report it): only layer real ranges.
    layers = (
        [bars, ranges, labels] if data["value_high"].notna().any() else [bars, labels]
    )
    return (
        alt.layer(*layers)
        .add_params(pick)
        .properties(
            title=title_of(
                t("charts.referendum.title", "Three constitutional referendums"),
                t(
                    "charts.referendum.subtitle",
                    "Share of yes votes and turnout, as the election commission "
                    "reported them.",
                ),
            ),
            width="container",
            height=280,
        )
    )
