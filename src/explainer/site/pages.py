"""The notebooks as pages: discovery, titles, summaries, Binder links."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import nbformat

from explainer import paths

__all__ = ["Page", "binder_url", "describe", "discover", "what_you_find"]


#: GitHub repository the Binder links point at (``owner/name``); override with
#: ``$EXPLAINER_REPOSITORY``.
REPOSITORY = os.environ.get(
    "EXPLAINER_REPOSITORY", "kz-explainer/kazakhstan-2026-explainer"
)


TITLE = "Kazakhstan 2026: reforms, the Middle Corridor and its partners"


DESCRIPTION = (
    "An interactive, sourced explainer of Kazakhstan's 2026 constitutional reform, "
    "the Middle Corridor, the Beineu–Sekseuil highway and Kazakhstan's partners."
)


FOOTER = (
    "Code: MIT licence. Text: CC BY 4.0. Data: CC BY 4.0 for our compilations, each "
    "figure with its source; base map from Natural Earth (public domain); map tiles "
    "© OpenStreetMap contributors."
)


def binder_url(notebook: str | None = None) -> str:
    """The mybinder.org link that opens JupyterLab on a notebook."""
    lab = f"?labpath=notebooks/{notebook}" if notebook else ""
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

    @property
    def name(self) -> str:
        """The notebook's file name, e.g. ``00-overview.ipynb``."""
        return self.path.name

    @property
    def href(self) -> str:
        """The page's file name in the site, e.g. ``00-overview.html``."""
        return self.path.with_suffix(".html").name


def describe(path: Path) -> Page:
    """Title, summary and reading time of a notebook, from its first cells."""
    nb = nbformat.read(path, as_version=4)
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


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def what_you_find(lead: str) -> str:
    """The sentence of a lead that says what the page holds (see :class:`Page`)."""
    sentences = [s.strip() for s in _SENTENCE.split(lead) if s.strip()]
    for sentence in sentences:
        if sentence.startswith(("This notebook", "This explainer", "This page")):
            return sentence
    return sentences[0] if sentences else ""


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text)


def discover(notebooks_dir: Path | None = None) -> list[Page]:
    """The explainer's notebooks (``NN-slug.ipynb``), in reading order."""
    folder = notebooks_dir or paths.NOTEBOOKS_DIR
    found = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.is_file())
    return [describe(p) for p in found]
