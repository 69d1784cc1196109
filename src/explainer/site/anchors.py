"""Links that last: explicit section ids, and each figure's CSV file beside its page.

Sections. A notebook gives each ``##`` heading a stable id as a tag of its markdown
cell, ``section:<id>``, one per ``##`` heading of the cell, in order, and each
``###`` heading one as ``subsection:<id>``. The page template passes each cell's
rendered markdown through :func:`section_ids`, which puts those ids on the ``<h2>``
and ``<h3>`` elements in place of the ids nbconvert derives from the heading text
(these change when the heading is reworded or translated, so a link to a Russian
heading failed on the Kazakh page; the tags do not). The page's one ``#`` title
gets :data:`TITLE_ID`. Markdown stays free of raw HTML.

Figures. A figure's HTML carries its rows as a ``data:`` link (see
:mod:`explainer.views.figure`), which works in JupyterLab and in a single-file
export. The site build moves each into a file, ``data/<page>/<figure-id>.csv``, and
points the link at it (:func:`extract_csv`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from explainer.views.figure_data import is_figure_id

__all__ = [
    "SECTION_TAG",
    "SUBSECTION_TAG",
    "TITLE_ID",
    "extract_csv",
    "section_ids",
    "sections_of",
]

#: The prefix of a markdown cell's tag that gives a ``##`` heading its id.
SECTION_TAG = "section:"
#: The same for a ``###`` heading.
SUBSECTION_TAG = "subsection:"
#: The id of the page's title (its one ``#`` heading), the same in every language.
TITLE_ID = "title"

_HEADING = re.compile(r"<h([123])\b([^>]*)>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')
#: The download link of a figure's CSV, as ``figure.html.j2`` writes it (its
#: attributes in any order: the page's HTML may have been re-serialised).
_CSV_LINK = re.compile(r'<a\b[^>]*\bclass="explainer-csv"[^>]*>')
_CSV_HREF = re.compile(r'\bhref="data:text/csv;charset=utf-8,([A-Za-z0-9%._~-]*)"')
_CSV_NAME = re.compile(r'\bdownload="([a-z0-9-]+)\.csv"')


def sections_of(tags: Iterable[str], prefix: str = SECTION_TAG) -> list[str]:
    """The section ids in a cell's tags, in order (``prefix``: or subsection ids).

    Raises
    ------
    ValueError
        When a section id is not kebab-case.
    """
    ids = [t[len(prefix) :] for t in tags if t.startswith(prefix)]
    for ident in ids:
        if not is_figure_id(ident):
            msg = f"section id {ident!r} is not kebab-case (e.g. {prefix}freight)"
            raise ValueError(msg)
    return ids


def section_ids(html: str, tags: Iterable[str] = ()) -> str:
    """Give the headings of a rendered markdown cell their stable ids.

    The n-th ``<h2>`` gets the n-th ``section:<id>`` tag and the n-th ``<h3>`` the
    n-th ``subsection:<id>``; an ``<h1>`` gets :data:`TITLE_ID`. The anchor link
    (``¶``) follows its heading's id. Headings beyond the tags keep nbconvert's ids.
    """
    tags = list(tags)
    ids = {
        "1": iter([TITLE_ID] * html.count("<h1")),
        "2": iter(sections_of(tags)),
        "3": iter(sections_of(tags, SUBSECTION_TAG)),
    }

    def swap(match: re.Match[str]) -> str:
        level, attributes, inner = match[1], match[2], match[3]
        new = next(ids[level], None)
        if new is None:
            return match[0]
        old = _ID.search(attributes)
        if old:
            inner = inner.replace(f'href="#{old[1]}"', f'href="#{new}"')
            attributes = _ID.sub("", attributes)
        return f'<h{level} id="{new}"{attributes}>{inner}</h{level}>'

    return _HEADING.sub(swap, html)


def extract_csv(page: str, folder: str) -> tuple[str, dict[str, bytes]]:
    """Move the figures' inline CSV into files and link them instead.

    Parameters
    ----------
    page
        The page's HTML.
    folder
        Where the files go, relative to the page (e.g. ``data/02-middle-corridor``).

    Returns
    -------
    tuple
        The page with each CSV link pointing at its file, and the files' contents by
        path relative to the page.
    """
    files: dict[str, bytes] = {}

    def move(match: re.Match[str]) -> str:
        tag = match[0]
        href, ident = _CSV_HREF.search(tag), _CSV_NAME.search(tag)
        if not (href and ident):
            return tag
        name = f"{folder}/{ident[1]}.csv"
        files[name] = unquote(href[1]).encode("utf-8")
        return tag.replace(href[0], f'href="{name}"')

    return _CSV_LINK.sub(move, page), files
