"""Mean, variance and standard deviation (and their NaN-ignoring versions).

A mean's partials are ``(count, sum)`` per block: the sums add up, and the mean is one
division at the end, as NumPy computes it (so integer data gives NumPy's mean exactly).
Variance partials are ``(count, mean, M2)``, merged with Chan's parallel formula; the
mean is carried as a compensated pair so data with a large mean stays accurate.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blocktype import is_masked_type
from ...core.reduction import fold, reduction
from ...core.validate import check_axis
from ..registry import implements
from .utils import _axes, _finish, _in_any_order, _lazy, _no_out, _NoValue, _sample_dtype, _where

__all__ = ["mean", "std", "var", "nanmean", "nanstd", "nanvar"]


# -- mean, var, std: partials are dicts of arrays --------------------------------------------
def _moments(fname: str, x: Any, axis: Any, dtype: Any, keepdims: bool, split_every: Any,
             where: Any, ddof: float, kind: str, nan: bool, correction: Any = None) -> Array:
    x = _lazy(x)
    if correction is not None:
        ddof = correction
    if not nan and isinstance(axis, (bool, np.bool_)):
        check_axis(fname, int(axis), x.ndim)  # NumPy's mean checks a bool axis's range before its type
    axes = _axes(fname, axis, x.ndim, scalar_axis=nan)  # NumPy's nan-versions are ufunc reductions
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
    masked = is_masked_type(x.block_type)

    # Partials of module-level functions, not closures: graphs must pickle.
    chunk = partial(_moments_chunk, nan=nan, acc=acc, need_m2=need_m2)
    merge = partial(_moments_merge, need_m2=need_m2)
    aggregate = partial(_moments_aggregate, kind=kind, ddof=ddof, out_dtype=out_dtype, masked=masked)
    x = _in_any_order(x, axes, extras)
    return reduction(x, chunk, fold(merge), aggregate, axis=axes, keepdims=keepdims, dtype=out_dtype,
                     name=fname, split_every=split_every, extras=extras)


def _ma_result_mask(kind: str, value: np.ndarray, n: np.ndarray, ddof: float, axis: tuple[int, ...],
                    keepdims: bool) -> np.ndarray:
    """Which results ``numpy.ma`` masks: nothing to divide by, and (its divisions mask them) invalid values.

    numpy.ma's mean, var and std differ in details, reproduced here: a 0-d result is masked
    where the division is (count 0, or NaN/inf); along axes, the mean masks invalid results,
    the variance only slices with count - ddof <= 0, and the std (a masked square root)
    invalid results too.
    """
    finite = np.isfinite(value)
    if not keepdims and len(axis) == n.ndim:  # a 0-d result
        return (n - (0 if kind == "mean" else ddof) == 0) | ~finite
    if kind == "mean":
        return (n == 0) | ~finite
    mask = (n == 0) | (n - ddof <= 0)
    return mask | ~finite if kind == "std" else mask


def _moments_chunk(block: np.ndarray, *w: np.ndarray, axis: tuple[int, ...], nan: bool, acc: np.dtype,
                   need_m2: bool) -> dict:
    """One block's partial: count and sum, or count, mean (a compensated pair) and M2."""
    mask = w[0] if w else None
    if isinstance(block, np.ma.MaskedArray):
        # Masked values are left out exactly as where=False ones are: the mask is a where=.
        valid = ~np.ma.getmaskarray(block)
        mask = valid if mask is None else (mask & valid)
        block = np.ma.getdata(block)
    if nan and block.dtype.kind in "fc":
        valid = ~np.isnan(block)
        mask = valid if mask is None else (mask & valid)
    if mask is None:  # the same count everywhere: a broadcast scalar, no memory
        n = np.broadcast_to(np.float64(math.prod(block.shape[i] for i in axis)),
                            [1 if i in axis else s for i, s in enumerate(block.shape)])
        total = np.sum(block, axis=axis, keepdims=True, dtype=acc)
    else:
        mask = np.broadcast_to(mask, block.shape)
        n = np.sum(mask, axis=axis, keepdims=True, dtype=np.float64)
        total = np.sum(block, axis=axis, keepdims=True, dtype=acc, where=mask)
    if not need_m2:  # a plain mean: the sum (no second pass over the block)
        return {"n": n, "total": total}
    where_kw: dict[str, Any] = {} if mask is None else {"where": mask}
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        safe_n = np.where(n == 0, 1, n)
        mu = total / safe_n
        # The mean is kept as a pair (mean, comp): comp holds what rounding mu lost, so
        # merging blocks of data with a huge mean (1e9 + noise) stays accurate to ~1e-16.
        centred = block - mu
        comp = np.sum(centred, axis=axis, keepdims=True, dtype=acc, **where_kw) / safe_n
    dev = centred - comp
    dev = dev.real**2 + dev.imag**2 if dev.dtype.kind == "c" else dev**2
    return {"n": n, "mean": mu, "comp": comp, "m2": np.sum(dev, axis=axis, keepdims=True, **where_kw)}


def _moments_merge(a: dict, b: dict, need_m2: bool) -> dict:
    """Two partials merged into one (Chan et al.'s parallel update for M2)."""
    n = a["n"] + b["n"]
    if not need_m2:
        return {"n": n, "total": a["total"] + b["total"]}
    safe = np.where(n == 0, 1, n)
    with np.errstate(invalid="ignore", over="ignore"):
        # The mean is carried in two parts (mean, comp), as in _moments_chunk.
        delta = (b["mean"] - a["mean"]) + (b["comp"] - a["comp"])
        shift = delta * (b["n"] / safe)
        mean = a["mean"] + shift
        comp = a["comp"] + (shift - (mean - a["mean"]))
        pick_a, pick_b = b["n"] == 0, a["n"] == 0
        d2 = delta.real**2 + delta.imag**2 if np.iscomplexobj(delta) else delta**2
        m2 = a["m2"] + b["m2"] + d2 * (a["n"] * b["n"] / safe)
        return {"n": n,
                "mean": np.where(pick_a, a["mean"], np.where(pick_b, b["mean"], mean)),
                "comp": np.where(pick_a, a["comp"], np.where(pick_b, b["comp"], comp)),
                "m2": np.where(pick_a, a["m2"], np.where(pick_b, b["m2"], m2))}


def _moments_aggregate(part: dict, axis: tuple[int, ...], keepdims: bool, kind: str, ddof: float,
                       out_dtype: np.dtype, masked: bool) -> np.ndarray:
    """The mean, variance or standard deviation from the final partial."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "mean":
            n = part["n"]
            # nan where nothing was counted; the plain division when every count is positive
            value = part["total"] / n if np.all(n) else \
                np.where(n == 0, np.nan, part["total"] / np.where(n == 0, 1, n))
        else:
            value = part["m2"] / np.maximum(part["n"] - ddof, 0)
            if kind == "std":
                value = np.sqrt(value)
    value = np.asarray(value).astype(out_dtype, copy=False)
    if masked:
        value = np.ma.masked_array(value, mask=_ma_result_mask(kind, value, part["n"], ddof, axis, keepdims))
    return _finish(value, axis, keepdims)


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


def moment(a: Any, order: int, axis: Any = None, dtype: Any = None, keepdims: bool = False, ddof: int = 0,
           split_every: Any = None, out: None = None) -> Array:
    """The *order*-th central moment, ``sum((a - mean) ** order) / (n - ddof)`` (dask's ``moment``).

    Two passes over the data: the mean first, then the sum of powered deviations (as
    ``scipy.stats.moment`` computes it, so large means do not swamp small deviations).
    Orders 0 and 1 are exactly 1 and 0.

    >>> import lazyarr as la
    >>> la.moment(la.arange(10, chunks=3), 2).compute()
    np.float64(8.25)
    """
    _no_out("moment", out)
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or order < 0:
        raise ValueError(f"moment: order must be an integer >= 0, got {order!r}")
    x = _lazy(a)
    axes = _axes("moment", axis, x.ndim)
    if dtype is not None:
        out_dtype = np.dtype(dtype)
    else:  # like mean: integers and booleans give float64
        out_dtype = x.dtype if x.dtype.kind in "fc" else np.dtype(np.float64)
    from .basic import sum as _sum

    if order < 2:
        shape_like = _sum(x, axis=axes, keepdims=keepdims, dtype=out_dtype)
        return shape_like * 0 + (1 if order == 0 else 0)

    centre = mean(x, axis=axes, keepdims=True, dtype=out_dtype)
    count: Any = math.prod(x.shape[i] for i in axes)
    if math.isnan(count):  # unknown lengths (after boolean indexing): count the elements lazily
        from ..elementwise.functions import where

        count = _sum(where(x == x, 1, 1), axis=axes, keepdims=keepdims)
    total = _sum((x - centre) ** order, axis=axes, keepdims=keepdims, dtype=out_dtype, split_every=split_every)
    return total / (count - ddof)


__all__ += ["moment"]
