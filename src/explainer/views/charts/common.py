"""Pieces the chart builders share: sources in tooltips, scales, checks."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd
from babel.numbers import format_decimal

from explainer.analysis.model import TERMS
from explainer.analysis.sources import cite_text
from explainer.data import load_sources
from explainer.i18n import language, t
from explainer.text import unit_text
from explainer.views import style
from explainer.views.sources import note_cited
from explainer.views.theme import LEGEND_TWO_COLUMNS


def with_sources(
    frame: pd.DataFrame, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A copy of ``frame`` with a plain-text ``source`` column for tooltips."""
    sources = load_sources() if sources is None else sources
    # The English the loaders keep for selections (reporter_en) is never drawn.
    out = frame.drop(columns=[c for c in frame.columns if str(c).endswith("_en")])
    out["source"] = [cite_text(ids, sources) for ids in out["source_ids"]]
    for ids in out["source_ids"]:
        note_cited(ids)
    out["source_ids"] = [";".join(ids) for ids in out["source_ids"]]
    # Altair (6.3, pandas 3) turns a missing value of an object column into NaN,
    # which is not JSON; as pandas strings, missing values become null.
    for column in out.columns:
        values = out[column].dropna()
        if out[column].dtype == object and values.map(type).eq(str).all():
            out[column] = out[column].astype("string")
    return out


def number(value: float, digits: str = ".6g") -> str:
    """A number rounded as ``format(value, digits)`` rounds it, grouped.

    The separators are the language's (Babel's): ``1,000.5`` in English,
    ``1 000,5`` in Russian. ``digits`` is ``".6g"`` (six significant digits) or
    ``".Nf"`` (N decimals).
    """
    rounded = float(format(float(value), digits))
    decimals = "#" * 6 if digits.endswith("g") else "0" * int(digits[1:-1])
    pattern = "#,##0" + (f".{decimals}" if decimals else "")
    return format_decimal(rounded, format=pattern, locale=language())


def _range_text(row: pd.Series) -> str:
    value = number(row["value"])
    last = float(row["value"])
    if pd.notna(row.get("value_high")):
        value += f"–{number(row['value_high'])}"
        last = float(row["value_high"])
    return f"{value} {unit_text(str(row['unit']), last)}"


def _scale(codes: list[str], labels: Mapping[str, str], values: dict) -> alt.Scale:
    """A scale from reader-facing labels to colours or shapes, in the given order."""
    return alt.Scale(
        domain=[style.label(c, labels) for c in codes],
        range=[values[c] for c in codes],
    )


def relabel(column: pd.Series, labels: Mapping[str, str]) -> pd.Series:
    """Codes in a column as readers' words; other values (and missing) kept."""
    return column.map(lambda v: labels.get(v, v) if isinstance(v, str) else v).astype(
        column.dtype
    )


def _tip(field: str, title: str, kind: str = "N") -> alt.Tooltip:
    return alt.Tooltip(f"{field}:{kind}", title=title)


def _needs(frame: pd.DataFrame, what: str) -> None:
    if frame.empty:
        msg = f"nothing to draw: {what}"
        raise ValueError(msg)


#: The two kinds of figure in the charts, in English (:func:`ours` and
#: :func:`reported` give them in the language in use).
OURS = "This explainer (our geometry and model)"


REPORTED = "Reported by a source"


def ours() -> str:
    """The legend entry of figures this explainer computed."""
    return t("charts.kind.ours", "This explainer (our geometry and model)")


def reported() -> str:
    """The legend entry of figures a source reported."""
    return t("charts.kind.reported", "Reported by a source")


def term_labels() -> dict[str, str]:
    """The transit-time model's components in readers' words (legends, labels).

    The same words as :data:`explainer.analysis.model.TERM_LABELS`, in the
    language in use.
    """
    return {
        "rail_km": t("charts.term.rail_km", "rail travel"),
        "ferry_km": t("charts.term.ferry_km", "ferry / feeder crossing"),
        "sea_km": t("charts.term.sea_km", "deep-sea voyage"),
        "road_km": t("charts.term.road_km", "road travel"),
        "rail_borders": t("charts.term.rail_borders", "rail border stops"),
        "road_borders": t("charts.term.road_borders", "road border stops"),
        "port_calls": t("charts.term.port_calls", "port transfers"),
        "caspian_crossings": t(
            "charts.term.caspian_crossings", "waiting for a Caspian vessel"
        ),
    }


def click_title(what: str) -> str | list[str]:
    """A legend's title that says its entries can be clicked.

    A translation may put the hint on a line of its own (a line break in the
    text): the title is then a list of lines, so that a long one is not cut.
    """
    text = t("charts.legend.click", "{what} (click to highlight)", what=what)
    return text.split("\n") if "\n" in text else text


#: Legend labels longer than this many characters take two lines in one column.
LEGEND_LABEL_CHARS = 28


def wrapped_legend_label(chars: int = LEGEND_LABEL_CHARS) -> str:
    """A legend's ``labelExpr``: a long label on two lines in a one-column legend.

    The legend is one column on a phone. A bottom legend starts where the plot
    starts, right of the y axis's labels, so there a label as long as "Осы материал
    (біздің геометрия мен модель)" ran past the chart. Its words are split in two
    halves, so no word is cut.
    """
    words = "split(datum.label, ' ')"
    half = f"ceil(length({words}) / 2)"
    return (
        f"containerSize()[0] < {LEGEND_TWO_COLUMNS} && length(datum.label) > {chars}"
        f" ? [join(slice({words}, 0, {half}), ' '), join(slice({words}, {half}), ' ')]"
        " : datum.label"
    )


def _kind_colour() -> alt.Color:
    return alt.Color(
        "kind:N",
        title=click_title(t("charts.legend.figure", "Figure")),
        scale=alt.Scale(
            domain=[reported(), ours()],
            range=[style.OKABE_ITO["blue"], style.OKABE_ITO["vermillion"]],
        ),
        legend=alt.Legend(labelExpr=wrapped_legend_label()),
    )


def _component_colour() -> alt.Color:
    """The model's components in the same colours in every chart."""
    words = term_labels()
    labels = [words[term] for term, _, _ in TERMS]
    colours = [*style.PALETTE, style.OKABE_ITO["grey"]][: len(labels)]
    return alt.Color(
        "component:N",
        title=t("charts.model.component", "Component"),
        scale=alt.Scale(domain=labels, range=colours),
    )


def _label_expr(terms: tuple, labels: Mapping[str, str]) -> str:
    parts = [
        f"datum.term === 'd_{term}' ? '{_quoted(labels[term])}'" for term, _, _ in terms
    ]
    return " : ".join(parts) + " : datum.term"


# --- layout for the width a chart gets (a 390 px phone to a 1280 px laptop) -------

#: Below this container width (px) a chart takes its compact layout: titles wrap,
#: side-by-side panels stack, axes have fewer ticks.
NARROW = 560

#: Characters per line that fit a phone (about 350 px of chart) at each font size.
TITLE_CHARS = 30
SUBTITLE_CHARS = 46
LABEL_CHARS = 44

#: An empty line of a multi-line text: a zero-width space (Vega trims whitespace
#: such as a no-break space, and an empty line takes no height in SVG).
BLANK = "\u200b"

#: Pixels a line of 12 px text takes in a row label, and a bar under it.
LINE_PX = 15
BAR_PX = 14


def lines(text: str, chars: int) -> list[str]:
    """``text`` broken into lines of at most ``chars`` characters (never cut)."""
    return textwrap.wrap(str(text), chars, break_long_words=False) or [""]


def _quoted(text: str) -> str:
    """Text for a single-quoted Vega expression string."""
    return text.replace("\\", "\\\\").replace("'", "\\'")


def _js(value: object) -> str:
    """A Vega expression literal for a string or a list of strings."""
    return json.dumps(value, ensure_ascii=False)


def title(text: str, subtitle: str | None = None) -> alt.Title:
    """A title on one line where it fits, wrapped on a phone; the subtitle wrapped.

    Nothing is cut: the title's lines are chosen by the container's width in the
    browser, and the subtitle is broken into lines short enough for a phone.
    """
    wide, narrow = _js(text), _js(lines(text, TITLE_CHARS))
    expr = alt.ExprRef(f"containerSize()[0] < {NARROW} ? {narrow} : {wide}")
    if subtitle is None:
        return alt.Title(expr)
    return alt.Title(expr, subtitle=lines(subtitle, SUBTITLE_CHARS))


def ticks(pixels: int = 80) -> alt.ExprRef:
    """A tick count that follows the plot's width: one tick per ``pixels``."""
    return alt.ExprRef(f"max(2, floor(width / {pixels}))")


@dataclass(frozen=True)
class Rows:
    """Rows of bars with their labels above them (see :func:`row_layout`).

    Attributes
    ----------
    lines : dict of str to list of str
        Each label's lines, padded at the top with blank lines to the longest
        label's count (Vega stacks a text's lines downwards from its first).
    step : int
        The row's height, px.
    below : int
        How far below the row's centre the bar's centre sits (the bar mark's
        ``yOffset``).
    label_dy : int
        The labels' ``dy`` (from the row's centre to their first line's top).
    """

    lines: dict[str, list[str]]
    step: int
    below: int
    label_dy: int


def row_layout(labels: list[str], chars: int = LABEL_CHARS, bar: int = BAR_PX) -> Rows:
    """Labels above bars: each label's lines, the row's height and the offsets.

    Long labels beside bars squeeze the bars to nothing on a phone; above the bar
    they take the whole width and wrap instead of being cut. The last line of
    every label ends 2 px above its bar (``bar`` px high).
    """
    wrapped = {label: lines(label, chars) for label in labels}
    most = max((len(v) for v in wrapped.values()), default=1)
    padded = {k: [BLANK] * (most - len(v)) + v for k, v in wrapped.items()}
    step = 2 * ((LINE_PX * most + bar + 11) // 2)
    bar_centre = 3 + LINE_PX * most + 2 + bar // 2
    below = bar_centre - step // 2
    return Rows(padded, step, below, below - bar // 2 - 2 - LINE_PX * most)


def label_marks(base: alt.Chart, field: str, rows: Rows) -> alt.Chart:
    """Row labels drawn just above their bars (``field`` holds each label's lines)."""
    return base.mark_text(
        align="left",
        baseline="top",
        dy=rows.label_dy,
        fontSize=12,
        lineHeight=LINE_PX,
    ).encode(
        x=alt.value(0),
        text=f"{field}:N",
        color=alt.value(style.INK),
    )


def fit_meta(
    side: int, *, side_narrow: int | None = None, stack_below: int = 900
) -> dict:
    """``usermeta`` for a concatenated chart: the template sizes its panels.

    Vega-Lite cannot give the panels of a concatenated chart the container's
    width, so ``chart.html.j2`` sets each panel's width in the browser: the
    container's width, less ``side`` px per panel for its axis labels; side-by-side
    panels stack below ``stack_below`` px. ``side_narrow`` is the room a panel's
    labels need below :data:`NARROW` px (a compact layout's shorter labels).
    """
    return {
        "explainer": {
            "fit": True,
            "side": side,
            "sideNarrow": side if side_narrow is None else side_narrow,
            "narrowBelow": NARROW,
            "stackBelow": stack_below,
        }
    }


# --- what assistive tools say about axes and legends ---------------------------------

#: Channels whose field gets a legend (Vega-Lite's).
LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")


def _plain_title(value: object) -> str:
    """A title as one line (a list of lines joined); ``''`` for none or an expr."""
    if isinstance(value, str):
        return value.replace(BLANK, "").strip()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(v.replace(BLANK, "").strip() for v in value if v.strip())
    return ""


def _listed(channel: dict) -> str:
    """The values of a discrete channel the spec lists (its sort or scale domain)."""
    scale = channel.get("scale")
    for values in (channel.get("sort"), scale.get("domain") if scale else None):
        if (
            isinstance(values, list)
            and values
            and all(isinstance(v, str) for v in values)
        ):
            return ", ".join(values)
    return ""


def _axis_text(name: str, channel: dict) -> str:
    axis = channel.get("axis") or {}
    what = _plain_title(channel.get("title")) or _plain_title(axis.get("title"))
    what = what or _listed(channel)
    if name == "x":
        if what:
            return t("charts.aria.x_axis", "X axis: {what}", what=what)
        return t("charts.aria.x_axis_plain", "X axis")
    if what:
        return t("charts.aria.y_axis", "Y axis: {what}", what=what)
    return t("charts.aria.y_axis_plain", "Y axis")


def _legend_text(channel: dict) -> str:
    legend = channel.get("legend") or {}
    what = _plain_title(channel.get("title")) or _plain_title(legend.get("title"))
    what = what or _listed(channel)
    if what:
        return t("charts.aria.legend", "Legend: {what}", what=what)
    return t("charts.aria.legend_plain", "Legend")


def _described_encoding(encoding: dict) -> dict:
    out = dict(encoding)
    for name in ("x", "y"):
        channel = out.get(name)
        if isinstance(channel, dict) and "field" in channel and "axis" not in channel:
            out[name] = {**channel, "axis": {"description": _axis_text(name, channel)}}
        elif isinstance(channel, dict) and isinstance(channel.get("axis"), dict):
            axis = {**channel["axis"], "description": _axis_text(name, channel)}
            out[name] = {**channel, "axis": axis}
    for name in LEGEND_CHANNELS:
        channel = out.get(name)
        if not isinstance(channel, dict) or "field" not in channel:
            continue
        if channel.get("legend", {}) is None:
            continue
        legend = {**(channel.get("legend") or {}), "description": _legend_text(channel)}
        out[name] = {**channel, "legend": legend}
    return out


def _with_encodings(node: object, change: Callable[[dict], dict]) -> object:
    """``node`` with ``change`` applied to every view's ``encoding`` (data aside)."""
    if isinstance(node, list):
        return [_with_encodings(item, change) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: change(value)
        if key == "encoding" and isinstance(value, dict)
        else (
            value
            if key in ("datasets", "data", "config")
            else _with_encodings(value, change)
        )
        for key, value in node.items()
    }


# --- what assistive tools say about each mark ---------------------------------------

#: Tooltip fields a mark's description can name as they are: one plain column, its
#: name an identifier (read as ``datum.<field>``).
_PLAIN_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _tip_part(entry: object) -> str | None:
    """One tooltip entry as an expression: ``"; Title: " + value``, or ``""``.

    A number is written as the tooltip writes it (its ``format``, in the edition's
    number format); an aggregate is read from Vega-Lite's column for it
    (``sum_days``). ``None`` for an entry the description cannot say as the
    tooltip does (a date, a custom format type, a computed value): the mark keeps
    Vega-Lite's own description then.
    """
    if not isinstance(entry, dict):
        return None
    if set(entry) - {"field", "type", "title", "format", "aggregate"}:
        return None
    field, kind = entry.get("field"), entry.get("type")
    aggregate = entry.get("aggregate")
    if aggregate is not None:
        if not isinstance(aggregate, str) or kind != "quantitative":
            return None
        field = f"{aggregate}_{field}"
    if not isinstance(field, str) or not _PLAIN_FIELD.match(field):
        return None
    value = f"datum.{field}"
    label = _plain_title(entry.get("title"))
    lead = _js(f"; {label}: " if label else "; ")
    if kind == "quantitative":
        number = f"format({value}, {_js(entry.get('format', ''))})"
        return f'(isValid({value}) ? {lead} + {number} : "")'
    if kind not in ("nominal", "ordinal") or "format" in entry:
        return None
    return f'(isValid({value}) && {value} !== "" ? {lead} + {value} : "")'


def mark_description(tooltip: object) -> str | None:
    """The expression that describes a mark to assistive tools: its tooltip's lines.

    Each line ``Title: value``, joined by ``"; "``; a line whose value is missing
    or empty is left out. ``None`` when the tooltip is not a list of entries it
    can say as they are (see :func:`_tip_part`).

    Without it, Vega-Lite describes each mark with every channel it encodes, by
    field name where a channel has no title ("corridor_label: ...; kind: ...",
    in English in every edition), and the legend's title and the tooltip's say
    the same value again: a 1.5 KB expression per mark, which Vega parses and
    compiles as the chart is drawn.
    """
    if not isinstance(tooltip, list) or not tooltip:
        return None
    parts = [_tip_part(entry) for entry in tooltip]
    if any(part is None for part in parts):
        return None
    # Every part starts with "; ": the first two characters go.
    return f"slice({' + '.join(parts)}, 2)"  # type: ignore[arg-type]


def _mark_described_encoding(encoding: dict) -> dict:
    if "description" in encoding:
        return encoding
    expr = mark_description(encoding.get("tooltip"))
    if not expr:
        return encoding
    return {**encoding, "description": {"value": {"expr": expr}}}


def aria_described(spec: dict) -> dict:
    """``spec`` described to assistive tools in the language in use.

    Each mark that has a tooltip is described by its tooltip's lines
    (:func:`mark_description`), in every language. Vega describes an axis or a
    legend in English ("X-axis titled ... for a linear scale with values from 0 to
    10"): in the other languages every axis and legend of the spec gets a
    ``description`` of its own, its title (or the values it lists).
    """
    spec = _with_encodings(spec, _mark_described_encoding)  # type: ignore[assignment]
    if language() == "en":
        return spec
    return _with_encodings(spec, _described_encoding)  # type: ignore[return-value]
