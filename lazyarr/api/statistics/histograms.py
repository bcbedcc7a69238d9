"""Histograms: histogram, histogram2d, histogramdd, bincount, digitize.

Counting is a reduction: every block is histogrammed with the *same* bin edges
(``np.histogram(block, bins=edges)``) and the per-block counts are added in a tree.
What needs care is the edges:

* an explicit edge array (NumPy or lazy) is used as it is;
* ``bins=int`` with a ``range`` gives edges known right away;
* ``bins=int`` without ``range`` needs the data's min and max: these are two lazy
  reductions, and the edges become a small lazy array computed from them exactly as
  NumPy does (so the counts match NumPy's bit for bit);
* a string estimator (``"auto"``, ``"fd"``, ...) needs statistics of all the data:
  the edges are computed in one task that gathers the data (memory!) and their number
  is unknown until then (``nan`` chunks).
"""

from __future__ import annotations

import builtins
import operator
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import BlockRef, blockwise_array
from ...core.data import as_lazy as _lazy
from ...core.data import from_array
from ...core.index_maps import FirstBlock, FromAxes
from ...core.known_sizes import settle_data_dependent_shapes
from ...core.tokenize import tokenize
from ..indexing.lazy_indices import unordered
from ..registry import implements

__all__ = ["bincount", "histogram", "histogram2d", "histogramdd", "histogram_bin_edges"]

_ESTIMATORS = ("auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt")


def _one_block(x: Array) -> Array:
    return x.rechunk(tuple((n,) for n in x.shape)) if x.ndim else x


# --------------------------------------------------------------------------------------
# Bin edges
# --------------------------------------------------------------------------------------
def _edges_from_min_max(lo: np.ndarray, hi: np.ndarray, bins: int, dtype: np.dtype) -> np.ndarray:
    # np.histogram's edges depend on the data only through its min and max (and dtype),
    # so asking NumPy for the edges of [min, max] reproduces them exactly.
    return np.histogram_bin_edges(np.array([lo, hi], dtype=dtype), bins=bins)


def _estimated_edges(data: np.ndarray, bins: str, range: Any) -> np.ndarray:
    return np.histogram_bin_edges(data.ravel(), bins=bins, range=range)


def _check_range(fname: str, range: Any) -> tuple[float, float] | None:
    if range is None:
        return None
    try:
        first, last = range
    except (TypeError, ValueError):
        raise ValueError(f"{fname}: range={range!r} must be a (min, max) pair") from None
    if first > last:
        raise ValueError(f"{fname}: max must be larger than min in range parameter; got range={range!r}")
    if not (np.isfinite(first) and np.isfinite(last)):
        raise ValueError(f"{fname}: supplied range of [{first}, {last}] is not finite; give finite bounds")
    return first, last


def _lazy_edges(x: Array, bins: Any, range: Any, fname: str) -> Array:
    """The bin edges of ``np.histogram(x, bins, range)`` as a one-block lazy array."""
    if isinstance(bins, str):
        if bins not in _ESTIMATORS:
            raise ValueError(f"{fname}: {bins!r} is not a valid estimator for `bins`; use one of {_ESTIMATORS}")
        rng = _check_range(fname, range)
        flat = _one_block(x.ravel())
        dtype = np.histogram_bin_edges(np.ones(2, dtype=x.dtype), bins=bins).dtype
        name = "histogram-edges-" + tokenize(flat.name, bins, rng)
        edges = blockwise_array(_estimated_edges, [BlockRef(flat.name, FirstBlock(1)), bins, rng],
                                ((np.nan,),), dtype, name=name, inputs=[flat], label="histogram_bin_edges")
        settle_data_dependent_shapes(edges)
        return edges
    if is_array(bins):
        if bins.ndim != 1:
            raise ValueError(f"{fname}: `bins` must be 1d, when an array; got {bins.ndim} dimensions")
        return _one_block(bins)
    if np.ndim(bins) == 1:
        edges = np.asarray(bins)
        if np.any(edges[:-1] > edges[1:]):
            raise ValueError(f"{fname}: `bins` must increase monotonically, when an array; got {edges}")
        return from_array(edges, chunks=-1)
    if np.ndim(bins) != 0:
        raise ValueError(f"{fname}: `bins` must be 1d, when an array; got {np.ndim(bins)} dimensions")
    try:
        n = operator.index(bins)
    except TypeError:
        raise TypeError(f"{fname}: `bins` must be an integer, a string, or an array; got {bins!r}") from None
    if n < 1:
        raise ValueError(f"{fname}: `bins` must be positive, when an integer; got {n}")
    rng = _check_range(fname, range)
    if rng is not None or x.size == 0:
        return from_array(np.histogram_bin_edges(np.empty(0, dtype=x.dtype), bins=n, range=rng), chunks=-1)
    from ..reductions.basic import max as lazy_max
    from ..reductions.basic import min as lazy_min

    lo, hi = lazy_min(x), lazy_max(x)
    dtype = np.histogram_bin_edges(np.ones(1, dtype=x.dtype), bins=n).dtype
    name = "histogram-edges-" + tokenize(lo.name, hi.name, n)
    return blockwise_array(_edges_from_min_max, [BlockRef(lo.name, FirstBlock(0)), BlockRef(hi.name, FirstBlock(0)),
                                                 n, x.dtype],
                           ((n + 1,),), dtype, name=name, inputs=[lo, hi], label="histogram_bin_edges")


@implements(np.histogram_bin_edges)
def histogram_bin_edges(a: Any, bins: Any = 10, range: Any = None, weights: Any = None) -> Array:
    """Bin edges that :func:`histogram` would use (lazy ``numpy.histogram_bin_edges``).

    >>> import lazyarr as la
    >>> la.histogram_bin_edges(la.arange(5, chunks=2), bins=2).compute()
    array([0., 2., 4.])
    """
    return _lazy_edges(_lazy(a), bins, range, "histogram_bin_edges")


# --------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------
def _count_block(block: np.ndarray, edges: np.ndarray, *weights: np.ndarray) -> np.ndarray:
    counts, _ = np.histogram(block, bins=edges, weights=weights[0] if weights else None)
    return counts.reshape((1,) * block.ndim + counts.shape)


@implements(np.histogram)
def histogram(a: Any, bins: Any = 10, range: Any = None, density: Any = None, weights: Any = None) -> tuple:
    """Lazy ``numpy.histogram``: returns lazy ``(hist, bin_edges)``.

    ``range`` is optional: without it the edges come from the data's min and max,
    computed lazily like everything else (one extra pass over the data). ``bins`` may
    be an int, an edge array (NumPy or lazy) or a string estimator (see the module
    docstring: the estimators gather all the data into one task).

    >>> import lazyarr as la
    >>> x = la.arange(10, chunks=3)
    >>> hist, edges = la.histogram(x, bins=2)
    >>> hist.compute(), edges.compute()
    (array([5, 5]), array([0. , 4.5, 9. ]))
    """
    x = _lazy(a)
    edges = _lazy_edges(x, bins, range, "histogram")
    if weights is None:
        # Counts do not depend on the order of the elements: read a masked selection's pieces
        # as they come out of the blocks, without putting them in C order first.
        x = unordered(x)
    args: list[Any] = [BlockRef(x.name, FromAxes(builtins.range(x.ndim))), BlockRef(edges.name, FirstBlock(1))]
    inputs = [x, edges]
    sample_w = ()
    if weights is not None:
        w = _lazy(weights)
        if w.shape != x.shape:
            raise ValueError(f"histogram: weights should have the same shape as a; got {w.shape} and {x.shape}")
        w = w.rechunk(x.chunks)
        args.append(BlockRef(w.name, FromAxes(builtins.range(x.ndim))))
        inputs.append(w)
        sample_w = (np.ones(1, dtype=w.dtype),)
    dtype = _count_block(np.ones(1, dtype=x.dtype), np.array([0.0, 2.0]), *sample_w).dtype
    nbins = edges.shape[0] - 1
    chunks = tuple((1,) * n for n in x.numblocks) + ((nbins,),)
    name = "histogram-" + tokenize(x.name, edges.name, [i.name for i in inputs])
    parts = blockwise_array(_count_block, args, chunks, dtype, name=name, inputs=inputs, label="histogram")
    from ..reductions.basic import sum as lazy_sum

    hist = lazy_sum(parts, axis=tuple(builtins.range(x.ndim)), dtype=dtype)
    if density:
        widths = edges[1:] - edges[:-1]
        hist = hist / widths / hist.sum()
    return hist, edges


def _count_dd_block(*blocks: np.ndarray, ndim: int, has_weights: bool) -> np.ndarray:
    cols = blocks[:ndim]
    edges = list(blocks[ndim: 2 * ndim])
    weights = blocks[2 * ndim] if has_weights else None
    sample = np.stack([c.ravel() for c in cols], axis=1)
    counts, _ = np.histogramdd(sample, bins=edges, weights=weights)
    return counts[None]


def _dd_edges_from_min_max(lo: np.ndarray, hi: np.ndarray, bins: int) -> np.ndarray:
    lo, hi = lo[()], hi[()]
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ValueError(f"autodetected range of [{lo}, {hi}] is not finite")
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, bins + 1)


def _dd_edges(col: Array, bins: Any, rng: Any, i: int, fname: str) -> Array:
    if is_array(bins):
        return _one_block(bins)
    if np.ndim(bins) == 1:
        edges = np.asarray(bins)
        if np.any(edges[:-1] > edges[1:]):
            raise ValueError(f"{fname}: `bins[{i}]` must be monotonically increasing, when an array")
        return from_array(edges, chunks=-1)
    try:
        n = operator.index(bins)
    except TypeError:
        raise TypeError(f"{fname}: `bins[{i}]` must be an integer or an array; got {bins!r}") from None
    if n < 1:
        raise ValueError(f"{fname}: `bins[{i}]` must be positive, when an integer; got {n}")
    if rng is not None:
        first, last = _check_range(fname, rng)
        if first == last:
            first, last = first - 0.5, last + 0.5
        return from_array(np.linspace(first, last, n + 1), chunks=-1)
    if col.size == 0:
        return from_array(np.linspace(0, 1, n + 1), chunks=-1)
    from ..reductions.basic import max as lazy_max
    from ..reductions.basic import min as lazy_min

    lo, hi = lazy_min(col), lazy_max(col)
    name = "histogramdd-edges-" + tokenize(lo.name, hi.name, n)
    return blockwise_array(_dd_edges_from_min_max, [BlockRef(lo.name, FirstBlock(0)), BlockRef(hi.name, FirstBlock(0)),
                                                    n], ((n + 1,),), np.float64, name=name, inputs=[lo, hi],
                           label="histogramdd_edges")


@implements(np.histogramdd)
def histogramdd(sample: Any, bins: Any = 10, range: Any = None, density: Any = None, weights: Any = None) -> tuple:
    """Multidimensional histogram (lazy ``numpy.histogramdd``): lazy ``(hist, [edges, ...])``.

    *sample* is an ``(N, D)`` array or a sequence of ``D`` arrays of length ``N``.

    >>> import lazyarr as la
    >>> h, edges = la.histogramdd(la.ones((4, 2), chunks=2), bins=2)
    >>> h.compute()
    array([[0., 0.],
           [0., 4.]])
    """
    if is_array(sample) or isinstance(sample, np.ndarray):
        s = _lazy(sample)
        if s.ndim == 1:
            cols = [s]
        elif s.ndim == 2:
            cols = [s[:, d] for d in builtins.range(s.shape[1])]
        else:
            raise ValueError(f"histogramdd: sample must be (N, D) or a sequence of D arrays; got shape {s.shape}")
    else:
        cols = [_lazy(c).ravel() for c in sample]
    ndim = len(cols)
    if ndim == 0:  # NumPy cannot build a histogram of no dimensions (its error is "object of too small depth")
        raise ValueError("histogramdd: sample has no dimensions (D = 0 columns); give at least one column")
    if len({c.shape for c in cols}) > 1:
        raise ValueError(f"histogramdd: all sample arrays must have the same length; got {[c.shape for c in cols]}")
    try:
        nbins = len(bins)
        if nbins != ndim:
            raise ValueError("histogramdd: The dimension of bins must be equal to the dimension of the sample x.")
        bins_list = list(bins)
    except TypeError:
        bins_list = [bins] * ndim
    if is_array(bins) and ndim == 1:
        bins_list = [bins]
    if range is not None and len(range) != ndim:
        raise ValueError(f"histogramdd: range has {len(range)} entries for {ndim} dimensions; give one (min, max) "
                         f"pair per dimension")
    ranges = list(range) if range is not None else [None] * ndim
    edges = [_dd_edges(c, b, r, i, "histogramdd") for i, (c, b, r) in enumerate(zip(cols, bins_list, ranges))]
    chunks = cols[0].chunks
    cols = [c.rechunk(chunks) for c in cols]
    # Count block i reads row block i of every column; with several columns the column
    # slices stay tasks of their own (fuse=False).
    rows = FromAxes((0,), fuse=ndim == 1)
    args: list[Any] = [BlockRef(c.name, rows) for c in cols]
    args += [BlockRef(e.name, FirstBlock(1)) for e in edges]
    inputs = cols + edges
    if weights is not None:
        w = _lazy(weights).rechunk(chunks)
        args.append(BlockRef(w.name, rows))
        inputs.append(w)
    out_chunks = ((1,) * len(chunks[0]),) + tuple((e.shape[0] - 1,) for e in edges)
    name = "histogramdd-" + tokenize([i.name for i in inputs])
    parts = blockwise_array(_count_dd_block, args, out_chunks, np.float64, name=name, inputs=inputs,
                            kwargs={"ndim": ndim, "has_weights": weights is not None}, label="histogramdd")
    from ..reductions.basic import sum as lazy_sum

    hist = lazy_sum(parts, axis=0)
    if density:
        total = hist.sum()
        for i, e in enumerate(edges):
            width = e[1:] - e[:-1]
            hist = hist / width[(None,) * i + (slice(None),) + (None,) * (ndim - i - 1)]
        hist = hist / total
    return hist, edges


@implements(np.histogram2d)
def histogram2d(x: Any, y: Any, bins: Any = 10, range: Any = None, density: Any = None, weights: Any = None) -> tuple:
    """Two-dimensional histogram (lazy ``numpy.histogram2d``): lazy ``(H, xedges, yedges)``.

    >>> import lazyarr as la
    >>> h, xe, ye = la.histogram2d(la.arange(4, chunks=2), la.arange(4, chunks=2), bins=2)
    >>> h.compute()
    array([[2., 0.],
           [0., 2.]])
    """
    try:
        n = len(bins)
    except TypeError:
        n = 1
    if n != 1 and n != 2:
        bins = [bins, bins]
    hist, edges = histogramdd([x, y], bins, range, density, weights)
    return hist, edges[0], edges[1]


def _bincount_block(block: np.ndarray, length: np.ndarray, *weights: np.ndarray) -> np.ndarray:
    return np.bincount(block, weights=weights[0] if weights else None, minlength=int(length))[None]


def _length(mx: np.ndarray, minlength: int) -> np.ndarray:
    return np.asarray(max(int(mx) + 1, minlength))


@implements(np.bincount)
def bincount(x: Any, /, weights: Any = None, minlength: int = 0, *, split_every: Any = None) -> Array:
    """Count occurrences of each non-negative integer (lazy ``numpy.bincount``).

    The output length ``max(x) + 1`` is only known after computing, so it has ``nan``
    chunks; every block counts up to that length and the counts are added in a tree.

    >>> import lazyarr as la
    >>> la.bincount(la.from_array([0, 1, 1, 3], chunks=2)).compute()
    array([1, 2, 0, 1])
    """
    a = _lazy(x)
    if a.ndim != 1:
        raise ValueError(f"bincount: object too deep for desired array: x must be 1-d, got shape {a.shape}")
    if a.dtype.kind not in "biu":
        raise TypeError(f"bincount: Cannot cast array data from {a.dtype!r} to dtype('int64') according to the "
                        f"rule 'safe'; x must hold integers")
    minlength = operator.index(minlength)
    if minlength < 0:
        raise ValueError(f"bincount: 'minlength' must not be negative; got {minlength}")
    dtype = np.dtype(np.intp) if weights is None else np.dtype(np.float64)
    if a.size == 0:
        from ..creation.basic import zeros

        # NumPy quirk kept on purpose: empty input gives integer counts even with weights
        return zeros((minlength,), dtype=np.intp)
    from ..reductions.basic import max as lazy_max

    mx = lazy_max(a)
    length = blockwise_array(_length, [BlockRef(mx.name, FirstBlock(0)), minlength], (), np.intp,
                             name="bincount-length-" + tokenize(mx.name, minlength), inputs=[mx], label="bincount")
    args: list[Any] = [BlockRef(a.name, FromAxes((0,))), BlockRef(length.name, FirstBlock(0))]
    inputs = [a, length]
    if weights is not None:
        w = _lazy(weights)
        if w.shape != a.shape:
            raise ValueError(f"bincount: The weights and list don't have the same length ({w.shape} vs {a.shape})")
        w = w.rechunk(a.chunks)
        args.append(BlockRef(w.name, FromAxes((0,))))
        inputs.append(w)
    name = "bincount-" + tokenize([i.name for i in inputs])
    parts = blockwise_array(_bincount_block, args, ((1,) * a.numblocks[0], (np.nan,)), dtype, name=name,
                            inputs=inputs, label="bincount")
    from ..reductions.basic import sum as lazy_sum

    out = lazy_sum(parts, axis=0, dtype=dtype, split_every=split_every)  # dask's split_every: the tree's width
    settle_data_dependent_shapes(out)
    return out


