"""Shared pieces of the reduction modules: arguments, dtypes, ``where=`` masks.
"""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ...core import blocktype
from ...core.array import Array
from ...core.data import as_lazy as _lazy
from ...core.validate import check_axes, check_axis

try:
    from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple  # noqa: F401 - re-exported
except ImportError:  # pragma: no cover - NumPy < 2
    pass  # type: ignore

__all__: list[str] = []  # helpers only; the functions live in reductions, moments, ...


_NoValue = np._NoValue  # NumPy's "argument not given" marker


def _axes(fname: str, axis: Any, ndim: int, scalar_axis: bool = False) -> tuple[int, ...]:
    """The reduced axes, checked as NumPy checks them (see ``core/validate.py``).

    With *scalar_axis*, a 0-d array takes ``axis=0`` or ``axis=-1`` (an int, not a tuple)
    and reduces nothing, as NumPy's ufunc reductions (``np.sum``, ``np.max``, ...) allow.
    """
    if scalar_axis and ndim == 0 and not isinstance(axis, (tuple, list, bool)) and axis is not None:
        check_axis(fname, axis, 1)
        return ()
    return check_axes(fname, axis, ndim)


def _sample_dtype(npfunc: Callable, x: Array, **kwargs: Any) -> np.dtype:
    # A sample of x's block type: numpy.ma's reductions choose some result types differently
    # (the mean of float32 masked data is float64).
    sample = blocktype.sample(x.block_type, x.ndim, x.dtype)
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


def _in_any_order(x: Array, axes: tuple[int, ...], extras: list) -> Array:
    """*x*, or its elements in a cheaper order when the reduction does not depend on the order.

    A reduction over every axis (``x[x > 0.5].sum()``) sees each element once whatever the
    order, so it may read a boolean selection's per-block pieces instead of the selection
    put in C order. Putting them in order needs a whole band of blocks across the masked
    axes in memory at once (1.8 GB for rows of 200,000 in blocks of 16 MB); the pieces need
    one block at a time. (Floating-point sums may round differently, as any blocked sum does.)
    """
    if extras or len(axes) != x.ndim:  # a where= mask is aligned with x's own order
        return x
    from ..indexing.lazy_indices import unordered

    return unordered(x)


def _where(x: Array, where: Any) -> list[Array]:
    if where is True or where is None:
        return []
    from ..manipulation.shape import broadcast_to

    w = _lazy(where)
    if w.dtype != bool:
        raise TypeError(f"where= must be a boolean array, got dtype {w.dtype}")
    return [broadcast_to(w, x.shape)]


_NO_IDENTITY = (np.minimum, np.maximum, np.fmin, np.fmax)


# NB: this module defines sum/min/max/any/all; use builtins.* for Python's own.


def _no_out(fname: str, out: Any) -> None:
    if out is not None:
        raise TypeError(f"{fname}: out= is not supported for lazy arrays; use the returned array")


def _reorderable(ufunc: np.ufunc, dtype: np.dtype) -> bool:
    try:
        ufunc.reduce(np.ones((1, 1), dtype=dtype), axis=(0, 1))
        return True
    except (ValueError, TypeError):
        return False
