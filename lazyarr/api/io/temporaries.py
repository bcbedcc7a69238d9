"""Hidden temporaries of the file writers: created with the usual permissions, cleaned up after a crash.

``to_npy`` and ``to_zarr`` write into a hidden temporary beside the destination,
``.<name>.<random>.partial``, and rename it into place when every block is written. Two
things can go wrong with temporaries, and this module handles both:

* **Permissions.** ``tempfile.mkstemp``/``mkdtemp`` make private entries (mode 0600/0700),
  whereas ``numpy.save`` or ``zarr.create_array`` give what the umask allows (usually
  0644/0755). :func:`create_temporary` creates the entry with ``0o666``/``0o777`` and lets
  the operating system apply the umask, as ``open`` and ``mkdir`` always do.
* **A writer that was killed** (``kill -9``, a crash, a power cut) cannot delete its
  temporary. So every writer holds an advisory lock (``fcntl.flock``) on its temporary
  while it writes, and the next write to the same destination removes the temporaries of
  that destination nobody holds a lock on (:func:`remove_stale_temporaries`). The
  operating system drops a process's locks when it dies, however it dies, so a lock
  nobody holds means a writer that is gone; a temporary of a writer still at work is
  left alone.

Where ``fcntl`` does not exist (Windows), temporaries are still created and removed as
usual; only the clean-up of a killed writer's leftovers is skipped.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__: list[str] = []  # helpers of npy.py and zarr.py

#: Suffixes of a writer's temporaries: the new data, and (zarr) the old data moved aside.
SUFFIXES = (".partial", ".old")


class Temporary:
    """A hidden file or directory beside a destination, locked while this process writes it.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> tmp = create_temporary(folder, "x.npy", directory=False)
    >>> os.path.basename(tmp.path).startswith(".x.npy.") and tmp.path.endswith(".partial")
    True
    >>> tmp.release(); os.remove(tmp.path)
    """

    def __init__(self, path: str, fd: int):
        self.path, self.fd = path, fd

    def release(self) -> None:
        """Drop the lock (closing the descriptor does it); call after the rename or the removal."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def create_temporary(folder: str, name: str, *, directory: bool, suffix: str = ".partial") -> Temporary:
    """Create ``folder/.name.<random><suffix>`` (a file or a directory), locked, with umask permissions."""
    while True:
        path = os.path.join(folder, f".{name}.{secrets.token_hex(4)}{suffix}")
        try:
            if directory:
                os.mkdir(path, 0o777)  # the umask applies, as for zarr's own directories
                fd = os.open(path, os.O_RDONLY)
            else:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)  # as open(path, "w")
        except FileExistsError:  # eight random hex digits met an old temporary: draw again
            continue
        _lock(fd, wait=True)
        return Temporary(path, fd)


def lock_existing(path: str) -> Temporary:
    """Lock an entry this process just renamed to a temporary name (zarr's old array moved aside)."""
    fd = os.open(path, os.O_RDONLY)
    _lock(fd, wait=True)
    return Temporary(path, fd)


def remove_stale_temporaries(folder: str, name: str) -> list[str]:
    """Remove the temporaries of destination *name* in *folder* whose writer is gone; return their paths.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> open(os.path.join(folder, ".x.npy.1234abcd.partial"), "w").close()  # as a killed writer leaves it
    >>> [os.path.basename(p) for p in remove_stale_temporaries(folder, "x.npy")]
    ['.x.npy.1234abcd.partial']
    """
    if fcntl is None:  # pragma: no cover - Windows: no way to tell a dead writer from a live one
        return []
    removed = []
    for suffix in SUFFIXES:
        for path in sorted(glob.glob(os.path.join(glob.escape(folder), f".{glob.escape(name)}.*{suffix}"))):
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:  # gone already (another writer cleaned up), or unreadable: not ours to judge
                continue
            try:
                if not _lock(fd, wait=False):
                    continue  # a live writer holds it
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.remove(path)
                removed.append(path)
            except FileNotFoundError:
                pass
            finally:
                os.close(fd)
    return removed


def _lock(fd: int, wait: bool) -> Any:
    """Take the exclusive lock on *fd*; without *wait*, False if someone else holds it."""
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True
