"""End to end in a real browser: JupyterLab renders the repr, the diagrams and the progress widget.

Only a browser catches a missing widget front end or CSS that hides the table, so this
test starts JupyterLab on 127.0.0.1 (no token, a temporary root), opens a small
notebook in Debian's headless Chromium driven by Playwright, runs every cell and looks
at the page. It saves a screenshot in the test's tmp dir. Never run `playwright install`:
the browser is the system's /usr/bin/chromium.
"""

import json
import os
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

CELLS = [
    "import lazyarr as la\nfrom lazyarr.diagnostics import ProgressBar",
    "x = la.ones((1000, 2000), chunks=(250, 500))\nx",
    "small = la.ones((4, 4), chunks=2)\n(small + small.T).sum().visualize(color='order', engine='builtin')",
    "import time\n\ndef slow(b):\n    time.sleep(0.05)\n    return b\n\n"
    "with ProgressBar(minimum=0):\n    total = la.ones((40, 40), chunks=10).map_blocks(slow).sum().compute()\ntotal",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_stored_notebook(path: Path) -> None:
    """A notebook with a stored (untrusted) repr output: JupyterLab sanitizes its HTML."""
    import lazyarr as la

    x = la.ones((4, 6), chunks=(2, 3))
    out = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
           "data": {"text/html": x._repr_html_(), "text/plain": repr(x)}}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [{"cell_type": "code", "id": "stored", "metadata": {}, "execution_count": 1,
                     "outputs": [out], "source": "x"}]}
    path.write_text(json.dumps(nb))


def _write_notebook(path: Path) -> None:
    nb = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "code", "id": f"cell-{i}", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": src} for i, src in enumerate(CELLS)],
    }
    path.write_text(json.dumps(nb))


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read()


@pytest.fixture
def jupyterlab(tmp_path):
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed")
    pytest.importorskip("ipywidgets", reason="ipywidgets is not installed")
    root = tmp_path / "root"
    root.mkdir()
    _write_notebook(root / "demo.ipynb")
    _write_stored_notebook(root / "stored.ipynb")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               MPLBACKEND="Agg")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--allow-root", "--IdentityProvider.token=", "--LabApp.extension_manager=readonly",
           "--ServerApp.disable_check_xsrf=True",
           f"--ServerApp.root_dir={root}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
           f"--LabApp.user_settings_dir={tmp_path / 'settings'}", "--LabApp.news_url=",
           "--ServerApp.open_browser=False"]
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


def test_notebook_renders_in_chromium(jupyterlab, tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    shot = tmp_path / "jupyterlab.png"
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1800})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(f"{jupyterlab}/lab/tree/demo.ipynb", timeout=90_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
            # JupyterLab may ask which kernel to start: accept the notebook's (python3).
            select = page.locator(".jp-Dialog button", has_text="Select")
            try:
                select.wait_for(timeout=15_000)
                select.click()
            except sync_api.TimeoutError:
                pass
            # Wait for the kernel to be ready, then run every cell from the Run menu.
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            page.wait_for_selector(".jp-OutputArea-output table.lazyarr-table", timeout=60_000)
            table = page.locator("table.lazyarr-table").first
            assert table.is_visible()  # the stylesheet revealed the table ...
            assert not page.locator("pre.lazyarr-text-fallback").first.is_visible()  # ... and hid the fallback
            text = table.inner_text()
            assert "15.26 MiB" in text and "16 tasks in 1 operation" in text and "16 chunks" in text

            chunks = page.locator("svg.lazyarr-chunks").first
            assert chunks.is_visible()
            assert chunks.locator("line").count() == 3 + 3  # 4 x 4 chunks: 3 boundaries per axis

            # visualize(): JupyterLab shows image/svg+xml as an <img> with the SVG inside.
            graph = page.locator(".jp-RenderedSVG img").first
            graph.wait_for(timeout=60_000)
            assert page.evaluate("(img) => img.complete && img.naturalWidth > 100", graph.element_handle())

            # The progress widget: rendered by the widget manager, finished in green.
            page.wait_for_selector(".widget-label:has-text('all tasks')", timeout=60_000)
            page.wait_for_selector(".progress-bar-success", timeout=60_000)
            page.wait_for_selector(".jp-OutputArea-output:has-text('1600.0')", timeout=60_000)
            assert page.locator("text=Error displaying widget").count() == 0
            labels = page.locator(".widget-label").all_inner_texts()
            assert "16/16" in labels
            page.screenshot(path=str(shot), full_page=True)

            # An untrusted stored output: the sanitizer drops the stylesheet, so the plain-text
            # fallback must be readable (whatever else the sanitizer keeps).
            page.goto(f"{jupyterlab}/lab/tree/stored.ipynb", timeout=90_000)
            fallback = page.locator("pre.lazyarr-text-fallback").first
            fallback.wait_for(timeout=60_000)
            assert fallback.is_visible()
            assert fallback.inner_text().startswith("lazyarr.Array<ones, shape=(4, 6)")
            page.screenshot(path=str(tmp_path / "untrusted.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)  # to see what went wrong
            raise
        finally:
            context.close()
    assert shot.stat().st_size > 10_000
