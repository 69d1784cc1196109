"""Tidy selections of the data that charts, maps, explorers and notebooks share.

Pure pandas: each function takes frames as the loaders return them and returns a
new frame, so the builders and the explorers hold no data logic of their own and a
notebook can show the very numbers a chart draws. Nothing here is averaged: where
reporters differ, every figure stays its own row.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from explainer.i18n import t
from explainer.text import date_text, value_text

__all__ = [
    "common_year",
    "frameworks",
    "latest_trade",
    "partner_summary",
    "reform_events",
    "titr_series",
    "trade_figures",
]


def _keep(values: Iterable[str] | None) -> set[str] | None:
    return None if values is None else set(values)


def reform_events(
    reforms: pd.DataFrame,
    *,
    categories: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Reform events of the chosen categories and statuses, by date, with a date text.

    Parameters
    ----------
    reforms
        Rows of ``reforms.csv`` (:func:`explainer.load_reforms`).
    categories, statuses
        Codes to keep (default: all).

    Returns
    -------
    pandas.DataFrame
        The rows kept, sorted by date, plus ``date_text``.
    """
    keep_c, keep_s = _keep(categories), _keep(statuses)
    mask = pd.Series(True, index=reforms.index)
    if keep_c is not None:
        mask &= reforms["category"].isin(keep_c)
    if keep_s is not None:
        mask &= reforms["status"].isin(keep_s)
    out = reforms[mask].sort_values(["date", "event_id"]).reset_index(drop=True)
    out["date_text"] = [
        date_text(d, p) for d, p in zip(out["date"], out["date_precision"], strict=True)
    ]
    return out


def trade_figures(
    indicators: pd.DataFrame,
    partners: pd.DataFrame | None = None,
    *,
    year: int | None = None,
    targets: bool = True,
) -> pd.DataFrame:
    """Trade turnover by partner: every reported figure (and target) its own row.

    Parameters
    ----------
    indicators
        Rows of ``indicators.csv``; uses ``metric == 'trade_turnover'``.
    partners
        Rows of ``partners.csv``: keeps their partners and adds their ``name``
        (default: every entity except the derived ``total``, named by its slug).
    year
        Keep figures for this year and earlier (default: all).
    targets
        Keep stated targets (``qualifier == 'target'``).

    Returns
    -------
    pandas.DataFrame
        The indicator rows plus ``partner``, ``name``, ``is_target`` and ``figure``
        (e.g. ``'about 44 USD bn'``), sorted by partner, year and reporter.
    """
    rows = indicators[
        (indicators["metric"] == "trade_turnover") & (indicators["entity"] != "total")
    ].copy()
    rows["partner"] = rows["entity"]
    if partners is not None:
        names = partners.set_index("partner")["name"]
        rows = rows[rows["partner"].isin(names.index)]
        rows["name"] = rows["partner"].map(names)
    else:
        rows["name"] = rows["partner"].str.replace("_", " ").str.title()
    if year is not None:
        rows = rows[rows["year"] <= year]
    rows["is_target"] = rows["qualifier"] == "target"
    if not targets:
        rows = rows[~rows["is_target"]]
    rows["figure"] = [value_text(r) for _, r in rows.iterrows()]
    return rows.sort_values(["partner", "year", "reporter"]).reset_index(drop=True)


def latest_trade(trade: pd.DataFrame) -> pd.DataFrame:
    """Per partner, the reported figures of its latest year (each reporter's).

    Parameters
    ----------
    trade
        Rows from :func:`trade_figures`.

    Returns
    -------
    pandas.DataFrame
        The reported (not target) rows of each partner's latest year.
    """
    reported = trade[~trade["is_target"]]
    latest = reported.groupby("partner")["year"].transform("max")
    return reported[reported["year"] == latest].reset_index(drop=True)


def frameworks(
    partnerships: pd.DataFrame,
    *,
    domains: Iterable[str] | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """The frameworks of the chosen domains that had started by the end of ``year``.

    Parameters
    ----------
    partnerships
        Rows of ``partnerships.csv``.
    domains
        Domain codes to keep (default: all).
    year
        Keep frameworks that started in this year or earlier (default: all).

    Returns
    -------
    pandas.DataFrame
        The rows kept, plus ``since_text`` (the start date as precisely as known).
    """
    keep = _keep(domains)
    mask = pd.Series(True, index=partnerships.index)
    if keep is not None:
        mask &= partnerships["domain"].isin(keep)
    if year is not None:
        mask &= partnerships["since"].dt.year <= year
    out = partnerships[mask].sort_values(["partner", "domain", "since"]).copy()
    out["since_text"] = [
        date_text(d, p)
        for d, p in zip(out["since"], out["since_precision"], strict=True)
    ]
    return out.reset_index(drop=True)


def partner_summary(
    partnerships: pd.DataFrame,
    trade: pd.DataFrame,
    partners: pd.DataFrame,
    *,
    domains: Iterable[str] | None = None,
    year: int | None = None,
    labels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per partner with a framework in ``domains`` by ``year``.

    Parameters
    ----------
    partnerships, partners
        Rows of ``partnerships.csv`` and ``partners.csv``.
    trade
        Rows from :func:`trade_figures` (already limited to ``year`` if wanted).
    domains, year
        As for :func:`frameworks`.
    labels
        Reader-facing names of the domain codes.

    Returns
    -------
    pandas.DataFrame
        ``Partner``, ``Frameworks`` (``'Domain: name (since)'``, joined by ``'; '``),
        ``Trade year`` and ``Trade turnover`` (each reporter's figure), as text; the
        trade columns are empty where the data have no figure. The column names
        are in the language in use (these are the English ones).
    """
    labels = labels or {}
    found = frameworks(partnerships, domains=domains, year=year)
    latest = latest_trade(trade)
    names = partners.set_index("partner")["name"]
    columns = [
        t("analysis.partners.partner", "Partner"),
        t("analysis.partners.frameworks", "Frameworks"),
        t("analysis.partners.trade_year", "Trade year"),
        t("analysis.partners.trade_turnover", "Trade turnover"),
    ]
    rows = []
    for partner, group in found.groupby("partner", sort=False):
        figures = latest[latest["partner"] == partner]
        rows.append(
            [
                names.get(partner, partner),
                "; ".join(
                    f"{labels.get(r.domain, r.domain)}: {r.framework} ({r.since_text})"
                    for r in group.itertuples()
                ),
                str(figures["year"].iloc[0]) if len(figures) else "",
                "; ".join(f"{r.figure} ({r.reporter})" for r in figures.itertuples()),
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def titr_series(
    indicators: pd.DataFrame, *, reported_only: bool = False
) -> pd.DataFrame:
    """Cargo and capacity of the Trans-Caspian route in million tonnes, by year.

    One measure per series: ``titr_cargo`` (freight carried) and ``titr_capacity``;
    other trans-Caspian figures (e.g. a forecast of all Caspian freight) are other
    metrics and never join these series.

    Parameters
    ----------
    indicators
        Rows of ``indicators.csv``.
    reported_only
        Keep only reported cargo (no capacity, targets or projections).
    """
    rows = indicators[
        indicators["metric"].isin(["titr_cargo", "titr_capacity"])
        & (indicators["unit"] == "Mt")
    ]
    if reported_only:
        rows = rows[
            (rows["metric"] == "titr_cargo")
            & ~rows["qualifier"].isin(["target", "projection", "claim"])
        ]
    return rows.sort_values(["year", "metric"]).reset_index(drop=True)


def common_year(a: pd.DataFrame, b: pd.DataFrame) -> int | None:
    """The latest year for which both frames have a figure (like with like), if any."""
    both = set(a["year"]) & set(b["year"])
    return max(both) if both else None
