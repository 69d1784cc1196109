"""The one HTML path: autoescaped templates, Markup passes, URLs from data are safe."""

from __future__ import annotations

import pandas as pd
import pytest
from markupsafe import Markup

import explainer
from explainer import cite, table_html
from explainer.views.html import render, safe_url
from explainer.views.maps.base import Popup

PAYLOAD = '<img src=x onerror="alert(1)">'


def test_table_html_escapes_every_plain_cell_and_keeps_markup():
    frame = pd.DataFrame(
        {"text": [PAYLOAD], "link": [Markup('<a href="https://a.example">a</a>')]}
    )
    html = table_html(frame, caption=PAYLOAD)
    assert "<img" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert '<a href="https://a.example">a</a>' in html


def test_table_html_right_aligns_numbers_and_names_columns():
    html = table_html(
        pd.DataFrame({"km": [1234.5], "year": [2024]}), headers={"km": "Length (km)"}
    )
    assert '<th scope="col" class="num">Length (km)</th>' in html  # over its numbers
    assert '<td class="num">1,234.5</td>' in html
    assert '<td class="num">2024</td>' in html


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example", False),
        ("", False),
    ],
)
def test_safe_url_keeps_only_http_and_https(url, kept):
    assert (safe_url(url) == url) is kept
    if not kept:
        assert safe_url(url) == "#"


def test_cite_escapes_titles_and_publishers_and_refuses_script_urls():
    sources = pd.DataFrame(
        [
            {
                "source_id": "s1",
                "title": PAYLOAD,
                "publisher": PAYLOAD,
                "url": "javascript:alert(1)",
                "published": "2026",
            }
        ]
    )
    html = cite("s1", sources)
    assert isinstance(html, Markup)
    assert "<img" not in html and 'href="#"' in html
    assert 'rel="noopener"' in html


def test_popup_escapes_text_and_keeps_citations():
    sources = pd.DataFrame(
        [
            {
                "source_id": "s1",
                "title": "t",
                "publisher": "P",
                "url": "https://p.example",
                "published": "2025",
            }
        ]
    )
    html = Popup(PAYLOAD).line(PAYLOAD).note(PAYLOAD).sources("s1", sources).html()
    assert "<img" not in html
    assert '<a href="https://p.example"' in html


def test_templates_autoescape():
    assert render("text.html.j2", text=PAYLOAD) == Markup.escape(PAYLOAD)


def test_cite_records_what_a_notebook_cited_for_source_list():
    from explainer.views.sources import cited_so_far, forget_citations

    forget_citations()
    assert cited_so_far() == ()
    ids = list(explainer.load_sources()["source_id"][:3])
    cite(";".join(ids[:2]))
    cite(ids[2])
    cite(ids[0])
    assert cited_so_far() == tuple(ids)
    listed = explainer.source_list()
    assert list(listed.sources["source_id"]) == ids
    forget_citations()
    assert cited_so_far() == ()


def test_tables_speak_readers_words_and_keep_numbers():
    frame = pd.DataFrame(
        {
            "year": [2025],
            "metric": ["titr_cargo"],
            "value": [4.12],
            "qualifier": ["at_least"],
        }
    )
    html = table_html(frame)
    assert '<th scope="col">Measure</th>' in html and "titr_cargo" not in html
    assert "<td>Cargo carried</td>" in html and "<td>at least</td>" in html
    assert '<td class="num">4.12</td>' in html
    raw = table_html(frame, headers={})
    assert '<th scope="col">metric</th>' in raw and "titr_cargo" in raw
