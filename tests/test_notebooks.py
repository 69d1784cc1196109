"""Every notebook executes top to bottom in a fresh kernel, with no error or warning,
and renders to a page; the build skips what has not changed."""

from __future__ import annotations

import nbformat
import pytest

from explainer import publish

PAGES = publish.discover()


@pytest.mark.notebook
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_notebook_executes_cleanly_and_renders(built_site, page):
    out, result = built_site
    failures = [f for f in result["failures"] if f.startswith(page.name)]
    assert not failures, "\n".join(failures)
    assert page.name in result["built"]
    html = (out / page.href).read_text(encoding="utf-8")
    assert f"<title>{page.title}" in html or page.title in html


@pytest.mark.notebook
def test_index_lists_every_notebook(built_site):
    out, _ = built_site
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in PAGES:
        assert f'href="{page.href}"' in index


@pytest.mark.notebook
def test_unchanged_notebooks_are_skipped(built_site):
    out, _ = built_site
    again = publish.build(out, log=lambda _: None)
    assert again["built"] == []
    assert sorted(again["skipped"]) == sorted(p.name for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_notebook_is_committed_clean(page):
    nb = nbformat.read(page.path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {index} has outputs"
            assert cell.execution_count is None, f"cell {index} has an execution count"
    headings = [
        line
        for c in nb.cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("# ")
    ]
    assert len(headings) == 1, "one title per notebook"
    assert page.minutes, "a time to read"


def test_links_between_notebooks_point_at_site_pages():
    page = (
        '<a href="01-reforms.ipynb">next</a> <a href="04-partners.ipynb#data">x</a> '
        '<a href="https://example.org/a.ipynb">elsewhere</a>'
    )
    assert publish.site_links(page) == (
        '<a href="01-reforms.html">next</a> <a href="04-partners.html#data">x</a> '
        '<a href="https://example.org/a.ipynb">elsewhere</a>'
    )
