"""JupyterLab end to end, as a reader would use it, with the internet switched off.

A real ``jupyter lab`` server on 127.0.0.1 (a random token, a temporary root holding
copies of the notebooks) is driven by headless Debian Chromium through Python
playwright. Every request that does not go to that server is aborted, so the tests
also prove that the notebooks need no CDN. Each test opens a notebook, waits for its
kernel, runs Run > Run All Cells from the menu (retrying a lost first click once),
waits for the kernel to go idle and then checks what drew: the folium map's Leaflet
panes and lines inside its iframe, every Altair chart's SVG or canvas, and, where the
notebook has an explorer, that moving its dropdown changes its output (a round trip
through the kernel). Screenshots go to ``test-artifacts/lab/``.

The server runs in its own process group and is stopped, with every process it
started (the kernels run in sessions of their own), whatever happens; the temporary
folders are removed. Every wait has a timeout, each test has a hard time limit.

The server is this environment's (the project's ``.venv``) unless the environment
variable ``EXPLAINER_LAB_VENV`` names another venv: then that venv's JupyterLab, kernel
and ``explainer`` are the ones tested (``make binder-check`` points it at the
environment it built as Binder does). The test code itself always runs here.
"""

from __future__ import annotations

import contextlib
import ctypes
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
import pytest

from explainer import paths
from explainer.widgets import EXPLORER_CLASS
from tests.conftest import CHROMIUM

#: The notebook the issue's end-to-end test runs. Its explorer must satisfy the
#: contract of :func:`check_explorer` (see ``EXPLORER``).
TARGET_NOTEBOOK = "02-middle-corridor.ipynb"
#: The front page; it must draw offline (no explorer in it).
OVERVIEW_NOTEBOOK = "00-overview.ipynb"
#: A notebook this module writes itself, so the whole path is tested even before
#: (and independently of) the project's notebooks.
SCRATCH_NOTEBOOK = "99-lab-scratch.ipynb"
#: CSS selector of an explorer's outermost widget (``box.add_class(...)``).
EXPLORER = f".{EXPLORER_CLASS}"
#: The venv whose ``jupyter lab`` is tested; ``None``: this one (see the docstring).
LAB_VENV = (
    Path(os.environ["EXPLAINER_LAB_VENV"])
    if os.environ.get("EXPLAINER_LAB_VENV")
    else None
)
#: Where screenshots and the server log go (git-ignored).
ARTIFACTS = (
    paths.PROJECT_ROOT
    / "test-artifacts"
    / ("lab" if LAB_VENV is None else f"lab-{LAB_VENV.name}")
)

SERVER_START_S = 90  # to answer /api/status
NOTEBOOK_S = 240  # one notebook: open, run all, check (a hard limit per test)
RETRY_CLICK_MS = 5_000  # a Run All click that started nothing is retried after this
EXPLORER_WAIT_MS = 60_000  # widgets draw within seconds of the run's end
RUN_ALL_LABEL = re.compile(r"^Run All Cells$")

pytestmark = [
    pytest.mark.lab,
    pytest.mark.timeout(NOTEBOOK_S + 60),
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Debian chromium is not installed (apt-get install chromium); "
        ".ci/run installs it",
    ),
]

# --- the server ---------------------------------------------------------------


@dataclass
class LabServer:
    """A running JupyterLab: its address, token, root folder and process."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path
    #: Processes it started (recorded after each test: kernels whose server died
    #: would no longer be found as its children).
    started: list[psutil.Process] = field(default_factory=list)

    def api(self, path: str, method: str = "GET") -> object:
        """Call the server's REST API; return its JSON answer (``None`` if empty)."""
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def shut_down_sessions(self) -> None:
        """Close every notebook session and its kernel (between tests)."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """In the server: own process group; SIGTERM if the test process dies."""
    os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PDEATHSIG


def _descendants(process: subprocess.Popen) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        return psutil.Process(process.pid).children(recursive=True)
    return []


def stop_server(server: LabServer) -> list[str]:
    """Stop the server and everything it started; return what would not die."""
    procs = {p.pid: p for p in [*server.started, *_descendants(server.process)]}
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)  # it shuts its kernels down
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.process.pid, signal.SIGKILL)
    for proc in procs.values():
        with contextlib.suppress(psutil.Error):
            proc.kill()
    server.process.wait(timeout=10)
    _, alive = psutil.wait_procs(list(procs.values()), timeout=10)
    return [f"{p.pid} {p.name()}" for p in alive if p.is_running()]


def _page_config(config_dir: Path) -> None:
    """Lab settings for a test: no news prompt (it would fetch news anyway)."""
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True)
    disabled = {"@jupyterlab/apputils-extension:announcements": True}
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": disabled})
    )


@pytest.fixture(scope="module")
def lab_server() -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1 serving a temporary copy of the notebooks."""
    base = Path(tempfile.mkdtemp(prefix="explainer-lab-"))
    log = base / "lab.log"
    server = None
    try:
        root = base / "root"  # laid out like the project: notebooks/ in it
        (root / "notebooks").mkdir(parents=True)
        for notebook in paths.NOTEBOOKS_DIR.glob("*.ipynb"):
            shutil.copy(notebook, root / "notebooks")
        write_scratch_notebook(root / "notebooks" / SCRATCH_NOTEBOOK)
        _page_config(base / "config")
        port, token = _free_port(), secrets.token_hex(16)
        command = [
            lab_python(),
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *make_lab_flags(),
        ]
        with log.open("w") as sink:
            process = subprocess.Popen(  # own process group: see _die_with_parent
                command,
                env=_isolated_env(base),
                cwd=base,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        server = LabServer(f"http://127.0.0.1:{port}", token, root, process, log)
        _wait_for_server(server)
        yield server
    finally:
        survivors = stop_server(server) if server else []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if log.is_file():
            shutil.copy(log, ARTIFACTS / "lab-server.log")
        shutil.rmtree(base, ignore_errors=True)
        assert not survivors, f"processes left behind: {survivors}"


def lab_python() -> str:
    """The python of the environment under test (see ``EXPLAINER_LAB_VENV``)."""
    if LAB_VENV is None:
        return sys.executable
    python = LAB_VENV / "bin" / "python"
    if not python.is_file():
        pytest.fail(f"EXPLAINER_LAB_VENV={LAB_VENV} is not a venv (no bin/python)")
    return str(python)


def _isolated_env(base: Path) -> dict[str, str]:
    """Nothing of the user's Jupyter set-up is read, nothing of theirs written."""
    venv = {}
    if LAB_VENV is not None:  # its commands first, as if it were activated
        bin_dir = LAB_VENV / "bin"
        venv = {
            "VIRTUAL_ENV": str(LAB_VENV),
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    return {
        **os.environ,
        **venv,
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "IPYTHONDIR": str(base / "ipython"),
        # debugpy's note on frozen modules would be a kernel warning otherwise.
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def make_lab_flags() -> list[str]:
    """The flags ``make lab`` gives ``jupyter lab`` (read from the Makefile)."""
    makefile = (paths.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    url = re.search(r"^LAB_URL := (\S+)$", makefile, re.MULTILINE)
    assert url, "the Makefile sets LAB_URL, the page `make lab` opens"
    assert "--LabApp.default_url=$(LAB_URL)" in makefile
    return [f"--LabApp.default_url={url[1]}", "--allow-root"]


def printed_address(server: LabServer) -> str:
    """The 127.0.0.1 address the server printed for its user, with the token.

    Jupyter prints a token it generated (as for a user of ``make lab``) but masks
    one it was given (``token=...``), as here: the test puts it back.
    """
    found = re.findall(r"http://127\.0\.0\.1:\d+/\S+", server.log.read_text())
    assert found, "jupyter lab printed no address"
    return found[0].replace("token=...", f"token={server.token}")


def _wait_for_server(server: LabServer) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log.read_text(errors="replace")[-3000:]
            pytest.fail(f"jupyter lab exited with {server.process.returncode}:\n{tail}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            server.api("/api/status")
            return
        time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer /api/status in {SERVER_START_S} s")


# --- the browser --------------------------------------------------------------


@dataclass
class Offline:
    """The requests a page tried to send off the machine (all were aborted)."""

    blocked: list[tuple[str, str]] = field(default_factory=list)

    def code(self) -> list[str]:
        """Blocked scripts and style sheets: what a page would need from a CDN."""
        return [url for kind, url in self.blocked if kind in {"script", "stylesheet"}]


@pytest.fixture
def lab_page(browser, lab_server, request):
    """A browser page on which only the Lab server is reachable."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    offline = Offline()

    def route(route):
        url = route.request.url
        if url.startswith((lab_server.url, "data:", "blob:", "about:")):
            route.continue_()
        else:
            offline.blocked.append((route.request.resource_type, url[:200]))
            route.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page, offline
    finally:
        shoot(page, f"{request.node.name}-last")
        context.close()
        lab_server.started += _descendants(lab_server.process)
        lab_server.shut_down_sessions()


# --- driving Lab (never time.sleep: the route handler runs on this thread) ----

_PANEL = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
KERNEL_READY = f"""() => {{
    const panel = {_PANEL};
    if (!panel) return false;
    const name = panel.querySelector('.jp-Toolbar-kernelName');
    const state = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    return !!name && !/No Kernel/.test(name.textContent)
        && !!state && state.dataset.status === 'idle';
}}"""
_PROMPTS = (
    f"[...{_PANEL}.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
    ".map(p => p.textContent.trim())"
)
RUN_STARTED = f"""() => {{
    const prompts = {_PROMPTS};
    const state = {_PANEL}.querySelector('.jp-Notebook-ExecutionIndicator');
    return prompts.some(t => /\\*|\\d/.test(t)) || state.dataset.status !== 'idle';
}}"""
RUN_FINISHED = f"""() => {{
    const prompts = {_PROMPTS};
    const state = {_PANEL}.querySelector('.jp-Notebook-ExecutionIndicator');
    return !prompts.some(t => t.includes('*')) && state.dataset.status === 'idle';
}}"""


@dataclass
class Deadline:
    """What is left of a test's time, for each wait in turn."""

    seconds: float
    start: float = field(default_factory=time.monotonic)

    def ms(self, at_most: float | None = None) -> float:
        """Milliseconds left (at least 1), at most ``at_most``."""
        left = max(1.0, (self.start + self.seconds - time.monotonic()) * 1000)
        return min(left, at_most) if at_most else left


def shoot(page, name: str, element=None) -> None:
    """Save a screenshot (of the page, or of one element) as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = element if element is not None else page
    with contextlib.suppress(Exception):  # an artifact never fails a test
        target.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_notebook(page, address: str, name: str, deadline: Deadline) -> None:
    """Open an address of Lab; wait until notebook ``name`` is the current tab and
    its kernel is up and idle.
    """
    page.goto(address)
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    tab.filter(has_text=name).wait_for(timeout=deadline.ms())
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=deadline.ms())
    page.wait_for_function(KERNEL_READY, timeout=deadline.ms())


def notebook_address(server: LabServer, name: str) -> str:
    """Lab's address of a notebook; ``reset``: nothing else is open."""
    return f"{server.url}/lab/tree/notebooks/{name}?reset&token={server.token}"


def run_all(page, deadline: Deadline) -> int:
    """Run > Run All Cells from the menu bar; wait until the kernel is idle.

    Returns
    -------
    int
        The clicks it took (the first click is sometimes lost; one retry).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in (1, 2):
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        label = page.locator(".lm-Menu-itemLabel", has_text=RUN_ALL_LABEL)
        page.locator(".lm-Menu-item", has=label).click()  # the item, not its label
        try:
            page.wait_for_function(
                RUN_STARTED, timeout=deadline.ms(RETRY_CLICK_MS), polling=100
            )
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            print("Run All: the first click started nothing; clicking again")
            page.keyboard.press("Escape")  # close a menu left open
    page.wait_for_function(RUN_FINISHED, timeout=deadline.ms(), polling=250)
    return attempt


def check_cells_ran(page) -> None:
    """Every code cell has an execution count, and no output is an error."""
    prompts = page.evaluate(f"() => {_PROMPTS}")
    not_run = [i for i, t in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", t)]
    assert prompts and not not_run, f"code cells not run (index, prompt): {not_run}"
    errors = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
        '[data-mime-type="application/vnd.jupyter.stderr"]'
    )
    assert errors.count() == 0, "a cell printed an error or a warning:\n" + "\n".join(
        errors.all_inner_texts()
    )


def check_maps(page, name: str, deadline: Deadline) -> int:
    """Every folium map iframe drew Leaflet's panes and its lines; return the count."""
    frames = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea iframe")
    count = frames.count()
    for i in range(count):
        frame = frames.nth(i)
        frame.scroll_into_view_if_needed(timeout=deadline.ms())
        inside = frame.content_frame
        pane = inside.locator(".leaflet-map-pane")  # a 0x0 box: never "visible"
        pane.wait_for(state="attached", timeout=deadline.ms())
        lines = inside.locator(".leaflet-overlay-pane path")
        lines.first.wait_for(timeout=deadline.ms())
        assert lines.count() > 0, f"map {i} drew no lines"
        shoot(page, f"{name}-map-{i}", frame)
    return count


def check_charts(page, name: str, deadline: Deadline) -> int:
    """Every Altair chart drew an SVG or a canvas (none errored); return the count."""
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    charts = page.locator(f"{panel} .jp-OutputArea [id^='altair-viz-']")
    count = charts.count()
    for i in range(count):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed(timeout=deadline.ms())
        chart.locator("svg.marks, canvas.marks").first.wait_for(timeout=deadline.ms())
        assert chart.locator(".error").count() == 0, chart.inner_text()
        shoot(page, f"{name}-chart-{i}", chart)
    return count


_OUTPUTS_HTML = """explorer => [...explorer.querySelectorAll(
    '.widget-output, .widget-html-content, .widget-htmlmath-content')]
    .map(e => e.innerHTML).join('\\n')"""


def check_explorer(page, name: str, deadline: Deadline) -> None:
    """Move the explorer's first dropdown; its outputs must change (via the kernel).

    The contract for a notebook's explorer: its outermost widget has the CSS class
    ``explainer-explorer``; inside it, an ipywidgets ``Dropdown`` with two or more
    options; choosing another option changes what an ``Output``, ``HTML`` or
    ``HTMLMath`` widget inside the explorer shows (the notebook's Python observer
    computes it, so the change proves a kernel round trip).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    explorer = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {EXPLORER}").first
    try:
        explorer.wait_for(timeout=deadline.ms(EXPLORER_WAIT_MS))
    except PlaywrightTimeout:
        pytest.fail(
            f"no widget with the CSS class {EXPLORER[1:]!r} drew in {name}: give the "
            f"explorer's outermost widget that class (add_class({EXPLORER[1:]!r}))"
        )
    explorer.scroll_into_view_if_needed(timeout=deadline.ms())
    select = explorer.locator(".widget-dropdown select").first
    select.wait_for(timeout=deadline.ms())
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert len(values) >= 2, f"the explorer's dropdown has options {values}"
    current = select.input_value()
    before = explorer.evaluate(_OUTPUTS_HTML)
    assert before.strip(), "the explorer shows no output before it is moved"
    shoot(page, f"{name}-explorer-before")  # the view: it may be taller
    select.select_option(next(v for v in values if v != current))
    page.wait_for_function(
        f"""before => {{
            const explorer = document.querySelector(
                '.jp-NotebookPanel:not(.lm-mod-hidden) {EXPLORER}');
            return ({_OUTPUTS_HTML})(explorer) !== before;
        }}""",
        arg=before,
        timeout=deadline.ms(),
    )
    page.wait_for_function(RUN_FINISHED, timeout=deadline.ms(), polling=250)
    explorer.scroll_into_view_if_needed(timeout=deadline.ms())
    shoot(page, f"{name}-explorer-after")


def run_notebook(page, address: str, name: str) -> Deadline:
    """Open a notebook, run all its cells, check that each ran without error."""
    deadline = Deadline(NOTEBOOK_S)
    open_notebook(page, address, name, deadline)
    shoot(page, f"{Path(name).stem}-opened")
    run_all(page, deadline)
    shoot(page, f"{Path(name).stem}-ran")
    check_cells_ran(page)
    return deadline


# --- the scratch notebook -----------------------------------------------------

SCRATCH_CELLS = [
    "import ipywidgets as widgets\n\nimport explainer\n\nexplainer.setup()",
    "explainer.corridor_map()",
    "explainer.titr_volume_chart()",
    """from explainer.widgets import EXPLORER_CLASS

corridors = explainer.load_corridors()
route = widgets.Dropdown(options=["middle", "northern"], description="Corridor")
result = widgets.HTML()


def show(change=None):
    segments = corridors[corridors["corridor"] == route.value]
    result.value = f"<p><b>{route.value}</b>: {len(segments)} segments</p>"


route.observe(show, names="value")
show()
explorer = widgets.VBox([route, result])
explorer.add_class(EXPLORER_CLASS)
explorer""",
]


def write_scratch_notebook(path: Path) -> None:
    """A small notebook with a raw folium map, an Altair chart and an explorer."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# Lab scratch")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in SCRATCH_CELLS]
    nbformat.write(nb, path)


# --- the tests ------------------------------------------------------------------


def _needs(notebook: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not (paths.NOTEBOOKS_DIR / notebook).is_file(),
        reason=f"{notebook} is not in notebooks/ yet",
    )


@_needs(OVERVIEW_NOTEBOOK)
def test_the_address_make_lab_prints_opens_the_overview_which_draws_offline(
    lab_server, lab_page
):
    """What the README promises: `make lab`, the overview opens, everything draws."""
    page, offline = lab_page
    address = printed_address(lab_server)
    assert f"/lab/tree/notebooks/{OVERVIEW_NOTEBOOK}?token=" in address
    deadline = run_notebook(page, address, OVERVIEW_NOTEBOOK)
    name = Path(OVERVIEW_NOTEBOOK).stem
    assert check_maps(page, name, deadline) >= 1
    assert check_charts(page, name, deadline) >= 1
    assert offline.code() == [], "scripts or styles asked of the network"


def kernel_pythons(server: LabServer) -> set[str]:
    """The python each of the server's kernels runs (its command's first word)."""
    found = set()
    for proc in _descendants(server.process):
        with contextlib.suppress(psutil.Error):
            command = proc.cmdline()
            if "ipykernel_launcher" in command:
                found.add(command[0])
    return found


def test_scratch_notebook_draws_offline_and_its_widget_reaches_the_kernel(
    lab_server, lab_page
):
    page, offline = lab_page
    address = notebook_address(lab_server, SCRATCH_NOTEBOOK)
    deadline = run_notebook(page, address, SCRATCH_NOTEBOOK)
    assert kernel_pythons(lab_server) == {lab_python()}, "the kernel is not the env's"
    name = Path(SCRATCH_NOTEBOOK).stem
    assert check_maps(page, name, deadline) == 1
    assert check_charts(page, name, deadline) == 1
    check_explorer(page, name, deadline)
    assert offline.code() == [], "scripts or styles asked of the network"


@_needs(TARGET_NOTEBOOK)
def test_target_notebook_runs_draws_and_its_explorer_responds(lab_server, lab_page):
    page, offline = lab_page
    address = notebook_address(lab_server, TARGET_NOTEBOOK)
    deadline = run_notebook(page, address, TARGET_NOTEBOOK)
    name = Path(TARGET_NOTEBOOK).stem
    assert check_maps(page, name, deadline) >= 1
    assert check_charts(page, name, deadline) >= 1
    check_explorer(page, name, deadline)
    assert offline.code() == [], "scripts or styles asked of the network"
