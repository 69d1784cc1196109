"""The site's editions: English, Russian and Kazakh, from the same notebooks.

One notebook per topic holds the code once; its markdown is English, and each
markdown cell's translation is in the catalogue of its notebook, keyed by the
cell's id (``<stem>.md.<cell id>``, see :mod:`explainer.site.translations`).
An edition's notebook is the notebook with each markdown cell replaced by its
translation (English where there is none; the translation check fails on those)
and one code cell more, before the first: ``explainer.set_language("<lang>")``,
which is what a reader types at the top of a notebook in JupyterLab. It is tagged
``notebook-only``, so the page never shows it.

The English edition is the site's root (``site/``); the others are folders of
it (``site/ru/``, ``site/kk/``) that share its ``static/`` assets.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator, Sequence
from pathlib import Path

import nbformat

from explainer import i18n
from explainer.site.story import NOTEBOOK_ONLY
from explainer.site.translations import notebook_key

__all__ = [
    "EDITIONS",
    "LANGUAGE_CELL_ID",
    "LANGUAGE_TAG",
    "edition_folder",
    "edition_notebook",
    "in_language",
    "language_links",
    "parse_editions",
    "switch_script",
    "write_edition_notebooks",
]

#: The editions, English first (the site's root).
EDITIONS: tuple[str, ...] = tuple(i18n.LANGUAGES)
#: The tag and id of the code cell that sets an edition's language.
LANGUAGE_TAG = "set-language"
LANGUAGE_CELL_ID = "set-language"


def edition_folder(lang: str) -> str:
    """An edition's folder in the site: ``""`` for English, else ``"ru/"``..."""
    return "" if lang == i18n.SOURCE_LANGUAGE else f"{lang}/"


def switch_script() -> str:
    """``static/languages.js``: the switch's links follow the section in view."""
    return (Path(__file__).parent / "templates" / "languages.js").read_text(
        encoding="utf-8"
    )


def language_links(lang: str, href: str) -> list[dict[str, str | bool]]:
    """The language switch of a page: the same file in every edition.

    Parameters
    ----------
    lang
        The edition of the page the links are on.
    href
        The page's file in its edition's folder (``02-x.html``, ``index.html``).

    Returns
    -------
    list of dict
        Per edition, in site order: ``lang``, ``name`` (the language's own name),
        ``href`` (relative to the page) and ``current``.
    """
    up = "../" if edition_folder(lang) else ""
    return [
        {
            "lang": other,
            "name": i18n.LANGUAGES[other],
            "href": f"{up}{edition_folder(other)}{href}",
            "current": other == lang,
        }
        for other in EDITIONS
    ]


def parse_editions(langs: Sequence[str] | None) -> list[str]:
    """The editions asked for, checked and in site order (all when none is given).

    Raises
    ------
    ValueError
        For a code that is not an edition, naming the ones there are.
    """
    if not langs:
        return list(EDITIONS)
    wanted = {c.strip().lower() for lang in langs for c in str(lang).split(",")}
    wanted.discard("")
    unknown = sorted(wanted - set(EDITIONS))
    if unknown:
        options = ", ".join(f"{c!r} ({n})" for c, n in i18n.LANGUAGES.items())
        msg = f"unknown edition(s) {', '.join(map(repr, unknown))}: expected {options}"
        raise ValueError(msg)
    return [lang for lang in EDITIONS if lang in wanted]


def language_cell(lang: str) -> nbformat.NotebookNode:
    """The code cell that puts a notebook in ``lang``, hidden from the page."""
    cell = nbformat.v4.new_code_cell(
        f'import explainer\nexplainer.set_language("{lang}")'
    )
    cell.id = LANGUAGE_CELL_ID
    cell.metadata["tags"] = [NOTEBOOK_ONLY, LANGUAGE_TAG]
    return cell


def edition_notebook(
    path: Path, lang: str, nb: nbformat.NotebookNode | None = None
) -> nbformat.NotebookNode:
    """A notebook as its edition in ``lang`` reads and runs it.

    Parameters
    ----------
    path
        The notebook (its stem names its catalogue).
    lang
        The edition; for English the notebook is returned as it is.
    nb
        The notebook already read, if it is (it is not changed).

    Returns
    -------
    NotebookNode
        A copy with each markdown cell translated where a translation exists,
        and the language cell before the first code cell.
    """
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    if lang == i18n.SOURCE_LANGUAGE:
        return nb
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if cell.cell_type == "markdown" and cell.get("id"):
            english = "".join(cell.source)
            text = i18n.translation(notebook_key(path.stem, cell.id), lang, english)
            if isinstance(text, str):
                cell.source = text
        cells.append(cell)
    first = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first, language_cell(lang))
    out.cells = cells
    out.metadata["language_edition"] = lang
    return out


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[str]:
    """Render in ``lang`` for a while (the site's templates call ``t()``)."""
    before = i18n.language()
    i18n.set_language(lang)
    try:
        yield lang
    finally:
        i18n.set_language(before)


def write_edition_notebooks(
    lang: str, notebooks_dir: Path | None = None, out: Path | None = None
) -> list[Path]:
    """Write an edition's notebooks, ``notebooks/<lang>/NN-*.ipynb``, for JupyterLab.

    Each is :func:`edition_notebook` of a notebook, without outputs; its links to
    the other notebooks (``NN-slug.ipynb``) reach the same edition's.

    Returns
    -------
    list of Path
        The files written.
    """
    from explainer import paths  # the base layer; imported here to keep it light

    folder = notebooks_dir or paths.NOTEBOOKS_DIR
    target = out or folder / lang
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        nb = edition_notebook(path, lang)
        file = target / path.name
        nbformat.write(nb, file)
        written.append(file)
    return written
