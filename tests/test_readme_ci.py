"""The README's two set-up commands, and CI running exactly the README's test command."""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Get started", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_has_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2, commands
    assert all("\n" not in c for c in commands), "each command is one line a newcomer copies"
    assert commands[0].startswith('pip install -e ".[notebooks]"') and "notebooks/00-start-here.ipynb" in commands[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_readme_command_roots_jupyterlab_at_the_repository_and_opens_the_start_page(tmp_path):
    """Run the README's JupyterLab command (without a browser, on a free port) from the repository root."""
    _, lab_part = _setup_commands()[0].split(" && ")
    args = shlex.split(lab_part)
    assert args[:2] == ["jupyter", "lab"], lab_part
    port, token = _free_port(), "lazyarr-readme-test"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", *args[2:], "--no-browser", f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "server.log", "w"))
    try:
        listing = None
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=2) as r:
                    listing = r.read().decode()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not start"
        for folder in ("notebooks", "exercises", "solutions"):
            assert f'"name": "{folder}"' in listing or f'"name":"{folder}"' in listing, listing[:500]
        # What the browser would be sent to: jupyter_server writes it into the runtime directory.
        pages = [p.read_text() for p in (tmp_path / "runtime").glob("jpserver-*open.html")]
        assert any("/lab/tree/notebooks/00-start-here.ipynb" in page for page in pages), pages
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ci_runs_the_readme_test_command():
    test_command = _setup_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text()
    pip_part, run_part = test_command.split(" && ")
    assert f"{pip_part.replace('pip install', 'pip install -q')} && {run_part}" in ci or test_command in ci
