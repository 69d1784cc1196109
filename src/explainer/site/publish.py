"""Build the static site: what ``make html`` runs (``python -m explainer build``)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat
from markupsafe import Markup

import explainer
from explainer import paths
from explainer.site import store
from explainer.site.anchors import extract_csv
from explainer.site.editions import (
    EDITIONS,
    edition_folder,
    in_language,
    language_links,
    parse_editions,
    switch_script,
)
from explainer.site.execute import TIMEOUT, BuildError, execute_all
from explainer.site.exporter import nav_key, render_page, site_links
from explainer.site.front import facts_on_index
from explainer.site.pages import (
    REPOSITORY,
    Page,
    binder_url,
    describe,
    discover,
    footer,
    site_description,
    site_title,
)
from explainer.views import assets
from explainer.views.figure_data import build_date
from explainer.views.html import render

__all__ = [
    "BuildError",
    "binder_url",
    "build",
    "describe",
    "discover",
    "input_hash",
    "site_links",
]


MANIFEST = ".build-manifest.json"


def shared_inputs_hash(data_dir: Path | None = None) -> str:
    """A hash of what every page depends on.

    The library (its code and templates), the data folder the notebooks will read
    (``EXPLAINER_DATA_DIR`` when set) and the pinned requirements.

    Raises
    ------
    BuildError
        When the data folder does not exist.
    """
    try:
        data = paths.data_dir(data_dir)
    except FileNotFoundError as exc:
        raise BuildError(str(exc)) from None
    root = paths.PROJECT_ROOT
    library = root / "src" / "explainer"
    named = [(f"src/explainer/{f.relative_to(library)}", f) for f in library.rglob("*")]
    named += [(f"data/{f.relative_to(data)}", f) for f in data.rglob("*")]
    named += [(name, root / name) for name in PINS]
    digest = hashlib.sha256()
    for name, file in sorted(named):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(f"{name}\0{file.stat().st_size}\0".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


#: Files of the project that pin what the pages are built with.
PINS = ("pyproject.toml", "binder/requirements.txt")
#: V8's explicit compile hint: compile every function of the file while it loads,
#: off the main thread, rather than each on its first call. The page's first chart
#: calls most of Vega, and a map most of Leaflet: lazily, their compiling held the
#: main thread about 200 ms (CPU slowed 4x) before the first chart was drawn. A
#: comment, so other browsers ignore it.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"
#: The shared scripts that get it.
EAGER_SCRIPTS = ("vega-bundle.js", "leaflet.js")


def input_hash(page: Page, shared: str | None = None) -> str:
    """A hash of everything a page depends on.

    Its notebook, its edition and the shared inputs (which hold the translations).
    """
    digest = hashlib.sha256((shared or shared_inputs_hash()).encode())
    digest.update(page.path.read_bytes())
    digest.update(page.lang.encode())
    return digest.hexdigest()


def render_index(
    pages: Sequence[Page], facts: Sequence[Markup] = (), lang: str | None = None
) -> str:
    """An edition's front page (the site's, for English).

    The key facts (the fact cards the notebooks mark ``on-index``, see
    :mod:`explainer.site.front`), one card per page with a line on what it holds,
    how to cite, licences, Binder; written in the edition's language.
    """
    lang = lang or (pages[0].lang if pages else "en")
    with in_language(lang):
        return _render_index(pages, facts, lang)


def _render_index(pages: Sequence[Page], facts: Sequence[Markup], lang: str) -> str:
    cards = [
        {
            "href": p.href,
            "title": p.title,
            "summary": p.summary,
            "find": p.find,
            "minutes": p.minutes,
            "name": p.name,
            "binder": binder_url(p.name, p.lang),
        }
        for p in pages
    ]
    return (
        str(
            render(
                "site/index.html.j2",
                lang=lang,
                languages=language_links(lang, "index.html"),
                static=f"{'../' if edition_folder(lang) else ''}static/",
                title=site_title(),
                description=site_description(),
                css=assets.PAGE_CSS_NAME,
                binder=binder_url("00-overview.ipynb", lang),
                pages=cards,
                facts=list(facts),
                repository=REPOSITORY,
                footer=footer(),
                version=explainer.__version__,
                build_date=build_date(),
            )
        )
        + "\n"
    )


def _read(path: Path) -> str:
    """A page already on disk (a missing one reads as empty)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def neighbours(pages: Sequence[Page]) -> dict[str, tuple[Page | None, Page | None]]:
    """Each page's previous and next page, in the order given."""
    return {
        p.name: (
            pages[i - 1] if i > 0 else None,
            pages[i + 1] if i + 1 < len(pages) else None,
        )
        for i, p in enumerate(pages)
    }


def write_site(
    out: Path,
    pages: Sequence[Page],
    executed: dict[str, nbformat.NotebookNode],
    digests: dict[str, str] | None = None,
    manifest: dict[str, str] | None = None,
) -> dict[str, int]:
    """Write the shared assets, the pages and their CSV files, the index, the manifest.

    They are written as one set (see :func:`explainer.site.store.write_files`): a
    page and its manifest entry land together, or neither does.

    Parameters
    ----------
    out
        The site folder.
    pages
        Every page the site will have, of every edition, in order: each edition's
        index lists its pages and the navigation links between them. Each must be
        executed or already on disk.
    executed
        Executed notebooks, by page key (:attr:`Page.key`): their pages are written.
    digests
        Input digests, by page key, written into the pages.
    manifest
        The manifest to write with them (page key to digest), if any.

    Returns
    -------
    dict
        Bytes of each written page, by its file in the site (``ru/00-x.html``).

    Raises
    ------
    SiteWriteError
        When a file cannot be written; then no file of the site has changed.
    """
    texts = {}
    for lang in dict.fromkeys(p.lang for p in pages):
        with in_language(lang):  # the same files, but for the corridor network's
            texts |= {f"static/{n}": text for n, text in assets.static_files().items()}
    for name in EAGER_SCRIPTS:
        if f"static/{name}" in texts:  # none when no page was written
            texts[f"static/{name}"] = COMPILE_HINT + texts[f"static/{name}"]
    texts[f"static/{assets.PAGE_CSS_NAME}"] = assets.page_css()
    texts["static/languages.js"] = switch_script()
    tables: dict[str, bytes] = {}
    for lang in dict.fromkeys(p.lang for p in pages):
        edition = [p for p in pages if p.lang == lang]
        folder = edition_folder(lang)
        links = neighbours(edition)
        for page in edition:
            if page.key in executed:
                prev, next_ = links[page.name]
                html = render_page(
                    executed[page.key],
                    page,
                    prev=prev,
                    next_=next_,
                    digest=(digests or {}).get(page.key, ""),
                )
                texts[page.site_href], csv = extract_csv(
                    assets.share_chart_config(html), f"data/{Path(page.href).stem}"
                )
                tables.update({folder + name: data for name, data in csv.items()})
        shown = [
            texts[p.site_href] if p.site_href in texts else _read(out / p.site_href)
            for p in edition
        ]
        texts[f"{folder}index.html"] = render_index(
            edition, facts_on_index(shown), lang
        )
    files = {out / name: text.encode("utf-8") for name, text in texts.items()}
    files.update({out / name: data for name, data in tables.items()})
    if manifest is not None:
        files[out / MANIFEST] = store.manifest_bytes(manifest)
    store.write_files(files)
    _sweep_static(out)
    return {
        p.site_href: len(files[out / p.site_href]) for p in pages if p.key in executed
    }


def static_names() -> set[str]:
    """Every file the build may write in ``static/``, in any edition."""
    names = {assets.PAGE_CSS_NAME, "languages.js"}
    for lang in EDITIONS:
        with in_language(lang):
            names |= assets.static_file_names()
    return names


def _sweep_static(out: Path) -> None:
    """Remove files of ``static/`` that no build writes any more.

    An older build's files (its stylesheet, say) stayed beside the new ones and
    went out with the site. Only ``static/`` is swept: it is the build's own.
    """
    folder = out / "static"
    if not folder.is_dir():
        return
    keep = static_names()
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep:
            path.unlink()


def build(
    out: Path | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    only: Sequence[str] = (),
    notebooks_dir: Path | None = None,
    timeout: int = TIMEOUT,
    log: Callable[[str], None] = print,
    langs: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Execute the notebooks and write the site, in each edition.

    The folder is checked for writing and locked before any notebook runs; every
    file is written atomically, and the site lists only pages that exist.

    Parameters
    ----------
    out
        The site folder (default: ``site/`` in the project).
    force
        Rebuild every page, even when its inputs have not changed.
    jobs
        Notebooks executed at once (default: the number of CPUs).
    only
        Notebook file names to build (default: all).
    notebooks_dir
        Where the notebooks are (default: the project's ``notebooks/``).
    timeout
        Seconds a cell may run before its notebook fails.
    log
        Where progress goes.
    langs
        The editions to build (default: all; see
        :data:`explainer.site.editions.EDITIONS`). English is the site's root,
        the others its folders ``ru/`` and ``kk/``; an edition not built now
        keeps what is on disk.

    Returns
    -------
    dict
        ``built`` and ``skipped`` page keys (``02-x.ipynb`` in English,
        ``ru/02-x.ipynb``...), ``seconds`` per executed notebook, ``sizes`` in
        bytes per written page, ``failures`` (messages).

    Raises
    ------
    BuildError
        When any notebook fails (the others still build; the message names each
        failing notebook and cell), when another build holds the folder, or (as
        :class:`~explainer.site.store.SiteWriteError`) when the folder cannot be
        written; then the previous site is left as it was.
    """
    out = out or paths.PROJECT_ROOT / "site"
    try:
        editions = parse_editions(langs)
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    pages = [p for lang in editions for p in discover(notebooks_dir, lang)]
    if not pages:
        msg = f"no notebooks NN-*.ipynb in {notebooks_dir or paths.NOTEBOOKS_DIR}"
        raise BuildError(msg)
    with store.BuildLock(out):
        for debris in store.clean_debris(out):
            log(f"  removed {debris.name}, left by an interrupted build")
        store.check_writable(out)  # before any notebook runs
        return _build(
            out, pages, force, max(1, jobs or os.cpu_count() or 1), only, timeout, log
        )


def _build(
    out: Path,
    pages: list[Page],
    force: bool,
    jobs: int,
    only: Sequence[str],
    timeout: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """The build, once the folder is locked."""
    editions = list(dict.fromkeys(p.lang for p in pages))
    shared = shared_inputs_hash()
    manifest = store.read_manifest(out / MANIFEST, log)
    digests = {p.key: input_hash(p, shared) for p in pages}
    fresh = {
        p.key
        for p in pages
        if not force
        and manifest.get(p.key) == digests[p.key]
        and store.page_meta(out / p.site_href).get("digest") == digests[p.key]
    }
    selected = [p for p in pages if not only or p.name in only]
    skipped = [p.key for p in selected if p.key in fresh]
    for name in skipped:
        log(f"  skip   {name} (inputs unchanged; --force to rebuild)")
    assets.vega_bundle()  # build the cached bundle once, before the kernels start
    # The pages' charts are compiled to Vega when written: start the compiler
    # (about a second) while the kernels run.
    warm = threading.Thread(target=assets.warm_compiler, daemon=True)
    warm.start()
    todo = [p for p in selected if p.key not in fresh]
    executed, seconds, failures = execute_all(todo, jobs, timeout, log)
    warm.join()
    # The site: pages built now or already on disk; a page that never built is
    # neither on the index nor linked from its neighbours (in its edition).
    site = [p for p in pages if p.key in executed or (out / p.site_href).is_file()]
    relink = []
    for lang in editions:
        links = neighbours([p for p in site if p.lang == lang])
        relink += [
            p
            for p in site
            if p.lang == lang
            and p.key in fresh
            and store.page_meta(out / p.site_href).get("nav") != nav_key(*links[p.name])
        ]
    for page in relink:
        log(f"  again  {page.key} (its previous or next page changed)")
    more = execute_all(relink, jobs, timeout, log)
    executed.update(more[0])
    seconds.update(more[1])
    failures += more[2]
    # Editions not built now keep their manifest entries.
    kept = {
        k: v
        for k, v in manifest.items()
        if (k.split("/")[0] if "/" in k else "en") not in editions
    }
    kept |= {p.key: digests[p.key] for p in site if p.key in executed.keys() | fresh}
    sizes = write_site(out, site, executed, digests, kept)
    for href, size in sizes.items():
        log(f"  wrote  {out.name}/{href} ({size / 1024:,.0f} KiB)")
    for lang in editions:
        count = sum(p.lang == lang for p in site)
        log(f"  wrote  {out.name}/{edition_folder(lang)}index.html ({count} pages)")
    log(f"  wrote  {out.name}/static/")
    result = {
        "built": sorted(executed),
        "skipped": [name for name in skipped if name not in executed],
        "seconds": seconds,
        "sizes": sizes,
        "failures": failures,
    }
    if failures:
        error = BuildError("\n".join(failures))
        error.result = result
        raise error
    return result
