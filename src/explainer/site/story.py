"""The published page's reading order, set by cell tags; the notebook keeps its own.

A notebook in JupyterLab reads in the Pythia order: title, overview, prerequisites,
imports, then the sections. A reader of the published page wants the story first. Cell
tags say what each cell is for, and :class:`StoryOrderPreprocessor` puts the page
together in this order:

1. cells tagged ``lead``: the title and a short lead;
2. cells tagged ``key-finding``: the figure or fact cards the page opens on;
3. every other cell, in notebook order (the sections);
4. cells tagged ``about``: prerequisites and time to read, in the "About this page"
   box at the end (the template adds how to run the notebook).

Cells tagged ``notebook-only`` (the overview list that the page's table of contents
replaces, the imports heading) are left out of the page. The preprocessor also lists
the sections for the table of contents: each ``##`` heading of the story with its
stable ``section:<id>`` (see :mod:`explainer.site.anchors`).
"""

from __future__ import annotations

import re
from typing import Any

from nbconvert.preprocessors import Preprocessor

from explainer.i18n import t
from explainer.site.anchors import sections_of

__all__ = [
    "ABOUT",
    "ABOUT_ID",
    "KEY_FINDING",
    "LEAD",
    "NOTEBOOK_ONLY",
    "StoryOrderPreprocessor",
    "demote",
    "page_role",
    "plain_heading",
]

LEAD = "lead"
KEY_FINDING = "key-finding"
ABOUT = "about"
NOTEBOOK_ONLY = "notebook-only"
#: The id of the "About this page" box (its heading).
ABOUT_ID = "about-this-page"
#: The page's groups of cells, in the order the page shows them.
ORDER = (LEAD, KEY_FINDING, "story", ABOUT)

_H2 = re.compile(r"^## +(.+?)\s*#*\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def page_role(cell: Any) -> str:
    """What a cell is for on the page.

    One of ``lead``, ``key-finding``, ``about``, ``notebook-only`` or ``story`` (a
    section's text or figure).
    """
    tags = cell.get("metadata", {}).get("tags", [])
    for role in (NOTEBOOK_ONLY, LEAD, KEY_FINDING, ABOUT):
        if role in tags:
            return role
    return "story"


def plain_heading(markdown: str) -> str:
    """A markdown heading as plain text: links to their text, no emphasis marks."""
    return re.sub(r"[*_`]", "", _LINK.sub(r"\1", markdown)).strip()


def _headings(cell: Any) -> list[dict[str, str]]:
    """The ``##`` headings of a markdown cell with their section ids."""
    if cell.get("cell_type") != "markdown":
        return []
    texts = [m[1] for line in cell.source.splitlines() if (m := _H2.match(line))]
    ids = sections_of(cell.get("metadata", {}).get("tags", []))
    return [
        {"id": ident, "text": plain_heading(text)}
        for ident, text in zip(ids, texts, strict=False)
    ]


class StoryOrderPreprocessor(Preprocessor):
    """Reorder the cells for the page (lead, key finding, sections, about).

    Each kept cell gets ``metadata.explainer_page``: its ``role`` and whether it
    opens (``first``) or closes (``last``) its group, which the template wraps.
    ``resources["explainer"]["toc"]`` gets the page's sections, then the about box.
    """

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict]:
        """Order the cells, mark their groups and list the sections."""
        groups: dict[str, list[Any]] = {role: [] for role in ORDER}
        for cell in nb.cells:
            role = page_role(cell)
            if role != NOTEBOOK_ONLY:
                groups[role].append(cell)
        cells = []
        for role, group in groups.items():
            for i, cell in enumerate(group):
                cell.metadata["explainer_page"] = {
                    "role": role,
                    "first": i == 0,
                    "last": i == len(group) - 1,
                }
                cells.append(cell)
        nb.cells = cells
        toc = [h for cell in groups["story"] for h in _headings(cell)]
        toc.append({"id": ABOUT_ID, "text": t("site.page.about", "About this page")})
        explainer = resources.setdefault("explainer", {})
        explainer["toc"] = toc
        explainer["about_cells"] = len(groups[ABOUT])
        explainer["about_id"] = ABOUT_ID
        return nb, resources


_HEADING = re.compile(r"<(/?)h([1-5])\b")


def demote(html: str) -> str:
    """Every heading one level down (``<h2>`` to ``<h3>``...).

    For a cell inside the about box, whose own heading is the ``<h2>``.
    """
    return _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
