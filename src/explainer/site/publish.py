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
from explainer.site.execute import TIMEOUT, BuildError, execute_all
from explainer.site.exporter import nav_key, render_page, site_links
from explainer.site.front import facts_on_index
from explainer.site.pages import (
    DESCRIPTION,
    FOOTER,
    REPOSITORY,
    TITLE,
    Page,
    binder_url,
    describe,
    discover,
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


def input_hash(page: Page, shared: str | None = None) -> str:
    """A hash of everything a page depends on: its notebook and the shared inputs."""
    digest = hashlib.sha256((shared or shared_inputs_hash()).encode())
    digest.update(page.path.read_bytes())
    return digest.hexdigest()


def render_index(pages: Sequence[Page], facts: Sequence[Markup] = ()) -> str:
    """The site's front page.

    The key facts (the fact cards the notebooks mark ``on-index``, see
    :mod:`explainer.site.front`), one card per page with a line on what it holds,
    how to cite, licences, Binder.
    """
    cards = [
        {
            "href": p.href,
            "title": p.title,
            "summary": p.summary,
            "find": p.find,
            "minutes": p.minutes,
            "name": p.name,
            "binder": binder_url(p.name),
        }
        for p in pages
    ]
    return (
        str(
            render(
                "site/index.html.j2",
                title=TITLE,
                description=DESCRIPTION,
                css=assets.PAGE_CSS_NAME,
                binder=binder_url("00-overview.ipynb"),
                pages=cards,
                facts=list(facts),
                repository=REPOSITORY,
                footer=FOOTER,
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
        Every page the site will have, in order: the index lists them and the
        navigation links between them. Each must be executed or already on disk.
    executed
        Executed notebooks, by name: their pages are written.
    digests
        Input digests, by name, written into the pages.
    manifest
        The manifest to write with them (page name to digest), if any.

    Returns
    -------
    dict
        Bytes of each written page, by file name.

    Raises
    ------
    SiteWriteError
        When a file cannot be written; then no file of the site has changed.
    """
    texts = {f"static/{name}": text for name, text in assets.static_files().items()}
    texts[f"static/{assets.PAGE_CSS_NAME}"] = assets.page_css()
    links = neighbours(pages)
    tables: dict[str, bytes] = {}
    for page in pages:
        if page.name in executed:
            prev, next_ = links[page.name]
            html = render_page(
                executed[page.name],
                page,
                prev=prev,
                next_=next_,
                digest=(digests or {}).get(page.name, ""),
            )
            texts[page.href], csv = extract_csv(html, f"data/{Path(page.href).stem}")
            tables.update(csv)
    shown = [texts[p.href] if p.href in texts else _read(out / p.href) for p in pages]
    texts["index.html"] = render_index(pages, facts_on_index(shown))
    files = {out / name: text.encode("utf-8") for name, text in texts.items()}
    files.update({out / name: data for name, data in tables.items()})
    if manifest is not None:
        files[out / MANIFEST] = store.manifest_bytes(manifest)
    store.write_files(files)
    return {p.href: len(files[out / p.href]) for p in pages if p.name in executed}


def build(
    out: Path | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    only: Sequence[str] = (),
    notebooks_dir: Path | None = None,
    timeout: int = TIMEOUT,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Execute the notebooks and write the site.

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

    Returns
    -------
    dict
        ``built`` and ``skipped`` page names, ``seconds`` per executed notebook,
        ``sizes`` in bytes per written page, ``failures`` (messages).

    Raises
    ------
    BuildError
        When any notebook fails (the others still build; the message names each
        failing notebook and cell), when another build holds the folder, or (as
        :class:`~explainer.site.store.SiteWriteError`) when the folder cannot be
        written; then the previous site is left as it was.
    """
    out = out or paths.PROJECT_ROOT / "site"
    pages = discover(notebooks_dir)
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
    shared = shared_inputs_hash()
    manifest = store.read_manifest(out / MANIFEST, log)
    digests = {p.name: input_hash(p, shared) for p in pages}
    fresh = {
        p.name
        for p in pages
        if not force
        and manifest.get(p.name) == digests[p.name]
        and store.page_meta(out / p.href).get("digest") == digests[p.name]
    }
    selected = [p for p in pages if not only or p.name in only]
    skipped = [p.name for p in selected if p.name in fresh]
    for name in skipped:
        log(f"  skip   {name} (inputs unchanged; --force to rebuild)")
    assets.vega_bundle()  # build the cached bundle once, before the kernels start
    # The pages' charts are compiled to Vega when written: start the compiler
    # (about a second) while the kernels run.
    warm = threading.Thread(target=assets.warm_compiler, daemon=True)
    warm.start()
    todo = [p for p in selected if p.name not in fresh]
    executed, seconds, failures = execute_all(todo, jobs, timeout, log)
    warm.join()
    # The site: pages built now or already on disk; a page that never built is
    # neither on the index nor linked from its neighbours.
    site = [p for p in pages if p.name in executed or (out / p.href).is_file()]
    links = neighbours(site)
    relink = [
        p
        for p in site
        if p.name in fresh
        and store.page_meta(out / p.href).get("nav") != nav_key(*links[p.name])
    ]
    for page in relink:
        log(f"  again  {page.name} (its previous or next page changed)")
    more = execute_all(relink, jobs, timeout, log)
    executed.update(more[0])
    seconds.update(more[1])
    failures += more[2]
    kept = {p.name: digests[p.name] for p in site if p.name in executed.keys() | fresh}
    sizes = write_site(out, site, executed, digests, kept)
    for href, size in sizes.items():
        log(f"  wrote  {out.name}/{href} ({size / 1024:,.0f} KiB)")
    log(f"  wrote  {out.name}/index.html ({len(site)} pages) and {out.name}/static/")
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
