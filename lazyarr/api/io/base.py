"""Writing lazy arrays into existing containers: :func:`store`.

This is the last step of an out-of-core pipeline (read from disk -> compute -> write
to disk). :func:`store` writes every block of one or more lazy arrays into objects
that support ``target[region] = block`` (NumPy arrays, memmaps, h5py datasets, zarr
arrays, :class:`~lazyarr.api.io.npy.NpyFile`).

How it stays out of core: each block is written *by its own task*, right after it
is computed, so the scheduler can drop the block as soon as it is on disk. A whole
20 GB array therefore never has to be in memory: only the blocks in flight are. The
write tasks form one blockwise layer per source (the optimizer fuses the source's
elementwise chain into it), and a final 0-d "all written" task joins them, so
several sources are computed in a single pass that shares their common inputs.

The file formats build on this module: ``npy.py`` (``.npy`` files) and
``zarr.py`` (Zarr stores).
"""

from __future__ import annotations

import math
import threading
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.index_maps import AllBlocks, IndexFunction
from ...core.tokenize import tokenize
from ...errors import add_note, unknown_size_error

__all__ = ["store"]


# --------------------------------------------------------------------------------------
# Book-keeping shared by the write tasks of one store
# --------------------------------------------------------------------------------------
class WriteSession:
    """What the write tasks of one :func:`store` share: progress, cancellation.

    * ``written`` records which blocks reached their target, so an error can say
      exactly what was written before the failure.
    * :meth:`cancel` stops new writes and waits for the writes in flight. The threaded
      scheduler returns on Ctrl-C while running tasks finish in the background; the
      writers of ``.npy``/Zarr files call :meth:`cancel` before deleting their
      temporary output, so no late write can recreate it.
    """

    def __init__(self, nblocks: int):
        self.nblocks = nblocks
        self.written: list[tuple[int, tuple[slice, ...]]] = []  # (source number, target region)
        self.cancelled = False
        self._active = 0
        self._cond = threading.Condition()

    def begin(self) -> None:
        with self._cond:
            if self.cancelled:
                raise RuntimeError("store: this store was cancelled after an earlier error; block not written")
            self._active += 1

    def end(self, where: tuple[int, tuple[slice, ...]] | None) -> None:
        with self._cond:
            self._active -= 1
            if where is not None:
                self.written.append(where)
            self._cond.notify_all()

    def cancel(self, timeout: float = 30.0) -> None:
        """Refuse further writes; wait (at most *timeout* s) for writes already running."""
        with self._cond:
            self.cancelled = True
            self._cond.wait_for(lambda: self._active == 0, timeout=timeout)

    def summary(self) -> str:
        """One sentence saying which blocks were written (used as an exception note)."""
        n = len(self.written)
        ordered = sorted(self.written, key=lambda w: (w[0], [r.start for r in w[1]]))
        shown = ", ".join(f"source {s} -> target{format_region(r)}" for s, r in ordered[:10])
        more = "" if n <= 10 else f" and {n - 10} more"
        listing = f": {shown}{more}" if n else ""
        return (f"lazyarr.store: {n} of {self.nblocks} blocks were written before the failure{listing}; "
                f"every other part of the targets keeps its previous content")

    def __reduce__(self) -> tuple:
        # A condition cannot be pickled: a process-based scheduler gets a fresh session
        # (its writes still happen; only the bookkeeping stays local to that process).
        return (WriteSession, (self.nblocks,))

    def __lazyarr_token__(self) -> str:  # one session per store call: never shared
        return f"session-{id(self)}"


class _RegionOf:
    """Output block index -> the region of the target that block is written to."""

    def __init__(self, chunks: tuple, region: tuple[slice, ...]):
        self.bounds = [chunk_boundaries(c) for c in chunks]
        self.region = region

    def __call__(self, idx: tuple[int, ...]) -> tuple[slice, ...]:
        out = []
        for b, i, r in zip(self.bounds, idx, self.region):
            lo, hi = int(b[i]), int(b[i + 1])
            # The tightest stop: a stop past the end is fine for NumPy but not for every target.
            stop = r.start + (hi - 1) * r.step + 1 if hi > lo else r.start + lo * r.step
            out.append(slice(r.start + lo * r.step, stop, r.step))
        return tuple(out)


def format_region(region: tuple[slice, ...]) -> str:
    """``(slice(0, 10, 1), slice(5, 9, 2))`` -> ``"[0:10, 5:9:2]"``."""
    return "[" + ", ".join(f"{r.start}:{r.stop}" + (f":{r.step}" if r.step != 1 else "") for r in region) + "]"


def store_block(block: np.ndarray, target: Any, region: tuple[slice, ...], lock: Any,
                session: WriteSession, source: int) -> np.ndarray:
    """Write one computed block into ``target[region]``; return a one-element "done" flag."""
    session.begin()
    done = None
    try:
        if lock is None:
            target[region] = block
        else:
            with lock:
                target[region] = block
        done = (source, region)
    finally:
        session.end(done)
    return np.ones((1,) * len(region), dtype=bool)


def _all_written(*flags: Any) -> np.bool_:
    """The final task: every write task has run (their flags are tiny)."""
    return np.True_


# --------------------------------------------------------------------------------------
# Argument checking
# --------------------------------------------------------------------------------------
def normalize_region(region: Any, target_shape: tuple[int, ...], func: str = "store") -> tuple[slice, ...]:
    """A region as one ``slice(start, stop, step)`` per target axis, with ``step > 0``.

    >>> normalize_region((slice(2, None),), (10, 4))
    (slice(2, 10, 1), slice(0, 4, 1))
    """
    if region is None:
        region = ()
    if isinstance(region, slice):
        region = (region,)
    if not isinstance(region, tuple) or not all(isinstance(r, slice) for r in region):
        raise TypeError(f"{func}: a region must be a slice or a tuple of slices, got {region!r}; "
                        f"e.g. regions=(slice(0, 10), slice(None)). Integers and fancy indices are not supported")
    if len(region) > len(target_shape):
        raise IndexError(f"{func}: region {region!r} has {len(region)} slices but the target has "
                         f"{len(target_shape)} dimensions, shape {target_shape}")
    region = region + (slice(None),) * (len(target_shape) - len(region))
    out = []
    for r, n in zip(region, target_shape):
        start, stop, step = r.indices(n)
        if step < 0:
            raise ValueError(f"{func}: region slice {r!r} has a negative step; only positive steps are supported")
        count = len(range(start, stop, step))
        out.append(slice(start, start + (count - 1) * step + 1 if count else start, step))
    return tuple(out)


def _region_shape(region: tuple[slice, ...]) -> tuple[int, ...]:
    return tuple(len(range(r.start, r.stop, r.step)) for r in region)


def _make_lock(lock: Any) -> Any:
    if lock is True:
        return threading.Lock()
    if lock is False or lock is None:
        return None
    if not (hasattr(lock, "__enter__") and hasattr(lock, "__exit__")):
        raise TypeError(f"store: lock must be True, False or a lock object (with __enter__/__exit__), got {lock!r}")
    return lock


def storage_grid(target: Any) -> tuple[int, ...] | None:
    """The write unit of a chunked target (Zarr shards or chunks, h5py chunks), or None.

    Two tasks writing parts of the same storage chunk would each read, modify and
    rewrite the whole chunk, and one update could be lost: :func:`store` therefore
    cuts its sources along this grid.
    """
    if isinstance(target, np.ndarray):
        return None
    grid = getattr(target, "shards", None) or getattr(target, "chunks", None)
    if not isinstance(grid, tuple) or not all(isinstance(c, (int, np.integer)) and c > 0 for c in grid):
        return None
    if len(grid) != len(getattr(target, "shape", ())):
        return None
    return tuple(int(c) for c in grid)


def aligned_chunks(chunks: tuple[int, ...], start: int, grid: int) -> tuple[int, ...]:
    """Chunks along one axis whose inner boundaries fall on the storage grid.

    *start* is where the source begins in the target. Blocks are whole multiples of
    *grid*, close to the current block size; chunks that are already aligned are
    returned unchanged.

    >>> aligned_chunks((4, 4, 2), 0, 4)
    (4, 4, 2)
    >>> aligned_chunks((3, 3, 3, 1), 0, 4)
    (4, 4, 2)
    >>> aligned_chunks((5, 5), 2, 4)  # the source starts at 2 in the target
    (2, 4, 4)
    """
    bounds = chunk_boundaries(chunks)
    n = int(bounds[-1])
    if all((start + int(b)) % grid == 0 for b in bounds[1:-1]):
        return tuple(chunks)
    biggest = max(chunks) if chunks else grid
    block = max(1, round(biggest / grid)) * grid
    cuts = [0]
    first = (start // block + 1) * block  # the first grid-aligned boundary after start
    pos = first
    while pos < start + n:
        cuts.append(pos - start)
        pos += block
    cuts.append(n)
    return tuple(b - a for a, b in zip(cuts[:-1], cuts[1:]))


# --------------------------------------------------------------------------------------
# store
# --------------------------------------------------------------------------------------
def build_store(sources: Sequence[Array], targets: Sequence[Any], regions: Sequence[Any], lock: Any
                ) -> tuple[Array, WriteSession]:
    """The lazy 0-d "all written" array of a store, and its :class:`WriteSession`."""
    lock = _make_lock(lock)
    prepared = []
    for i, (src, target, region) in enumerate(zip(sources, targets, regions)):
        if not is_array(src):
            raise TypeError(f"store: source {i} must be a lazyarr Array, got {type(src).__name__}; "
                            f"wrap NumPy data with la.from_array first")
        if not hasattr(target, "__setitem__") or not hasattr(target, "shape"):
            raise TypeError(f"store: target {i} ({type(target).__name__}) does not support "
                            f"target[region] = block; use a NumPy array, memmap, h5py or zarr dataset")
        if any(math.isnan(s) for s in src.shape):
            raise unknown_size_error("store")
        tshape = tuple(int(s) for s in target.shape)
        reg = normalize_region(region, tshape)
        if _region_shape(reg) != src.shape:
            where = "the target" if region is None else f"region {region!r} of the target"
            raise ValueError(f"store: source {i} has shape {src.shape} but {where} has shape "
                             f"{_region_shape(reg)} (target shape {tshape}); they must match. "
                             f"Pass regions= to write into part of a larger target")
        grid = storage_grid(target)
        if grid is not None and all(r.step == 1 for r in reg):
            new = tuple(aligned_chunks(c, r.start, g) for c, r, g in zip(src.chunks, reg, grid))
            if new != src.chunks:
                src = src.rechunk(new)
        prepared.append((src, target, reg))
    session = WriteSession(sum(src.npartitions for src, _, _ in prepared))
    token = uuid.uuid4().hex[:16]  # every store is a new action: never deduplicated
    flags = []
    for i, (src, target, reg) in enumerate(prepared):
        flag_chunks = tuple((1,) * n for n in src.numblocks)
        args = [BlockRef(src.name, Aligned(src.numblocks, src.ndim)), target,
                PerBlock(_RegionOf(src.chunks, reg)), lock, session, i]
        flags.append(blockwise_array(store_block, args, flag_chunks, bool, name=f"store-{i}-{token}",
                                     inputs=[src], label="store"))
    done = blockwise_array(_all_written, [BlockRef(f.name, AllBlocks(f.numblocks)) for f in flags], (),
                           bool, name=f"store-done-{token}", inputs=flags, label="store-done")
    return done, session


def store(sources: Array | Sequence[Array], targets: Any, regions: Any = None, lock: Any = True,
          compute: bool = True, return_stored: bool = False, load_stored: bool | None = None,
          **compute_kwargs: Any) -> Any:
    """Write lazy arrays into array-like targets, block by block, in one pass.

    Parameters
    ----------
    sources : Array or sequence of Array
        What to write.
    targets : object or sequence of objects
        One per source; anything supporting ``target[region] = block`` with a
        ``shape`` (NumPy arrays, memmaps, h5py datasets, zarr arrays).
    regions : tuple of slices, or a sequence of them, optional
        Where in each target to write (default: the whole target). The region's
        shape must equal the source's shape. Steps must be positive.
    lock : bool or lock object
        ``True`` (default): a new lock serializes the writes (safe for targets that
        are not thread-safe); ``False``: writes run in parallel; or a lock to share.
    compute : bool
        If False, return a lazy 0-d boolean array instead: computing it performs the
        writes (and returns True), e.g. together with other results in
        ``la.compute(...)``.
    return_stored : bool
        Return lazy arrays that read the stored values back from the targets (one per
        source, with its chunks). With ``compute=False`` computing them first does the
        writes (dask's ``return_stored``).
    load_stored : bool, optional
        With ``return_stored`` and ``compute=True``: read the stored values into memory
        now (the arrays are then already computed blocks). Default: ``not compute``.
    **compute_kwargs
        Passed to :func:`lazyarr.compute` (``scheduler=``, ``num_workers=``).

    Returns
    -------
    None; the lazy "all written" array if ``compute=False``; the stored arrays (a tuple, or
    one array for one source) if ``return_stored=True``.

    Notes
    -----
    Each block is written by its own task as soon as it is computed, so memory holds
    only the blocks in flight. All sources are computed in one graph, so inputs they
    share are read once. For chunked targets (Zarr, h5py) the sources are rechunked
    so that every storage chunk is written by exactly one task. If a task fails, the
    error gets a note saying which blocks were already written; those regions hold
    new data and all others their previous content (writes are not undone).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.arange(6, chunks=2)
    >>> out = np.zeros(8, dtype=int)
    >>> la.store([x, x * 10], [out, np.zeros(6, dtype=int)], regions=[(slice(2, 8),), None])
    >>> out
    array([0, 0, 0, 1, 2, 3, 4, 5])
    """
    single = is_array(sources)
    if single:
        sources, targets, regions = [sources], [targets], [regions]
    else:
        sources = list(sources)
        if isinstance(targets, (list, tuple)):
            targets = list(targets)
        else:
            raise TypeError(f"store: with a sequence of sources, targets must be a list or tuple of the "
                            f"same length, got {type(targets).__name__}")
        if regions is None or isinstance(regions, slice) or (
                isinstance(regions, tuple) and all(isinstance(r, slice) for r in regions)):
            regions = [regions] * len(sources)  # one region (or none) shared by every source
        else:
            regions = list(regions)
    if len(targets) != len(sources) or len(regions) != len(sources):
        raise ValueError(f"store: got {len(sources)} sources, {len(targets)} targets and {len(regions)} "
                         f"regions; give one target (and one region, if any) per source")
    done, session = build_store(sources, targets, regions, lock)
    if return_stored:
        if not compute:  # computing these does the writes, then reads the values back
            stored = tuple(read_back(done, s, t, r) for s, t, r in zip(sources, targets, regions))
            return stored[0] if single else stored
        run_store(done, session, **compute_kwargs)
        # written: plain reads of the targets (not tied to `done`, which would write again)
        stored = tuple(_stored_array(s, t, r) for s, t, r in zip(sources, targets, regions))
        if load_stored:
            from ...core.compute import persist

            stored = tuple(persist(*stored))
        return stored[0] if single else stored
    if not compute:
        return done
    run_store(done, session, **compute_kwargs)
    return None


def _stored_array(source: Array, target: Any, region: Any) -> Array:
    """The values just written into *target* (in *region*), as a lazy array with *source*'s chunks."""
    from ...core.data import from_array

    region = normalize_region(region, tuple(target.shape), "store")
    whole = from_array(target, name="stored-" + tokenize(id(target), uuid.uuid4().hex))
    return whole[region].rechunk(source.chunks)


def _read_region(done: Any, target: Any, index: tuple[slice, ...]) -> np.ndarray:
    """One block read back from *target* (*done* is only there to order the read after the writes)."""
    return np.asarray(target[index])


def read_back(done: Array, source: Array, target: Any, region: Any) -> Array:
    """A lazy array with *source*'s chunks whose blocks read *target* (in *region*) after *done*."""
    region = normalize_region(region, tuple(target.shape), "store")
    bounds = [chunk_boundaries(c) for c in source.chunks]

    def block_index(idx: tuple[int, ...]) -> tuple[slice, ...]:
        return tuple(slice(r.start + int(b[i]) * (r.step or 1), r.start + int(b[i + 1]) * (r.step or 1), r.step)
                     for r, b, i in zip(region, bounds, idx))

    name = "stored-" + tokenize(done.name, source.name, id(target), region)
    return blockwise_array(_read_region, [BlockRef(done.name, IndexFunction(lambda idx: (), single=True)), target,
                                          PerBlock(block_index)],
                           source.chunks, target.dtype, name=name, inputs=[done], label="stored")


def run_store(done: Array, session: WriteSession, **compute_kwargs: Any) -> None:
    """Compute a store; on failure stop further writes and note what was written."""
    try:
        done.compute(**compute_kwargs)
    except BaseException as exc:  # also Ctrl-C: writes still running must finish first
        session.cancel()
        add_note(exc, session.summary())
        raise
