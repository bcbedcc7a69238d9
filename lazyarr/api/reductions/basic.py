"""Reductions: sum, min, max, any, ... and the NEP-13 ``ufunc.reduce``.

Each reduction is three small functions for :func:`lazyarr.core.reduction.reduction`
(chunk, combine, aggregate); the output dtype comes from running the NumPy function
on a one-element sample, so it always matches NumPy. Related families live next door:
``moments.py`` (mean/var/std), ``arg.py`` (argmin/argmax) and ``cumulative.py``
(cumsum/cumprod).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blocktype import merge_partials
from ...core.reduction import reduction
from ..registry import implements
from .utils import (
    _NO_IDENTITY,
    _axes,
    _check_empty,
    _finish,
    _in_any_order,
    _lazy,
    _no_out,
    _NoValue,
    _reorderable,
    _sample_dtype,
    _where,
)

__all__ = ["sum", "prod", "min", "max", "amin", "amax", "any", "all", "ptp", "count_nonzero", "nansum", "nanprod",
           "nanmin", "nanmax"]


# -- sum-like: chunk with the NumPy function, fold partials with a ufunc ----------------------
_DIRECT = {np.sum: np.add, np.prod: np.multiply, np.min: np.minimum, np.max: np.maximum,
           np.amin: np.minimum, np.amax: np.maximum}


def _simple(fname: str, npfunc: Callable, binop: np.ufunc, x: Any, axis: Any, dtype: Any,
            keepdims: bool, split_every: Any, where: Any = True, initial: Any = _NoValue) -> Array:
    x = _lazy(x)
    axes = _axes(fname, axis, x.ndim, scalar_axis=True)
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
    # np.sum and friends are ufunc reductions behind a layer of Python wrappers that costs
    # more than the reduction of a small block: call the ufunc directly on plain ndarrays.
    direct = binop if _DIRECT.get(npfunc) is binop else None

    # Partials of module-level functions, not closures: graphs must pickle.
    chunk = partial(_simple_chunk, npfunc=npfunc, binop=binop, direct=direct, kw=kw, initial=initial)
    combine = partial(_simple_combine, binop=binop)
    aggregate = partial(_simple_aggregate, binop=binop, out_dtype=out_dtype)
    x = _in_any_order(x, axes, extras)
    return reduction(x, chunk, combine, aggregate, axis=axes, keepdims=keepdims, dtype=out_dtype,
                     name=fname, split_every=split_every, extras=extras)


def _simple_chunk(block: np.ndarray, *w: np.ndarray, axis: tuple[int, ...], npfunc: Callable, binop: np.ufunc,
                  direct: np.ufunc | None, kw: dict, initial: Any) -> Any:
    """One block's partial result: the NumPy function with ``keepdims=True``."""
    kwargs: dict[str, Any] = dict(kw)
    if w:
        kwargs["where"] = w[0]
    if initial is not _NoValue:
        kwargs["initial"] = initial
    if (binop in _NO_IDENTITY and initial is _NoValue and not w
            and builtins.any(block.shape[a] == 0 for a in axis)):
        return None  # an empty block (after masking) contributes nothing
    if direct is not None and type(block) is np.ndarray:
        return direct.reduce(block, axis=axis, keepdims=True, **kwargs)
    return npfunc(block, axis=axis, keepdims=True, **kwargs)


def _simple_combine(parts: list, axis: tuple[int, ...], binop: np.ufunc) -> Any:
    """Fold partial results with the reduction's ufunc (``None`` marks an empty block)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    result = parts[0]
    for p in parts[1:]:
        result = merge_partials(binop, result, p)  # binop(result, p), minding masked partials
    return result


def _simple_aggregate(part: Any, axis: tuple[int, ...], keepdims: bool, binop: np.ufunc,
                      out_dtype: np.dtype) -> Any:
    """The final partial, in NumPy's result dtype and shape."""
    if part is None:
        raise ValueError(f"zero-size array to reduction operation {binop.__name__} which has no identity")
    # asanyarray: a masked result (numpy.ma blocks) keeps its mask
    return _finish(np.asanyarray(part).astype(out_dtype, copy=False), axis, keepdims)


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
    if isinstance(block, np.ma.MaskedArray) and not kw:
        return np.nanmin(block, axis=axis, keepdims=keepdims)  # fmin.reduce would ignore the mask
    return np.fmin.reduce(block, axis=axis, keepdims=keepdims, **kw)


def _fmax_reduce(block: np.ndarray, axis: tuple, keepdims: bool = False, **kw: Any) -> np.ndarray:
    if isinstance(block, np.ma.MaskedArray) and not kw:
        return np.nanmax(block, axis=axis, keepdims=keepdims)  # fmax.reduce would ignore the mask
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


# -- ufunc.reduce / ufunc.accumulate (NEP 13) --------------------------------------------------
_KNOWN_REDUCE = {np.add: sum, np.multiply: prod, np.minimum: min, np.maximum: max,
                 np.logical_and: all, np.logical_or: any}


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
        npfunc = partial(_ufunc_reduce_kw, ufunc, kw)
        return _simple(f"{ufunc.__name__}_reduce", npfunc, ufunc, x, axes, None, keepdims, None, where)
    if len(axes) != 1:
        raise ValueError(f"reduction operation '{ufunc.__name__}' is not reorderable, so at most "
                         f"one axis may be specified")
    from ..manipulation.shape import _single_block_apply

    return _single_block_apply(x, axes[0], _ufunc_reduce_block, ufunc, keepdims, dtype, initial,
                               drop=not keepdims, label=f"{ufunc.__name__}.reduce")


def _ufunc_reduce_kw(ufunc: np.ufunc, kw: dict, block: np.ndarray, axis: tuple, keepdims: bool = False,
                     **more: Any) -> Any:
    return ufunc.reduce(block, axis=axis, keepdims=keepdims, **{**kw, **more})


def _ufunc_reduce_block(block: np.ndarray, axis: int, ufunc: np.ufunc, keepdims: bool, dtype: Any,
                        initial: Any) -> np.ndarray:
    kw: dict[str, Any] = {"dtype": dtype}
    if initial is not _NoValue:
        kw["initial"] = initial
    return ufunc.reduce(block, axis=axis, keepdims=keepdims, **kw)
