"""The index page's key facts: the fact cards a notebook marks for it.

A code cell of a notebook tagged ``on-index`` puts its fact cards (a
:func:`explainer.facts_panel`, computed from the data with their sources) on the
site's front page as well. They are read back from the rendered page, so the index
shows exactly what the page shows, and the build itself reads no data.
"""

from __future__ import annotations

from collections.abc import Iterable

from bs4 import BeautifulSoup
from markupsafe import Markup

__all__ = ["ON_INDEX", "facts_on_index"]

#: The tag of a code cell whose fact cards the index shows too.
ON_INDEX = "on-index"
#: The class nbconvert's template gives a cell with that tag.
_CELL_CLASS = f"celltag_{ON_INDEX}"


def facts_on_index(pages: Iterable[str]) -> list[Markup]:
    """The fact-card lists (``ul.explainer-facts``) of the cells tagged ``on-index``.

    Parameters
    ----------
    pages
        The HTML of the site's pages, in order.

    Returns
    -------
    list of Markup
        Each list of cards, as the page rendered it (text already escaped there).
    """
    found = []
    for html in pages:
        if _CELL_CLASS not in html:
            continue
        doc = BeautifulSoup(html, "html.parser")
        for cell in doc.select(f".{_CELL_CLASS}"):
            found += [Markup(str(ul)) for ul in cell.select("ul.explainer-facts")]
    return found
