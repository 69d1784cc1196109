"""Selections shared by charts, maps and explorers: filters, and nothing averaged."""

from __future__ import annotations

import pandas as pd

from explainer import text
from explainer.analysis import selections


def test_date_text_follows_the_precision():
    date = pd.Timestamp("2026-03-15")
    assert text.date_text(date, "day") == "15 Mar 2026"
    assert text.date_text(date, "month") == "Mar 2026"
    assert text.date_text(date, "year") == "2026"


def test_reform_events_filter_by_category_and_status(reforms):
    events = selections.reform_events(
        reforms, categories=["referendum"], statuses=["held"]
    )
    assert set(events["category"]) == {"referendum"}
    assert set(events["status"]) == {"held"}
    assert list(events["date"]) == sorted(events["date"])
    assert "15 Mar 2026" in set(events["date_text"])
    assert len(selections.reform_events(reforms)) == len(reforms)
    assert selections.reform_events(reforms, categories=[]).empty


def test_trade_figures_keep_every_reporter_and_name_partners(indicators, partners):
    trade = selections.trade_figures(indicators, partners)
    china_2024 = trade[(trade["partner"] == "china") & (trade["year"] == 2024)]
    assert sorted(china_2024["value"]) == [43.82, 44]
    assert set(china_2024["name"]) == {"China"}
    assert "total" not in set(trade["partner"])
    assert set(trade.loc[trade["is_target"], "qualifier"]) == {"target"}
    assert "about 44 USD bn" in set(trade["figure"])


def test_trade_figures_up_to_a_year_and_without_targets(indicators, partners):
    trade = selections.trade_figures(indicators, partners, year=2023, targets=False)
    assert trade["year"].max() == 2023
    assert not trade["is_target"].any()


def test_latest_trade_gives_each_reporter_of_the_latest_year(indicators, partners):
    latest = selections.latest_trade(selections.trade_figures(indicators, partners))
    china = latest[latest["partner"] == "china"]
    assert set(china["year"]) == {2024}
    assert len(china) == 2  # Chinese customs and the President, side by side
    assert not latest["is_target"].any()


def test_frameworks_by_domain_and_year(partnerships):
    found = selections.frameworks(partnerships, domains=["security"], year=2000)
    assert list(found["framework"]) == [
        "Collective Security Treaty Organization (CSTO)"
    ]
    assert found["since_text"].iloc[0] == "15 May 1992"
    assert len(selections.frameworks(partnerships)) == len(partnerships)


def test_partner_summary_one_row_per_partner_with_its_trade(
    indicators, partners, partnerships
):
    trade = selections.trade_figures(indicators, partners, year=2024)
    summary = selections.partner_summary(
        partnerships,
        trade,
        partners,
        domains=["economic_union", "investment"],
        year=2024,
        labels={"economic_union": "Economic union"},
    )
    assert list(summary.columns) == [
        "Partner",
        "Frameworks",
        "Trade year",
        "Trade turnover",
    ]
    russia = summary.set_index("Partner").loc["Russia"]
    assert russia["Frameworks"].startswith("Economic union: Eurasian Economic Union")
    assert russia["Trade year"] == "2024"
    georgia = summary[summary["Partner"] == "Georgia"]
    assert georgia.empty or georgia["Trade year"].iloc[0] == ""
    assert "28.7 USD bn (President Putin)" in russia["Trade turnover"]
    assert "about 28 USD bn (President Tokayev)" in russia["Trade turnover"]
    assert "Türkiye" not in set(summary["Partner"])  # no framework in these domains
