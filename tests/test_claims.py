"""Claims: the ledger's rules, numeric verdicts by rule, sentences that follow data."""

from __future__ import annotations

import pytest

import explainer
from explainer import DataError
from explainer.analysis.claims import number_verdict
from explainer.analysis.sentences import (
    change_text,
    place_among,
    range_among,
    verdict_summary,
)

from .conftest import edit_csv


@pytest.fixture(scope="module")
def verdicts():
    return explainer.claim_verdicts()


@pytest.mark.parametrize(
    ("claimed", "evidence", "verdict"),
    [
        ((33, 33), (25.6, 33.6), "supported"),
        ((13, 17), (15, 60), "supported"),
        ((36, 36), (25.6, 33.6), "partly_supported"),  # 7% above the highest
        ((900, 900), (603, 748), "contradicted"),
        ((500, 500), (603, 748), "contradicted"),
        ((560, 560), (603, 748), "partly_supported"),  # 7% below the lowest
        ((1, 1), None, "not_found"),
    ],
)
def test_number_verdict_rule(claimed, evidence, verdict):
    assert number_verdict(claimed, evidence) == verdict


def test_every_claim_has_a_verdict_from_the_vocabulary(verdicts):
    from explainer.data.schema import VERDICTS

    assert len(verdicts) >= 30
    assert set(verdicts["verdict"]) <= set(VERDICTS)
    assert verdicts["verdict"].notna().all()


def test_numeric_verdicts_are_computed_not_typed(verdicts):
    numbers = verdicts[verdicts["kind"] == "number"]
    assert len(numbers) >= 5
    assert (
        explainer.load_claims()[lambda f: f["kind"] == "number"]["verdict"].isna().all()
    )
    assert numbers["evidence_basis"].str.len().gt(0).all()


def test_the_highway_claims_are_checked_against_our_geometry(verdicts):
    row = verdicts.set_index("claim_id").loc["highway-shortens-900km"]
    routes = explainer.load_routes().set_index("route_id")["length_km"]
    saving = routes["kz-road-today"] - routes["kz-road-beineu-sekseuil"]
    assert row["evidence_high"] == pytest.approx(saving)
    assert row["verdict"] == number_verdict((900, 900), (row["evidence_low"], saving))


def test_a_numeric_claim_with_a_typed_verdict_is_refused(data_copy):
    def typed(rows):
        next(r for r in rows if r["kind"] == "number")["verdict"] = "supported"

    edit_csv(data_copy / "claims.csv", typed)
    with pytest.raises(
        DataError,
        match=r"claims\.csv: row \d+ \(claim_id '[a-z0-9-]+'\): field 'verdict': "
        r"expected nothing: a numeric claim's verdict is computed by a rule, "
        r"found 'supported'",
    ):
        explainer.load_claims(data_copy)


def test_a_verdict_outside_the_vocabulary_is_refused(data_copy):
    def odd(rows):
        next(r for r in rows if r["kind"] == "statement")["verdict"] = "mostly_true"

    edit_csv(data_copy / "claims.csv", odd)
    with pytest.raises(
        DataError, match=r"field 'verdict': expected one of .*'mostly_true'"
    ):
        explainer.load_claims(data_copy)


def test_the_verdict_follows_the_data(data_copy):
    """Edit the claimed figure in a copy: the computed verdict changes with it."""
    before = explainer.claim_verdicts(data_dir=data_copy).set_index("claim_id")
    row = before.loc["highway-shortens-900km"]
    inside = (row["evidence_low"] + row["evidence_high"]) / 2

    def claim_inside(rows):
        for r in rows:
            if r["claim_id"] == "highway-shortens-900km":
                r["claimed_value"] = f"{inside:.0f}"

    edit_csv(data_copy / "claims.csv", claim_inside)
    after = explainer.claim_verdicts(data_dir=data_copy).set_index("claim_id")
    assert before.loc["highway-shortens-900km", "verdict"] == "contradicted"
    assert after.loc["highway-shortens-900km", "verdict"] == "supported"


def test_the_claim_check_sentence_follows_the_data(data_copy):
    """The headline sentence of page 03 is generated: edit a claim, it changes."""

    def sentence(folder):
        v = explainer.claim_verdicts(data_dir=folder).set_index("claim_id")
        row = v.loc["highway-shortens-900km"]
        others = {
            "the article's": v.loc["highway-shortens-900km", "claimed_value"],
            "the minister's": v.loc["minister-shortens-1000km", "claimed_value"],
        }
        return range_among(row["evidence_low"], row["evidence_high"], others, unit="km")

    first = sentence(data_copy)
    assert "below both the article's 900 km and the minister's 1,000 km" in first

    def lower(rows):
        for r in rows:
            if r["claim_id"] == "highway-shortens-900km":
                r["claimed_value"] = "650"

    edit_csv(data_copy / "claims.csv", lower)
    second = sentence(data_copy)
    assert second != first
    assert "the article's 650 km" in second


def test_place_among_every_case():
    two = {"A's": 10, "B's": 20}
    assert place_among(5, two) == "below both A's 10 and B's 20"
    assert place_among(15, two) == "between A's 10 and B's 20"
    assert place_among(25, two) == "above both A's 10 and B's 20"
    assert place_among(10, two) == "equal to A's 10"
    assert place_among(5, {"A's": 10}) == "below A's 10"
    three = {"A's": 1, "B's": 2, "C's": 3}
    assert place_among(0, three) == "below all of A's 1, B's 2 and C's 3"


def test_change_and_summary_sentences():
    assert change_text((2024, 4.5), (2025, 4.1), unit="Mt") == (
        "4.1 Mt in 2025, down from 4.5 Mt in 2024"
    )
    assert change_text((2024, 4.1), (2025, 4.5), unit="Mt").endswith(
        "up from 4.1 Mt in 2024"
    )
    text = verdict_summary(["supported", "contradicted", "contradicted"])
    assert text.startswith("Fewer than half of the 3 claims hold")
    assert "2 are contradicted" in text
