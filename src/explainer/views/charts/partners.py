"""Charts of Kazakhstan's partners: trade by reporter, frameworks by domain."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.analysis import selections
from explainer.data import (
    load_indicators,
    load_partners,
    load_partnerships,
)
from explainer.i18n import t
from explainer.text import unit_text
from explainer.views import style
from explainer.views.charts.common import (
    BLANK,
    NARROW,
    TITLE_CHARS,
    _needs,
    _tip,
    click_title,
    lines,
    ticks,
    with_sources,
)
from explainer.views.charts.common import title as title_of

__all__ = ["partnership_matrix", "trade_chart"]


def _legend_title(text: str) -> str | list[str]:
    """``text`` on lines of at most :data:`TITLE_CHARS` characters (one line: as is)."""
    parts = lines(text, TITLE_CHARS)
    return parts[0] if len(parts) == 1 else parts


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
    trade = selections.trade_figures(indicators, partners, year=year)
    _needs(trade, "no trade_turnover rows for these partners and years")
    units = sorted(set(trade["unit"]))
    if len(units) > 1:
        msg = f"trade figures in more than one unit ({', '.join(units)}); convert first"
        raise ValueError(msg)
    data = with_sources(trade, sources)
    data["kind"] = data["is_target"].map(
        {
            True: t("charts.trade.target", "Stated target"),
            False: t("charts.trade.reported", "Reported figure"),
        }
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
        x=alt.X(
            "value:Q",
            title=t(
                "charts.trade.x", "Trade turnover ({unit})", unit=unit_text(units[0])
            ),
            stack=None,
            axis=alt.Axis(tickCount=ticks()),
        ),
        color=alt.Color("year:N", title=click_title(t("charts.tip.year", "Year"))),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=[
            _tip("name", t("charts.partners.partner", "Partner")),
            _tip("year", t("charts.tip.year", "Year"), "O"),
            _tip("figure", t("charts.tip.figure", "Figure")),
            _tip("kind", t("charts.trade.kind", "Kind")),
            _tip("reporter", t("charts.tip.reported_by", "Reported by")),
            _tip("note", t("charts.tip.note", "Note")),
            _tip("source", t("charts.tip.source", "Source")),
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
            title=title_of(
                t("charts.trade.title", "Trade turnover with Kazakhstan's partners"),
                t(
                    "charts.trade.subtitle",
                    "One bar per reported figure; where sources differ for a "
                    "year, each keeps its own bar. Diamonds: stated targets.",
                ),
            ),
            width="container",
            height=max(160, 8 * slots * data["partner"].nunique()),
        )
    )


#: Characters of a framework's name on one line of a matrix cell (laptop width),
#: and the height of a line there (px).
CELL_CHARS = 16
CELL_LINE_PX = 11


def _cell_lines(data: pd.DataFrame) -> tuple[list, list, int]:
    """Each framework's lines in its cell, wide and phone, and the most in a cell.

    A cell's frameworks are blocks (name lines, then the year) one under the
    other with a blank line between; each block starts with as many empty lines
    as put it in its place in the cell's block, centred on the cell's most lines.
    """
    own = [
        [*lines(short, CELL_CHARS), str(year)]
        for short, year in zip(data["short"], data["since_year"], strict=True)
    ]
    years = [[str(year)] for year in data["since_year"]]
    wide, narrow = [None] * len(data), [None] * len(data)
    cells = data.reset_index(drop=True).groupby(["partner", "domain"], sort=False)
    blocks = {}
    for key, cell in cells:
        blocks[key] = list(cell.index)
    most = max(sum(len(own[i]) for i in idx) + len(idx) - 1 for idx in blocks.values())
    for idx in blocks.values():
        for texts, out in ((own, wide), (years, narrow)):
            total = sum(len(texts[i]) for i in idx) + len(idx) - 1
            line = (most - total) // 2
            for i in idx:
                out[i] = [BLANK] * line + texts[i]
                line += len(texts[i]) + 1
    return wide, narrow, most


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
    found = selections.frameworks(partnerships)
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
                t(
                    "charts.matrix.since",
                    "{framework} (since {since})",
                    framework=f,
                    since=w,
                )
                for f, w in zip(s, data.loc[s.index, "since_text"], strict=True)
            ),
        ),
        source=("source", lambda s: "; ".join(dict.fromkeys("; ".join(s).split("; ")))),
    )
    first, last = int(data["since_year"].min()), int(data["since_year"].max())
    as_of = alt.param(
        name="as_of",
        value=last if year is None else min(max(int(year), first), last),
        bind=alt.binding_range(
            min=first,
            max=last,
            step=1,
            name=t("charts.matrix.as_of", "Frameworks started by the end of:") + " ",
        ),
    )
    domains = [
        style.label(d, style.DOMAIN_LABELS)
        for d in style.ordered(style.DOMAIN_LABELS, data["domain"])
    ]
    rows = data.groupby("name")["since"].min().sort_values().index.tolist()
    x = alt.X(
        "domain_label:N",
        title=None,
        scale=alt.Scale(domain=domains),
        # Two-line labels where the columns are wide enough; upright ones on a phone
        # (slanted ones would overlap there).
        axis=alt.Axis(
            orient="bottom",
            labelAngle=alt.ExprRef("width < 420 ? -90 : 0"),
            labelAlign=alt.ExprRef("width < 420 ? 'right' : 'center'"),
            labelBaseline=alt.ExprRef("width < 420 ? 'middle' : 'top'"),
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
                # On two lines where long: a bottom legend starts right of the
                # partners' names, and the Russian title ran past a phone's screen.
                title=_legend_title(
                    t("charts.matrix.oldest", "Oldest framework started")
                ),
                legend=alt.Legend(format="d", orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                _tip("name", t("charts.partners.partner", "Partner")),
                _tip("domain_label", t("charts.matrix.domain", "Domain")),
                _tip("frameworks", t("charts.matrix.frameworks", "Frameworks")),
                _tip("source", t("charts.tip.source", "Source")),
            ],
        )
    )
    text = alt.Chart(data).encode(
        x=x,
        y=y,
        text="label:N",
        tooltip=[
            _tip("name", t("charts.partners.partner", "Partner")),
            _tip("domain_label", t("charts.matrix.domain", "Domain")),
            _tip("framework", t("charts.matrix.framework", "Framework")),
            _tip("since_text", t("charts.matrix.since_tip", "Since")),
            _tip("summary", t("charts.matrix.what", "What it is")),
            _tip("source", t("charts.tip.source", "Source")),
        ],
    )
    # The frameworks of a cell, one block of lines each (name wrapped to the cell,
    # never cut, then the year), centred in the cell together: each block is
    # padded at the top with empty lines to its place (Vega draws a text's lines
    # downwards from its first). On a phone, where a cell is a few letters wide,
    # the cells show the years only (the names are in the tooltips and the table).
    data["lines"], data["years"], most = _cell_lines(data)
    label = f"containerSize()[0] < {NARROW} ? datum.years : datum.lines"
    texts = [
        text.transform_filter("datum.since_year <= as_of")
        .transform_calculate(label=label)
        .mark_text(
            fontSize=10,
            lineHeight=CELL_LINE_PX,
            color="#111",
            baseline="top",
            dy=-(most * CELL_LINE_PX) // 2,
        )
    ]
    return (
        alt.layer(shade, *texts)
        .add_params(as_of)
        .properties(
            title=title_of(
                t("charts.matrix.title", "Kazakhstan's partners by domain"),
                t(
                    "charts.matrix.subtitle",
                    "Each cell: the frameworks and the year each started. "
                    "Move the slider to go back in time.",
                ),
            ),
            width="container",
            height=(CELL_LINE_PX * most + 16) * len(rows),
        )
    )
