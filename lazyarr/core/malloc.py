"""Give freed blocks back to the operating system (Linux with glibc only).

A threaded compute allocates and frees many large blocks from several threads. glibc's
``malloc`` serves big requests with ``mmap`` (returned to the OS on ``free``), but it
*raises* that size threshold each time such a block is freed, so later blocks of the
same size come from per-thread heaps instead, where freed memory tends to stay. The
resident memory then creeps up with the number of blocks, not with the number of
blocks alive: a 12.8 GB reduction in 32 MB blocks peaked near 170 MB instead of ~110 MB.

Fixing the threshold (``mallopt(M_MMAP_THRESHOLD, n)``) keeps every block larger than
*n* on ``mmap``. The price is a page fault for every page of every such block: for
8 MB blocks in an elementwise chain that cost about a third more CPU time, which is
why the default threshold (16 MiB) leaves blocks that small to the heap, where reuse
is cheap and the creep is small. The same price is paid by a user's function that
makes temporaries larger than the threshold (a ``map_overlap`` stencil on 32 MB blocks:
about 2 s instead of 0.75 s on its first run; ``benchmarks/RESULTS.md``, 2026-12-02),
while leaving malloc alone raised the 12.8 GB reduction's peak from 103 MB to 164 MB.
Set the ``malloc_mmap_threshold`` option to None to leave malloc alone, before the first
compute. Other platforms are unaffected.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["fix_mmap_threshold"]

_M_MMAP_THRESHOLD = -3  # from glibc's <malloc.h>
_applied: int | None = None


def fix_mmap_threshold(threshold: int | None) -> bool:
    """Set glibc's mmap threshold to *threshold* bytes once per process; True if it is in effect.

    >>> fix_mmap_threshold(None)
    False
    """
    global _applied
    if threshold is None or not sys.platform.startswith("linux"):
        return False
    if _applied == threshold:
        return True
    try:
        libc = ctypes.CDLL("libc.so.6")
        ok = libc.mallopt(_M_MMAP_THRESHOLD, int(threshold)) == 1
    except (OSError, AttributeError):  # not glibc (musl, ...): nothing to tune
        return False
    _applied = threshold if ok else None
    return ok
