"""Execute a notebook in a fresh kernel, and say which cell failed and why."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

__all__ = ["BuildError", "execute"]


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
