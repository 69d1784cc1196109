"""Prove that ``binder/`` builds a working explainer where Binder builds it.

repo2docker reads only ``binder/`` when it exists, and it does not start from an
empty environment. This script does what it does, without the project's ``.venv``:

1. copy the repository's files (those git tracks, plus new files it does not ignore)
   to ``build/binder-repo``, as a clone would have them;
2. create repo2docker's base environment for the Python of ``binder/runtime.txt``:
   a venv (``build/binder-env``) holding the Python packages of repo2docker's conda
   lock file at their locked versions (``scripts/repo2docker-base-pyX.Y.txt``, written
   by ``scripts/repo2docker_base.py``; pip's cache may serve these);
3. run what repo2docker runs: ``pip install --no-cache-dir -r
   binder/requirements.txt`` into it (a dependency conflict pip reports fails the
   check), print what that changed in the base, then run ``binder/postBuild`` from the
   repository root with the venv's ``bin`` first on ``PATH``;
4. check the result: ``pip check`` is clean, the ``python3`` kernel is the venv's, the
   JupyterLab widget extension is installed and enabled, ``jupyter lab`` starts and
   serves the overview notebook's page;
5. execute every ``notebooks/NN-*.ipynb`` in that venv (``python -m explainer build
   --force``), failing with the notebook and the cell that broke;
6. run the JupyterLab end-to-end tests (``tests/test_lab.py``, with the project's
   pytest) against that venv's ``jupyter lab`` (``EXPLAINER_LAB_VENV``): open the
   overview, Run All, maps and charts drew, a widget round trip through the kernel.

It prints the time of each step. The environment is left in ``build/`` (``make
bench`` times the first cell's imports in it) unless ``--clean``; each run starts
afresh. It needs only the standard library: run it with the system ``python3``
(``make binder-check`` does, after building ``.venv`` for step 6). Packages come from
the package registry pip is configured for.
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
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: What the check leaves behind: the clone, Binder's environment, the scratch folders.
REPO_DIR = ROOT / "build" / "binder-repo"
ENV_DIR = ROOT / "build" / "binder-env"
SCRATCH_DIR = ROOT / "build" / "binder-scratch"
#: Written into ``ENV_DIR`` when every step passed (``make bench`` looks for it).
PASSED_MARK = ".binder-check-passed"
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
    news = "@jupyterlab/apputils-extension:announcements"
    disabled = extensions.partition("Disabled extensions:")[2]
    if news not in disabled:
        msg = f"{news} is not disabled: JupyterLab would open with a news prompt"
        raise CheckError(msg)
    print(f"    kernel: {found['kernel']}\n    widgets: {line.strip()}")
    print(f"    disabled: {news} (no news prompt at launch)")


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


def base_list(version: tuple[int, int]) -> Path:
    """The base environment's requirements for a Python ``(major, minor)``.

    Raises
    ------
    CheckError
        When there is none (with how to write one).
    """
    path = ROOT / "scripts" / f"repo2docker-base-py{version[0]}.{version[1]}.txt"
    if not path.is_file():
        msg = (
            f"no {path.relative_to(ROOT)}: write it from repo2docker's lock file "
            "with scripts/repo2docker_base.py"
        )
        raise CheckError(msg)
    return path


def pinned_pip(requirements: Path) -> str:
    """The ``pip==X`` line of a requirements file (the base's pip installs the rest).

    Raises
    ------
    CheckError
        When it pins no pip.
    """
    for line in requirements.read_text(encoding="utf-8").splitlines():
        if re.match(r"^pip==\S+$", line.strip()):
            return line.strip()
    msg = f"{requirements.name} pins no pip"
    raise CheckError(msg)


def installed_versions(python: Path, repo: Path, env: dict) -> dict[str, str]:
    """``normalized name -> version`` of what is installed in the venv."""
    out = run(
        [str(python), "-m", "pip", "list", "--format=json"],
        cwd=repo,
        env=env,
        quiet=True,
    )
    listed = json.loads(out[out.index("[") :])
    return {re.sub(r"[-_.]+", "-", d["name"]).lower(): d["version"] for d in listed}


def describe_changes(before: dict[str, str], after: dict[str, str]) -> str:
    """What pip changed in the base: upgraded, downgraded, kept, added."""

    def key(version: str) -> tuple:
        return tuple(int(x) if x.isdigit() else x for x in re.split(r"[.+-]", version))

    changed, down, removed = [], [], []
    for name, old in sorted(before.items()):
        new = after.get(name)
        if new is None:
            removed.append(f"{name} {old}")
        elif new != old:
            try:
                lower = key(new) < key(old)
            except TypeError:
                lower = False
            (down if lower else changed).append(f"{name} {old} -> {new}")
    added = sorted(f"{n} {v}" for n, v in after.items() if n not in before)
    kept = len([n for n in before if after.get(n) == before[n]])
    lines = [
        f"upgraded in the base ({len(changed)}): {', '.join(changed) or '-'}",
        f"downgraded in the base ({len(down)}): {', '.join(down) or '-'}",
        f"removed from the base ({len(removed)}): {', '.join(removed) or '-'}",
        f"kept from the base: {kept}; added ({len(added)}): {', '.join(added)}",
    ]
    return "\n".join(textwrap.fill(x, 84, subsequent_indent="  ") for x in lines)


def check_no_conflict(pip_output: str) -> None:
    """Fail on the dependency conflicts pip reports, naming them.

    pip exits 0 when what it installed conflicts with what was there; Binder's
    ``pip check`` (in postBuild) then fails the build.

    Raises
    ------
    CheckError
        With pip's conflict lines.
    """
    lines = pip_output.splitlines()
    at = next((i for i, x in enumerate(lines) if "dependency conflicts" in x), None)
    if at is not None:
        after = lines[at + 1 :]
        conflicts = "\n".join(x for x in after[:40] if " requires " in x)
        msg = (
            "pip left the base environment with conflicts (Binder's build fails at "
            f"postBuild's `pip check`):\n{conflicts}\nPin versions that fit the "
            "base in binder/requirements.txt (see scripts/pin_binder.py)."
        )
        raise CheckError(msg)


def run_lab_tests(pytest_python: Path, venv: Path, env: dict) -> None:
    """The JupyterLab end-to-end tests, with the project's pytest, against ``venv``.

    Raises
    ------
    CheckError
        When a test fails or is skipped, or none ran.
    """
    if not pytest_python.is_file():
        msg = f"no {pytest_python} to run the tests with: `make binder-check` builds it"
        raise CheckError(msg)
    if shutil.which("chromium") is None:
        msg = "the JupyterLab test needs Debian's chromium (apt-get install chromium)"
        raise CheckError(msg)
    test_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "EXPLAINER_")) and k != "VIRTUAL_ENV"
    }
    test_env.update(
        EXPLAINER_LAB_VENV=str(venv), EXPLAINER_CACHE_DIR=env["EXPLAINER_CACHE_DIR"]
    )
    command = [str(pytest_python), "-m", "pytest", "tests/test_lab.py", "-m", "lab"]
    out = run([*command, "-p", "no:cacheprovider", "-q"], cwd=ROOT, env=test_env)
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    if "skipped" in summary or "passed" not in summary:
        msg = f"the JupyterLab tests did not all run: {summary}"
        raise CheckError(msg)


def fresh(*folders: Path) -> None:
    """Remove what an earlier run left (each run starts from nothing)."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the check; 0 when Binder's files build an explainer that runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clean", action="store_true", help="remove build/binder-* at the end"
    )
    parser.add_argument(
        "--pytest-python",
        type=Path,
        default=ROOT / ".venv" / "bin" / "python",
        help="the python whose pytest runs tests/test_lab.py (default: .venv's)",
    )
    parser.add_argument(
        "--no-lab-tests", action="store_true", help="skip step 6 (not for CI)"
    )
    args = parser.parse_args(argv)
    timings: list[tuple[str, float]] = []
    repo, venv, scratch = REPO_DIR, ENV_DIR, SCRATCH_DIR
    python = venv / "bin" / "python"
    start = time.perf_counter()

    def step(name: str) -> None:
        timings.append((name, time.perf_counter()))
        print(f"\n== {name}", flush=True)

    try:
        fresh(repo, venv, scratch)
        wanted = python_version_of(ROOT / "binder" / "runtime.txt")
        if wanted is None:
            msg = "binder/runtime.txt must read python-X.Y"
            raise CheckError(msg)
        if wanted != sys.version_info[:2]:
            print(
                f"WARNING: binder/runtime.txt asks for Python {wanted}, this is "
                f"{sys.version.split()[0]}: the check is not what Binder runs",
                file=sys.stderr,
            )
        base = base_list(wanted)
        step("copy the repository")
        repo.mkdir(parents=True)
        print(f"    {copy_repository(ROOT, repo)} files to {repo}")
        env = clean_env(venv, scratch)
        step(f"repo2docker's base environment ({base.relative_to(ROOT)})")
        run([sys.executable, "-m", "venv", str(venv)], cwd=repo, env=env)
        pip = [str(python), "-m", "pip", "install"]
        run([*pip, pinned_pip(base)], cwd=repo, env=env, quiet=True)
        run([*pip, "-r", str(base)], cwd=repo, env=env, quiet=True)
        in_base = installed_versions(python, repo, env)
        print(f"    {len(in_base)} packages, as repo2docker's lock file has them")
        step("pip install --no-cache-dir -r binder/requirements.txt")
        out = run(
            [*pip, "--no-cache-dir", "-r", "binder/requirements.txt"],
            cwd=repo,
            env=env,
            quiet=True,
        )
        check_no_conflict(out)
        print(
            textwrap.indent(
                describe_changes(in_base, installed_versions(python, repo, env)), "    "
            )
        )
        step("binder/postBuild")
        run(["./binder/postBuild"], cwd=repo, env=env)
        step("check the environment")
        run([str(python), "-m", "pip", "check"], cwd=repo, env=env)
        check_environment(python, venv, repo, env)
        check_lab_starts(venv, repo, env)
        step("execute every notebook")
        build = [str(python), "-m", "explainer", "build", "--force"]
        run([*build, "--out", str(scratch / "site")], cwd=repo, env=env)
        if not args.no_lab_tests:
            step("JupyterLab end to end (tests/test_lab.py in this environment)")
            run_lab_tests(args.pytest_python, venv, env)
        timings.append(("end", time.perf_counter()))
    except CheckError as exc:
        failed = timings[-1][0] if timings else "setup"
        print(f"\nbinder-check FAILED at '{failed}':\n{exc}", file=sys.stderr)
        if args.clean:
            fresh(repo, venv, scratch)
        return 1
    lines = [
        f"{end - at:7.1f} s  {name}"
        for (name, at), (_, end) in itertools.pairwise(timings)
    ]
    lines.append(f"{time.perf_counter() - start:7.1f} s  in all")
    if args.clean:
        fresh(repo, venv, scratch)
    else:
        (venv / PASSED_MARK).write_text("\n".join(lines) + "\n", encoding="utf-8")
        left = f"{repo.name}, {venv.name} (for make bench), {scratch.name}"
        print(f"\nleft in build/: {left}")
    print("\nbinder-check passed: binder/, on repo2docker's base, runs the explainer")
    print("\n".join(f"  {line}" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
