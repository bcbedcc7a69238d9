"""Elementwise choices and tests: ``select``, ``piecewise``, ``isnull``/``notnull``, ``i0``.

Each runs NumPy's own function block by block on aligned blocks of all its inputs, so the
result is NumPy's, block for block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy as _lazy
from ..registry import implements

__all__ = ["i0", "isnull", "notnull", "piecewise", "select"]


def _select_block(*blocks: np.ndarray, n: int) -> np.ndarray:
    """Blocks of the n conditions, the n choices, then the default (an array or a scalar)."""
    return np.select(list(blocks[:n]), list(blocks[n:2 * n]), blocks[2 * n])


@implements(np.select)
def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Array:
    """Elements from *choicelist* where the matching condition first holds (lazy ``numpy.select``).

    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4)
    >>> la.select([x < 2, x > 3], [x, x ** 2], default=-1).compute()
    array([ 0,  1, -1, -1, 16, 25])
    """
    condlist, choicelist = list(condlist), list(choicelist)
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: list of cases must be same length as list of conditions, got "
                         f"{len(condlist)} conditions and {len(choicelist)} choices")
    if not condlist:
        raise ValueError("select: select with an empty condition list is not possible")
    for i, c in enumerate(condlist):
        dtype = c.dtype if hasattr(c, "dtype") else np.asarray(c).dtype
        if np.dtype(dtype).kind != "b":
            raise TypeError(f"select: invalid entry {i} in condlist: should be boolean ndarray, got dtype {dtype}")
    if not any(is_array(a) for a in condlist + choicelist + [default]):
        condlist[0] = _lazy(condlist[0])
    samples = [np.ones(1, dtype=getattr(c, "dtype", np.asarray(c).dtype)) for c in choicelist]
    # a scalar default keeps NumPy's weak typing of Python scalars; an array default its dtype
    default_sample = np.ones(1, dtype=np.asarray(default).dtype if not is_array(default) else default.dtype) \
        if is_array(default) or np.ndim(default) else default
    dtype = np.select([np.zeros(1, dtype=bool)] * len(samples), samples, default_sample).dtype
    return elemwise(_select_block, *condlist, *choicelist, default, dtype=dtype, label="select", n=len(condlist))


def _piecewise_block(x: np.ndarray, *conds: np.ndarray, funclist: list, args: tuple, kw: dict) -> np.ndarray:
    return np.piecewise(x, list(conds), funclist, *args, **kw)


@implements(np.piecewise)
def piecewise(x: Any, condlist: Any, funclist: Sequence[Any], *args: Any, **kw: Any) -> Array:
    """Evaluate a function (or constant) per condition (lazy ``numpy.piecewise``).

    The conditions are broadcast against *x*; functions run block by block and receive the
    block's selected elements, exactly as NumPy calls them. The result has *x*'s dtype.

    >>> import lazyarr as la
    >>> x = la.linspace(-2, 2, 5, chunks=2)
    >>> la.piecewise(x, [x < 0, x >= 0], [lambda v: -v, lambda v: v * 10]).compute()
    array([ 2.,  1.,  0., 10., 20.])
    """
    x = _lazy(x)
    if is_array(condlist) or isinstance(condlist, np.ndarray) and condlist.dtype == bool and condlist.ndim == x.ndim:
        condlist = [condlist]
    conds = list(condlist)
    n = len(conds)
    if len(funclist) not in (n, n + 1):
        raise ValueError(f"piecewise: with {n} condition(s), either {n} or {n + 1} functions are expected, "
                         f"got {len(funclist)}")
    return elemwise(_piecewise_block, x, *conds, dtype=x.dtype, label="piecewise", funclist=list(funclist),
                    args=args, kw=kw)


def _isnull_block(block: np.ndarray) -> np.ndarray:
    kind = block.dtype.kind
    if kind in "fc":
        return np.isnan(block)
    if kind in "mM":
        return np.isnat(block)
    if kind == "O":  # None and NaN-like objects (anything not equal to itself)
        return np.frompyfunc(lambda v: v is None or v != v, 1, 1)(block).astype(bool)
    return np.zeros(block.shape, dtype=bool)


def isnull(values: Any) -> Array:
    """True where a value is missing: NaN, NaT or ``None`` (pandas' ``isnull``, without pandas).

    >>> import numpy as np, lazyarr as la
    >>> la.isnull(la.from_array(np.array([1.0, np.nan, 3.0]))).compute()
    array([False,  True, False])
    """
    return elemwise(_isnull_block, _lazy(values), dtype=bool, label="isnull")


def notnull(values: Any) -> Array:
    """True where a value is present: the opposite of :func:`isnull`.

    >>> import numpy as np, lazyarr as la
    >>> la.notnull(la.from_array(np.array([None, "a"], dtype=object))).compute()
    array([False,  True])
    """
    return ~isnull(values)


def _i0_block(block: np.ndarray) -> np.ndarray:
    return np.i0(block)


@implements(np.i0)
def i0(x: Any) -> Array:
    """The modified Bessel function of the first kind, order 0 (lazy ``numpy.i0``).

    >>> import lazyarr as la
    >>> la.i0(la.zeros(2)).compute()
    array([1., 1.])
    """
    x = _lazy(x)
    if x.dtype.kind == "c":
        raise TypeError("i0: i0 not supported for complex values")
    return elemwise(_i0_block, x, label="i0")


