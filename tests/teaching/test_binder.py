"""Static checks of the Binder set-up (repo2docker reads binder/ and ignores pyproject.toml)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"


def requirement_lines():
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_requirements_install_lazyarr_itself():
    assert "." in requirement_lines(), "binder/requirements.txt needs a '.' line so lazyarr is installed"


def test_requirements_cover_the_notebook_dependencies_with_compatible_pins():
    reqs = {Requirement(line).name.lower(): Requirement(line) for line in requirement_lines() if line != "."}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = project["dependencies"] + project["optional-dependencies"]["notebooks"]
    for dep in needed:
        name = Requirement(dep).name.lower()
        assert name in reqs, f"{name} (from pyproject.toml) is missing from binder/requirements.txt"
    for name, req in reqs.items():
        spec = str(req.specifier)
        assert "~=" in spec or "<" in spec, f"{name}: pin it compatibly (~= or an upper bound), got {spec!r}"
        assert ">" in spec or "~=" in spec, f"{name}: give a lower bound, got {spec!r}"


def test_installed_versions_satisfy_the_binder_pins():
    from importlib.metadata import PackageNotFoundError, version

    for line in requirement_lines():
        if line == ".":
            continue
        req = Requirement(line)
        try:
            installed = version(req.name)
        except PackageNotFoundError:
            pytest.skip(f"{req.name} not installed here")
        assert req.specifier.contains(installed, prereleases=True), f"{req.name} {installed} vs {req.specifier}"


def test_runtime_and_apt():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    m = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert m, f"runtime.txt should look like 'python-3.12', got {runtime!r}"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert Version(f"3.{m.group(1)}") >= Version(requires.lstrip(">=")), runtime
    apt = (BINDER / "apt.txt").read_text().split()
    assert "graphviz" in apt


def test_no_postbuild_needed():
    # ipywidgets 8 ships its JupyterLab front end prebuilt: no build step.
    assert not (BINDER / "postBuild").exists()


def test_readme_has_the_binder_badge():
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+\?urlpath=lab/tree/notebooks/"
                     r"00-start-here\.ipynb", readme)
    assert "https://mybinder.org/badge_logo.svg" in readme


@pytest.mark.slow
def test_binder_requirements_install_into_a_fresh_venv(tmp_path):
    """Install binder/requirements.txt into a fresh venv; widgets enabled, notebook imports work."""
    import socket

    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
    except OSError:
        pytest.skip("no network: cannot reach pypi.org")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    done = subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(BINDER / "requirements.txt")],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)
    if done.returncode != 0 and ("Could not find" in done.stderr or "connection" in done.stderr.lower()):
        pytest.skip("package index not reachable: " + done.stderr[-300:])
    assert done.returncode == 0, done.stderr[-2000:]
    code = ("import lazyarr, lazyarr.teaching, numpy, matplotlib, ipywidgets, graphviz, distributed; "
            "print(ipywidgets.__version__)")
    subprocess.run([str(py), "-c", code], check=True, cwd=tmp_path)
    ext = subprocess.run([str(venv / "bin" / "jupyter"), "labextension", "list"], capture_output=True, text=True)
    out = ext.stdout + ext.stderr
    assert "@jupyter-widgets/jupyterlab-manager" in out and "enabled" in out, out
