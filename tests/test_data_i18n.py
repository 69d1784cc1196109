"""The data in three languages: the names table, the loaders' translated columns, and
the catalogue entries that turn stale when the English in the data changes."""

from __future__ import annotations

import csv
import re

import pytest

import explainer
from explainer import DataError, i18n, paths
from explainer.data import translated
from explainer.site import translations

from .conftest import edit_csv, edit_geojson, feature, record_ids

#: Letters of Kazakh Cyrillic that Russian does not have.
KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _names() -> dict[str, dict[str, str]]:
    with (paths.DATA_DIR / "names.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def lang():
    """Set a language for one test; the one before is restored afterwards."""
    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


@pytest.mark.parametrize("ident", record_ids("names.csv", "id"))
def test_every_name_has_cyrillic_russian_and_kazakh(ident):
    row = _names()[ident]
    for code in ("ru", "kk"):
        assert re.search("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", row[code]), (code, row)
        assert not re.search("[A-Za-z]{4,}", row[code]) or row["kind"] != "place", (
            f"{ident}: a Latin word left in the {code} form {row[code]!r}"
        )
    assert not KAZAKH_ONLY & set(row["ru"]), f"{ident}: Kazakh letters in Russian"
    assert row["source_ids"] or row["note"], f"{ident}: say which form was followed"


def test_the_names_table_loads_and_covers_every_node_and_partner_place():
    names = explainer.load_names()
    nodes, partners = explainer.load_nodes(), explainer.load_partners()
    assert set(nodes["id"]) <= set(names["id"])
    assert set(partners["place"]) <= set(names["en"])


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        (
            {"kk": ""},
            r"^names\.csv: row 9 \(id 'beineu'\): field 'kk': expected a value, "
            r"found nothing \(empty\)",
        ),
        (
            {"kind": "river"},
            r"row 9 \(id 'beineu'\): field 'kind': expected one of place, person, "
            r"organisation, found 'river'",
        ),
        (
            {"en": "Beyneu"},
            r"row 9 \(id 'beineu'\): field 'en': expected the node's name in "
            r"geo/nodes\.geojson, 'Beineu \(Beyneu\)', found 'Beyneu'; revise ru and kk",
        ),
        (
            {"note": "", "source_ids": ""},
            r"row 9 \(id 'beineu'\): field 'note': expected a note saying which "
            r"official form was followed",
        ),
        (
            {"id": "almaty"},
            r"row 9 \(id 'almaty'\): field 'id': expected a unique id \(first used "
            r"at row 5 \(id 'almaty'\)\)",
        ),
        (
            {"source_ids": "no-such-source"},
            r"row 9 \(id 'beineu'\): field 'source_ids': expected source ids of "
            r"sources\.csv that exists, found 'no-such-source' \(unknown\)",
        ),
    ],
    ids=["empty-kk", "kind", "stale-en", "no-note", "repeated-id", "unknown-source"],
)
def test_a_broken_names_row_is_refused_by_file_row_and_field(
    data_copy, change, pattern
):
    def broken(rows):
        row = next(r for r in rows if r["id"] == "beineu")
        row.update(change)

    edit_csv(data_copy / "names.csv", broken)
    with pytest.raises(DataError) as info:
        explainer.load_names(data_copy)
    assert re.search(pattern, str(info.value), re.MULTILINE), str(info.value)


def test_a_node_or_partner_place_without_its_name_row_is_refused(data_copy):
    edit_csv(
        data_copy / "names.csv",
        lambda rows: [r for r in rows if r["id"] not in ("kars", "seoul")],
    )
    with pytest.raises(DataError) as info:
        explainer.load_names(data_copy)
    message = str(info.value)
    assert "expected a row with id 'kars' for the node of geo/nodes.geojson" in message
    assert "expected a row whose en is 'Seoul', the place of partner 'south_korea'" in (
        message
    )


@pytest.mark.parametrize(
    ("code", "beineu", "sekseuil", "moscow", "russia"),
    [
        ("ru", "Бейнеу", "Сексеуил", "Москва", "Россия"),
        ("kk", "Бейнеу", "Сексеуіл", "Мәскеу", "Ресей"),
    ],
)
def test_loaders_speak_the_language_in_use(
    lang, code, beineu, sekseuil, moscow, russia
):
    lang(code)
    nodes = explainer.load_nodes().set_index("id")
    assert nodes.loc["beineu", "name"] == beineu
    assert nodes.loc["saksaulskaya", "name"].startswith(sekseuil)
    assert nodes.loc["moscow", "name"] == moscow
    partners = explainer.load_partners().set_index("partner")
    assert partners.loc["russia", ["name", "place"]].tolist() == [russia, moscow]
    projects = explainer.load_projects().set_index("id")
    assert sekseuil in projects.loc["beineu-sekseuil-highway", "name"]
    reforms = explainer.load_reforms().set_index("event_id")
    kurultai = {"ru": "Курултай", "kk": "Құрылтай"}[code]
    assert kurultai in reforms.loc["kurultai-election-2026", "title"]


@pytest.mark.parametrize(
    "loader",
    [
        "load_nodes",
        "load_corridors",
        "load_partners",
        "load_routes",
        "load_projects",
        "load_partnerships",
        "load_reforms",
        "load_project_events",
        "load_parliament",
        "load_claims",
        "load_indicators",
        "load_model_parameters",
        "load_sources",
    ],
)
def test_translation_keeps_ids_and_english_comes_back(lang, loader):
    lang("en")
    english = getattr(explainer, loader)()
    lang("ru")
    russian = getattr(explainer, loader)()
    assert list(russian.columns) == list(english.columns)
    assert len(russian) == len(english)
    kept = [c for c in english.columns if c not in _translated_columns(loader)]
    assert russian[kept].equals(english[kept]), (
        f"{loader}: an untranslated column moved"
    )
    lang("en")
    assert getattr(explainer, loader)().equals(english)


def _translated_columns(loader: str) -> set[str]:
    table = loader.removeprefix("load_")
    fields = set(translated.FIELDS.get(table, ((), ()))[1])
    if table in translated.NAMED:
        fields.add(translated.NAMED[table][0])
    return fields


#: Fields of proper names: a publisher keeps the form its outlet uses (The Astana
#: Times, Trend), so Latin letters are no sign of a missing translation there; the
#: catalogue check (tests/test_i18n.py) finds a missing one, and
#: :func:`test_publishers_descriptions_are_translated` checks the words around names.
NAMES = {("sources", "publisher")}


def test_every_registered_field_is_translated_in_russian_and_kazakh(lang):
    for code in ("ru", "kk"):
        lang(code)
        for table, (_, fields) in translated.FIELDS.items():
            frame = getattr(explainer, f"load_{table}")()
            for field in fields:
                if (table, field) in NAMES:
                    continue
                texts = [v for v in frame[field] if isinstance(v, str)]
                latin = [v for v in texts if not re.search("[А-Яа-я]", v)]
                # framework names such as "C5+1" have no Cyrillic in any language
                assert all(not re.search("[a-z]{3,}", v) for v in latin), (
                    code,
                    table,
                    field,
                    latin,
                )


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_publishers_descriptions_are_translated(lang, code):
    """Publishers named with our own words ("Wikipedia mirror", "citing", "Ministry
    of…") read in the language; a brand alone (Trend) stays as the outlet writes it."""
    english = explainer.load_sources()["publisher"].tolist()
    lang(code)
    shown = explainer.load_sources()["publisher"].tolist()
    described = [
        (e, s)
        for e, s in zip(english, shown, strict=True)
        if re.search(
            r"Wikipedia|\bciting\b|republish|Ministry|\bedition\b|\bmirror\b", e
        )
    ]
    assert len(described) > 20
    untranslated = [e for e, s in described if not re.search("[А-Яа-яӘәҚқҰұҮүІі]", s)]
    assert not untranslated, untranslated


@pytest.mark.parametrize("table", sorted(translated.FIELDS))
@pytest.mark.parametrize("code", ["ru", "kk"])
def test_an_empty_field_stays_empty_in_every_language(lang, table, code):
    """A field left empty in the data is empty in every edition, not the text "nan"
    (a source list printed "nan" for the sources without notes in ru and kk)."""
    _, fields = translated.FIELDS[table]
    english = getattr(explainer, f"load_{table}")()
    lang(code)
    shown = getattr(explainer, f"load_{table}")()
    for field in fields:
        for before, after in zip(english[field], shown[field], strict=True):
            if not isinstance(before, str):
                same = (after is None) == (before is None)
                assert same and not isinstance(after, str), (table, field, after)


def test_source_titles_are_never_translated(lang):
    english = explainer.load_sources()["title"].tolist()
    lang("kk")
    assert explainer.load_sources()["title"].tolist() == english


def test_editing_the_english_makes_its_translation_stale(data_copy):
    edit_csv(
        data_copy / "reforms.csv",
        lambda rows: next(
            r for r in rows if r["event_id"] == "constitutional-referendum-2026"
        ).update(title="Voters approve the new constitution"),
    )

    def renamed(doc):
        feature(doc, "kars")["properties"]["role"] = "Western end of the BTK railway."

    edit_geojson(data_copy / "geo" / "nodes.geojson", renamed)
    found = {
        k: (v, "data")
        for k, v in translated.data_messages(data_copy).items()
        if k.startswith(("data-reforms.", "data-nodes."))
    }
    wanted = {
        (code, key)
        for code in ("ru", "kk")
        for key in (
            "data-reforms.constitutional-referendum-2026.title",
            "data-nodes.kars.role",
        )
    }
    problems = [
        p
        for p in translations.problems(["ru", "kk"], found)
        if (p.lang, p.key) in wanted
    ]
    assert {(p.lang, p.key) for p in problems} == wanted
    assert {p.kind for p in problems} == {"stale"}


def test_the_translation_check_covers_the_data():
    found = translations.messages()
    assert found["data-nodes.beineu.role"][0].startswith("Rail and road junction")
    assert found["data-reforms.kurultai-election-2026.title"][1] == "data"


@pytest.mark.parametrize(
    ("code", "customs", "statistics"),
    [
        ("ru", "таможня КНР", "Бюро национальной статистики РК"),
        ("kk", "ҚХР кедені", "ҚР Ұлттық статистика бюросы"),
    ],
)
def test_reporters_are_translated_and_keep_their_english(
    lang, code, customs, statistics
):
    lang(code)
    indicators = explainer.load_indicators()
    row = explainer.pick(
        indicators,
        metric="trade_turnover",
        entity="china",
        year=2024,
        reporter="Chinese customs",
    )
    assert (row["reporter"], row["reporter_en"]) == (customs, "Chinese customs")
    # the text in the language in use finds the same row (a round trip)
    again = explainer.pick(
        indicators,
        metric="trade_turnover",
        entity="china",
        reporter=row["reporter"],
    )
    assert again.equals(row)
    stats = explainer.pick(
        indicators,
        metric="trade_turnover",
        entity="china",
        year=2023,
        reporter="Kazakh statistics",
    )
    assert stats["reporter"] == statistics
    assert not (indicators["reporter"] == indicators["reporter_en"]).any(), (
        "a reporter left in English"
    )


def test_reporters_english_column_is_the_same_in_every_language(lang):
    lang("en")
    english = explainer.load_indicators()
    assert english["reporter_en"].equals(english["reporter"])
    for code in ("ru", "kk"):
        lang(code)
        assert explainer.load_indicators()["reporter_en"].equals(english["reporter"])


def test_pick_names_a_reporter_that_no_row_has(lang):
    lang("ru")
    with pytest.raises(KeyError, match="reporter='Kazakh customs', found 0"):
        explainer.pick(
            explainer.load_indicators(),
            metric="trade_turnover",
            reporter="Kazakh customs",
        )
