"""Prove that ``binder/`` alone builds a working explainer (``make binder-check``).

repo2docker reads only ``binder/`` when it exists. This script does what it does, in
a fresh virtual environment, without the project's ``.venv``:

1. copy the repository's files (those git tracks, plus new files it does not ignore)
   to a temporary folder, as a clone would have them;
2. create a venv with this Python and ``pip install -r binder/requirements.txt``,
   nothing else;
3. run ``binder/postBuild`` from the repository root with the venv's ``bin`` first on
   ``PATH`` (as repo2docker runs it);
4. check the result: the ``python3`` kernel is the venv's, the JupyterLab widget
   extension is installed and enabled, ``jupyter lab`` starts and serves the page;
5. execute every ``notebooks/NN-*.ipynb`` in that venv (``python -m explainer build
   --force``), failing with the notebook and the cell that broke.

It prints the time of each step and removes everything it made (unless ``--keep``).
It needs only the standard library: run it with the system ``python3``. Packages come
from the package registry pip is configured for (a warm pip cache makes it faster).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Copied besides what git lists when the folder is not a git checkout.
SKIP = {".git", ".venv", "site", "build", "test-artifacts", ".pytest_cache"}


class CheckError(RuntimeError):
    """A step failed; the message says which and why."""


def run(
    command: list[str], *, cwd: Path, env: dict[str, str], quiet: bool = False
) -> str:
    """Run a command, streaming its output (unless ``quiet``); return the output.

    Raises
    ------
    CheckError
        When it exits with a non-zero status (with the end of its output).
    """
    shown = " ".join("<script>" if "\n" in part else part for part in command)
    print(f"  $ {shown}", flush=True)
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if not quiet:
            print(f"    {line}", end="", flush=True)
    if process.wait() != 0:
        tail = "".join(lines[-40:]) if quiet else ""
        msg = f"`{' '.join(command)}` exited with {process.returncode}\n{tail}"
        raise CheckError(msg)
    return "".join(lines)


def repository_files(root: Path) -> list[Path]:
    """Files a clone would have: tracked ones plus new ones git does not ignore."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
        names = [Path(n.decode()) for n in out.split(b"\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [
            p.relative_to(root)
            for p in root.rglob("*")
            if not SKIP.intersection(p.relative_to(root).parts)
        ]
    # Regular files only: a deleted-but-tracked file or a kernel's socket is skipped.
    return [n for n in names if (root / n).is_file() and not (root / n).is_symlink()]


def copy_repository(root: Path, target: Path) -> int:
    """Copy the repository's files, keeping their modes (postBuild's x bit)."""
    files = repository_files(root)
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    return len(files)


def python_version_of(runtime: Path) -> tuple[int, int] | None:
    """The ``(major, minor)`` that ``runtime.txt`` asks for."""
    match = re.fullmatch(r"python-(\d+)\.(\d+)", runtime.read_text().strip())
    return (int(match[1]), int(match[2])) if match else None


def clean_env(venv: Path, scratch: Path) -> dict[str, str]:
    """The environment of the build: the venv first on PATH, nothing of the user's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CONDA_PREFIX"}
        and not k.startswith(("JUPYTER", "EXPLAINER_"))
    }
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONNOUSERSITE="1",
        EXPLAINER_CACHE_DIR=str(scratch / "cache"),
        JUPYTER_CONFIG_DIR=str(scratch / "jupyter-config"),
        JUPYTER_DATA_DIR=str(scratch / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(scratch / "jupyter-runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(scratch / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(scratch / "lab-workspaces"),
        IPYTHONDIR=str(scratch / "ipython"),
    )
    return env


def check_environment(python: Path, venv: Path, repo: Path, env: dict) -> None:
    """The kernel, the package and the widget extension are the venv's own.

    Raises
    ------
    CheckError
        Naming what is wrong.
    """
    code = (
        "import json, explainer, importlib.util as u\n"
        "from jupyter_client.kernelspec import KernelSpecManager\n"
        "spec = KernelSpecManager().get_kernel_spec('python3')\n"
        "print(json.dumps({'kernel': spec.resource_dir, 'argv': spec.argv,\n"
        "  'explainer': explainer.__file__,\n"
        "  'rfc3987_syntax': u.find_spec('rfc3987_syntax') is not None}))"
    )
    out = run([str(python), "-c", code], cwd=repo, env=env)
    found = json.loads(out.splitlines()[-1])
    kernel_python = found["argv"][0]
    if not (
        Path(found["kernel"]).resolve().is_relative_to(venv.resolve())
        or kernel_python in {"python", "python3"}
    ):
        msg = f"the python3 kernel is not the venv's: {found['kernel']} {found['argv']}"
        raise CheckError(msg)
    if not Path(found["explainer"]).resolve().is_relative_to(repo.resolve()):
        msg = f"explainer imports from {found['explainer']}, not from the repository"
        raise CheckError(msg)
    if found["rfc3987_syntax"]:
        msg = "rfc3987-syntax is still installed (postBuild removes it)"
        raise CheckError(msg)
    extensions = run(
        [str(venv / "bin" / "jupyter"), "labextension", "list"],
        cwd=repo,
        env=env,
        quiet=True,
    )
    widgets = "@jupyter-widgets/jupyterlab-manager"
    line = next((x for x in extensions.splitlines() if widgets in x), "")
    if "enabled" not in line or "OK" not in line:
        msg = f"the widget extension is not enabled and OK:\n{extensions}"
        raise CheckError(msg)
    print(f"    kernel: {found['kernel']}\n    widgets: {line.strip()}")


def check_lab_starts(venv: Path, repo: Path, env: dict) -> None:
    """``jupyter lab`` starts on 127.0.0.1 and serves the overview notebook's page.

    Raises
    ------
    CheckError
        When it exits, or does not answer within a minute.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = secrets.token_hex(16)
    command = [
        str(venv / "bin" / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={repo}",
        "--allow-root",
    ]
    print(f"  $ {' '.join(command[:4])} ... (on 127.0.0.1:{port})", flush=True)
    url = f"http://127.0.0.1:{port}/lab/tree/notebooks/00-overview.ipynb?token={token}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command,
            cwd=repo,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            page = _wait_for_page(url, process, log)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    if "jupyter-config-data" not in page:
        msg = "jupyter lab answered, but not with the JupyterLab page"
        raise CheckError(msg)
    print("    JupyterLab answered with its page for 00-overview.ipynb")


def _wait_for_page(url: str, process: subprocess.Popen, log) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-3000:]
            msg = f"jupyter lab exited with {process.returncode}:\n{tail}"
            raise CheckError(msg)
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.read().decode()
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)
    msg = "jupyter lab did not answer within 60 s"
    raise CheckError(msg)


def main(argv: list[str] | None = None) -> int:
    """Run the check; 0 when Binder's files build an explainer that runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args(argv)
    timings: list[tuple[str, float]] = []
    scratch = Path(tempfile.mkdtemp(prefix="binder-check-"))
    repo, venv = scratch / "repo", scratch / "venv"
    python = venv / "bin" / "python"
    start = time.perf_counter()

    def step(name: str) -> None:
        timings.append((name, time.perf_counter()))
        print(f"\n== {name}", flush=True)

    try:
        wanted = python_version_of(ROOT / "binder" / "runtime.txt")
        if wanted != sys.version_info[:2]:
            print(
                f"WARNING: binder/runtime.txt asks for Python {wanted}, this is "
                f"{sys.version.split()[0]}: the check is not what Binder runs",
                file=sys.stderr,
            )
        step("copy the repository")
        print(f"    {copy_repository(ROOT, repo)} files to {repo}")
        env = clean_env(venv, scratch)
        step("create a fresh venv")
        run([sys.executable, "-m", "venv", str(venv)], cwd=repo, env=env)
        step("pip install -r binder/requirements.txt")
        run(
            [str(python), "-m", "pip", "install", "-r", "binder/requirements.txt"],
            cwd=repo,
            env=env,
            quiet=True,
        )
        step("binder/postBuild")
        run(["./binder/postBuild"], cwd=repo, env=env)
        step("check the environment")
        check_environment(python, venv, repo, env)
        check_lab_starts(venv, repo, env)
        step("execute every notebook")
        run(
            [str(python), "-m", "explainer", "build", "--force", "--out", "../site"],
            cwd=repo,
            env=env,
        )
        timings.append(("end", time.perf_counter()))
    except CheckError as exc:
        failed = timings[-1][0] if timings else "setup"
        print(f"\nbinder-check FAILED at '{failed}':\n{exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"\nkept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print("\nbinder-check passed: binder/ alone builds an explainer that runs")
    for (name, at), (_, end) in itertools.pairwise(timings):
        print(f"  {end - at:7.1f} s  {name}")
    print(f"  {time.perf_counter() - start:7.1f} s  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
