"""Selections shared by charts, maps and explorers, and the tables readers see.

Selections filter and never average; every data table of the built site reads in
readers' words (no internal code as a header or a cell) with its numbers marked
and right-aligned.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from explainer import paths, text
from explainer.analysis import selections
from explainer.site import publish
from explainer.views import figure_data
from explainer.views.html import table_html

from ._browser import Visit


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


# --- data tables on the built pages: readers' words, numbers as numbers ----------

#: A header or cell that is an internal code: ``titr_cargo``, ``route_distance``.
SNAKE_CASE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
#: A cell that reads as a number: ``1,500``, ``0.759``, ``-3``, ``2024``.
NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")
PAGES = publish.discover()
ARTIFACTS = paths.PROJECT_ROOT / "test-artifacts"


def _tables(site, page):
    soup = BeautifulSoup((site / page.href).read_text(encoding="utf-8"), "html.parser")
    return soup.select("table")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_table_speaks_readers_words(site, page):
    tables = _tables(site, page)
    assert tables, f"{page.name} shows no table"
    for table in tables:
        headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        assert all(h and not SNAKE_CASE.fullmatch(h) for h in headers), headers
        codes = [
            td.get_text(strip=True)
            for td in table.select("tbody td")
            if SNAKE_CASE.fullmatch(td.get_text(strip=True))
        ]
        assert not codes, f"{page.name}: codes in cells {codes[:5]} under {headers}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_numeric_columns_are_marked_as_numbers(site, page):
    for table in _tables(site, page):
        headers = table.select("thead th")
        rows = [tr.select("td") for tr in table.select("tbody tr")]
        for i, th in enumerate(headers):
            cells = [r[i] for r in rows if len(r) > i and r[i].get_text(strip=True)]
            if not cells or not all(
                NUMBER.fullmatch(c.get_text(strip=True)) for c in cells
            ):
                continue
            where = f"{page.name}: column {th.get_text(strip=True)!r}"
            assert "num" in (th.get("class") or []), where
            assert all("num" in (c.get("class") or []) for c in cells), where


@pytest.mark.parametrize("width", [390, 1280])
def test_explainer_tables_align_numbers_right_in_the_browser(site, browser, width):
    page = next(p for p in PAGES if p.name.startswith("02-"))
    visit = Visit(browser, (site / page.href).as_uri(), width, touch=width < 500)
    try:
        aligned = visit.page.eval_on_selector_all(
            "table.explainer-table .num",
            "els => els.map(e => getComputedStyle(e).textAlign)",
        )
        assert len(aligned) > 20
        assert set(aligned) == {"right"}
        left = visit.page.eval_on_selector_all(
            "table.explainer-table td:not(.num)",
            "els => els.map(e => getComputedStyle(e).textAlign)",
        )
        assert "right" not in set(left)
        folded = visit.page.locator(
            "details.explainer-data", has_text="cargo, capacity and targets"
        ).first
        folded.locator("summary").click()
        table = folded.locator("table.explainer-table")
        table.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        table.screenshot(path=str(ARTIFACTS / f"table-titr-{width}.png"))
        assert not visit.errors
    finally:
        visit.close()


def test_a_shared_unit_goes_into_the_header_and_the_csv_keeps_raw_numbers():
    frame = pd.DataFrame(
        {"year": [2024, 2025], "metric": ["titr_cargo"] * 2, "value": [0.759, 4.5]}
    ).assign(unit="Mt")
    html = table_html(frame)
    assert '<th scope="col" class="num">Value (Mt)</th>' in html
    assert ">Unit<" not in html and "titr_cargo" not in html
    assert '<td class="num">0.759</td>' in html and '<td class="num">2024</td>' in html
    mixed = table_html(frame.assign(unit=["Mt", "TEU"]))
    assert '<th scope="col">Unit</th>' in mixed
    assert '<th scope="col" class="num">Value</th>' in mixed
    csv_text = figure_data.csv_text(frame.assign(value=[1234.5678, 4.5]))
    assert "1234.5678" in csv_text and "Cargo carried" in csv_text


def test_numbers_typed_as_text_are_shown_as_numbers():
    html = table_html(pd.DataFrame({"Partner": ["A", "B"], "Trade year": ["", "2024"]}))
    assert '<td class="num">2024</td>' in html
    assert '<th scope="col" class="num">Trade year</th>' in html
