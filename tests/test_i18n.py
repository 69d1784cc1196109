"""Languages: choosing one, messages, plural forms, local numbers and dates, and the
check that finds missing, stale and unused translations."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from explainer import i18n, text
from explainer.data.translated import FIELDS as DATA_TABLES
from explainer.site import translations


@pytest.fixture
def lang():
    """Restore the language after a test that changes it."""
    before = i18n.language()
    yield i18n.set_language
    i18n.set_language(before)


def test_set_language_refuses_unknown_codes(lang):
    with pytest.raises(ValueError, match=r"unknown language 'de'.*'kk'"):
        lang("de")
    assert lang("RU") == "ru" == i18n.language()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", ["1,234.5 km", "21%", "about 13–17 days", "15 Mar 2026"]),
        ("ru", ["1\xa0234,5\xa0км", "21\xa0%", "около 13–17\xa0дней", "15 мар. 2026"]),
        ("kk", ["1\xa0234,5\xa0км", "21%", "шамамен 13–17\xa0күн", "15 нау. 2026"]),
    ],
)
def test_numbers_and_dates_follow_the_language(lang, code, expected):
    lang(code)
    shown = [
        text.number_text(1234.5, "km"),
        text.number_text(0.21, "share"),
        text.value_text(
            {"value": 13, "value_high": 17, "unit": "days", "qualifier": "about"}
        ),
        text.date_text(pd.Timestamp("2026-03-15")),
    ]
    assert shown == expected


@pytest.mark.parametrize(
    ("count", "word"),
    [(1, "день"), (3, "дня"), (5, "дней"), (21, "день"), (2.5, "дня")],
)
def test_russian_units_agree_with_the_number(lang, count, word):
    lang("ru")
    assert text.number_text(count, "days").endswith("\xa0" + word)


def _catalogue(tmp_path, monkeypatch, lang, domain, entries):
    folder = tmp_path / "locales" / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{domain}.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True))
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path / "locales")
    i18n.catalogue.cache_clear()


@pytest.fixture
def sources(tmp_path):
    """A library with two messages and a notebook with a markdown cell."""
    lib = tmp_path / "explainer"
    lib.mkdir()
    (lib / "m.py").write_text(
        "from explainer.i18n import t\n"
        't("demo.title", "Freight by year")\n'
        't("demo.n", {"one": "{count} route", "other": "{count} routes"}, count=2)\n'
    )
    books = tmp_path / "notebooks"
    books.mkdir()
    nb = {"cells": [{"cell_type": "markdown", "id": "abc", "source": ["# Title"]}]}
    (books / "09-demo.ipynb").write_text(json.dumps(nb))
    yield translations.messages(lib, books)
    i18n.catalogue.cache_clear()


def test_messages_are_read_from_code_and_markdown(sources):
    assert sources["demo.title"][0] == "Freight by year"
    assert sources["demo.n"][0] == {"one": "{count} route", "other": "{count} routes"}
    assert sources["09-demo.md.abc"][0] == "# Title"


def test_the_check_finds_missing_stale_and_unused(sources, tmp_path, monkeypatch):
    _catalogue(
        tmp_path,
        monkeypatch,
        "ru",
        "demo",
        {
            "demo.title": {"source": i18n.source_hash("Old English"), "text": "Грузы"},
            "demo.gone": {"source": "0", "text": "Старое"},
        },
    )
    found = {(p.kind, p.key) for p in translations.problems(["ru"], sources)}
    assert found == {
        ("stale", "demo.title"),
        ("missing", "demo.n"),
        ("unused", "demo.gone"),
        ("missing", "09-demo.md.abc"),
    }


def test_a_stale_translation_gives_way_to_the_current_english(
    tmp_path, monkeypatch, lang
):
    """A translation made from other English (the code or data was edited since) is
    not shown: the reader gets the current English, as gettext leaves out "fuzzy"
    entries. (Poisoned data in the ru/kk editions showed old translations.)"""
    _catalogue(
        tmp_path,
        monkeypatch,
        "ru",
        "demo",
        {
            "demo.title": {"source": i18n.source_hash("Old English"), "text": "Грузы"},
            "demo.kept": {"source": i18n.source_hash("Freight"), "text": "Грузы"},
        },
    )
    lang("ru")
    try:
        assert i18n.t("demo.title", "Freight by year") == "Freight by year"
        assert i18n.t("demo.kept", "Freight") == "Грузы"
        assert i18n.translation("demo.title", "ru") == "Грузы"  # for the stubs
    finally:
        i18n.catalogue.cache_clear()


def test_a_complete_catalogue_passes_and_translates(
    sources, tmp_path, monkeypatch, lang
):
    plural = {"one": "{count} route", "other": "{count} routes"}
    _catalogue(
        tmp_path,
        monkeypatch,
        "ru",
        "demo",
        {
            "demo.title": {
                "source": i18n.source_hash("Freight by year"),
                "text": "Грузы по годам",
            },
            "demo.n": {
                "source": i18n.source_hash(plural),
                "text": {
                    "one": "{count} маршрут",
                    "few": "{count} маршрута",
                    "many": "{count} маршрутов",
                    "other": "{count} маршрута",
                },
            },
        },
    )
    _catalogue(
        tmp_path,
        monkeypatch,
        "ru",
        "09-demo",
        {
            "09-demo.md.abc": {
                "source": i18n.source_hash("# Title"),
                "text": "# Заголовок",
            }
        },
    )
    assert translations.problems(["ru"], sources) == []
    lang("ru")
    assert i18n.t("demo.title", "Freight by year") == "Грузы по годам"
    assert [i18n.t("demo.n", plural, count=n) for n in (1, 3, 5)] == [
        "1 маршрут",
        "3 маршрута",
        "5 маршрутов",
    ]
    lang("en")
    assert i18n.t("demo.n", plural, count=1) == "1 route"


def test_a_broken_catalogue_names_file_and_entry(tmp_path, monkeypatch):
    _catalogue(tmp_path, monkeypatch, "kk", "demo", {"demo.title": "just text"})
    with pytest.raises(
        ValueError, match=r"kk/demo.yaml: entry 'demo.title': expected a mapping"
    ):
        i18n.catalogue("kk", "demo")
    i18n.catalogue.cache_clear()


def test_t_calls_must_be_literal(tmp_path):
    lib = tmp_path / "explainer"
    lib.mkdir()
    (lib / "m.py").write_text(
        'from explainer.i18n import t\nname = "x"\nt("demo.x", f"{name}")\n'
    )
    with pytest.raises(
        ValueError, match=r"m.py, line 3: the English of t\('demo.x'\) must be"
    ):
        translations.messages(lib, tmp_path)


@pytest.fixture(scope="module")
def all_messages():
    """Every message of the library, the templates, the notebooks and the data."""
    return translations.messages()


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_every_message_is_translated_and_current(code, all_messages):
    found = translations.problems([code], all_messages)
    domains = sorted({i18n.domain_of(p.key) for p in found})
    assert not found, "\n".join(map(str, found)) + "".join(
        f"\nfix: python -m explainer translations --lang {code} --domain {d} --stubs"
        for d in domains
    )


@pytest.mark.parametrize(
    "domain",
    [
        "text",
        "00-overview",
        "01-reforms",
        "02-middle-corridor",
        "03-beineu-sekseuil",
        "04-partners",
        "figure",
        "sources",
        "claims",
        "tables",
        "maps",
        "charts",
        "style",
        "widgets",
        "analysis",
        "site",
        *(f"data-{table}" for table in DATA_TABLES),
    ],
)
def test_each_part_has_messages(domain, all_messages):
    """The check covers every part of the explainer a reader sees."""
    assert any(i18n.domain_of(k) == domain for k in all_messages)


def test_template_messages_are_read(tmp_path):
    lib = tmp_path / "explainer"
    (lib / "templates").mkdir(parents=True)
    (lib / "templates" / "x.html.j2").write_text(
        '<a>{{ t("site.switch", "Read in \\"English\\"") }}</a>\n{{ t("site.n", "Two") }}'
    )
    found = translations.messages(lib, tmp_path)
    assert found["site.switch"][0] == 'Read in "English"'
    assert found["site.n"] == ("Two", "explainer/templates/x.html.j2:2")
