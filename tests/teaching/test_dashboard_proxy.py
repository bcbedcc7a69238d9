"""Lesson 07's dashboard on Binder: binder/start makes client.dashboard_link a path through
jupyter-server-proxy, and a Jupyter server with the proxy really serves the dashboard there.

We start what Binder starts (a Jupyter server under a JupyterHub-like prefix, with
JUPYTERHUB_SERVICE_PREFIX set, through binder/start), a local cluster like the lesson's, then
fetch the link the Client prints from the Jupyter server.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
START = ROOT / "binder" / "start"
PREFIX = "/user/learner-1a2b/"  # what JupyterHub (and so Binder) puts before every URL of a session
TOKEN = "lazyarr-dashboard-test"


def started_environment(extra=None):
    """The environment binder/start hands to the command it runs."""
    env = {**os.environ, "JUPYTERHUB_SERVICE_PREFIX": PREFIX, **(extra or {})}
    done = subprocess.run(["bash", str(START), sys.executable, "-c",
                           "import json, os; print(json.dumps(dict(os.environ)))"],
                          env=env, capture_output=True, text=True, check=True)
    import json

    return json.loads(done.stdout)


def test_start_script_is_executable_and_ends_with_exec():
    assert os.access(START, os.X_OK), "repo2docker runs binder/start directly: make it executable"
    lines = [line for line in START.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert lines[-1] == 'exec "$@"', "binder/start must end by running the command it is given"


def test_start_script_sets_a_proxied_dashboard_link():
    env = started_environment()
    template = env["DASK_DISTRIBUTED__DASHBOARD__LINK"]
    assert template.format(JUPYTERHUB_SERVICE_PREFIX=PREFIX, port=8787) == PREFIX + "proxy/8787/status"


def test_distributed_formats_the_link_from_the_started_environment():
    pytest.importorskip("distributed")
    code = ("import dask, distributed.utils as u; "
            "print(u.format_dashboard_link('127.0.0.1', 40123))")
    done = subprocess.run([sys.executable, "-c", code], env=started_environment(), capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == PREFIX + "proxy/40123/status"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, timeout=10):
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_dashboard_is_served_through_the_jupyter_proxy(tmp_path):
    pytest.importorskip("bokeh", reason="the dashboard needs bokeh")
    pytest.importorskip("jupyter_server_proxy", reason="jupyter-server-proxy is not installed")
    env = started_environment({"JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
                               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")})
    port = free_port()
    server = subprocess.Popen(
        ["bash", str(START), sys.executable, "-m", "jupyter_server", "--no-browser", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.base_url={PREFIX}", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={tmp_path}", "--ServerApp.port_retries=0",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "server.log", "w"))
    # The lesson's cluster, in a process started like the notebook's kernel (binder/start's environment).
    cluster_code = """
import sys
from distributed import Client, LocalCluster
cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                       dashboard_address="127.0.0.1:0")
client = Client(cluster)
print(client.dashboard_link, flush=True)
sys.stdin.read()  # keep the cluster up until the test closes our stdin
client.close(); cluster.close()
"""
    cluster = subprocess.Popen([sys.executable, "-c", cluster_code], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        link = cluster.stdout.readline().strip()
        assert re.fullmatch(re.escape(PREFIX) + r"proxy/\d+/status", link), link
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                fetch(f"{base}{PREFIX}api/status")
                break
            except (OSError, urllib.error.URLError):
                assert server.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
                time.sleep(0.5)
        status, page = fetch(base + link, timeout=30)
        assert status == 200
        assert "Dask" in page and "bokeh" in page.lower(), page[:500]
    finally:
        cluster.stdin.close()
        cluster.wait(timeout=60)
        server.terminate()
        server.wait(timeout=30)
