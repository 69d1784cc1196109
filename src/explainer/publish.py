"""Execute the notebooks and render the static site (what ``make html`` runs).

``python -m explainer build`` executes every notebook in a fresh kernel (several at
once), turns stored widgets into static snapshots, and writes ``site/``: an index page
and one page per notebook with previous/next links. Leaflet, Vega and the page CSS
are written once to ``site/static/`` and shared by the pages; nothing is fetched from a
CDN. A notebook whose inputs (the notebook, the library, the data) have not changed
since the last build is skipped unless ``force=True``.

The same page template is an nbconvert exporter (``--to explainer``) that writes one
self-contained offline file.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import hashlib
import html
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode, default

from explainer import assets, paths
from explainer.snapshot import WidgetSnapshotPreprocessor

TEMPLATES = Path(__file__).parent / "templates"
PAGE_CSS = assets.PAGE_CSS
MANIFEST = ".build-manifest.json"
#: Terminal colour codes that tracebacks carry; stripped from build messages.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
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
    "&copy; OpenStreetMap contributors."
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

    @property
    def name(self) -> str:
        """The notebook's file name, e.g. ``00-overview.ipynb``."""
        return self.path.name

    @property
    def href(self) -> str:
        """The page's file name in the site, e.g. ``00-overview.html``."""
        return self.path.with_suffix(".html").name


class BuildError(RuntimeError):
    """A notebook failed to execute or printed an error or warning.

    ``result`` holds what the build did manage (as :func:`build` returns it).
    """

    result: dict[str, Any] | None = None


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
    return Page(path, title, _plain(summary), minutes)


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text)


def discover(notebooks_dir: Path | None = None) -> list[Page]:
    """The explainer's notebooks (``NN-slug.ipynb``), in reading order."""
    folder = notebooks_dir or paths.NOTEBOOKS_DIR
    found = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.is_file())
    return [describe(p) for p in found]


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


# --- execution ----------------------------------------------------------------


def _problems(nb: nbformat.NotebookNode) -> list[str]:
    """Errors and warnings a notebook printed, each naming its cell."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                error = f"{output.get('ename')}: {output.get('evalue')}"
                found.append(f"cell {index}: {ANSI.sub('', error)}")
            elif (
                output.get("output_type") == "stream" and output.get("name") == "stderr"
            ):
                first = output.get("text", "").strip().splitlines()[:3]
                found.append(f"cell {index} printed to stderr: {' | '.join(first)}")
    return found


async def execute(path: Path, *, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh kernel, storing widget state.

    Raises
    ------
    BuildError
        Naming the notebook and the cell, when a cell fails or prints to stderr.
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        # The kernel's own log (e.g. its note on local TCP) is not the notebook's
        # output; warnings a notebook prints still reach its stderr stream.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    try:
        await client.async_execute()
    except CellExecutionError as exc:
        cell = next(
            (
                i
                for i, c in enumerate(nb.cells)
                if any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            "?",
        )
        summary = ANSI.sub("", str(exc)).strip().splitlines()
        msg = f"{path.name}: cell {cell} failed: {summary[-1] if summary else exc}"
        raise BuildError(msg) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        msg = f"{path.name}: {type(exc).__name__}: {exc}"
        raise BuildError(msg) from None
    problems = _problems(nb)
    if problems:
        msg = f"{path.name}: " + "; ".join(problems)
        raise BuildError(msg)
    return nb


# --- export -------------------------------------------------------------------


class AssetPreprocessor(Preprocessor):
    """Drop the outputs that put Vega on the page (the template does it once).

    With ``shared=True``, also swap the inline Leaflet ``data:`` URIs of every map for
    the shared ``static/`` files.
    """

    shared = Bool(False).tag(config=True)
    static = Unicode("static/").tag(config=True)

    def preprocess_cell(self, cell, resources, index):  # noqa: D102
        if cell.get("cell_type") != "code":
            return cell, resources
        kept = []
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get(assets.ASSET_MARK):
                continue
            data = output.get("data", {})
            if self.shared and "text/html" in data:
                value = data["text/html"]
                text = "".join(value) if isinstance(value, list) else value
                data["text/html"] = assets.inline_to_shared(text, self.static)
            kept.append(output)
        cell["outputs"] = kept
        return cell, resources


class ExplainerExporter(HTMLExporter):
    """An offline HTML page of an executed notebook.

    By default (``--to explainer``) one self-contained file: Leaflet, Vega and the
    CSS inlined. The site build sets ``shared=True`` to link them from ``static/``.
    """

    export_from_notebook = "Explainer offline HTML"
    shared = Bool(
        False, help="Link shared assets from static/ instead of inlining them"
    ).tag(config=True)
    static = Unicode("static/").tag(config=True)

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.exclude_input_prompt = True
        self.exclude_output_prompt = True
        self.register_preprocessor(
            WidgetSnapshotPreprocessor(parent=self), enabled=True
        )
        self.register_preprocessor(
            AssetPreprocessor(shared=self.shared, static=self.static, parent=self),
            enabled=True,
        )

    @default("template_name")
    def _explainer_template_name(self) -> str:
        return "explainer"

    @default("extra_template_basedirs")
    def _explainer_template_dirs(self) -> list[str]:
        return [str(TEMPLATES)]

    def _init_resources(self, resources: dict[str, Any]) -> dict[str, Any]:
        resources = super()._init_resources(resources)
        extra = {
            "shared": self.shared,
            "static": self.static,
            "summary": "",
            "nav": False,
            "footer": FOOTER,
        }
        extra.update(resources.get("explainer", {}))
        if not self.shared:
            extra["page_css"] = PAGE_CSS.read_text(encoding="utf-8")
            extra["vega_bundle"] = assets.vega_bundle().replace(
                "</script", "<\\/script"
            )
            extra["vega_debug"] = assets.vega_debug_js()
        resources["explainer"] = extra
        return resources


def render_page(
    nb: nbformat.NotebookNode,
    page: Page,
    *,
    prev: Page | None = None,
    next_: Page | None = None,
    shared: bool = True,
) -> str:
    """Render an executed notebook as a site page (or a standalone file)."""
    exporter = ExplainerExporter(shared=shared)
    resources = {
        "metadata": {"name": page.title, "path": str(page.path.parent)},
        "explainer": {
            "summary": page.summary,
            "nav": shared,
            "prev": prev and {"href": prev.href, "title": prev.title},
            "next": next_ and {"href": next_.href, "title": next_.title},
            "binder": binder_url(page.name),
        },
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return site_links(body) if shared else body


_NOTEBOOK_LINK = re.compile(r'href="(\d\d-[\w-]+)\.ipynb(#[^"]*)?"')


def site_links(page: str) -> str:
    """Point links between notebooks (``NN-slug.ipynb``) at their site pages."""
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', page)


def render_index(pages: Sequence[Page]) -> str:
    """The site's front page: one card per notebook, how to cite, licences, Binder."""
    cards = "\n".join(
        f'<li class="explainer-card"><h2><a href="{html.escape(p.href)}">'
        f"{html.escape(p.title)}</a></h2><p>{html.escape(p.summary)}</p>"
        + (
            f'<p class="explainer-meta">Time to read: {html.escape(p.minutes)}</p>'
            if p.minutes
            else ""
        )
        + f'<p class="explainer-meta"><a href="{html.escape(binder_url(p.name))}">'
        f"Run {html.escape(p.name)} live on Binder</a></p></li>"
        for p in pages
    )
    css = PAGE_CSS.name
    binder = binder_url("00-overview.ipynb")
    repository = html.escape(REPOSITORY)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(TITLE)}</title>
<meta name="description" content="{html.escape(DESCRIPTION)}">
<link rel="stylesheet" href="static/{css}">
</head>
<body class="explainer-page explainer-index">
<a class="explainer-skip" href="#main">Skip to the content</a>
<main id="main">
<h1>{html.escape(TITLE)}</h1>
<p>An interactive explainer in Jupyter notebooks: Kazakhstan's new constitution of 2026,
the Trans-Caspian "Middle Corridor" from China to Europe, the planned Beineu–Sekseuil
highway and the partners Kazakhstan balances between. Every figure links to its source;
where sources disagree, the figures stand side by side.</p>
<p><a class="explainer-binder" href="{html.escape(binder)}">Launch the notebooks
live on Binder</a> (nothing to install), or read the pages below: their maps and
charts work offline.</p>
<ol class="explainer-cards">
{cards}
</ol>
<h2>How to cite</h2>
<p>The explainer's contributors, <cite>{html.escape(TITLE)}</cite> (2026), an
open-source Jupyter explainer, https://github.com/{repository}. Please cite the original
sources of the figures you use: each notebook lists them.</p>
<h2>Licences</h2>
<p>{FOOTER}</p>
</main>
</body>
</html>
"""


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
