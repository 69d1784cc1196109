"""Pieces the chart builders share: sources in tooltips, scales, checks."""

from __future__ import annotations

import altair as alt
import pandas as pd

from explainer.analysis.model import TERM_LABELS, TERMS
from explainer.analysis.sources import cite_text
from explainer.data import load_sources
from explainer.views import style
from explainer.views.sources import note_cited


def with_sources(
    frame: pd.DataFrame, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A copy of ``frame`` with a plain-text ``source`` column for tooltips."""
    sources = load_sources() if sources is None else sources
    out = frame.copy()
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


def _range_text(row: pd.Series) -> str:
    value = f"{row['value']:,.6g}"
    if pd.notna(row.get("value_high")):
        value += f"–{row['value_high']:,.6g}"
    return f"{value} {row['unit']}"


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


def _component_colour() -> alt.Color:
    """The model's components in the same colours in every chart."""
    labels = [TERM_LABELS[t] for t, _, _ in TERMS]
    colours = [*style.PALETTE, style.OKABE_ITO["grey"]][: len(labels)]
    return alt.Color(
        "component:N", title="Component", scale=alt.Scale(domain=labels, range=colours)
    )


def _label_expr(terms: tuple, labels: dict[str, str]) -> str:
    parts = [f"datum.term === 'd_{t}' ? '{labels[t]}'" for t, _, _ in terms]
    return " : ".join(parts) + " : datum.term"
