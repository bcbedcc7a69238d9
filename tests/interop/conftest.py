"""Make xarray find lazyarr's chunk manager without reinstalling the package.

``pyproject.toml`` declares the ``xarray.chunkmanagers`` entry point, but an editable
install only publishes it once ``pip install -e .`` has run again. Here a tiny
``*.dist-info`` holding just that entry point is written to a temporary folder put on
``sys.path`` (and on ``PYTHONPATH`` for subprocesses), and xarray's cached list of
chunk managers is cleared. ``test_entry_point_is_declared`` checks the real declaration.
"""

import os
import sys
from pathlib import Path

import pytest

ENTRY_POINT = "lazyarr = lazyarr.interop.xarray:LazyarrManager"


def write_entry_point(folder: Path) -> Path:
    info = folder / "lazyarr_chunkmanager-0.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lazyarr-chunkmanager\nVersion: 0.0\n")
    (info / "entry_points.txt").write_text(f"[xarray.chunkmanagers]\n{ENTRY_POINT}\n")
    return folder


def _already_registered() -> bool:
    from importlib.metadata import entry_points

    return any(ep.name == "lazyarr" for ep in entry_points(group="xarray.chunkmanagers"))


@pytest.fixture(scope="session")
def chunkmanager_path(tmp_path_factory):
    """A folder that, on sys.path, registers lazyarr's chunk manager with xarray."""
    pytest.importorskip("xarray")
    from xarray.namedarray import parallelcompat

    folder = write_entry_point(tmp_path_factory.mktemp("entry_points"))
    if not _already_registered():
        sys.path.append(str(folder))
    parallelcompat.list_chunkmanagers.cache_clear()
    yield folder
    if str(folder) in sys.path:
        sys.path.remove(str(folder))
    parallelcompat.list_chunkmanagers.cache_clear()


@pytest.fixture
def subprocess_env(chunkmanager_path):
    """Environment for a child Python: this worktree first, then the entry point folder."""
    root = Path(__file__).parents[2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(chunkmanager_path), env.get("PYTHONPATH", "")])
    return env
