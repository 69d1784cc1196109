"""Execute a notebook in a fresh kernel, and say which cell failed and why."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from explainer.site.editions import LANGUAGE_TAG, edition_folder, edition_notebook
from explainer.site.pages import Page

__all__ = ["TIMEOUT", "BuildError", "execute", "execute_all"]


#: Terminal colour codes that tracebacks carry; stripped from build messages.
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class BuildError(RuntimeError):
    """A notebook failed to execute or printed an error or warning.

    ``result`` holds what the build did manage (as :func:`build` returns it).
    """

    result: dict[str, Any] | None = None


def _problems(nb: nbformat.NotebookNode) -> list[str]:
    """Errors and warnings a notebook printed, each naming its cell."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                error = f"{output.get('ename')}: {output.get('evalue')}"
                found.append(f"cell {_number(nb, index)}: {ANSI.sub('', error)}")
            elif (
                output.get("output_type") == "stream" and output.get("name") == "stderr"
            ):
                first = output.get("text", "").strip().splitlines()[:3]
                found.append(
                    f"cell {_number(nb, index)} printed to stderr: {' | '.join(first)}"
                )
    return found


def _number(nb: nbformat.NotebookNode, index: int) -> int:
    """A cell's number in the notebook's file.

    An edition's notebook has one cell more, which sets its language (see
    :mod:`explainer.site.editions`): the cells after it keep their numbers.
    """
    added = sum(
        LANGUAGE_TAG in cell.get("metadata", {}).get("tags", [])
        for cell in nb.cells[:index]
    )
    return index - added


#: Default seconds a cell may run before the build gives up on its notebook.
TIMEOUT = 300


def _failure(path: Path, nb: nbformat.NotebookNode, running: int | None) -> str:
    """The failed cell's number and its whole error (every line of its message)."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                error = f"{output.get('ename')}: {output.get('evalue')}"
                number = _number(nb, index)
                return f"{path.name}: cell {number} failed: {ANSI.sub('', error)}"
    return f"{path.name}: cell {running if running is not None else '?'} failed"


async def execute(
    path: Path,
    *,
    timeout: int = TIMEOUT,
    nb: nbformat.NotebookNode | None = None,
    url: str | None = None,
) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh kernel, storing widget state.

    Parameters
    ----------
    path
        The notebook (its kernel runs in its folder).
    timeout
        Seconds a cell may run.
    nb
        The notebook to run, when not the file as it is (an edition's).
    url
        The page's address (default: :func:`page_url` of ``path``).

    Raises
    ------
    BuildError
        Naming the notebook and the cell, when a cell fails (with every line of its
        error's message), runs longer than ``timeout``, kills its kernel or prints to
        stderr.
    """
    nb = nbformat.read(path, as_version=4) if nb is None else nb
    running: list[int] = []

    def started(cell: Any = None, cell_index: int = 0, **_: Any) -> None:
        running.append(_number(nb, cell_index))

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
        on_cell_execute=started,
        # The kernel is done with once its last cell ran, or when Ctrl-C cancels the
        # build: killed at once, it prints nothing (a graceful stop of a busy
        # kernel prints ZMQ tracebacks).
        shutdown_kernel="immediate",
    )
    try:
        # The kernel knows its page: figures' permalinks and citations name it.
        await client.async_execute(
            env={**os.environ, "EXPLAINER_PAGE_URL": url or page_url(path)}
        )
    except CellExecutionError:
        raise BuildError(_failure(path, nb, running[-1] if running else None)) from None
    except CellTimeoutError:
        cell = running[-1] if running else "?"
        msg = (
            f"{path.name}: cell {cell} timed out after {timeout} s "
            "(set the limit with --timeout SECONDS)"
        )
        raise BuildError(msg) from None
    except DeadKernelError as exc:
        cell = running[-1] if running else "?"
        msg = f"{path.name}: cell {cell}: the kernel died ({exc})"
        raise BuildError(msg) from None
    problems = _problems(nb)
    if problems:
        msg = f"{path.name}: " + "; ".join(problems)
        raise BuildError(msg)
    return nb


def page_url(path: Path, folder: str = "") -> str:
    """The address of a notebook's page: ``$EXPLAINER_SITE_URL/<name>.html``.

    Without ``EXPLAINER_SITE_URL`` (where the site is published), the page's file
    name alone, e.g. ``02-middle-corridor.html``. ``folder`` is the edition's
    (``ru/``): ``$EXPLAINER_SITE_URL/ru/<name>.html``, or ``<name>.html`` alone,
    as the page's links are relative to its own folder.
    """
    base = os.environ.get("EXPLAINER_SITE_URL", "").strip().rstrip("/")
    name = path.with_suffix(".html").name
    return f"{base}/{folder}{name}" if base else name


#: Seconds Ctrl-C waits for the kernels to stop before giving up on them.
STOP_WAIT = 30


def _quiet_kernel_watchers(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """The loop's error handler: silent only about nbclient's kernel watchers.

    When Ctrl-C cancels a client, the task that polls its kernel can wake after the
    kernel is gone, fail (``assert self.kc is not None``) and, never awaited, be
    reported on stderr when it is collected. That kernel was stopped on purpose;
    every other unhandled error is reported as asyncio would.
    """
    task = context.get("future")
    coro = task.get_coro() if isinstance(task, asyncio.Task) else None
    if getattr(coro, "__qualname__", "").endswith("_async_poll_kernel_alive"):
        return
    loop.default_exception_handler(context)


def _run(coroutine: Any) -> Any:
    """Run a coroutine to completion in a thread with an event loop of its own.

    The thread works where a loop already runs (a notebook, a test that drives a
    browser), and it keeps Ctrl-C in this thread: there it cancels the coroutine,
    whose kernels then shut down in order, and is raised again once they have.
    """
    held: dict[str, Any] = {}

    async def guarded() -> Any:
        held["loop"], held["task"] = asyncio.get_running_loop(), asyncio.current_task()
        held["loop"].set_exception_handler(_quiet_kernel_watchers)
        return await coroutine

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(asyncio.run, guarded())
    try:
        return future.result()
    except KeyboardInterrupt:
        deadline = time.monotonic() + STOP_WAIT
        while "task" not in held and not future.done() and time.monotonic() < deadline:
            time.sleep(0.05)
        if "task" in held:
            held["loop"].call_soon_threadsafe(held["task"].cancel)
        with contextlib.suppress(BaseException):
            future.result(timeout=max(0.0, deadline - time.monotonic()))
        raise
    finally:
        pool.shutdown(wait=False)


async def _execute_all(
    todo: Sequence[Page], jobs: int, timeout: int, log: Callable[[str], None]
) -> tuple[dict[str, nbformat.NotebookNode], dict[str, float], list[str]]:
    """Execute notebooks, ``jobs`` at a time; collect failures instead of stopping."""
    limit = asyncio.Semaphore(jobs)
    executed: dict[str, nbformat.NotebookNode] = {}
    seconds: dict[str, float] = {}
    failures: list[str] = []
    total = len(todo)

    async def one(index: int, page: Page) -> None:
        async with limit:
            key = page.key
            log(f"  run    {key} [{index}/{total}]")
            start = time.perf_counter()
            try:
                executed[key] = await execute(
                    page.path,
                    timeout=timeout,
                    nb=edition_notebook(page.path, page.lang),
                    url=page_url(page.path, edition_folder(page.lang)),
                )
            except BuildError as exc:
                failure = str(exc)
                if page.key != page.name:  # say which edition failed
                    failure = failure.replace(page.name, key, 1)
                failures.append(failure)
                log(f"  FAILED {failure}")
                return
            seconds[key] = time.perf_counter() - start
            log(f"  done   {key} in {seconds[key]:.1f} s")

    await asyncio.gather(*(one(i + 1, p) for i, p in enumerate(todo)))
    return executed, seconds, failures


def execute_all(
    pages: Sequence[Page], jobs: int, timeout: int, log: Callable[[str], None]
) -> tuple[dict[str, nbformat.NotebookNode], dict[str, float], list[str]]:
    """Execute the pages' notebooks, ``jobs`` at a time, collecting failures.

    Returns
    -------
    tuple
        The executed notebooks and the seconds each took (by the page's key,
        :attr:`Page.key`), and a message per failed notebook.
    """
    if not pages:
        return {}, {}, []
    return _run(_execute_all(pages, jobs, timeout, log))
