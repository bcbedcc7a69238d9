"""Real-browser test: JupyterLab on 127.0.0.1 driven by Debian's Chromium through Playwright.

Only a real browser catches a missing or mismatched widget front end. We open and run the
start notebook and the lazy-arrays notebook (and, once the diagnostics land, the one with a
progress widget), check what rendered, and save screenshots; then, as a student does, we open an
exercise from the repository root and run a wrong answer, then a right one. Never run `playwright install`:
we use the system Chromium by path.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import FEATURES

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "lazyarr-browser-test"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (.ci/run installs it with apt-get)")
    pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")
    work = tmp_path_factory.mktemp("lab")
    # The repository's course folders, copied (the server may autosave: never touch the repo); the server's
    # root holds all of them, as the README's command and Binder give it.
    for folder in ("notebooks", "exercises", "solutions", "docs"):
        shutil.copytree(ROOT / folder, work / folder)
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               JUPYTER_CONFIG_DIR=str(work / "jupyter-config"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    env.pop("LAZYARR_CHECK_STRICT", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}", "--LabApp.expose_app_in_browser=True",
         "--ServerApp.port_retries=0", *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if server.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not start: " + (work / "server.log").read_text()[-2000:])
    yield url, work
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    _, work = lab
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(str(work / "chromium-profile"), executable_path=CHROMIUM,
                                                        args=FLAGS, headless=True,
                                                        viewport={"width": 1400, "height": 1000})
        yield context
        context.close()


FINISHED = """() => {
    const widget = window.jupyterapp.shell.currentWidget;
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    if (!widget || !widget.content || !widget.content.model || !indicator) return false;
    const code = Array.from(widget.content.model.cells).filter(c => c.type === 'code');
    return indicator.dataset.status === 'idle' && code.every(c => c.executionCount !== null);
}"""


def run_notebook(lab, browser, name, folder="notebooks"):
    """Open *folder*/*name* in JupyterLab, run all cells, wait until every code cell ran; screenshot."""
    url, work = lab
    page = browser.new_page()
    # A workspace of its own per notebook (reset): earlier tabs must not be restored, or two
    # notebooks (and two kernel indicators) would be open at once.
    workspace = f"ws-{folder}-" + name.split(".")[0]
    page.goto(f"{url}/lab/workspaces/{workspace}/tree/{folder}/{name}?reset&token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=60_000)
    # JupyterLab 4 may ask which kernel to start (e.g. when a kernel is already running for a
    # notebook opened earlier): accept the default, or nothing would ever run.
    select = page.locator(".jp-Dialog button", has_text="Select")
    try:
        select.wait_for(timeout=5_000)
        select.click()
    except Exception:  # no dialog this time
        pass
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    # Don't await the command's promise: start it and poll the notebook model instead.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(FINISHED, timeout=180_000, polling=500)
    page.wait_for_timeout(1000)  # let the last outputs render
    page.screenshot(path=str(work / f"{folder}-{name}.png"), full_page=True)
    return page


def notebook_text(page):
    # textContent, not innerText: JupyterLab may skip painting off-screen cells.
    return page.evaluate("() => document.querySelector('.jp-Notebook').textContent")


def test_start_here_runs_and_shows_check_results(lab, browser):
    page = run_notebook(lab, browser, "00-start-here.ipynb")
    outputs = notebook_text(page)
    assert "✔ 00.1 correct." in outputs
    assert "○ 00.1 not attempted" in outputs
    assert page.locator(".lazyarr-check-correct").count() >= 1  # the HTML repr, not the text fallback
    assert "Error displaying widget" not in outputs
    page.close()


def test_lazy_arrays_repr_renders(lab, browser):
    page = run_notebook(lab, browser, "01-lazy-arrays.ipynb")
    outputs = notebook_text(page)
    assert page.locator(".jp-RenderedHTMLCommon table").count() >= 1, "the array repr table did not render"
    if FEATURES["visualize"]():  # the chunk SVG comes with the display work
        assert page.locator(".jp-OutputArea-output svg").count() >= 1, "no chunk diagram"
    assert "Traceback" not in outputs
    page.close()


def test_visualize_and_progress_widget_render(lab, browser):
    missing = [f for f in ("visualize", "diagnostics") if not FEATURES[f]()]
    if missing:
        pytest.skip(f"needs lazyarr features {missing}, not available yet")
    page = run_notebook(lab, browser, "02-chunks.ipynb")
    assert page.locator(".jp-OutputArea-output svg, .jp-OutputArea-output img").count() >= 2
    # The chunk explorer renders as a live widget (sliders above its panel), not as its HTML snapshot.
    assert "Error displaying widget" not in notebook_text(page)
    explorer = page.locator(".jupyter-widgets:has(.lazyarr-explorer)").first
    assert page.locator(".widget-slider").count() >= 3
    explorer.scroll_into_view_if_needed()
    explorer.screenshot(path=str(lab[1] / "chunk-explorer.png"))
    page.close()
    # Lesson 10 shows a progress widget in seconds (lesson 05 also does, but runs a minute-long matrix product).
    page = run_notebook(lab, browser, "10-seeing-the-computation.ipynb")
    outputs = notebook_text(page)
    assert "Error displaying widget" not in outputs
    assert page.locator(".widget-progress, .jupyter-widgets .progress").count() >= 1
    page.close()


RUN_CELL = """async ([needle, source]) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets;
    const index = cells.findIndex(c => c.model.sharedModel.getSource().includes(needle));
    if (index < 0) throw new Error('no cell contains ' + needle);
    cells[index].model.sharedModel.setSource(source);
    panel.content.activeCellIndex = index;
    await window.jupyterapp.commands.execute('notebook:run-cell');
    return index;
}"""

OUTPUT_OF = """([index, text]) => {
    const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
    return cell.outputArea.node.textContent.includes(text);
}"""


def test_exercise_opened_from_the_root_runs_a_wrong_then_a_right_answer(lab, browser):
    url, work = lab
    page = run_notebook(lab, browser, "01-lazy-arrays.ipynb", folder="exercises")
    listing = page.evaluate(f"() => fetch('{url}/api/contents?token={TOKEN}').then(r => r.json())")
    names = {item["name"] for item in listing["content"]}
    assert {"notebooks", "exercises", "solutions"} <= names, names
    assert "○ 01.1 not attempted" in notebook_text(page)  # the untouched exercise
    needle = 'check("01.1", answer)'
    index = page.evaluate(RUN_CELL, [needle, 'answer = la.zeros((1000, 2000))\n' + needle])
    page.wait_for_function(OUTPUT_OF, arg=[index, "✘ 01.1 not quite: dtype"], timeout=60_000)
    page.evaluate(RUN_CELL, [needle, 'answer = la.zeros((1000, 2000), dtype="int32")\n' + needle])
    page.wait_for_function(OUTPUT_OF, arg=[index, "✔ 01.1 correct"], timeout=60_000)
    assert page.locator(".lazyarr-check-correct").count() >= 1
    page.screenshot(path=str(work / "exercise-wrong-then-right.png"), full_page=True)
    page.close()
