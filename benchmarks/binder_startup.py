"""The first cell's start-up cost on Binder (part of ``make bench``; runs alone too).

A reader who clicks the badge lands on the overview notebook and chooses Run All:
first a kernel starts, then the imports cell runs (``import explainer`` and
``explainer.setup()``). Both are timed in the environment ``make binder-check`` leaves
in ``build/binder-env`` (repo2docker's base environment, then ``binder/``), in a fresh
kernel each time (``jupyter_client``, as JupyterLab starts one), with the cache
``binder/postBuild`` filled. The same is timed in the project's ``.venv`` for
comparison, the two taking turns (a busy machine slows both alike); the median and
the fastest of the runs are printed. ``python -X importtime`` names the costliest
imports of the cell.

Without ``build/binder-env`` (no ``make binder-check`` run, or a failed one) it says
so and measures ``.venv`` only.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = ROOT / "build" / "binder-env"
REPO = ROOT / "build" / "binder-repo"
SCRATCH = ROOT / "build" / "binder-scratch"
PASSED_MARK = ENV / ".binder-check-passed"
NOTEBOOK = "00-overview.ipynb"
RUNS = 5

#: Run by the environment's python: start a kernel, run the cell, print the times.
KERNEL_TIMER = """
import json, sys, time
from jupyter_client.manager import start_new_kernel
source = sys.stdin.read()
start = time.perf_counter()
km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120)
ready = time.perf_counter()
try:
    reply = kc.execute_interactive(source, timeout=300, output_hook=lambda msg: None)
    done = time.perf_counter()
    status = reply["content"]["status"]
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps({"kernel": ready - start, "cell": done - ready, "status": status}))
"""


def first_code_cell(notebook: Path) -> str:
    """The source of a notebook's first code cell (its imports cell)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = next(c for c in cells if c["cell_type"] == "code")
    return "".join(code["source"])


def environment(python: Path) -> dict[str, str]:
    """``os.environ`` with ``python``'s venv first on PATH (as the kernel sees it)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}
    }
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    if python.is_relative_to(ENV):  # the cache binder/postBuild filled
        env["EXPLAINER_CACHE_DIR"] = str(SCRATCH / "cache")
        env["JUPYTER_DATA_DIR"] = str(SCRATCH / "jupyter-data")
    return env


def time_first_cell(python: Path, notebooks: Path) -> dict[str, float]:
    """Kernel start and first-cell times (s) in one fresh kernel.

    Raises
    ------
    RuntimeError
        When the cell fails in that environment.
    """
    out = subprocess.run(
        [str(python), "-c", KERNEL_TIMER],
        input=first_code_cell(notebooks / NOTEBOOK),
        capture_output=True,
        text=True,
        cwd=notebooks,
        env=environment(python),
        check=True,
        timeout=600,
    )
    sample = json.loads(out.stdout.strip().splitlines()[-1])
    if sample["status"] != "ok":
        msg = f"the first cell of {NOTEBOOK} failed with {python}"
        raise RuntimeError(msg)
    return {"kernel": sample["kernel"], "cell": sample["cell"]}


def costliest_imports(python: Path, notebooks: Path, top: int = 6) -> list:
    """``(package, seconds)``: what the cell imports itself (with all that those
    import), costliest first.
    """
    source = first_code_cell(notebooks / NOTEBOOK)
    result = subprocess.run(
        [str(python), "-X", "importtime", "-c", source],
        capture_output=True,
        text=True,
        cwd=notebooks,
        env=environment(python),
        check=True,
        timeout=300,
    )
    totals: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, raw = line[12:].split("|")
        name = raw.strip()
        top_level = len(raw) - len(raw.lstrip()) == 1  # not imported by an import
        if top_level and cumulative.strip().isdigit() and "." not in name:
            totals[name] = max(totals.get(name, 0), int(cumulative))
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:top]
    return [(name, micros / 1e6) for name, micros in ranked]


def report() -> None:
    """Print the first cell's cost in the Binder-like environment and in .venv."""
    print(
        f"First cell of {NOTEBOOK} on Binder (fresh kernels: median, fastest of {RUNS})"
    )
    rows = [(".venv (the tests')", Path(sys.executable), ROOT / "notebooks")]
    binder_python = ENV / "bin" / "python"
    if PASSED_MARK.is_file() and binder_python.is_file():
        rows.insert(0, ("Binder-like env", binder_python, REPO / "notebooks"))
    else:
        print(
            "  (no build/binder-env from a passing `make binder-check`: run it first)"
        )
    samples: dict[str, list[dict[str, float]]] = {label: [] for label, *_ in rows}
    for _ in range(RUNS):  # in turns
        for label, python, notebooks in rows:
            samples[label].append(time_first_cell(python, notebooks))
    for label, runs in samples.items():
        kernel, cell = ([run[key] for run in runs] for key in ("kernel", "cell"))
        print(
            f"  {label:<20} kernel start {statistics.median(kernel):5.2f} s "
            f"({min(kernel):4.2f}), imports cell {statistics.median(cell):5.2f} s "
            f"({min(cell):4.2f})"
        )
    label, python, notebooks = rows[0]
    ranked = costliest_imports(python, notebooks)
    print(f"  costliest imports by the cell ({label}, -X importtime, with theirs):")
    print("    " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in ranked))


if __name__ == "__main__":
    report()
