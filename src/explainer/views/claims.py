"""The claims table: each claim, who made it, its verdict and the evidence."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from markupsafe import Markup

from explainer.i18n import t
from explainer.text import number_text
from explainer.views.html import render
from explainer.views.sources import cite

__all__ = ["claim_table", "verdict_badge"]

#: Short labels of the verdicts, as badges, in the language in use.
VERDICT_LABELS: dict[str, Callable[[], str]] = {
    "supported": lambda: t("claims.verdict.supported", "Supported"),
    "partly_supported": lambda: t(
        "claims.verdict.partly_supported", "Partly supported"
    ),
    "contradicted": lambda: t("claims.verdict.contradicted", "Contradicted"),
    "not_found": lambda: t("claims.verdict.not_found", "Not found elsewhere"),
    "not_checkable": lambda: t("claims.verdict.not_checkable", "Not checkable"),
    "opinion": lambda: t("claims.verdict.opinion", "Opinion"),
}

#: What each verdict means (a badge's tooltip), in the language in use.
VERDICT_TITLES: dict[str, Callable[[], str]] = {
    "supported": lambda: t("claims.meaning.supported", "supported by the evidence"),
    "partly_supported": lambda: t(
        "claims.meaning.partly_supported", "partly supported"
    ),
    "contradicted": lambda: t("claims.meaning.contradicted", "contradicted"),
    "not_found": lambda: t("claims.meaning.not_found", "not found in any other source"),
    "not_checkable": lambda: t("claims.meaning.not_checkable", "not checkable"),
    "opinion": lambda: t(
        "claims.meaning.opinion", "opinions rather than checkable facts"
    ),
}


def verdict_badge(verdict: str) -> Markup:
    """A verdict as a labelled badge (its colour is a hint, the word says it)."""
    return render(
        "verdict.html.j2",
        verdict=verdict,
        label=VERDICT_LABELS[verdict](),
        title=VERDICT_TITLES[verdict](),
    )


def _claimed(row: pd.Series) -> str:
    unit = row["unit"] or ""
    high = row["claimed_high"]
    if high is None or pd.isna(high):
        return number_text(row["claimed_value"], unit)
    return f"{number_text(row['claimed_value'])}–{number_text(high, unit)}"


def _span(low: float, high: float, unit: str) -> str:
    """An evidence range as text, to a precision that suits its size."""
    digits = None if unit == "share" else (0 if max(abs(low), abs(high)) > 50 else 1)
    shown_low = number_text(low, unit, digits=digits)
    shown_high = number_text(high, unit, digits=digits)
    if shown_low == shown_high:
        return shown_high
    if unit != "share":  # the unit once, after the range ("100–120 km")
        shown_low = number_text(low, digits=digits)
    return f"{shown_low}–{shown_high}"


def _evidence(row: pd.Series) -> str:
    if row["kind"] != "number":
        return str(row["evidence"])
    if row["evidence_low"] is None or pd.isna(row["evidence_low"]):
        found = t("claims.no_figure", "no figure to compare with")
    else:
        found = _span(row["evidence_low"], row["evidence_high"], row["unit"] or "")
    return t(
        "claims.evidence",
        "Claimed {claimed}; evidence {found} ({basis}). {evidence}",
        claimed=_claimed(row),
        found=found,
        basis=row["evidence_basis"],
        evidence=row["evidence"],
    )


def claim_table(
    verdicts: pd.DataFrame,
    *,
    notebook: str | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The claims as a table for :func:`explainer.figure` (or ``table_html``).

    Parameters
    ----------
    verdicts
        From :func:`explainer.claim_verdicts`.
    notebook
        Keep only the claims a notebook deals with (e.g. ``"03-beineu-sekseuil"``).
    sources
        The claim ledger, for the citations.

    Returns
    -------
    pandas.DataFrame
        ``Claim``, ``Who claims it``, ``Verdict``, ``What the evidence says``,
        ``Sources``; verdicts and citations as Markup, the rest as text.
    """
    rows = verdicts if notebook is None else verdicts[verdicts["notebook"] == notebook]
    return pd.DataFrame(
        {
            t("claims.column.claim", "Claim"): rows["claim"].tolist(),
            t("claims.column.claimant", "Who claims it"): rows["claimant"].tolist(),
            t("claims.column.verdict", "Verdict"): [
                verdict_badge(v) for v in rows["verdict"]
            ],
            t("claims.column.evidence", "What the evidence says"): [
                _evidence(r) for _, r in rows.iterrows()
            ],
            t("claims.column.sources", "Sources"): [
                cite(tuple(a or ()) + tuple(b or ()), sources)
                for a, b in zip(
                    rows["claim_source_ids"], rows["evidence_source_ids"], strict=True
                )
            ],
        }
    )
