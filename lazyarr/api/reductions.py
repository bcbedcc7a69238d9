"""Reductions: sum, mean, var, min, argmin, ... and cumulative sums and products.

Each reduction is three small functions for :func:`lazyarr.core.reduction.reduction`
(chunk, combine, aggregate); the output dtype comes from running the NumPy function
on a one-element sample, so it always matches NumPy. ``var``/``std`` merge per-block
``(count, mean, M2)`` with Chan's parallel formula — never ``E[x²] - E[x]²`` — so
they stay accurate for data with a large mean.
"""

from __future__ import annotations

import builtins
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.array import Array, is_array
from ..core.blockwise import Aligned, BlockRef, blockwise_array
from ..core.graph import Graph, Key, MaterializedLayer, Task, literal
from ..core.reduction import fold, reduction
from ..core.tokenize import tokenize
from .registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple
except ImportError:  # pragma: no cover - NumPy < 2
    from numpy.core.numeric import normalize_axis_index, normalize_axis_tuple  # type: ignore

__all__ = [
    "sum", "prod", "mean", "std", "var", "min", "max", "amin", "amax", "any", "all",
    "argmin", "argmax", "ptp", "count_nonzero",
    "nansum", "nanprod", "nanmean", "nanstd", "nanvar", "nanmin", "nanmax", "nanargmin", "nanargmax",
    "cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum", "cumulative_prod",
]

_NoValue = np._NoValue  # NumPy's "argument not given" marker


def _lazy(x: Any) -> Array:
    if is_array(x):
        return x
    from ..core.data import from_array

    return from_array(np.asarray(x))


def _axes(fname: str, axis: Any, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    try:
        return tuple(normalize_axis_tuple(axis, ndim))
    except np.exceptions.AxisError as exc:
        raise np.exceptions.AxisError(f"{fname}: {exc}") from None
    except TypeError:
        raise TypeError(f"{fname}: axis must be None, an int or a tuple of ints, got {axis!r}") from None


def _sample_dtype(npfunc: Callable, x: Array, **kwargs: Any) -> np.dtype:
    sample = np.ones((1,) * x.ndim, dtype=x.dtype)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return np.asarray(npfunc(sample, **kwargs)).dtype


def _finish(partial: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
    return partial if keepdims else np.squeeze(partial, axis=axis)


def _check_empty(fname: str, x: Array, axes: tuple[int, ...], ufunc_name: str) -> None:
    if builtins.any(x.shape[a] == 0 for a in axes):
        raise ValueError(
            f"zero-size array to reduction operation {ufunc_name} which has no identity"
        )


def _where(x: Array, where: Any) -> list[Array]:
    if where is True or where is None:
        return []
    from .manipulation import broadcast_to

    w = _lazy(where)
    if w.dtype != bool:
        raise TypeError(f"where= must be a boolean array, got dtype {w.dtype}")
    return [broadcast_to(w, x.shape)]


_NO_IDENTITY = (np.minimum, np.maximum, np.fmin, np.fmax)


# NB: this module defines sum/min/max/any/all; use builtins.* for Python's own.

# -- sum-like: chunk with the NumPy function, fold partials with a ufunc ----------------------
def _simple(fname: str, npfunc: Callable, binop: np.ufunc, x: Any, axis: Any, dtype: Any,
            keepdims: bool, split_every: Any, where: Any = True, initial: Any = _NoValue) -> Array:
    x = _lazy(x)
    axes = _axes(fname, axis, x.ndim)
    kw: dict[str, Any] = {} if dtype is None else {"dtype": dtype}
    out_dtype = _sample_dtype(npfunc, x, axis=axes, **kw)
    extras = _where(x, where)
    if fname in ("min", "max") and extras and initial is _NoValue:
        raise ValueError(
            f"reduction operation '{binop.__name__}' does not have an identity, so to use a where "
            f"mask one has to specify 'initial'"
        )
    if binop in _NO_IDENTITY and initial is _NoValue:
        _check_empty(fname, x, axes, binop.__name__)

    def chunk(block: np.ndarray, *w: np.ndarray, axis: tuple[int, ...]) -> Any:
        kwargs: dict[str, Any] = dict(kw)
        if w:
            kwargs["where"] = w[0]
        if initial is not _NoValue:
            kwargs["initial"] = initial
        if (binop in _NO_IDENTITY and initial is _NoValue and not w
                and builtins.any(block.shape[a] == 0 for a in axis)):
            return None  # an empty block (after masking) contributes nothing
        return npfunc(block, axis=axis, keepdims=True, **kwargs)

    def combine(parts: list, axis: tuple[int, ...]) -> Any:
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        result = parts[0]
        for p in parts[1:]:
            result = binop(result, p)
        return result

    def aggregate(partial: Any, axis: tuple[int, ...], keepdims: bool) -> Any:
        if partial is None:
            raise ValueError(
                f"zero-size array to reduction operation {binop.__name__} which has no identity"
            )
        return _finish(np.asarray(partial, dtype=out_dtype), axis, keepdims)

    chunk.__name__ = combine.__name__ = aggregate.__name__ = fname
    return reduction(x, chunk, combine, aggregate, axis=axes, keepdims=keepdims, dtype=out_dtype,
                     name=fname, split_every=split_every, extras=extras)


@implements(np.sum)
def sum(a: Any, axis: Any = None, dtype: Any = None, out: None = None, keepdims: bool = False,
        initial: Any = _NoValue, where: Any = True, split_every: Any = None) -> Array:
    """Sum of array elements over the given axes (lazy ``numpy.sum``).

    Examples
    --------
    >>> import lazyarr as la
    >>> la.ones((4, 4), chunks=2).sum(axis=0).compute()
    array([4., 4., 4., 4.])
    """
    _no_out("sum", out)
    result = _simple("sum", np.sum, np.add, a, axis, dtype, keepdims, split_every, where)
    return result if initial is _NoValue else result + np.asarray(initial, dtype=result.dtype)


@implements(np.prod)
def prod(a: Any, axis: Any = None, dtype: Any = None, out: None = None, keepdims: bool = False,
         initial: Any = _NoValue, where: Any = True, split_every: Any = None) -> Array:
    """Product of array elements over the given axes (lazy ``numpy.prod``).

    >>> import lazyarr as la
    >>> la.arange(1, 6, chunks=2).prod().compute()
    np.int64(120)
    """
    _no_out("prod", out)
    result = _simple("prod", np.prod, np.multiply, a, axis, dtype, keepdims, split_every, where)
    return result if initial is _NoValue else result * np.asarray(initial, dtype=result.dtype)


@implements(np.min, np.amin)
def min(a: Any, axis: Any = None, out: None = None, keepdims: bool = False, initial: Any = _NoValue,
        where: Any = True, split_every: Any = None) -> Array:
    """Minimum along the given axes (lazy ``numpy.min``); NaN propagates as in NumPy.

    >>> import lazyarr as la
    >>> la.arange(10, chunks=3).min().compute()
    np.int64(0)
    """
    _no_out("min", out)
    return _simple("min", np.min, np.minimum, a, axis, None, keepdims, split_every, where, initial)


@implements(np.max, np.amax)
def max(a: Any, axis: Any = None, out: None = None, keepdims: bool = False, initial: Any = _NoValue,
        where: Any = True, split_every: Any = None) -> Array:
    """Maximum along the given axes (lazy ``numpy.max``); NaN propagates as in NumPy.

    >>> import lazyarr as la
    >>> la.arange(10, chunks=3).max().compute()
    np.int64(9)
    """
    _no_out("max", out)
    return _simple("max", np.max, np.maximum, a, axis, None, keepdims, split_every, where, initial)


amin, amax = min, max


@implements(np.any)
def any(a: Any, axis: Any = None, out: None = None, keepdims: bool = False, *, where: Any = True,
        split_every: Any = None) -> Array:
    """Whether any element is true along the given axes (lazy ``numpy.any``).

    >>> import lazyarr as la
    >>> (la.arange(5, chunks=2) > 3).any().compute()
    np.True_
    """
    _no_out("any", out)
    return _simple("any", np.any, np.logical_or, a, axis, None, keepdims, split_every, where)


@implements(np.all)
def all(a: Any, axis: Any = None, out: None = None, keepdims: bool = False, *, where: Any = True,
        split_every: Any = None) -> Array:
    """Whether all elements are true along the given axes (lazy ``numpy.all``).

    >>> import lazyarr as la
    >>> (la.arange(5, chunks=2) >= 0).all().compute()
    np.True_
    """
    _no_out("all", out)
    return _simple("all", np.all, np.logical_and, a, axis, None, keepdims, split_every, where)


@implements(np.nansum)
def nansum(a: Any, axis: Any = None, dtype: Any = None, out: None = None, keepdims: bool = False,
           initial: Any = _NoValue, where: Any = True, split_every: Any = None) -> Array:
    """Sum treating NaN as zero (lazy ``numpy.nansum``).

    >>> import numpy as np, lazyarr as la
    >>> la.from_array(np.array([1.0, np.nan, 2.0]), chunks=2).nansum().compute()  # doctest: +SKIP
    """
    _no_out("nansum", out)
    result = _simple("nansum", np.nansum, np.add, a, axis, dtype, keepdims, split_every, where)
    return result if initial is _NoValue else result + np.asarray(initial, dtype=result.dtype)


@implements(np.nanprod)
def nanprod(a: Any, axis: Any = None, dtype: Any = None, out: None = None, keepdims: bool = False,
            initial: Any = _NoValue, where: Any = True, split_every: Any = None) -> Array:
    """Product treating NaN as one (lazy ``numpy.nanprod``).

    >>> import numpy as np, lazyarr as la
    >>> la.nanprod(la.from_array(np.array([2.0, np.nan, 3.0]), chunks=2)).compute()
    np.float64(6.0)
    """
    _no_out("nanprod", out)
    result = _simple("nanprod", np.nanprod, np.multiply, a, axis, dtype, keepdims, split_every, where)
    return result if initial is _NoValue else result * np.asarray(initial, dtype=result.dtype)


def _fmin_reduce(block: np.ndarray, axis: tuple, keepdims: bool = False, **kw: Any) -> np.ndarray:
    return np.fmin.reduce(block, axis=axis, keepdims=keepdims, **kw)


def _fmax_reduce(block: np.ndarray, axis: tuple, keepdims: bool = False, **kw: Any) -> np.ndarray:
    return np.fmax.reduce(block, axis=axis, keepdims=keepdims, **kw)


@implements(np.nanmin)
def nanmin(a: Any, axis: Any = None, out: None = None, keepdims: bool = False, initial: Any = _NoValue,
           where: Any = True, split_every: Any = None) -> Array:
    """Minimum ignoring NaN (lazy ``numpy.nanmin``); an all-NaN slice gives NaN.

    >>> import numpy as np, lazyarr as la
    >>> la.nanmin(la.from_array(np.array([np.nan, 2.0, 1.0]), chunks=2)).compute()
    np.float64(1.0)
    """
    _no_out("nanmin", out)
    x = _lazy(a)
    if x.dtype.kind not in "fc":
        return min(x, axis, None, keepdims, initial, where, split_every)
    result = _simple("nanmin", _fmin_reduce, np.fmin, x, axis, None, keepdims, split_every, where,
                     initial)
    return result


@implements(np.nanmax)
def nanmax(a: Any, axis: Any = None, out: None = None, keepdims: bool = False, initial: Any = _NoValue,
           where: Any = True, split_every: Any = None) -> Array:
    """Maximum ignoring NaN (lazy ``numpy.nanmax``); an all-NaN slice gives NaN.

    >>> import numpy as np, lazyarr as la
    >>> la.nanmax(la.from_array(np.array([np.nan, 2.0, 1.0]), chunks=2)).compute()
    np.float64(2.0)
    """
    _no_out("nanmax", out)
    x = _lazy(a)
    if x.dtype.kind not in "fc":
        return max(x, axis, None, keepdims, initial, where, split_every)
    return _simple("nanmax", _fmax_reduce, np.fmax, x, axis, None, keepdims, split_every, where,
                   initial)


@implements(np.count_nonzero)
def count_nonzero(a: Any, axis: Any = None, *, keepdims: bool = False, split_every: Any = None) -> Array:
    """Number of non-zero values (lazy ``numpy.count_nonzero``).

    Differences from NumPy: with ``axis=None`` the result is a 0-d lazy array (a NumPy
    integer once computed) rather than a Python int.

    >>> import lazyarr as la
    >>> la.count_nonzero(la.arange(5, chunks=2)).compute()
    np.int64(4)
    """
    x = _lazy(a)
    return _simple("count_nonzero", _count_nonzero, np.add, x != 0 if x.dtype != bool else x,
                   axis, None, keepdims, split_every)


def _count_nonzero(block: np.ndarray, axis: tuple, keepdims: bool = False, **kw: Any) -> np.ndarray:
    return np.sum(block, axis=axis, keepdims=keepdims, dtype=np.intp)


def _no_out(fname: str, out: Any) -> None:
    if out is not None:
        raise TypeError(f"{fname}: out= is not supported for lazy arrays; use the returned array")


# -- mean, var, std: partials are dicts of arrays --------------------------------------------
def _moments(fname: str, x: Any, axis: Any, dtype: Any, keepdims: bool, split_every: Any,
             where: Any, ddof: float, kind: str, nan: bool, correction: Any = None) -> Array:
    x = _lazy(x)
    if correction is not None:
        ddof = correction
    axes = _axes(fname, axis, x.ndim)
    npfunc = {("mean", False): np.mean, ("var", False): np.var, ("std", False): np.std,
              ("mean", True): np.nanmean, ("var", True): np.nanvar, ("std", True): np.nanstd}[kind, nan]
    kw = {} if dtype is None else {"dtype": dtype}
    out_dtype = _sample_dtype(npfunc, x, axis=axes, **kw)
    # Accumulate in at least float64 for integers, at least float32 for float16 (as NumPy).
    # var/std of complex data are real, but the running mean must stay complex.
    base = out_dtype if kind == "mean" else np.result_type(x.dtype, out_dtype)
    acc = np.result_type(base, np.float32) if x.dtype.kind in "fc" else np.result_type(base, np.float64)
    if dtype is not None:
        acc = np.result_type(np.dtype(dtype), x.dtype) if kind != "mean" else np.dtype(dtype)
    extras = _where(x, where)
    need_m2 = kind != "mean"

    def chunk(block: np.ndarray, *w: np.ndarray, axis: tuple[int, ...]) -> dict:
        mask = w[0] if w else None
        if nan and block.dtype.kind in "fc":
            valid = ~np.isnan(block)
            mask = valid if mask is None else (mask & valid)
        if mask is None:
            n = np.full([1 if i in axis else s for i, s in enumerate(block.shape)],
                        math.prod(block.shape[i] for i in axis), dtype=np.float64)
            total = np.sum(block, axis=axis, keepdims=True, dtype=acc)
        else:
            mask = np.broadcast_to(mask, block.shape)
            n = np.sum(mask, axis=axis, keepdims=True, dtype=np.float64)
            total = np.sum(block, axis=axis, keepdims=True, dtype=acc, where=mask)
        where_kw: dict[str, Any] = {} if mask is None else {"where": mask}
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            safe_n = np.where(n == 0, 1, n)
            mu = total / safe_n
            if not need_m2:  # a plain mean needs no second pass over the block
                return {"n": n, "mean": mu, "comp": np.zeros_like(mu)}
            # The mean is kept as a pair (mean, comp): comp holds what rounding mu lost, so
            # merging blocks of data with a huge mean (1e9 + noise) stays accurate to ~1e-16.
            centred = block - mu
            comp = np.sum(centred, axis=axis, keepdims=True, dtype=acc, **where_kw) / safe_n
        part = {"n": n, "mean": mu, "comp": comp}
        if need_m2:
            dev = centred - comp
            dev = dev.real**2 + dev.imag**2 if dev.dtype.kind == "c" else dev**2
            part["m2"] = np.sum(dev, axis=axis, keepdims=True, **where_kw)
        return part

    def merge(a: dict, b: dict) -> dict:
        n = a["n"] + b["n"]
        safe = np.where(n == 0, 1, n)
        with np.errstate(invalid="ignore", over="ignore"):
            # Chan et al.'s parallel update, with the mean carried in two parts.
            delta = (b["mean"] - a["mean"]) + (b["comp"] - a["comp"])
            shift = delta * (b["n"] / safe)
            mean = a["mean"] + shift
            comp = a["comp"] + (shift - (mean - a["mean"]))
            pick_a, pick_b = b["n"] == 0, a["n"] == 0
            out = {"n": n,
                   "mean": np.where(pick_a, a["mean"], np.where(pick_b, b["mean"], mean)),
                   "comp": np.where(pick_a, a["comp"], np.where(pick_b, b["comp"], comp))}
            if need_m2:
                d2 = delta.real**2 + delta.imag**2 if np.iscomplexobj(delta) else delta**2
                m2 = a["m2"] + b["m2"] + d2 * (a["n"] * b["n"] / safe)
                out["m2"] = np.where(pick_a, a["m2"], np.where(pick_b, b["m2"], m2))
        return out

    def aggregate(part: dict, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            if kind == "mean":
                value = np.where(part["n"] == 0, np.nan, part["mean"] + part["comp"])
            else:
                value = part["m2"] / np.maximum(part["n"] - ddof, 0)
                if kind == "std":
                    value = np.sqrt(value)
        return _finish(np.asarray(value).astype(out_dtype, copy=False), axis, keepdims)

    chunk.__name__ = aggregate.__name__ = fname
    return reduction(x, chunk, fold(merge), aggregate, axis=axes, keepdims=keepdims, dtype=out_dtype,
                     name=fname, split_every=split_every, extras=extras)


@implements(np.mean)
def mean(a: Any, axis: Any = None, dtype: Any = None, out: None = None, keepdims: bool = False, *,
         where: Any = True, split_every: Any = None) -> Array:
    """Arithmetic mean (lazy ``numpy.mean``).

    >>> import lazyarr as la
    >>> la.arange(10, chunks=3).mean().compute()
    np.float64(4.5)
    """
    _no_out("mean", out)
    return _moments("mean", a, axis, dtype, keepdims, split_every, where, 0, "mean", False)


@implements(np.var)
def var(a: Any, axis: Any = None, dtype: Any = None, out: None = None, ddof: float = 0,
        keepdims: bool = False, *, where: Any = True, mean: Any = _NoValue, correction: Any = None,
        split_every: Any = None) -> Array:
    """Variance with a numerically stable parallel merge (lazy ``numpy.var``).

    >>> import lazyarr as la
    >>> la.arange(10, chunks=3).var().compute()
    np.float64(8.25)
    """
    _no_out("var", out)
    return _moments("var", a, axis, dtype, keepdims, split_every, where, ddof, "var", False, correction)


@implements(np.std)
def std(a: Any, axis: Any = None, dtype: Any = None, out: None = None, ddof: float = 0,
        keepdims: bool = False, *, where: Any = True, mean: Any = _NoValue, correction: Any = None,
        split_every: Any = None) -> Array:
    """Standard deviation with a numerically stable parallel merge (lazy ``numpy.std``).

    >>> import lazyarr as la
    >>> round(float(la.arange(10, chunks=3).std().compute()), 6)
    2.872281
    """
    _no_out("std", out)
    return _moments("std", a, axis, dtype, keepdims, split_every, where, ddof, "std", False, correction)


@implements(np.nanmean)
def nanmean(a: Any, axis: Any = None, dtype: Any = None, out: None = None, keepdims: bool = False, *,
            where: Any = True, split_every: Any = None) -> Array:
    """Mean ignoring NaN (lazy ``numpy.nanmean``).

    >>> import numpy as np, lazyarr as la
    >>> la.nanmean(la.from_array(np.array([1.0, np.nan, 3.0]), chunks=2)).compute()
    np.float64(2.0)
    """
    _no_out("nanmean", out)
    return _moments("nanmean", a, axis, dtype, keepdims, split_every, where, 0, "mean", True)


@implements(np.nanvar)
def nanvar(a: Any, axis: Any = None, dtype: Any = None, out: None = None, ddof: float = 0,
           keepdims: bool = False, *, where: Any = True, mean: Any = _NoValue, correction: Any = None,
           split_every: Any = None) -> Array:
    """Variance ignoring NaN (lazy ``numpy.nanvar``).

    >>> import numpy as np, lazyarr as la
    >>> la.nanvar(la.from_array(np.array([1.0, np.nan, 3.0]), chunks=2)).compute()
    np.float64(1.0)
    """
    _no_out("nanvar", out)
    return _moments("nanvar", a, axis, dtype, keepdims, split_every, where, ddof, "var", True, correction)


@implements(np.nanstd)
def nanstd(a: Any, axis: Any = None, dtype: Any = None, out: None = None, ddof: float = 0,
           keepdims: bool = False, *, where: Any = True, mean: Any = _NoValue, correction: Any = None,
           split_every: Any = None) -> Array:
    """Standard deviation ignoring NaN (lazy ``numpy.nanstd``).

    >>> import numpy as np, lazyarr as la
    >>> la.nanstd(la.from_array(np.array([1.0, np.nan, 3.0]), chunks=2)).compute()
    np.float64(1.0)
    """
    _no_out("nanstd", out)
    return _moments("nanstd", a, axis, dtype, keepdims, split_every, where, ddof, "std", True, correction)


# -- ptp: (min, max) pairs -------------------------------------------------------------------
@implements(np.ptp)
def ptp(a: Any, axis: Any = None, out: None = None, keepdims: bool = False,
        split_every: Any = None) -> Array:
    """Range of values, maximum minus minimum (lazy ``numpy.ptp``).

    >>> import lazyarr as la
    >>> la.ptp(la.arange(10, chunks=3)).compute()
    np.int64(9)
    """
    _no_out("ptp", out)
    x = _lazy(a)
    return max(x, axis, None, keepdims, split_every=split_every) - min(
        x, axis, None, keepdims, split_every=split_every)


# -- argmin / argmax: (value, global index) pairs ---------------------------------------------
def _arg(fname: str, x: Any, axis: Any, keepdims: bool, split_every: Any, nan: bool) -> Array:
    x = _lazy(x)
    find = {"argmin": np.argmin, "argmax": np.argmax, "nanargmin": np.argmin,
            "nanargmax": np.argmax}[fname]
    is_min = "min" in fname
    if axis is None:
        axes = tuple(range(x.ndim))
        flat = True
    else:
        if isinstance(axis, (tuple, list)):
            raise TypeError(f"{fname}: axis must be an int or None, got {axis!r}")
        axes = (normalize_axis_index(axis, x.ndim),)
        flat = False
    if builtins.any(x.shape[a] == 0 for a in axes) or (flat and x.size == 0):
        raise ValueError(f"attempt to get {fname.replace('nan', '')} of an empty sequence")
    from ..core.chunks import chunk_boundaries

    bounds = [chunk_boundaries(c) for c in x.chunks]
    shape = x.shape
    fill = np.inf if is_min else -np.inf
    replace_nan = nan and x.dtype.kind in "fc"

    def offsets(idx: tuple[int, ...]) -> tuple:
        return tuple(int(b[i]) for b, i in zip(bounds, idx))

    def chunk(block: np.ndarray, offset: tuple, axis: tuple[int, ...]) -> dict:
        data = block
        allnan = None
        if replace_nan:
            isn = np.isnan(block)
            allnan = isn.all(axis=axis, keepdims=True)
            data = np.where(isn, fill, block)
        if flat:
            local = find(data.reshape(-1)) if data.ndim else 0
            where = np.unravel_index(local, block.shape) if block.ndim else ()
            value = data.reshape(-1)[local] if data.ndim else data[()]
            glob = tuple(int(w) + o for w, o in zip(where, offset))
            index = np.ravel_multi_index(glob, shape) if shape else 0
            keep = (1,) * block.ndim
            part = {"v": np.full(keep, value), "i": np.full(keep, index, dtype=np.intp)}
        else:
            (ax,) = axis
            local = np.expand_dims(find(data, axis=ax), ax)
            part = {"v": np.take_along_axis(data, local, axis=ax), "i": local + offset[ax]}
        part["allnan"] = allnan if allnan is not None else np.zeros(part["v"].shape, bool)
        return part

    def merge(a: dict, b: dict) -> dict:
        av, bv = a["v"], b["v"]
        better = (bv < av) if is_min else (bv > av)
        if av.dtype.kind in "fc" and not replace_nan:
            better = better | (np.isnan(bv) & ~np.isnan(av))
        tie = (bv == av) | (np.isnan(av) & np.isnan(bv)) if av.dtype.kind in "fc" else (bv == av)
        better = better | (tie & (b["i"] < a["i"]))
        if replace_nan:  # a slice that is all-NaN in one block loses to any real value
            better = (better & ~b["allnan"]) | (a["allnan"] & ~b["allnan"])
        return {"v": np.where(better, bv, av), "i": np.where(better, b["i"], a["i"]),
                "allnan": a["allnan"] & b["allnan"]}

    def aggregate(part: dict, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
        if replace_nan and part["allnan"].any():
            raise ValueError("All-NaN slice encountered")
        index = part["i"].astype(np.intp)
        if flat:
            index = index.reshape((1,) * len(shape) if keepdims else ())
            return index
        return _finish(index, axis, keepdims)

    chunk.__name__ = aggregate.__name__ = fname
    return reduction(x, chunk, fold(merge), aggregate, axis=axes, keepdims=keepdims,
                     dtype=np.dtype(np.intp), name=fname, split_every=split_every, per_block=offsets)


@implements(np.argmin)
def argmin(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
           split_every: Any = None) -> Array:
    """Index of the minimum (first occurrence; NaN counts as the minimum, as in NumPy).

    >>> import lazyarr as la
    >>> la.argmin(la.from_array([3, 1, 2, 1], chunks=2)).compute()
    np.int64(1)
    """
    _no_out("argmin", out)
    return _arg("argmin", a, axis, keepdims, split_every, False)


@implements(np.argmax)
def argmax(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
           split_every: Any = None) -> Array:
    """Index of the maximum (first occurrence; NaN counts as the maximum, as in NumPy).

    >>> import lazyarr as la
    >>> la.argmax(la.from_array([3, 1, 3, 1], chunks=2)).compute()
    np.int64(0)
    """
    _no_out("argmax", out)
    return _arg("argmax", a, axis, keepdims, split_every, False)


@implements(np.nanargmin)
def nanargmin(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
              split_every: Any = None) -> Array:
    """Index of the minimum ignoring NaN; an all-NaN slice raises ValueError when computed.

    >>> import numpy as np, lazyarr as la
    >>> la.nanargmin(la.from_array(np.array([np.nan, 2.0, 1.0]), chunks=2)).compute()
    np.int64(2)
    """
    _no_out("nanargmin", out)
    return _arg("nanargmin", a, axis, keepdims, split_every, True)


@implements(np.nanargmax)
def nanargmax(a: Any, axis: int | None = None, out: None = None, *, keepdims: bool = False,
              split_every: Any = None) -> Array:
    """Index of the maximum ignoring NaN; an all-NaN slice raises ValueError when computed.

    >>> import numpy as np, lazyarr as la
    >>> la.nanargmax(la.from_array(np.array([np.nan, 2.0, 1.0]), chunks=2)).compute()
    np.int64(1)
    """
    _no_out("nanargmax", out)
    return _arg("nanargmax", a, axis, keepdims, split_every, True)


# -- cumulative: per-block scan + a chain of carries -------------------------------------------
def _carry(previous: Any, total: np.ndarray, binop: np.ufunc) -> np.ndarray:
    return total if previous is None else binop(previous, total)


def _apply_carry(block: np.ndarray, carry: Any, binop: np.ufunc) -> np.ndarray:
    return block if carry is None else binop(carry, block)


def _last(block: np.ndarray, axis: int) -> np.ndarray:
    return np.take(block, [-1], axis=axis) if block.shape[axis] else None  # type: ignore[return-value]


def _cumulative(fname: str, npfunc: Callable, binop: np.ufunc, a: Any, axis: Any, dtype: Any,
                include_initial: bool = False) -> Array:
    x = _lazy(a)
    if axis is None:
        from .manipulation import ravel

        x = ravel(x)
        axis = 0
    axis = normalize_axis_index(axis, x.ndim) if x.ndim else 0
    if x.ndim == 0:
        from .manipulation import reshape

        x = reshape(x, (1,))
    kw = {} if dtype is None else {"dtype": dtype}
    out_dtype = _sample_dtype(npfunc, x, axis=axis, **kw)
    token = tokenize(fname, x.name, axis, out_dtype)
    scanned = blockwise_array(_scan, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)), npfunc, axis,
                                      out_dtype], x.chunks, out_dtype, name=f"{fname}-scan-{token}",
                              inputs=[x], label=fname)
    if x.numblocks[axis] == 1:
        return scanned
    totals = blockwise_array(_last, [BlockRef(scanned.name, Aligned(x.numblocks, x.ndim)), axis],
                             tuple((1,) * len(c) if i == axis else c for i, c in enumerate(x.chunks)),
                             out_dtype, name=f"{fname}-last-{token}", inputs=[scanned], label=fname)
    # Block i's carry combines the carry of block i-1 with block i-1's total: a chain.
    carry_name = f"{fname}-carry-{token}"
    tasks = {}
    import itertools

    for idx in itertools.product(*(range(n) for n in x.numblocks)):
        i = idx[axis]
        if i == 0:
            tasks[Key(carry_name, idx)] = Task(literal, (None,))
        else:
            prev = idx[:axis] + (i - 1,) + idx[axis + 1:]
            tasks[Key(carry_name, idx)] = Task(_carry, (Key(carry_name, prev), Key(totals.name, prev), binop))
    layer = MaterializedLayer(carry_name, tasks, label=fname)
    graph = Graph.from_layer(layer, [totals.graph])
    carries = Array(graph, carry_name, x.chunks, out_dtype)
    return blockwise_array(_apply_carry, [BlockRef(scanned.name, Aligned(x.numblocks, x.ndim)),
                                          BlockRef(carry_name, Aligned(x.numblocks, x.ndim)), binop],
                           x.chunks, out_dtype, name=f"{fname}-{token}", inputs=[scanned, carries],
                           label=fname)


def _scan(block: np.ndarray, npfunc: Callable, axis: int, dtype: np.dtype) -> np.ndarray:
    return npfunc(block, axis=axis, dtype=dtype)


@implements(np.cumsum)
def cumsum(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative sum (lazy ``numpy.cumsum``; ``axis=None`` flattens first).

    >>> import lazyarr as la
    >>> la.cumsum(la.arange(6, chunks=2)).compute()
    array([ 0,  1,  3,  6, 10, 15])
    """
    _no_out("cumsum", out)
    return _cumulative("cumsum", np.cumsum, np.add, a, axis, dtype)


@implements(np.cumprod)
def cumprod(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative product (lazy ``numpy.cumprod``; ``axis=None`` flattens first).

    >>> import lazyarr as la
    >>> la.cumprod(la.arange(1, 6, chunks=2)).compute()
    array([  1,   2,   6,  24, 120])
    """
    _no_out("cumprod", out)
    return _cumulative("cumprod", np.cumprod, np.multiply, a, axis, dtype)


@implements(np.nancumsum)
def nancumsum(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative sum treating NaN as zero (lazy ``numpy.nancumsum``).

    >>> import numpy as np, lazyarr as la
    >>> la.nancumsum(la.from_array(np.array([1.0, np.nan, 2.0]), chunks=2)).compute()
    array([1., 1., 3.])
    """
    _no_out("nancumsum", out)
    return _cumulative("nancumsum", np.nancumsum, np.add, a, axis, dtype)


@implements(np.nancumprod)
def nancumprod(a: Any, axis: int | None = None, dtype: Any = None, out: None = None) -> Array:
    """Cumulative product treating NaN as one (lazy ``numpy.nancumprod``).

    >>> import numpy as np, lazyarr as la
    >>> la.nancumprod(la.from_array(np.array([2.0, np.nan, 3.0]), chunks=2)).compute()
    array([2., 2., 6.])
    """
    _no_out("nancumprod", out)
    return _cumulative("nancumprod", np.nancumprod, np.multiply, a, axis, dtype)


def cumulative_sum(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                   include_initial: bool = False) -> Array:
    """Array API ``cumulative_sum`` (``axis`` required for arrays with more than one dimension).

    >>> import lazyarr as la
    >>> la.cumulative_sum(la.arange(4, chunks=2), include_initial=True).compute()
    array([0, 0, 1, 3, 6])
    """
    return _cumulative_api("cumulative_sum", cumsum, np.add, x, axis, dtype, include_initial, 0)


def cumulative_prod(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                    include_initial: bool = False) -> Array:
    """Array API ``cumulative_prod``.

    >>> import lazyarr as la
    >>> la.cumulative_prod(la.arange(1, 4, chunks=2)).compute()
    array([1, 2, 6])
    """
    return _cumulative_api("cumulative_prod", cumprod, np.multiply, x, axis, dtype, include_initial, 1)


def _cumulative_api(fname: str, func: Callable, binop: Any, x: Any, axis: Any, dtype: Any,
                    include_initial: bool, identity: int) -> Array:
    x = _lazy(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError(f"{fname}: axis must be given for arrays with more than one dimension")
        axis = 0
    result = func(x, axis=axis, dtype=dtype)
    if include_initial:
        from .creation import full
        from .manipulation import concatenate

        ax = normalize_axis_index(axis, result.ndim)
        shape = tuple(1 if i == ax else s for i, s in enumerate(result.shape))
        result = concatenate([full(shape, identity, dtype=result.dtype), result], axis=ax)
    return result


# -- ufunc.reduce / ufunc.accumulate (NEP 13) --------------------------------------------------
_KNOWN_REDUCE = {np.add: sum, np.multiply: prod, np.minimum: min, np.maximum: max,
                 np.logical_and: all, np.logical_or: any}


def _reorderable(ufunc: np.ufunc, dtype: np.dtype) -> bool:
    try:
        ufunc.reduce(np.ones((1, 1), dtype=dtype), axis=(0, 1))
        return True
    except (ValueError, TypeError):
        return False


def ufunc_reduce(ufunc: np.ufunc, array: Any, axis: Any = 0, dtype: Any = None, out: Any = None,
                 keepdims: bool = False, initial: Any = _NoValue, where: Any = True) -> Array:
    """``ufunc.reduce`` on a lazy array: a tree reduction when the ufunc allows reordering."""
    _no_out(f"{ufunc.__name__}.reduce", out)
    x = _lazy(array)
    known = _KNOWN_REDUCE.get(ufunc)
    if known is not None and ufunc not in (np.logical_and, np.logical_or):
        kwargs: dict[str, Any] = {"initial": initial, "where": where}
        if known in (sum, prod):
            kwargs["dtype"] = dtype
        return known(x, axis=axis, keepdims=keepdims, **kwargs)
    axes = _axes(f"{ufunc.__name__}.reduce", axis, x.ndim)
    if _reorderable(ufunc, x.dtype):
        kw: dict[str, Any] = {} if dtype is None else {"dtype": dtype}
        if initial is not _NoValue:
            kw["initial"] = initial

        def npfunc(block: np.ndarray, axis: tuple, keepdims: bool = False, **more: Any) -> Any:
            return ufunc.reduce(block, axis=axis, keepdims=keepdims, **{**kw, **more})

        return _simple(f"{ufunc.__name__}_reduce", npfunc, ufunc, x, axes, None, keepdims, None, where)
    if len(axes) != 1:
        raise ValueError(f"reduction operation '{ufunc.__name__}' is not reorderable, so at most "
                         f"one axis may be specified")
    from .manipulation import _single_block_apply

    return _single_block_apply(x, axes[0], _ufunc_reduce_block, ufunc, keepdims, dtype, initial,
                               drop=not keepdims, label=f"{ufunc.__name__}.reduce")


def _ufunc_reduce_block(block: np.ndarray, axis: int, ufunc: np.ufunc, keepdims: bool, dtype: Any,
                        initial: Any) -> np.ndarray:
    kw: dict[str, Any] = {"dtype": dtype}
    if initial is not _NoValue:
        kw["initial"] = initial
    return ufunc.reduce(block, axis=axis, keepdims=keepdims, **kw)


def ufunc_accumulate(ufunc: np.ufunc, array: Any, axis: int = 0, dtype: Any = None,
                     out: Any = None) -> Array:
    """``ufunc.accumulate`` on a lazy array: a blocked scan when the ufunc is associative."""
    _no_out(f"{ufunc.__name__}.accumulate", out)
    if ufunc is np.add:
        return cumsum(array, axis=axis, dtype=dtype)
    if ufunc is np.multiply:
        return cumprod(array, axis=axis, dtype=dtype)
    x = _lazy(array)
    if _reorderable(ufunc, x.dtype):
        def npfunc(block: np.ndarray, axis: int, dtype: Any = None) -> np.ndarray:
            return ufunc.accumulate(block, axis=axis, dtype=dtype)

        npfunc.__name__ = f"{ufunc.__name__}_accumulate"
        return _cumulative(npfunc.__name__, npfunc, ufunc, x, axis, dtype)
    from .manipulation import _single_block_apply

    return _single_block_apply(x, normalize_axis_index(axis, x.ndim), _ufunc_accumulate_block, ufunc,
                               dtype, drop=False, label=f"{ufunc.__name__}.accumulate")


def _ufunc_accumulate_block(block: np.ndarray, axis: int, ufunc: np.ufunc, dtype: Any) -> np.ndarray:
    return ufunc.accumulate(block, axis=axis, dtype=dtype)
