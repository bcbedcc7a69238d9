"""Whole-array comparisons that answer yes or no: ``allclose``, ``array_equal``, ``array_equiv``.

NumPy returns a Python ``bool`` for these, so lazyarr does too: each builds the lazy
elementwise test and its ``all()`` reduction, then computes that one value. (dask returns
a lazy 0-d array instead; for a lazy answer use ``la.isclose(a, b).all()``.) Shapes that
cannot match are answered without computing anything; with unknown (nan) sizes the two
arrays are computed and compared by NumPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.compute import compute
from ...core.data import as_lazy
from ..elementwise.functions import isclose
from ..elementwise.ufuncs import apply_ufunc
from ..registry import implements

__all__ = ["allclose", "array_equal", "array_equiv"]


def _known(shape: tuple) -> bool:
    return not any(s != s for s in shape)  # nan: unknown until computed


@implements(np.allclose)
def allclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """Whether all elements are close (``numpy.allclose``): computes, returns a bool.

    >>> import lazyarr as la
    >>> la.allclose(la.ones(4, chunks=2), 1 + 1e-10)
    True
    """
    return bool(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan).all().compute())


@implements(np.array_equal)
def array_equal(a1: Any, a2: Any, equal_nan: bool = False) -> bool:
    """Whether two arrays have the same shape and elements (``numpy.array_equal``): a bool.

    Different (known) shapes give ``False`` without computing.

    >>> import numpy as np, lazyarr as la
    >>> x = la.arange(4, chunks=2)
    >>> la.array_equal(x, np.arange(4)), la.array_equal(x, x[:3])
    (True, False)
    """
    a1, a2 = as_lazy(a1), as_lazy(a2)
    if not (_known(a1.shape) and _known(a2.shape)):  # blocks cannot be lined up: compare the values
        return bool(np.array_equal(*compute(a1, a2), equal_nan=equal_nan))
    if a1.shape != a2.shape:
        return False
    equal = apply_ufunc(np.equal, a1, a2)
    if equal_nan:
        both_nan = apply_ufunc(np.logical_and, apply_ufunc(np.isnan, a1), apply_ufunc(np.isnan, a2))
        equal = apply_ufunc(np.logical_or, equal, both_nan)
    return bool(equal.all().compute())


@implements(np.array_equiv)
def array_equiv(a1: Any, a2: Any) -> bool:
    """Whether two arrays broadcast to each other with equal elements (``numpy.array_equiv``): a bool.

    Shapes that do not broadcast give ``False`` without computing.

    >>> import lazyarr as la
    >>> la.array_equiv(la.ones((2, 3)), [1, 1, 1]), la.array_equiv(la.ones((2, 3)), [1, 1])
    (True, False)
    """
    a1, a2 = as_lazy(a1), as_lazy(a2)
    if not (_known(a1.shape) and _known(a2.shape)):  # blocks cannot be lined up: compare the values
        return bool(np.array_equiv(*compute(a1, a2)))
    try:
        np.broadcast_shapes(a1.shape, a2.shape)
    except ValueError:
        return False
    return bool(apply_ufunc(np.equal, a1, a2).all().compute())
