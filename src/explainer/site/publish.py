"""Build the static site: what ``make html`` runs (``python -m explainer build``)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter

from explainer import paths
from explainer.site.execute import BuildError, execute
from explainer.site.exporter import render_page, site_links
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
from explainer.views.html import render

__all__ = [
    "BuildError",
    "binder_url",
    "build",
    "describe",
    "discover",
    "input_hash",
    "main",
    "site_links",
]


PAGE_CSS = assets.PAGE_CSS


MANIFEST = ".build-manifest.json"


def shared_inputs_hash() -> str:
    """A hash of what every page depends on: the library, the data, the pins."""
    digest = hashlib.sha256()
    root = paths.PROJECT_ROOT
    files = sorted((root / "src" / "explainer").rglob("*"))
    files += sorted(paths.DATA_DIR.rglob("*"))
    files += [root / "pyproject.toml", root / "binder" / "requirements.txt"]
    for file in files:
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def input_hash(page: Page, shared: str | None = None) -> str:
    """A hash of everything a page depends on: its notebook and the shared inputs."""
    digest = hashlib.sha256((shared or shared_inputs_hash()).encode())
    digest.update(page.path.read_bytes())
    return digest.hexdigest()


def render_index(pages: Sequence[Page]) -> str:
    """The site's front page: one card per notebook, how to cite, licences, Binder."""
    cards = [
        {
            "href": p.href,
            "title": p.title,
            "summary": p.summary,
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
                css=PAGE_CSS.name,
                binder=binder_url("00-overview.ipynb"),
                pages=cards,
                repository=REPOSITORY,
                footer=FOOTER,
            )
        )
        + "\n"
    )


def write_site(
    out: Path,
    pages: Sequence[Page],
    executed: dict[str, nbformat.NotebookNode],
) -> dict[str, int]:
    """Write the shared assets, the given pages and the index; return page sizes."""
    static = out / "static"
    assets.write_static(static)
    exporter = HTMLExporter()
    lab_css = "\n".join(
        exporter.environment.loader.get_source(exporter.environment, name)[0]
        for name in ("lab/static/index.css", "lab/static/theme-light.css")
    )
    _write_if_changed(static / "jupyter.css", lab_css)
    _write_if_changed(static / PAGE_CSS.name, PAGE_CSS.read_text(encoding="utf-8"))
    sizes = {}
    for i, page in enumerate(pages):
        if page.name not in executed:
            continue
        text = render_page(
            executed[page.name],
            page,
            prev=pages[i - 1] if i > 0 else None,
            next_=pages[i + 1] if i + 1 < len(pages) else None,
        )
        _write_if_changed(out / page.href, text)
        sizes[page.href] = len(text.encode("utf-8"))
    _write_if_changed(out / "index.html", render_index(pages))
    return sizes


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # never a half-written page


def build(
    out: Path | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    only: Sequence[str] = (),
    notebooks_dir: Path | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Execute the notebooks and write the site.

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
    log
        Where progress goes.

    Returns
    -------
    dict
        ``built`` and ``skipped`` page names, ``seconds`` per executed notebook,
        ``sizes`` in bytes per written page.

    Raises
    ------
    BuildError
        When any notebook fails; the others still build and the message names each
        failing notebook and cell.
    """
    out = out or paths.PROJECT_ROOT / "site"
    out.mkdir(parents=True, exist_ok=True)
    pages = discover(notebooks_dir)
    if not pages:
        msg = f"no notebooks NN-*.ipynb in {notebooks_dir or paths.NOTEBOOKS_DIR}"
        raise BuildError(msg)
    manifest_path = out / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    todo, skipped = [], []
    shared = shared_inputs_hash()
    for page in pages:
        if only and page.name not in only:
            continue
        digest = input_hash(page, shared)
        if (
            not force
            and manifest.get(page.name) == digest
            and (out / page.href).is_file()
        ):
            skipped.append(page.name)
            log(f"  skip   {page.name} (inputs unchanged; --force to rebuild)")
        else:
            todo.append((page, digest))
    assets.vega_bundle()  # build the cached bundle once, before the kernels start
    jobs = max(1, jobs or os.cpu_count() or 1)
    executed, seconds, failures = _run(_execute_all(todo, jobs, log))
    sizes = write_site(out, pages, executed)
    for page, digest in todo:
        if page.name in executed:
            manifest[page.name] = digest
            log(f"  wrote  {out.name}/{page.href} ({sizes[page.href] / 1024:,.0f} KiB)")
        else:
            manifest.pop(page.name, None)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    log(f"  wrote  {out.name}/index.html and {out.name}/static/")
    result = {
        "built": sorted(executed),
        "skipped": skipped,
        "seconds": seconds,
        "sizes": sizes,
        "failures": failures,
    }
    if failures:
        error = BuildError("\n".join(failures))
        error.result = result
        raise error
    return result


def _run(coroutine: Any) -> Any:
    """Run a coroutine to completion, even where an event loop is already running.

    In a notebook, or in a test that drives a browser, a loop runs in this thread;
    the coroutine then gets a thread (and a loop) of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _execute_all(
    todo: list[tuple[Page, str]], jobs: int, log: Callable[[str], None]
) -> tuple[dict[str, nbformat.NotebookNode], dict[str, float], list[str]]:
    """Execute notebooks, ``jobs`` at a time; collect failures instead of stopping."""
    limit = asyncio.Semaphore(jobs)
    executed: dict[str, nbformat.NotebookNode] = {}
    seconds: dict[str, float] = {}
    failures: list[str] = []
    total = len(todo)

    async def one(index: int, page: Page) -> None:
        async with limit:
            log(f"  run    {page.name} [{index}/{total}]")
            start = time.perf_counter()
            try:
                executed[page.name] = await execute(page.path)
            except BuildError as exc:
                failures.append(str(exc))
                log(f"  FAILED {exc}")
                return
            seconds[page.name] = time.perf_counter() - start
            log(f"  done   {page.name} in {seconds[page.name]:.1f} s")

    await asyncio.gather(*(one(i + 1, p) for i, (p, _) in enumerate(todo)))
    return executed, seconds, failures


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m explainer build [--force] [--jobs N] [--out DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m explainer")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute the notebooks and write the static site")
    b.add_argument("--force", action="store_true", help="rebuild every page")
    b.add_argument("--jobs", type=int, default=None, help="notebooks run at once")
    b.add_argument(
        "--out", type=Path, default=None, help="site folder (default: site/)"
    )
    b.add_argument(
        "--notebooks-dir",
        type=Path,
        default=None,
        help="where the notebooks are (default: notebooks/)",
    )
    b.add_argument("notebooks", nargs="*", help="only these notebook file names")
    sub.add_parser("assets", help="build the cached offline Vega bundle")
    args = parser.parse_args(argv)
    if args.command == "assets":
        bundle = assets.vega_bundle()
        print(
            f"Vega bundle ready ({len(bundle) / 1024:,.0f} KiB) in {assets.cache_dir()}"
        )
        return 0
    start = time.perf_counter()
    print(
        "Building the explainer site "
        f"({'all pages' if args.force else 'changed pages'})"
    )
    try:
        result = build(
            args.out,
            force=args.force,
            jobs=args.jobs,
            only=args.notebooks,
            notebooks_dir=args.notebooks_dir,
        )
    except BuildError as exc:
        print(f"\nBuild FAILED:\n{exc}", file=sys.stderr)
        return 1
    print(
        f"Built {len(result['built'])} page(s), skipped {len(result['skipped'])}, "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return 0
