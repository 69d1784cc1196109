"""The notebooks as pages: discovery, titles, summaries, Binder links."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import nbformat

from explainer import i18n, paths
from explainer.i18n import t
from explainer.site.editions import edition_notebook, in_language

__all__ = [
    "Page",
    "binder_url",
    "describe",
    "discover",
    "footer",
    "site_description",
    "site_title",
    "what_you_find",
]


#: GitHub repository the Binder links point at (``owner/name``); override with
#: ``$EXPLAINER_REPOSITORY``.
REPOSITORY = os.environ.get(
    "EXPLAINER_REPOSITORY", "kz-explainer/kazakhstan-2026-explainer"
)


def site_title() -> str:
    """The site's title, in the language in use."""
    return t(
        "site.title", "Kazakhstan 2026: reforms, the Middle Corridor and its partners"
    )


def site_description() -> str:
    """The site's one-sentence description, in the language in use."""
    return t(
        "site.description",
        "An interactive, sourced explainer of Kazakhstan's 2026 constitutional "
        "reform, the Middle Corridor, the Beineu–Sekseuil highway and Kazakhstan's "
        "partners.",
    )


def footer() -> str:
    """The licences line of every page, in the language in use."""
    return t(
        "site.footer.licences",
        "Code: MIT licence. Text: CC BY 4.0. Data: CC BY 4.0 for our compilations, "
        "each figure with its source; base map from Natural Earth (public domain); "
        "map tiles © OpenStreetMap contributors.",
    )


def binder_url(notebook: str | None = None, lang: str = i18n.SOURCE_LANGUAGE) -> str:
    """The mybinder.org link that opens JupyterLab on a notebook.

    A Russian or Kazakh page opens that edition's notebook, ``notebooks/<lang>/``,
    which Binder's ``postBuild`` writes (``python -m explainer notebooks``).
    """
    folder = "" if lang == i18n.SOURCE_LANGUAGE else f"{lang}/"
    lab = f"?labpath=notebooks/{folder}{notebook}" if notebook else ""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD{lab}"


@dataclasses.dataclass
class Page:
    """One notebook and the page it becomes."""

    path: Path
    title: str
    summary: str
    minutes: str
    #: One line on what the page holds, for the index: the lead's sentence that
    #: starts "This notebook" (or "This explainer"), else its first sentence.
    find: str = ""
    #: The edition: ``"en"`` (the site's root), ``"ru"`` or ``"kk"`` (folders).
    lang: str = i18n.SOURCE_LANGUAGE

    @property
    def name(self) -> str:
        """The notebook's file name, e.g. ``00-overview.ipynb``."""
        return self.path.name

    @property
    def href(self) -> str:
        """The page's file name in the site, e.g. ``00-overview.html``."""
        return self.path.with_suffix(".html").name

    @property
    def key(self) -> str:
        """The page's key in the build: its name, under its edition's folder.

        ``02-middle-corridor.ipynb`` in English, ``ru/02-middle-corridor.ipynb``
        in Russian (the manifest and the build's result use it).
        """
        return (
            self.name
            if self.lang == i18n.SOURCE_LANGUAGE
            else f"{self.lang}/{self.name}"
        )

    @property
    def site_href(self) -> str:
        """The page's file in the site: ``02-x.html`` or ``ru/02-x.html``."""
        return self.key.removesuffix(".ipynb") + ".html"


def describe(path: Path, lang: str = i18n.SOURCE_LANGUAGE) -> Page:
    """Title, summary and reading time of a notebook, from its first cells.

    For an edition other than English they are read from the notebook as that
    edition has it (its translated markdown, see :mod:`explainer.site.editions`).
    """
    nb = nbformat.read(path, as_version=4)
    english = _describe(path, nb)
    if lang == i18n.SOURCE_LANGUAGE:
        return english
    page = _describe(path, edition_notebook(path, lang, nb))
    page.lang = lang
    # The sentence that says what the page holds is where the English has it.
    english_sentences = _sentences(english.summary)
    sentences = _sentences(page.summary)
    if english.find in english_sentences and len(sentences) == len(english_sentences):
        page.find = sentences[english_sentences.index(english.find)]
    count = re.match(r"\d+", english.minutes)
    with in_language(lang):
        page.minutes = (
            t(
                "site.page.minutes",
                {"one": "{count} minute", "other": "{count} minutes"},
                count=int(count[0]),
            )
            if count
            else english.minutes
        )
    return page


def _describe(path: Path, nb: nbformat.NotebookNode) -> Page:
    title, summary, minutes = path.stem, "", ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            text = line.strip()
            if text.startswith("# ") and title == path.stem:
                title = text[2:].strip()
            elif (
                not summary
                and text
                and not text.startswith(("#", "!", "<", "-", "|", ">"))
            ):
                summary = text
            match = re.search(r"\*\*Time to read\*\*:?\s*(.+)", text, re.IGNORECASE)
            if match and not minutes:
                minutes = match.group(1).strip(" .*")
        if summary and minutes:
            break
    summary = _plain(summary)
    return Page(path, title, summary, minutes, what_you_find(summary))


#: Where a sentence ends: after . ! ? and before a capital (Latin or Cyrillic).
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def _sentences(lead: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(lead) if s.strip()]


def what_you_find(lead: str) -> str:
    """The sentence of a lead that says what the page holds (see :class:`Page`)."""
    sentences = _sentences(lead)
    for sentence in sentences:
        if sentence.startswith(("This notebook", "This explainer", "This page")):
            return sentence
    return sentences[0] if sentences else ""


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text)


def discover(
    notebooks_dir: Path | None = None, lang: str = i18n.SOURCE_LANGUAGE
) -> list[Page]:
    """The explainer's notebooks (``NN-slug.ipynb``), in reading order.

    As pages of the edition ``lang`` (their titles and leads in its language).
    """
    folder = notebooks_dir or paths.NOTEBOOKS_DIR
    found = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.is_file())
    return [describe(p, lang) for p in found]
