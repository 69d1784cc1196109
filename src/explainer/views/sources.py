"""Citations as HTML: linked short citations and each notebook's list of sources.

Every citation the library renders is recorded, so that :func:`source_list` called
with no frames lists every source the notebook has cited. Sources are always shown
most primary first, by the ledger's ``publisher_type`` (official statistics, then
government and company releases, international organisations, research, the press,
reference works, and Wikipedia copies last), and in order of first use within a
type. The ledger's bookkeeping (language code, kind, how it was checked) is shown
as readable badges: "Russian", "News report", "Checked 3 Dec 2026".
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from explainer.analysis.sources import cited, lookup, short_citation, source_ids
from explainer.data.schema import PUBLISHER_TYPES
from explainer.i18n import t
from explainer.text import date_text
from explainer.views.html import render

__all__ = ["Citation", "cite", "source_list"]


#: Source ids cited since the kernel started (or :func:`forget_citations`), in order.
_CITED: dict[str, None] = {}

#: The ledger's publisher types in readers' words (the groups of a source list),
#: each in the language in use.
PUBLISHER_TYPE_LABELS: dict[str, Callable[[], str]] = {
    "statistics": lambda: t("sources.type.statistics", "Official statistics"),
    "government": lambda: t("sources.type.government", "Governments and public bodies"),
    "company": lambda: t("sources.type.company", "Companies and their associations"),
    "international_org": lambda: t(
        "sources.type.international_org", "International organisations"
    ),
    "research": lambda: t("sources.type.research", "Research and databases"),
    "press": lambda: t("sources.type.press", "Press"),
    "reference": lambda: t("sources.type.reference", "Reference works"),
    "wikipedia": lambda: t(
        "sources.type.wikipedia", "Wikipedia and copies of it (background only)"
    ),
}
#: The ledger's ``kind`` in readers' words.
KIND_LABELS: dict[str, Callable[[], str]] = {
    "official": lambda: t("sources.kind.official", "Official"),
    "news": lambda: t("sources.kind.news", "News report"),
    "international_org": lambda: t(
        "sources.kind.international_org", "International organisation"
    ),
    "research": lambda: t("sources.kind.research", "Research"),
    "reference": lambda: t("sources.kind.reference", "Reference work"),
    "dataset": lambda: t("sources.kind.dataset", "Database"),
    "opinion": lambda: t("sources.kind.opinion", "Opinion"),
}
#: Languages of the ledger (ISO 639-1) by name; others show their code.
LANGUAGE_NAMES: dict[str, Callable[[], str]] = {
    "az": lambda: t("sources.language.az", "Azerbaijani"),
    "cs": lambda: t("sources.language.cs", "Czech"),
    "da": lambda: t("sources.language.da", "Danish"),
    "de": lambda: t("sources.language.de", "German"),
    "en": lambda: t("sources.language.en", "English"),
    "fr": lambda: t("sources.language.fr", "French"),
    "it": lambda: t("sources.language.it", "Italian"),
    "kk": lambda: t("sources.language.kk", "Kazakh"),
    "pt": lambda: t("sources.language.pt", "Portuguese"),
    "ru": lambda: t("sources.language.ru", "Russian"),
    "sv": lambda: t("sources.language.sv", "Swedish"),
    "tr": lambda: t("sources.language.tr", "Turkish"),
    "uk": lambda: t("sources.language.uk", "Ukrainian"),
    "zh": lambda: t("sources.language.zh", "Chinese"),
}
_RANK = {kind: i for i, kind in enumerate(PUBLISHER_TYPES)}
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def source_rank(row: Mapping[str, Any]) -> float:
    """How primary a source is: 0 for official statistics, highest for Wikipedia.

    A row without a known ``publisher_type`` ranks just before Wikipedia copies.
    """
    return _RANK.get(str(row.get("publisher_type") or ""), len(_RANK) - 1.5)


def primary_first(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows most primary first, keeping their order within a publisher type."""
    return sorted(rows, key=source_rank)


def badges(row: Mapping[str, Any]) -> list[str]:
    """A ledger row's bookkeeping as readers' words: kind, language, last check.

    Examples
    --------
    >>> badges({"kind": "news", "language": "ru", "checked": "search index 2026-12-03"})
    ['News report', 'Russian', 'Checked 3 Dec 2026']
    >>> badges({"kind": "official", "language": "en", "checked": "fact sheet"})
    ['Official', 'English', 'Not re-checked since first cited']
    """
    out = []
    kind = str(row.get("kind") or "")
    if kind:
        label = KIND_LABELS.get(kind)
        out.append(label() if label else kind.replace("_", " ").capitalize())
    language = str(row.get("language") or "")
    if language:
        name = LANGUAGE_NAMES.get(language)
        out.append(name() if name else language.upper())
    checked = str(row.get("checked") or "")
    if checked:
        found = _ISO_DATE.search(checked)
        out.append(
            t(
                "sources.checked",
                "Checked {date}",
                date=date_text(pd.Timestamp(found[0])),
            )
            if found
            else t("sources.not_rechecked", "Not re-checked since first cited")
        )
    return out


class Citation(Markup):
    """Linked short citations (HTML) that remember the ledger rows they cite.

    A figure given a citation reads its sources from it: their names, ids and the
    date each was last checked (``sources``: one dict per source).
    """

    sources: tuple[dict[str, str], ...] = ()


def cite(ids: object, sources: pd.DataFrame | None = None) -> Citation:
    """HTML short citations, each linked to its page (text escaped), and recorded.

    Parameters
    ----------
    ids
        A tuple of ids, or a ``;``-separated string.
    sources
        The ledger; default :func:`explainer.load_sources`.

    Returns
    -------
    Citation
        Markup, e.g. ``<a href="https://...">The Astana Times, 2026</a>; ...``,
        that also holds the sources' ledger rows, most primary first.
    """
    rows = lookup(ids, sources)
    _CITED.update(dict.fromkeys(row["source_id"] for row in rows))
    items = tuple(
        {
            "source_id": str(row["source_id"]),
            "url": row["url"],
            "title": row["title"],
            "short": short_citation(row),
            "checked": str(row.get("checked") or ""),
            "publisher_type": str(row.get("publisher_type") or ""),
        }
        for row in primary_first(rows)
    )
    citation = Citation(render("cite.html.j2", sources=items))
    citation.sources = items
    return citation


def note_cited(ids: object) -> None:
    """Record sources a figure cites in another form (a chart's tooltips)."""
    _CITED.update(dict.fromkeys(source_ids(ids)))


def cited_so_far() -> tuple[str, ...]:
    """The ids of every source :func:`cite` has rendered, in order of first use."""
    return tuple(_CITED)


def forget_citations() -> None:
    """Start a new record of citations (a new notebook in the same kernel)."""
    _CITED.clear()


@contextlib.contextmanager
def citations_unrecorded() -> Iterator[None]:
    """Citations rendered inside the block are not recorded.

    For HTML a page may never show (a shared file's entries a map does not draw):
    the notebook's list of sources keeps to what its figures cite.
    """
    saved = dict(_CITED)
    try:
        yield
    finally:
        _CITED.clear()
        _CITED.update(saved)


@dataclass
class SourceList:
    """A numbered, linked list of sources; displays as HTML in a notebook.

    ``sources`` keeps the ledger rows in order of first citation; the HTML groups
    them by publisher type, most primary first, numbered straight through, folded
    under one line that gives their count.
    """

    sources: pd.DataFrame
    heading: str = ""

    def __len__(self) -> int:
        return len(self.sources)

    def groups(self) -> list[dict[str, Any]]:
        """The sources by publisher type, most primary first, each entry numbered."""
        rows = primary_first(self.sources.to_dict("records"))
        groups: list[dict[str, Any]] = []
        for number, row in enumerate(rows, start=1):
            kind = str(row.get("publisher_type") or "")
            if not groups or groups[-1]["type"] != kind:
                named = PUBLISHER_TYPE_LABELS.get(kind)
                label = named() if named else t("sources.type.other", "Other sources")
                groups.append({"type": kind, "label": label, "entries": []})
            entry = dict(row, number=number, badges=badges(row))
            groups[-1]["entries"].append(entry)
        return groups

    def to_html(self) -> Markup:
        """The list as one HTML fragment."""
        return render(
            "source_list.html.j2",
            heading=self.heading,
            count_text=t(
                "sources.count",
                {
                    "one": "{count} source, most primary first",
                    "other": "{count} sources, most primary first",
                },
                count=len(self),
            ),
            groups=self.groups(),
        )

    def _repr_html_(self) -> str:
        return str(self.to_html())

    def __repr__(self) -> str:
        return f"SourceList({len(self)} sources)"


def source_list(
    *frames: pd.DataFrame, sources: pd.DataFrame | None = None, heading: str = ""
) -> SourceList:
    """The sources the given frames cite, ready to display as a numbered list.

    With no frames: every source cited so far by :func:`cite` (and so by every
    figure, card and table of the notebook), in order of first citation.

    Examples
    --------
    >>> from explainer import load_indicators, source_list
    >>> source_list(load_indicators())  # doctest: +SKIP
    >>> source_list()  # everything this notebook has cited  # doctest: +SKIP
    """
    if not frames:
        frames = (pd.DataFrame({"source_ids": [cited_so_far()]}),)
    return SourceList(cited(*frames, sources=sources), heading=heading)
