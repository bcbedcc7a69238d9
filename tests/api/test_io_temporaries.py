"""Issue 15: the writers' temporaries. A writer killed with SIGKILL leaves its hidden temporary;
the next write to the same path removes it. Temporaries get the permissions numpy.save and
zarr.create_array give (the umask applies), and overwriting keeps the destination's mode.
"""

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import lazyarr as la
from lazyarr.api.io.temporaries import create_temporary, remove_stale_temporaries

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock are POSIX")

# A writer that is slow enough to be killed in the middle: 200 blocks of 50 ms, one thread.
WRITER = textwrap.dedent("""
    import sys, time
    import numpy as np, lazyarr as la

    def slow(block):
        time.sleep(0.05)
        return block

    x = la.map_blocks(slow, la.ones(200 * 1000, chunks=1000), dtype=float)
    getattr(x, sys.argv[1])(sys.argv[2], num_workers=1)
""")


def temporaries(folder, name):
    return sorted(p for p in os.listdir(folder) if p.startswith(f".{name}.") and p.endswith((".partial", ".old")))


def kill_a_writer(method: str, path: str) -> list[str]:
    """Start a writer in a subprocess, SIGKILL it once its temporary exists; return what it left."""
    folder, name = os.path.split(path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, method, path], env=env)
    try:
        deadline = time.monotonic() + 60
        while not temporaries(folder, name):  # the writer has started writing
            assert proc.poll() is None, "the writer exited before writing"
            assert time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return temporaries(folder, name)


@pytest.mark.timeout(120)
def test_next_to_npy_removes_what_a_killed_writer_left(tmp_path):
    path = str(tmp_path / "data.npy")
    left = kill_a_writer("to_npy", path)
    assert len(left) == 1 and not os.path.exists(path)  # the full-size leftover
    la.arange(10, chunks=3).to_npy(path)
    assert temporaries(tmp_path, "data.npy") == []
    np.testing.assert_array_equal(np.load(path), np.arange(10))


@pytest.mark.timeout(120)
def test_next_to_zarr_removes_what_a_killed_writer_left(tmp_path):
    pytest.importorskip("zarr")
    path = str(tmp_path / "data.zarr")
    left = kill_a_writer("to_zarr", path)
    assert len(left) == 1
    la.arange(10, chunks=3).to_zarr(path, overwrite=True)
    assert temporaries(tmp_path, "data.zarr") == []
    np.testing.assert_array_equal(la.from_zarr(path).compute(), np.arange(10))


def test_a_live_writers_temporary_is_left_alone(tmp_path):
    live = create_temporary(str(tmp_path), "x.npy", directory=False)  # locked, as while writing
    stale = tmp_path / ".x.npy.0000dead.partial"
    stale.write_bytes(b"left by a killed writer")
    other = tmp_path / ".y.npy.0000dead.partial"  # another destination's: not ours
    other.write_bytes(b"")
    try:
        removed = remove_stale_temporaries(str(tmp_path), "x.npy")
        assert removed == [str(stale)]
        assert os.path.exists(live.path) and other.exists()
    finally:
        live.release()
    assert remove_stale_temporaries(str(tmp_path), "x.npy") == [live.path]  # its writer is done with it


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def test_to_npy_permissions_follow_the_umask_and_overwrite_keeps_the_mode(tmp_path, umask_027):
    np.save(tmp_path / "plain.npy", np.ones(3))
    la.ones(3, chunks=2).to_npy(tmp_path / "lazy.npy")
    assert mode(tmp_path / "lazy.npy") == mode(tmp_path / "plain.npy") == 0o640
    os.chmod(tmp_path / "lazy.npy", 0o600)
    la.zeros(3, chunks=2).to_npy(tmp_path / "lazy.npy", overwrite=True)
    assert mode(tmp_path / "lazy.npy") == 0o600


def test_to_zarr_permissions_follow_the_umask_and_overwrite_keeps_the_mode(tmp_path, umask_027):
    zarr = pytest.importorskip("zarr")
    plain = zarr.create_array(store=str(tmp_path / "plain.zarr"), shape=(4,), chunks=(2,), dtype="f8")
    plain[:] = 1
    la.ones(4, chunks=2).to_zarr(str(tmp_path / "lazy.zarr"))

    def modes(root):
        return sorted((os.path.relpath(os.path.join(d, n), root), mode(os.path.join(d, n)))
                      for d, dirs, files in os.walk(root) for n in [".", *files])

    assert modes(tmp_path / "lazy.zarr") == modes(tmp_path / "plain.zarr")
    assert mode(tmp_path / "lazy.zarr") == 0o750
    os.chmod(tmp_path / "lazy.zarr", 0o700)
    la.zeros(4, chunks=2).to_zarr(str(tmp_path / "lazy.zarr"), overwrite=True)
    assert mode(tmp_path / "lazy.zarr") == 0o700
    assert temporaries(tmp_path, "lazy.zarr") == []
