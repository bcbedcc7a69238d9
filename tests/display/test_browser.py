"""End to end in a real browser: JupyterLab renders the repr, the diagrams, the plots and the progress widget.

Only a browser catches a missing widget front end, CSS that hides the table, a picture wider
than its output or a white panel in a dark theme, so these tests start JupyterLab on
127.0.0.1 (no token, a temporary root), open a small notebook in Debian's headless Chromium
driven by Playwright, run every cell and look at the page, in the light and the dark theme,
with a 1400 px window and the file browser open (the output area is then about 968 px
wide). A second test disables the widget manager (as if the ipywidgets front end were
missing) to see the progress bar's HTML fallback. Screenshots are saved under
``test-artifacts/browser/`` (git-ignored; ``LAZYARR_TEST_ARTIFACTS`` moves it) so that a
person can look at them. Never run `playwright install`: the browser is the system's
/usr/bin/chromium.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

ARTIFACTS = Path(os.environ.get("LAZYARR_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "browser"
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}

# Cell index -> what it shows. The graphs are lesson 02's (a mean of 3 x 3 random blocks, with Graphviz
# when installed; a 16-block tree reduction with the built-in layout) and lesson 10's ordered graph.
CELLS = [
    "import time\nimport lazyarr as la\nfrom lazyarr.diagnostics import ProgressBar, Profiler, ResourceProfiler",
    "x = la.ones((1000, 2000), chunks=(250, 500))\nx",
    "m = la.random.default_rng(0).random((10000, 10000)).mean()\nm.visualize()",
    "s = la.ones((8, 8), chunks=2).sum(split_every=2)\ns.visualize(engine='builtin')",
    "small = la.ones((4, 4), chunks=2)\n(small + small.T).sum().visualize(color='order', engine='builtin')",
    "with Profiler() as prof, ResourceProfiler(dt=0.01) as rprof:\n"
    "    _ = la.ones((1000, 1000), chunks=100).sum().compute()\nprof.plot()",
    "la.diagnostics.visualize([prof, rprof])",
    "with ProgressBar(minimum=0, mode='text'):\n    _ = la.ones(100, chunks=10).sum().compute()",
    "def slow(b):\n    time.sleep(0.05)\n    return b\n\n"
    "with ProgressBar(minimum=0):\n    total = la.ones((40, 40), chunks=10).map_blocks(slow).sum().compute()\ntotal",
]
GRAPH_CELLS = (2, 3, 4)
PLOT_CELLS = (5, 6)
TEXT_PROGRESS_CELL = 7

# Layout facts of one cell's outputs: widths, whether anything scrolls sideways, and the colours the
# theme gave the first plain graph node (fill, text), an edge, and the output area's background.
OUTPUT_FACTS = """(cell) => {
    const area = cell.querySelector('.jp-OutputArea');
    const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'));
    const box = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
    const svg = cell.querySelector('svg.lazyarr-graph');
    const img = cell.querySelector('.jp-OutputArea-output img');
    const plain = svg && svg.querySelector('g.plain ellipse, g.plain polygon, g.plain rect');
    const text = svg && svg.querySelector('g.plain text');
    const edge = svg && svg.querySelector('g.edge path');
    let bg = null;
    for (let e = cell.querySelector('.jp-OutputArea-output'); e && !bg; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') bg = c;
    }
    const whitePanels = svg ? Array.from(svg.querySelectorAll('rect, polygon, path, ellipse'))
        .filter(e => getComputedStyle(e).fill === 'rgb(255, 255, 255)' && e.getBBox().width * e.getBBox().height
                     > 0.25 * svg.viewBox.baseVal.width * svg.viewBox.baseVal.height)
        .length : 0;
    return {
        mimes: outputs.map(o => o.getAttribute('data-mime-type')),
        output: outputs.length ? box(outputs[0]) : null,
        scrolls: outputs.some(o => o.scrollWidth > o.clientWidth + 1),
        svg: svg ? {...box(svg), natural: svg.width.baseVal.value} : null,
        img: img ? {...box(img), natural: img.naturalWidth, complete: img.complete} : null,
        fill: plain ? getComputedStyle(plain).fill : null,
        text: text ? getComputedStyle(text).fill : null,
        edge: edge ? getComputedStyle(edge).stroke : null,
        background: bg, whitePanels,
    };
}"""

# A compute of ~2.5 s (25 fused tasks of 0.1 s, then 5 sums, on the sync scheduler): long enough for the HTML
# fallback to be refreshed (about every second at first) before its final state.
PROGRESS_CELLS = [
    "import time\nimport lazyarr as la\nfrom lazyarr.diagnostics import ProgressBar",
    "def slow(b):\n    time.sleep(0.1)\n    return b\n\n"
    "x = la.ones((25, 4), chunks=(1, 4)).map_blocks(slow)\n"
    "with ProgressBar(minimum=0):\n    total = x.sum().compute(scheduler='sync')\ntotal",
]
WIDGET_MANAGER = "@jupyter-widgets/jupyterlab-manager"

# Watches every painted frame (requestAnimationFrame) once the progress widget has appeared: its
# output must keep exactly one widget and never show the "Loading widget..." placeholder that the
# widget renderer writes when it re-renders on update_display.
WATCH_PROGRESS = """() => {
    window.__progress = {frames: 0, bad: []};
    let output = null;
    const tick = () => {
        const w = window.__progress;
        if (output === null) {
            const label = Array.from(document.querySelectorAll('.jp-OutputArea-output .widget-label'))
                .find(e => e.textContent === 'all tasks');
            if (label) output = label.closest('.jp-OutputArea-output');
        }
        if (output !== null) {
            w.frames++;
            const boxes = output.querySelectorAll('.widget-vbox').length;
            const loading = output.textContent.includes('Loading widget');
            if ((!output.isConnected || boxes !== 1 || loading) && w.bad.length < 10) {
                w.bad.push({frame: w.frames, connected: output.isConnected, boxes, loading});
            }
        }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""

# The HTML fallback as the page shows it: each row's name, bar value/max and count, and the status line.
READ_FALLBACK = """() => {
    const box = document.querySelector('.jp-OutputArea-output .lazyarr-progress');
    if (!box) return null;
    const rows = Array.from(box.querySelectorAll('tr')).map(tr => {
        const bar = tr.querySelector('progress');
        return [tr.cells[0].textContent, bar.value, bar.max, tr.cells[2].textContent];
    });
    return {rows, status: box.lastElementChild.textContent};
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_stored_notebook(path: Path) -> None:
    """A notebook with stored (untrusted) outputs, a repr and a graph: JupyterLab sanitizes their HTML."""
    import lazyarr as la

    x = la.ones((4, 6), chunks=(2, 3))
    out = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
           "data": {"text/html": x._repr_html_(), "text/plain": repr(x)}}
    pic = x.sum().visualize(engine="builtin")
    graph = {"output_type": "execute_result", "execution_count": 2, "metadata": {}, "data": pic._repr_mimebundle_()}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [{"cell_type": "code", "id": "stored", "metadata": {}, "execution_count": 1,
                     "outputs": [out], "source": "x"},
                    {"cell_type": "code", "id": "graph", "metadata": {}, "execution_count": 2,
                     "outputs": [graph], "source": "x.sum().visualize()"}]}
    path.write_text(json.dumps(nb))


def _write_notebook(path: Path, cells: list[str]) -> None:
    nb = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": f"cell-{i}", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": src} for i, src in enumerate(cells)],
    }
    path.write_text(json.dumps(nb))


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read()


@contextlib.contextmanager
def _running_lab(tmp_path, disabled_extensions=(), theme="JupyterLab Light"):
    """JupyterLab on 127.0.0.1 serving ``tmp_path / "root"``; yields its base URL.

    *disabled_extensions* go into the page config of a config dir of our own, which is how
    JupyterLab is told not to load a front-end extension (as if it were not installed).
    User settings choose the *theme*, turn off the news pop-up (it would cover outputs in
    screenshots) and render every cell (no windowing), so every output is in the page.
    """
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed")
    pytest.importorskip("ipywidgets", reason="ipywidgets is not installed")
    root = tmp_path / "root"
    config = tmp_path / "config"
    if disabled_extensions:
        (config / "labconfig").mkdir(parents=True)
        (config / "labconfig" / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {name: True for name in disabled_extensions}}))
    settings = {"apputils-extension/themes": {"theme": theme},
                "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
                "notebook-extension/tracker": {"windowingMode": "none"}}
    for name, values in settings.items():
        path = tmp_path / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               MPLBACKEND="Agg")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--allow-root", "--IdentityProvider.token=", "--LabApp.extension_manager=readonly",
           "--ServerApp.disable_check_xsrf=True",
           f"--ServerApp.root_dir={root}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
           f"--LabApp.user_settings_dir={tmp_path / 'settings'}", "--LabApp.news_url=",
           "--ServerApp.open_browser=False", "--LabApp.expose_app_in_browser=True"]
    log = open(tmp_path / "jupyterlab.log", "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                _get(base + "/api/status")
                break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log_text = (tmp_path / "jupyterlab.log").read_text()
                    raise RuntimeError("JupyterLab did not start: " + log_text) from exc
                time.sleep(0.5)
        yield base
    finally:
        # Shut our kernels down through the API, then stop the server we started.
        try:
            for k in json.loads(_get(base + "/api/kernels")):
                req = urllib.request.Request(f"{base}/api/kernels/{k['id']}", method="DELETE")
                urllib.request.urlopen(req, timeout=10).read()
        except OSError:
            pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.fixture(params=sorted(THEMES))
def jupyterlab(request, tmp_path):
    """JupyterLab in each theme, serving the demo notebook and a stored (untrusted) one; yields (url, theme)."""
    root = tmp_path / "root"
    root.mkdir()
    _write_notebook(root / "demo.ipynb", CELLS)
    _write_stored_notebook(root / "stored.ipynb")
    with _running_lab(tmp_path, theme=THEMES[request.param]) as base:
        yield base, request.param


@pytest.fixture
def jupyterlab_without_widgets(tmp_path):
    """JupyterLab whose widget manager is disabled, like a front end without the ipywidgets extension."""
    root = tmp_path / "root"
    root.mkdir()
    _write_notebook(root / "progress.ipynb", PROGRESS_CELLS)
    with _running_lab(tmp_path, disabled_extensions=[WIDGET_MANAGER]) as base:
        yield base


def _chromium(sync_api, p, tmp_path):
    """Debian's Chromium with a fresh profile; skips the test (saying why) if it cannot be launched."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        return p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000})
    except sync_api.Error as exc:
        pytest.skip(f"Chromium at {CHROMIUM} could not be launched: {str(exc)[:300]}")


def _open_notebook(sync_api, page, url):
    """Open a notebook, accept its kernel and wait until the kernel is idle."""
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    # JupyterLab may ask which kernel to start: accept the notebook's (python3).
    select = page.locator(".jp-Dialog button", has_text="Select")
    try:
        select.wait_for(timeout=15_000)
        select.click()
    except sync_api.TimeoutError:
        pass
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)


def _run_all(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def _rgb(css: str, under: tuple = (255, 255, 255)) -> tuple:
    """An "rgb(...)"/"rgba(...)" colour as RGB, composited over *under* when translucent."""
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    rgb, alpha = values[:3], values[3] if len(values) > 3 else 1.0
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(rgb, under))


def _lightness(rgb: tuple) -> float:
    return (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255


def test_notebook_renders_in_chromium(jupyterlab, tmp_path):
    base, theme = jupyterlab
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    shots = ARTIFACTS / theme
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    with sync_api.sync_playwright() as p:
        context = _chromium(sync_api, p, tmp_path)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            _open_notebook(sync_api, page, f"{base}/lab/tree/demo.ipynb")
            assert page.locator("#filebrowser").is_visible()  # the file browser takes its share of the window
            page.evaluate(WATCH_PROGRESS)  # before the cells run: watch every frame the progress output paints
            _run_all(page)

            page.wait_for_selector(".jp-OutputArea-output table.lazyarr-table", timeout=60_000)
            table = page.locator("table.lazyarr-table").first
            assert table.is_visible()  # the stylesheet revealed the table ...
            assert not page.locator("pre.lazyarr-text-fallback").first.is_visible()  # ... and hid the fallback
            text = table.inner_text()
            assert "15.26 MiB" in text and "16 tasks in 1 operation" in text and "16 chunks" in text

            chunks = page.locator("svg.lazyarr-chunks").first
            assert chunks.is_visible()
            assert chunks.locator("line").count() == 3 + 3  # 4 x 4 chunks: 3 boundaries per axis

            # The progress widget (the last cell): rendered by the widget manager, finished in green.
            page.wait_for_selector(".widget-label:has-text('all tasks')", timeout=60_000)
            page.wait_for_selector(".progress-bar-success", timeout=60_000)
            page.wait_for_selector(".jp-OutputArea-output:has-text('1600.0')", timeout=60_000)
            assert page.locator("text=Error displaying widget").count() == 0
            labels = page.locator(".widget-label").all_inner_texts()
            assert "16/16" in labels
            # The widget ranks above the HTML fallback in the same output: the table is not shown, and
            # the update_display that published the final HTML re-rendered the widget without a
            # visible trace: every painted frame had exactly one widget and no "Loading widget...".
            assert page.locator(".jp-OutputArea-output .lazyarr-progress").count() == 0
            watched = page.evaluate("() => window.__progress")
            assert watched["frames"] > 0, watched
            assert watched["bad"] == [], watched

            # Every output is in: look at each cell (and keep a picture of it for people to look at).
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
            page.wait_for_function("() => Array.from(document.querySelectorAll('.jp-OutputArea-output img'))"
                                   ".every(i => i.complete)", timeout=30_000)
            cells = page.locator(".jp-Notebook .jp-Cell")
            facts = {}
            for i in range(len(CELLS)):
                cell = cells.nth(i)
                cell.scroll_into_view_if_needed()
                facts[i] = cell.evaluate(OUTPUT_FACTS)
                cell.screenshot(path=str(shots / f"cell-{i}.png"))
            page.locator(".jp-Notebook .jp-Cell").nth(2).scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "window.png"))

            width = facts[1]["output"]["width"]
            assert 900 <= width <= 1000, facts[1]  # a 1400 px window with the file browser open
            background = _rgb(facts[2]["background"])
            dark = theme == "dark"
            assert (_lightness(background) < 0.3) == dark
            for i in GRAPH_CELLS:
                f = facts[i]
                assert f["mimes"] == ["text/html"] and f["svg"], f  # inline, where the theme's CSS reaches it
                # The whole picture is inside the output area, nothing scrolls sideways, and it is shown
                # at 80 % of its full size or more (labels stay legible).
                assert f["svg"]["left"] >= f["output"]["left"] - 0.5 and f["svg"]["right"] <= f["output"]["right"] + 0.5
                assert not f["scrolls"], f
                assert f["svg"]["width"] >= 0.8 * min(f["svg"]["natural"], width), f
                assert f["whitePanels"] == 0, f  # transparent: no white panel in either theme
                edge = _lightness(_rgb(f["edge"], background))
                assert (edge > 0.5) == dark, f
            for i in (2, 3):  # uncoloured nodes follow the theme: dark nodes with light text in the dark theme
                f = facts[i]
                fill = _rgb(facts[i]["fill"], background)
                assert (_lightness(fill) < 0.4) == dark, f
                assert (_lightness(_rgb(f["text"], fill)) > 0.6) == dark, f
            for i in PLOT_CELLS:  # profiler plots: images, loaded, inside the output area
                f = facts[i]
                assert f["mimes"] == ["image/png"], f
                assert f["img"]["complete"] and f["img"]["natural"] > 300, f
                assert f["img"]["right"] <= f["output"]["right"] + 0.5, f
            # The text progress bar of a healthy compute is ordinary output, not an error box.
            assert facts[TEXT_PROGRESS_CELL]["mimes"] == ["application/vnd.jupyter.stdout"], facts[TEXT_PROGRESS_CELL]

            # Untrusted stored outputs: the sanitizer drops the stylesheet and the <svg>, so the
            # plain-text fallbacks must be readable, and nothing else of the pictures shows.
            page.goto(f"{base}/lab/tree/stored.ipynb", timeout=90_000)
            fallback = page.locator("pre.lazyarr-text-fallback")
            fallback.first.wait_for(timeout=60_000)
            assert fallback.nth(0).is_visible() and fallback.nth(1).is_visible()
            assert fallback.nth(0).inner_text().startswith("lazyarr.Array<ones, shape=(4, 6)")
            assert fallback.nth(1).inner_text().startswith("GraphPicture: 10 tasks, drawn by builtin")
            assert "Run the cell" in fallback.nth(1).inner_text()
            outputs = page.locator(".jp-OutputArea-output")
            assert "ones" not in outputs.nth(1).inner_text().replace(fallback.nth(1).inner_text(), "")
            page.screenshot(path=str(shots / "untrusted.png"))
        except Exception:
            page.screenshot(path=str(shots / "failure.png"), full_page=True)  # to see what went wrong
            raise
        finally:
            context.close()
    assert (shots / "cell-3.png").stat().st_size > 10_000


def _saved_outputs(path: Path, marker: str) -> list[dict]:
    nb = json.loads(path.read_text())
    (cell,) = [c for c in nb["cells"] if marker in "".join(c["source"])]
    return cell["outputs"]


def test_progress_html_fallback_without_widget_manager(jupyterlab_without_widgets, tmp_path):
    """Where the widget front end is missing, the progress bar's HTML renders, updates and ends done."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        context = _chromium(sync_api, p, tmp_path)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            _open_notebook(sync_api, page, f"{jupyterlab_without_widgets}/lab/tree/progress.ipynb")
            _run_all(page)
            # Read the fallback as it changes, until the final state is shown.
            seen = []
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                state = page.evaluate(READ_FALLBACK)
                if state is not None and (not seen or state != seen[-1]):
                    seen.append(state)
                if state is not None and "done" in state["status"]:
                    break
                page.wait_for_timeout(100)
            page.wait_for_selector(".jp-OutputArea-output:has-text('100.0')", timeout=60_000)
            page.screenshot(path=str(tmp_path / "no-widget-manager.png"), full_page=True)

            # The manager really is off, and the HTML (not the one-line text) stood in for the widget.
            assert page.locator(".jupyter-widgets, .widget-label").count() == 0
            text = page.evaluate("() => document.querySelector('.jp-Notebook').textContent")
            assert "Error displaying widget" not in text and "lazyarr ProgressBar:" not in text

            assert seen, "the HTML fallback never appeared"
            final = seen[-1]
            assert final["rows"] == [["all tasks", 30, 30, "30/30"], ["ones-slow-sum", 25, 25, "25/25"],
                                     ["sum", 5, 5, "5/5"]], seen
            assert "✔ done" in final["status"] and final["status"].split(" · ")[0].endswith(" s")
            # ... and it was updating: some state between the first (nothing done) and the last.
            counts = [state["rows"][0][1] for state in seen]
            assert counts[0] == 0 and any(0 < c < 30 for c in counts), seen

            # Saved, the notebook keeps the widget reference and the FINAL state as HTML.
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            saved = tmp_path / "root" / "progress.ipynb"
            for _ in range(100):
                outputs = _saved_outputs(saved, "ProgressBar(minimum=0)")
                if outputs:
                    break
                time.sleep(0.1)
            display = outputs[0]["data"]
            assert set(display) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
            html = "".join(display["text/html"])
            assert "30/30" in html and "done" in html and "running" not in html
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)  # to see what went wrong
            raise
        finally:
            context.close()
