"""The build is atomic and honest: each fault of issue 9, part 3, on tiny notebooks.

A killed build, a corrupt manifest, two builds at once, a read-only and a full site
folder, a new notebook that fails, a switched ``EXPLAINER_DATA_DIR``, a cell that
never ends, Ctrl-C. Each test builds a temporary site from notebooks of one or two
cells, so a build takes a second or two. They build the English edition only
(``langs=["en"]``, ``--lang en``): each fault is about one build, whatever its
editions; ``tests/test_editions.py`` builds all three.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from explainer import paths
from explainer.site import cli, publish, store
from tests.conftest import edit_csv

pytestmark = pytest.mark.notebook


def write_notebook(path: Path, *sources: str, title: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title or path.stem}\n\nA page.")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_notebook(folder / "01-one.ipynb", "print('page one')")
    return folder


def build(out: Path, notebooks: Path, **kw) -> tuple[dict, list[str]]:
    lines: list[str] = []
    kw.setdefault("langs", ["en"])
    result = publish.build(out, notebooks_dir=notebooks, log=lines.append, **kw)
    return result, lines


def debris(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != store.LOCK
    }


def cli_command(out: Path, notebooks: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "explainer",
        "build",
        "--out",
        str(out),
        "--notebooks-dir",
        str(notebooks),
        "--lang",
        "en",
        *extra,
    ]


@contextlib.contextmanager
def tmpfs(where: Path, size: str):
    """A tmpfs of ``size`` mounted at ``where``; skip the test where mounting fails."""
    where.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({run.stderr.strip()}): needs root")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# --- a killed build ----------------------------------------------------------------


def test_a_build_killed_between_page_and_manifest_is_not_trusted(
    tmp_path, notebooks, monkeypatch
):
    out = tmp_path / "site"
    page = notebooks / "01-one.ipynb"
    version_one = page.read_bytes()  # cell ids are random: keep the very bytes
    build(out, notebooks)
    write_notebook(page, "print('version two')")

    replace = Path.replace

    def killed(self, target):
        if Path(target).name == publish.MANIFEST:  # the page is in place already
            msg = "killed after the page, before the manifest"
            raise SystemExit(msg)
        return replace(self, target)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "replace", killed)
        with pytest.raises(SystemExit):
            build(out, notebooks)
    assert "version two" in (out / "01-one.html").read_text(encoding="utf-8")
    # Back to version one: the manifest still says version one, the page does not.
    assert [p.name[: len(publish.MANIFEST) + 2] for p in debris(out)] == [
        f".{publish.MANIFEST}."  # its temporary file, written but not renamed
    ]
    page.write_bytes(version_one)
    result, lines = build(out, notebooks)
    assert result["built"] == ["01-one.ipynb"]
    assert debris(out) == [] and any(
        "removed" in line and publish.MANIFEST in line for line in lines
    )
    text = (out / "01-one.html").read_text(encoding="utf-8")
    assert "page one" in text and "version two" not in text
    assert build(out, notebooks)[0]["skipped"] == ["01-one.ipynb"]


def test_a_build_killed_mid_run_leaves_a_lock_and_debris_the_next_build_clears(
    tmp_path, notebooks
):
    out = tmp_path / "site"
    build(out, notebooks)
    before = snapshot(out)
    write_notebook(notebooks / "02-slow.ipynb", "import time; time.sleep(60)")
    proc = subprocess.Popen(
        cli_command(out, notebooks), stdout=subprocess.PIPE, text=True
    )
    assert "run    02-slow.ipynb" in _read_until(proc, "run    02-slow.ipynb")
    (out / ".01-one.html.x1y2.tmp").write_text("half a page")  # as if mid-rename
    proc.kill()
    proc.wait(timeout=30)
    assert (out / store.LOCK).read_text().strip() == str(proc.pid)  # a stale lock
    assert snapshot(out) == {**before, ".01-one.html.x1y2.tmp": b"half a page"}
    write_notebook(notebooks / "02-slow.ipynb", "x = 2")
    result, lines = build(out, notebooks)
    assert result["built"] == ["01-one.ipynb", "02-slow.ipynb"]  # 01 links to 02 now
    assert any("removed .01-one.html.x1y2.tmp" in line for line in lines)
    assert debris(out) == []


def _read_until(proc: subprocess.Popen, text: str, seconds: float = 60) -> str:
    seen, deadline = "", time.monotonic() + seconds
    while text not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    return seen


# --- a corrupt manifest ------------------------------------------------------------


@pytest.mark.parametrize("force", [False, True])
def test_a_corrupt_manifest_counts_as_empty_with_one_warning(
    tmp_path, notebooks, force
):
    out = tmp_path / "site"
    build(out, notebooks)
    manifest = out / publish.MANIFEST
    manifest.write_text(manifest.read_text()[:20])  # truncated
    result, lines = build(out, notebooks, force=force)
    assert result["built"] == ["01-one.ipynb"]
    warnings = [line for line in lines if "warning" in line]
    assert len(warnings) == 1
    assert ".build-manifest.json is unreadable or corrupt" in warnings[0]
    assert json.loads(manifest.read_text())["01-one.ipynb"]


def test_a_manifest_of_the_wrong_shape_counts_as_empty(tmp_path):
    path = tmp_path / publish.MANIFEST
    warned: list[str] = []
    for text in ("[1, 2]", '{"01-one.ipynb": 3}', "\xff\xfe"):
        path.write_text(text, encoding="latin-1")
        assert store.read_manifest(path, warned.append) == {}
    assert len(warned) == 3


# --- two builds at once ------------------------------------------------------------


def test_a_second_build_is_refused_while_one_runs(tmp_path, notebooks):
    out = tmp_path / "site"
    out.mkdir()
    with store.BuildLock(out):
        with pytest.raises(publish.BuildError, match="another build is running, pid"):
            build(out, notebooks)
        message = ""
        try:
            build(out, notebooks)
        except publish.BuildError as exc:
            message = str(exc)
        assert f"pid {os.getpid()}" in message
    assert build(out, notebooks)[0]["built"] == ["01-one.ipynb"]


def test_two_build_processes_at_once_one_waits_its_turn(tmp_path, notebooks):
    out = tmp_path / "site"
    write_notebook(notebooks / "01-one.ipynb", "import time; time.sleep(4)")
    first = subprocess.Popen(
        cli_command(out, notebooks), stdout=subprocess.PIPE, text=True
    )
    _read_until(first, "run    01-one.ipynb")
    second = subprocess.run(
        cli_command(out, notebooks), capture_output=True, text=True, timeout=120
    )
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert second.returncode == 1
    assert f"another build is running, pid {first.pid}" in second.stderr
    assert "run " not in second.stdout  # refused before running anything
    assert debris(out) == []


# --- read-only and full site folders -----------------------------------------------


def test_an_unwritable_site_folder_fails_in_one_line_before_any_notebook_runs(
    tmp_path, notebooks
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    lines: list[str] = []
    with pytest.raises(store.SiteWriteError) as info:
        publish.build(
            blocker / "site", notebooks_dir=notebooks, log=lines.append, langs=["en"]
        )
    assert len(str(info.value).splitlines()) == 1
    assert "cannot write" in str(info.value)
    assert lines == []  # no notebook ran


def test_a_read_only_site_folder_leaves_the_previous_site(tmp_path, notebooks):
    with tmpfs(tmp_path / "mnt", "8m") as mnt:
        out = mnt / "site"
        build(out, notebooks)
        before = snapshot(out)
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        write_notebook(notebooks / "01-one.ipynb", "print('changed')")
        run = subprocess.run(
            cli_command(out, notebooks), capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 1
        error = [line for line in run.stderr.splitlines() if line.strip()]
        assert error[0] == "Build FAILED:"
        assert len(error) == 2 and "Read-only file system" in error[1]
        assert "run " not in run.stdout
        assert snapshot(out) == before


def test_a_full_disk_on_a_first_build_leaves_no_truncated_file(tmp_path, notebooks):
    with tmpfs(tmp_path / "mnt", "600k") as mnt:  # less than the Vega bundle
        out = mnt / "site"
        with pytest.raises(store.SiteWriteError) as info:
            build(out, notebooks)
        assert "no space left on the device" in str(info.value)
        assert len(str(info.value).splitlines()) == 1
        assert debris(out) == []
        assert not (out / "static" / "vega-bundle.js").exists()
        assert not (out / "01-one.html").exists()


def test_a_full_disk_leaves_the_previous_site_intact(tmp_path, notebooks):
    with tmpfs(tmp_path / "mnt", "4m") as mnt:
        out = mnt / "site"
        build(out, notebooks)
        before = snapshot(out)
        filler = mnt / "filler"
        with filler.open("wb") as stream:  # fill the disk, leaving a few KiB
            free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
            stream.write(b"\0" * max(0, free - 16 * 1024))
        write_notebook(notebooks / "01-one.ipynb", "print('x' * 200_000)")
        with pytest.raises(store.SiteWriteError, match="no space left on the device"):
            build(out, notebooks)
        assert snapshot(out) == before
        assert debris(out) == []


# --- a new notebook that fails -----------------------------------------------------


def test_a_failing_new_notebook_gets_no_card_and_no_link(tmp_path, notebooks):
    out = tmp_path / "site"
    write_notebook(notebooks / "03-three.ipynb", "print(3)")
    build(out, notebooks)
    write_notebook(notebooks / "02-two.ipynb", "x = 1", "1 / 0")
    with pytest.raises(publish.BuildError) as info:
        build(out, notebooks)
    assert "02-two.ipynb: cell 2 failed: ZeroDivisionError" in str(info.value)
    assert not (out / "02-two.html").exists()
    for page in ("index.html", "01-one.html", "03-three.html"):
        assert "02-two" not in (out / page).read_text(encoding="utf-8"), page
    assert 'href="03-three.html" rel="next"' in (out / "01-one.html").read_text()
    write_notebook(notebooks / "02-two.ipynb", "x = 1")  # fixed: linked both ways
    result, lines = build(out, notebooks)
    assert result["built"] == ["01-one.ipynb", "02-two.ipynb", "03-three.ipynb"]
    assert any(line.startswith("  again  01-one.ipynb") for line in lines)
    assert 'href="02-two.html" rel="next"' in (out / "01-one.html").read_text()
    assert 'href="02-two.html" rel="prev"' in (out / "03-three.html").read_text()
    assert 'href="02-two.html"' in (out / "index.html").read_text()


# --- a switched data folder --------------------------------------------------------

READ_SPEED = (
    "from explainer.data import load_model_parameters\n"
    "table = load_model_parameters().set_index('parameter')\n"
    "print('rail speed', table.loc['rail_speed_km_per_day', 'value'])"
)


def _set_speed(data: Path, value: str, parameter: str = "rail_speed_km_per_day"):
    def change(rows):
        for row in rows:
            if row["parameter"] == parameter:
                row["value"] = value

    edit_csv(data / "model_parameters.csv", change)


def test_a_switched_data_folder_is_hashed_and_validated(
    tmp_path, notebooks, data_copy, monkeypatch
):
    out = tmp_path / "site"
    write_notebook(notebooks / "01-one.ipynb", READ_SPEED)
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    build(out, notebooks)
    assert "rail speed 900" in (out / "01-one.html").read_text()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data_copy))
    assert build(out, notebooks)[0]["skipped"] == ["01-one.ipynb"]  # same content
    _set_speed(data_copy, "950")
    assert build(out, notebooks)[0]["built"] == ["01-one.ipynb"]
    assert "rail speed 950" in (out / "01-one.html").read_text()
    _set_speed(data_copy, "fast")
    _set_speed(data_copy, "slow", "road_speed_km_per_day")
    with pytest.raises(publish.BuildError) as info:
        build(out, notebooks)
    message = str(info.value)
    assert "01-one.ipynb: cell 1 failed: DataError: model_parameters.csv" in message
    assert "'fast'" in message and "'slow'" in message  # every problem, not the last
    assert "rail speed 950" in (out / "01-one.html").read_text()  # previous page kept


def test_a_missing_data_folder_fails_the_build_in_one_message(
    tmp_path, notebooks, monkeypatch
):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(publish.BuildError, match="EXPLAINER_DATA_DIR"):
        build(tmp_path / "site", notebooks)


def test_every_line_of_a_data_error_is_reported(tmp_path, notebooks):
    write_notebook(
        notebooks / "01-one.ipynb",
        "from explainer.data import DataError\n"
        "raise DataError('geo/nodes.geojson', ['feature 1: a', 'feature 2: b'])",
    )
    with pytest.raises(publish.BuildError) as info:
        build(tmp_path / "site", notebooks)
    assert str(info.value).splitlines() == [
        "01-one.ipynb: cell 1 failed: DataError: geo/nodes.geojson: 2 problems:",
        "  - feature 1: a",
        "  - feature 2: b",
    ]


# --- a cell that never ends, and Ctrl-C --------------------------------------------


def test_the_cell_timeout_is_an_option_and_names_the_cell(tmp_path, notebooks):
    write_notebook(notebooks / "01-one.ipynb", "x = 1", "while True: pass")
    start = time.monotonic()
    with pytest.raises(publish.BuildError) as info:
        build(tmp_path / "site", notebooks, timeout=2)
    assert time.monotonic() - start < 60
    assert "01-one.ipynb: cell 2 timed out after 2 s" in str(info.value)
    assert "--timeout" in str(info.value)
    args = cli.parser().parse_args(["build", "--timeout", "30"])
    assert args.timeout == 30
    assert cli.parser().parse_args(["build"]).timeout == 300
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["build", "--timeout", "0"])


def test_ctrl_c_stops_the_kernels_and_prints_one_line(tmp_path, notebooks):
    write_notebook(notebooks / "01-one.ipynb", "import time; time.sleep(60)")
    write_notebook(notebooks / "02-two.ipynb", "import time; time.sleep(60)")
    out = tmp_path / "site"
    proc = subprocess.Popen(
        cli_command(out, notebooks),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C reaches the whole process group
    )
    _read_until(proc, "run    02-two.ipynb")
    deadline = time.monotonic() + 30
    kernels: list[psutil.Process] = []
    while len(kernels) < 2 and time.monotonic() < deadline:
        kernels = psutil.Process(proc.pid).children(recursive=True)
        time.sleep(0.2)
    assert len(kernels) == 2
    time.sleep(1)  # the cells are running
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert [line for line in stderr.splitlines() if line.strip()] == [
        "Build interrupted: kernels stopped, the site was left as it was."
    ]
    _gone, alive = psutil.wait_procs(kernels, timeout=10)
    assert alive == []
    assert not (out / "01-one.html").exists() and debris(out) == []


def test_only_stopped_kernel_watchers_go_unreported(caplog):
    """Ctrl-C's stopped kernel watchers are not printed; any other lost error is."""
    from explainer.site.execute import _quiet_kernel_watchers

    async def _async_poll_kernel_alive():
        raise AssertionError

    async def something_else():
        msg = "a real problem"
        raise ValueError(msg)

    async def main():
        asyncio.get_running_loop().set_exception_handler(_quiet_kernel_watchers)
        tasks = [
            asyncio.ensure_future(f())
            for f in (_async_poll_kernel_alive, something_else)
        ]
        await asyncio.sleep(0.01)
        del tasks
        gc.collect()

    # A loop of its own in a thread: other tests (Playwright) may run one here.
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        worker = threading.Thread(target=asyncio.run, args=(main(),))
        worker.start()
        worker.join()
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1, messages
    assert "something_else" in messages[0]


def test_a_build_sweeps_static_files_no_build_writes_any_more(tmp_path, notebooks):
    """An older build's stylesheet stayed in ``static/`` and went out with the site;
    an English-only build keeps the other editions' networks, which builds write."""
    out = tmp_path / "site"
    (out / "static").mkdir(parents=True)
    stale = out / "static" / "jupyter.css"
    stale.write_text("/* an older build's */", encoding="utf-8")
    kept = out / "static" / "network-ru.js"
    kept.write_text("/* the Russian edition's */", encoding="utf-8")
    result, _ = build(out, notebooks)
    assert result["built"] and not result["failures"]
    assert not stale.exists()
    assert kept.read_text(encoding="utf-8") == "/* the Russian edition's */"
    written = {p.name for p in (out / "static").iterdir()}
    assert written <= publish.static_names()
    assert {"vega-bundle.js", "network.js", "explainer.css"} <= written
