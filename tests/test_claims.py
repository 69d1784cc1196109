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


# --- the same sentences in Russian and Kazakh ---------------------------------------

import re  # noqa: E402

from explainer import i18n  # noqa: E402
from explainer.analysis.sentences import (  # noqa: E402
    latest_change,
    ratio_text,
    verdicts_text,
)
from explainer.text import number_text  # noqa: E402


@pytest.fixture
def language():
    """Set a language for one test; English (or what it was) comes back after."""
    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


def _no_latin(text):
    assert not re.search(r"[A-Za-z]", text), text


def test_the_highway_sentences_in_russian_and_kazakh(verdicts, language):
    v = verdicts.set_index("claim_id")
    row, minister = v.loc["highway-shortens-900km"], v.loc["minister-shortens-1000km"]
    low, high = row["evidence_low"], row["evidence_high"]
    article_km, minister_km = row["claimed_value"], minister["claimed_value"]
    assert high < min(article_km, minister_km)  # as the English test finds
    assert row["verdict"] == minister["verdict"] == "contradicted"

    language("ru")
    span = f"{number_text(low, digits=0)}–{number_text(high, 'km', digits=0)}"
    ru = range_among(
        low, high, {"в статье": article_km, "у министра": minister_km}, unit="km"
    )
    assert ru == (
        f"{span} — меньше обеих цифр: {number_text(article_km, 'km')} в статье и "
        f"{number_text(minister_km, 'km')} у министра"
    )
    assert "\xa0км" in ru and "1\xa0000" in ru  # Russian grouping and unit
    both = {"цифра из статьи": row["verdict"], "цифра министра": minister["verdict"]}
    assert verdicts_text(both) == (
        "цифра из статьи и цифра министра не подтверждаются данными"
    )

    language("kk")
    span = f"{number_text(low, digits=0)}–{number_text(high, 'km', digits=0)}"
    kk = range_among(
        low, high, {"мақаладағы": article_km, "министр айтқан": minister_km}, unit="km"
    )
    assert kk == (
        f"{span}, бұл мақаладағы {number_text(article_km, 'km')} және министр "
        f"айтқан {number_text(minister_km, 'km')} көрсеткіштерінің екеуінен де аз"
    )
    both = {
        "мақаладағы көрсеткіш": row["verdict"],
        "министрдің көрсеткіші": "supported",
    }
    assert verdicts_text(both) == (
        "мақаладағы көрсеткіш дәлелдермен расталмайды; "
        "министрдің көрсеткіші дәлелдермен расталады"
    )


def test_the_cargo_sentence_in_russian_and_kazakh(language):
    cargo = explainer.titr_series(explainer.load_indicators(), reported_only=True)
    by_year = cargo.groupby("year")["value"].agg(["min", "max"]).sort_index()
    (y0, before), (y1, after) = list(by_year.iterrows())[-2:]
    rises, falls = after["min"] > before["max"], after["max"] < before["min"]

    def figures(row):
        if row["min"] == row["max"]:
            return number_text(row["min"], "Mt")
        return f"{number_text(row['min'])}–{number_text(row['max'], 'Mt')}"

    language("ru")
    ru = latest_change(cargo["year"], cargo["value"], unit="Mt")
    _no_latin(ru)
    assert ru.startswith(f"{figures(after)} в {y1} году")
    assert f"{figures(before)}" in ru and f"в {y0} году" in ru
    assert "млн\xa0т" in ru or "млн т" in ru
    word = "больше" if rises else ("меньше" if falls else "против")
    assert word in ru

    language("kk")
    kk = latest_change(cargo["year"], cargo["value"], unit="Mt")
    _no_latin(kk)
    assert kk.startswith(f"{y1} жылы — {figures(after)}")
    if rises or falls:
        word = "көп" if rises else "аз"
        assert f"{y0} жылғыдан ({figures(before)}) {word}" in kk
    else:
        assert f"{y0} жылы — {figures(before)}" in kk


def test_the_verdict_summary_in_russian_and_kazakh(verdicts, language):
    codes = verdicts["verdict"].tolist()
    total, held = len(codes), codes.count("supported")
    assert held * 2 > total  # most claims hold, as the overview says in English

    language("ru")
    ru = verdict_summary(codes)
    _no_latin(ru)
    assert ru.startswith(f"Большинство из {total} утверждений подтверждается: ")
    assert f"{held} подтверждаются данными" in ru
    if codes.count("contradicted"):
        assert f"{codes.count('contradicted')} не подтверждаются данными" in ru

    language("kk")
    kk = verdict_summary(codes)
    _no_latin(kk)
    assert kk.startswith(f"{total} мәлімдеменің көпшілігі расталады: ")
    assert f"{held} мәлімдеме дәлелдермен расталады" in kk
    assert kk.endswith(".")


def test_the_model_ratio_in_russian_and_kazakh(language):
    corridors = explainer.Corridors.load()
    params = explainer.Parameters.defaults()
    middle = corridors.days("middle-black-sea", params)
    northern = corridors.days("northern", params)
    shown = round(middle / northern, 1)
    language("ru")
    ru = ratio_text(middle, northern)
    assert re.fullmatch(r"в \d+(,\d)? раза?", ru), ru
    assert number_text(shown) in ru
    language("kk")
    assert ratio_text(middle, northern) == f"{number_text(shown)} есе"


@pytest.mark.parametrize(
    ("a", "expected"),
    [(3, "в 3 раза"), (5, "в 5 раз"), (2.5, "в 2,5 раза"), (21, "в 21 раз")],
)
def test_russian_times_agree_with_the_number(a, expected, language):
    language("ru")
    assert ratio_text(a, 1) == expected
