"""Order statistics: median, quantile, percentile (and their nan-versions).

Quantiles here are **exact**: every reduced axis is rechunked into one block and NumPy's
own function runs on each block, so every ``method`` NumPy has works and results match
NumPy exactly. The price is memory: with ``axis=None`` the whole array becomes one
block. Reduce along an axis (``axis=0``) to keep the other axes in parallel blocks.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import BlockRef, blockwise_array
from ...core.data import as_lazy as _lazy
from ...core.index_maps import FromAxes
from ...core.tokenize import tokenize
from ..registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_tuple
except ImportError:  # pragma: no cover - NumPy < 2
    from numpy.core.numeric import normalize_axis_tuple  # type: ignore

__all__ = ["median", "nanmedian", "nanpercentile", "nanquantile", "percentile", "quantile"]


class _OrderStat:
    def __init__(self, npfunc: Callable, kwargs: dict):
        self.npfunc, self.kwargs = npfunc, kwargs
        self.__name__ = npfunc.__name__

    def __call__(self, block: np.ndarray, *weights: np.ndarray) -> np.ndarray:
        kwargs = dict(self.kwargs)
        if weights:
            kwargs["weights"] = weights[0]
        with warnings.catch_warnings():
            # all-NaN slices warn in nanmedian & co; NumPy warns once at call time, a
            # lazy array would warn once per block: keep the result (nan), drop the noise.
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(self.npfunc(block, **kwargs))

    def __lazyarr_token__(self) -> Any:
        return ("orderstat", self.npfunc.__name__, tokenize(self.kwargs))


def _order_statistic(fname: str, npfunc: Callable, a: Any, q: Any, axis: Any, keepdims: bool,
                     weights: Any = None, **kwargs: Any) -> Array:
    x = _lazy(a)
    axes = tuple(range(x.ndim)) if axis is None else tuple(normalize_axis_tuple(axis, x.ndim))
    call_kwargs = dict(kwargs, axis=None if axis is None else axes, keepdims=keepdims)
    if q is not None:
        if is_array(q):
            raise NotImplementedError(f"{fname}: q as a lazy array is not supported; pass a NumPy array or list")
        # pass q on as given: a Python float is "weak" under NEP 50 (float32 data stays
        # float32) while np.asarray(q) would be float64 and promote the result
        call_kwargs["q"] = q
        q = np.asarray(q)
    sample = np.ones((1,) * x.ndim, dtype=x.dtype)
    sample_kwargs = dict(call_kwargs)
    if weights is not None:
        sample_kwargs["weights"] = np.ones((1,) * x.ndim)
    try:  # NumPy validates q, method and weights and tells us the output dtype
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            dtype = np.asarray(npfunc(sample, **sample_kwargs)).dtype
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"{fname}: {exc}") from None
    # The reduced axes in one block; no zero-length blocks along the kept axes, because NumPy
    # cannot take an order statistic of a block with no lines at all (shape (0, 0) over axis 1).
    whole = {d: -1 for d in axes}
    whole.update({d: tuple(c for c in x.chunks[d] if c) or (0,) for d in range(x.ndim)
                  if d not in axes and 0 in x.chunks[d] and len(x.chunks[d]) > 1})
    x = x.rechunk(whole) if whole else x
    nq = 0 if q is None else q.ndim
    q_chunks = () if q is None else tuple((n,) for n in q.shape)
    kept = tuple((1,) if d in axes else c for d, c in enumerate(x.chunks) if keepdims or d not in axes)
    # Output block (q axes..., kept axes...) -> input block; the reduced axes are one block.
    kept_axes = [d for d in range(x.ndim) if keepdims or d not in axes]
    index_map = FromAxes([None if d in axes else nq + kept_axes.index(d) for d in range(x.ndim)], fuse=False)
    args: list[Any] = [BlockRef(x.name, index_map)]
    inputs = [x]
    if weights is not None:
        w = _weights_like(fname, _lazy(weights), x, None if axis is None else axes).rechunk(x.chunks)
        args.append(BlockRef(w.name, index_map))
        inputs.append(w)
    func = _OrderStat(npfunc, call_kwargs)
    name = f"{fname}-" + tokenize(func, [i.name for i in inputs])
    return blockwise_array(func, args, q_chunks + kept, dtype, name=name, inputs=inputs, label=fname)


def _weights_like(fname: str, w: Array, x: Array, axes: tuple[int, ...] | None) -> Array:
    """Weights of *x*'s shape: as given, or (NumPy's rule) one weight per position along *axes*,
    in the order *axes* names them, spread over the other axes."""
    if w.shape == x.shape:
        return w
    if axes is None:
        raise TypeError(f"{fname}: axis must be specified when shapes of a {x.shape} and weights {w.shape} differ")
    if w.shape != tuple(x.shape[d] for d in axes):
        raise ValueError(f"{fname}: shape of weights {w.shape} must be consistent with shape of a {x.shape} "
                         f"along axis {axes}")
    from ..manipulation.shape import broadcast_to, reshape, transpose

    order = sorted(range(len(axes)), key=lambda i: axes[i])  # weights' axes in a's order
    spread = tuple(x.shape[d] if d in axes else 1 for d in range(x.ndim))
    return broadcast_to(reshape(transpose(w, order), spread), x.shape)


def _no_out(fname: str, out: Any) -> None:
    if out is not None:
        raise NotImplementedError(f"{fname}: out= is not supported for lazy arrays; assign the result instead")


@implements(np.median)
def median(a: Any, axis: Any = None, out: None = None, overwrite_input: bool = False, keepdims: bool = False) -> Array:
    """Median along *axis* (lazy ``numpy.median``; the reduced axes are gathered into one block).

    >>> import lazyarr as la
    >>> la.median(la.arange(10, chunks=3)).compute()
    np.float64(4.5)
    """
    _no_out("median", out)
    return _order_statistic("median", np.median, a, None, axis, keepdims)


@implements(np.nanmedian)
def nanmedian(a: Any, axis: Any = None, out: None = None, overwrite_input: bool = False,
              keepdims: bool = False) -> Array:
    """Median ignoring NaNs (lazy ``numpy.nanmedian``; reduced axes in one block).

    >>> import numpy as np, lazyarr as la
    >>> la.nanmedian(la.from_array([1.0, np.nan, 3.0], chunks=2)).compute()
    np.float64(2.0)
    """
    _no_out("nanmedian", out)
    return _order_statistic("nanmedian", np.nanmedian, a, None, axis, keepdims)


def _quantile_api(fname: str, npfunc: Callable, a: Any, q: Any, axis: Any, out: Any, method: str, keepdims: bool,
                  weights: Any, interpolation: Any) -> Array:
    _no_out(fname, out)
    if interpolation is not None:
        raise TypeError(f"{fname}: the 'interpolation' argument was renamed; use method={interpolation!r}")
    return _order_statistic(fname, npfunc, a, q, axis, keepdims, weights=weights, method=method)


@implements(np.quantile)
def quantile(a: Any, q: Any, axis: Any = None, out: None = None, overwrite_input: bool = False,
             method: str = "linear", keepdims: bool = False, *, weights: Any = None,
             interpolation: Any = None) -> Array:
    """Exact quantiles, every NumPy ``method`` (lazy ``numpy.quantile``).

    The reduced axes are rechunked into one block (see the module docstring). The
    output has the axes of ``q`` first, as in NumPy.

    >>> import lazyarr as la
    >>> la.quantile(la.arange(11, chunks=4), [0.1, 0.5]).compute()
    array([1., 5.])
    """
    return _quantile_api("quantile", np.quantile, a, q, axis, out, method, keepdims, weights, interpolation)


@implements(np.percentile)
def percentile(a: Any, q: Any, axis: Any = None, out: None = None, overwrite_input: bool = False,
               method: str = "linear", keepdims: bool = False, *, weights: Any = None,
               interpolation: Any = None, internal_method: str = "default") -> Array:
    """Exact percentiles (lazy ``numpy.percentile``); see :func:`quantile`.

    ``internal_method`` is dask.array's choice of algorithm (``"default"``, ``"dask"``:
    merged per-block percentiles, ``"tdigest"``: an approximate digest). lazyarr accepts
    the three values for dask code and always computes NumPy's exact answer, the same
    for all three.

    >>> import lazyarr as la
    >>> la.percentile(la.arange(11, chunks=4), 50).compute()
    np.float64(5.0)
    >>> la.percentile(la.arange(11, chunks=4), 50, internal_method="tdigest").compute()
    np.float64(5.0)
    """
    if internal_method not in ("default", "dask", "tdigest"):
        raise ValueError(f"percentile: internal_method={internal_method!r} is not one of 'default', 'dask', "
                         f"'tdigest' (all three compute the exact percentile in lazyarr)")
    return _quantile_api("percentile", np.percentile, a, q, axis, out, method, keepdims, weights, interpolation)


@implements(np.nanquantile)
def nanquantile(a: Any, q: Any, axis: Any = None, out: None = None, overwrite_input: bool = False,
                method: str = "linear", keepdims: bool = False, *, weights: Any = None,
                interpolation: Any = None) -> Array:
    """Exact quantiles ignoring NaNs (lazy ``numpy.nanquantile``); see :func:`quantile`.

    >>> import numpy as np, lazyarr as la
    >>> la.nanquantile(la.from_array([1.0, np.nan, 3.0]), 0.5).compute()
    np.float64(2.0)
    """
    return _quantile_api("nanquantile", np.nanquantile, a, q, axis, out, method, keepdims, weights, interpolation)


@implements(np.nanpercentile)
def nanpercentile(a: Any, q: Any, axis: Any = None, out: None = None, overwrite_input: bool = False,
                  method: str = "linear", keepdims: bool = False, *, weights: Any = None,
                  interpolation: Any = None) -> Array:
    """Exact percentiles ignoring NaNs (lazy ``numpy.nanpercentile``); see :func:`quantile`.

    >>> import numpy as np, lazyarr as la
    >>> la.nanpercentile(la.from_array([1.0, np.nan, 3.0]), 50).compute()
    np.float64(2.0)
    """
    return _quantile_api("nanpercentile", np.nanpercentile, a, q, axis, out, method, keepdims, weights,
                         interpolation)
