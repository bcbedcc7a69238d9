"""Elementwise functions that are not ufuncs: where, clip, isclose, round, astype, ...

Each is one :func:`~lazyarr.core.blockwise.elemwise` call with the NumPy function
(or a tiny wrapper), so broadcasting, chunk alignment and dtypes follow NumPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy as _lazy
from ..array_api.info import check_device
from ..registry import implements
from .ufuncs import write_out

__all__ = [
    "angle", "around", "astype", "clip", "fix", "imag", "iscomplex", "iscomplexobj", "isclose",
    "isneginf", "isposinf", "isreal", "isrealobj", "nan_to_num", "real", "round", "sinc", "where",
]


def _astype_block(block: np.ndarray, dtype: np.dtype, casting: str) -> np.ndarray:
    return block.astype(dtype, casting=casting, copy=False)


def astype(x: Any, dtype: Any, /, *, casting: str = "unsafe", copy: bool = True, device: Any = None) -> Array:
    """Cast to *dtype* (``x.astype(dtype)``; also the Array API function).

    >>> import lazyarr as la
    >>> la.astype(la.arange(3), "float32").dtype
    dtype('float32')
    """
    check_device("astype", device)
    x = _lazy(x)
    dtype = np.dtype(dtype)
    if dtype == x.dtype:
        return x
    if not np.can_cast(x.dtype, dtype, casting=casting):
        raise TypeError(f"Cannot cast array data from {x.dtype!r} to {dtype!r} according to the rule "
                        f"{casting!r}")
    return elemwise(_astype_block, x, dtype, casting, dtype=dtype, label="astype")


def _where3(condition: Any, x: Any, y: Any) -> Any:
    return np.where(condition, x, y)


@implements(np.where)
def where(condition: Any, x: Any = None, y: Any = None) -> Any:
    """Choose from *x* or *y* by *condition* (lazy ``numpy.where``).

    With only *condition*, returns the indices of true elements (``nonzero``).

    >>> import lazyarr as la
    >>> x = la.arange(4, chunks=2)
    >>> la.where(x > 1, x, -1).compute()
    array([-1, -1,  2,  3])
    """
    if x is None and y is None:
        from ..indexing.searching import nonzero

        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    return elemwise(_where3, condition, x, y, label="where")


_NO_VALUE = object()  # "not given", so that a_min=None (no lower bound) differs from nothing


@implements(np.clip)
def clip(x: Any, /, min: Any = None, max: Any = None, *, out: Any = None, a_min: Any = _NO_VALUE,
         a_max: Any = _NO_VALUE, **kwargs: Any) -> Array:
    """Limit values to [min, max] (lazy ``numpy.clip``; the Array API's ``clip(x, /, min, max)``).

    NumPy's older names ``a_min``/``a_max`` are accepted as keywords; ``out=`` takes a lazy
    array, which is rebound to the result (as the ufuncs' ``out=``). A bound of None means
    no bound on that side.

    >>> import lazyarr as la
    >>> la.clip(la.arange(5, chunks=2), 1, 3).compute()
    array([1, 1, 2, 3, 3])
    >>> la.clip(la.arange(5, chunks=2), a_min=2, a_max=None).compute()
    array([2, 2, 2, 3, 4])
    """
    for old, new, value in (("a_min", "min", min), ("a_max", "max", max)):
        given = a_min if old == "a_min" else a_max
        if given is not _NO_VALUE and value is not None:
            raise TypeError(f"clip: pass either {new}= or {old}=, not both")
    lo = min if a_min is _NO_VALUE else a_min
    hi = max if a_max is _NO_VALUE else a_max
    result = elemwise(np.clip, _lazy(x), lo, hi, label="clip", **kwargs)
    return result if out is None else write_out("clip", result, out)


@implements(np.isclose)
def isclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Array:
    """Elementwise closeness test (lazy ``numpy.isclose``).

    >>> import lazyarr as la
    >>> la.isclose(la.ones(2), 1 + 1e-10).compute()
    array([ True,  True])
    """
    return elemwise(np.isclose, a, b, rtol=rtol, atol=atol, equal_nan=equal_nan, label="isclose")


@implements(np.iscomplexobj)
def iscomplexobj(x: Any) -> bool:
    """Whether *x* has a complex dtype (``numpy.iscomplexobj``): a bool from the dtype, nothing computed.

    >>> import lazyarr as la
    >>> la.iscomplexobj(la.ones(2) * 1j), la.iscomplexobj(la.ones(2))
    (True, False)
    """
    if is_array(x):
        return issubclass(x.dtype.type, np.complexfloating)
    return bool(np.iscomplexobj(x))


@implements(np.isrealobj)
def isrealobj(x: Any) -> bool:
    """Whether *x* has a non-complex dtype (``numpy.isrealobj``): a bool from the dtype, nothing computed.

    >>> import lazyarr as la
    >>> la.isrealobj(la.ones(2)), la.isrealobj(la.ones(2) * 1j)
    (True, False)
    """
    return not iscomplexobj(x)


@implements(np.around, np.round)
def around(a: Any, decimals: int = 0, out: None = None) -> Array:
    """Round to *decimals* (lazy ``numpy.round``).

    >>> import lazyarr as la
    >>> la.round(la.asarray([1.26, 2.5]), 1).compute()
    array([1.3, 2.5])
    """
    return elemwise(np.round, _lazy(a), decimals=decimals, label="round")


round = around


@implements(np.nan_to_num)
def nan_to_num(x: Any, copy: bool = True, nan: float = 0.0, posinf: Any = None, neginf: Any = None) -> Array:
    """Replace NaN and infinities by numbers (lazy ``numpy.nan_to_num``).

    >>> import numpy as np, lazyarr as la
    >>> la.nan_to_num(la.asarray([np.nan, 1.0])).compute()
    array([0., 1.])
    """
    return elemwise(np.nan_to_num, _lazy(x), nan=nan, posinf=posinf, neginf=neginf, label="nan_to_num")


@implements(np.real)
def real(val: Any) -> Array:
    """Real part (lazy ``numpy.real``).

    >>> import lazyarr as la
    >>> la.real(la.asarray([1 + 2j])).compute()
    array([1.])
    """
    return elemwise(np.real, _lazy(val), label="real")


@implements(np.imag)
def imag(val: Any) -> Array:
    """Imaginary part (lazy ``numpy.imag``).

    >>> import lazyarr as la
    >>> la.imag(la.asarray([1 + 2j])).compute()
    array([2.])
    """
    return elemwise(np.imag, _lazy(val), label="imag")


@implements(np.angle)
def angle(z: Any, deg: bool = False) -> Array:
    """Angle of complex values (lazy ``numpy.angle``).

    >>> import lazyarr as la
    >>> la.angle(la.asarray([1j])).compute()
    array([1.57079633])
    """
    return elemwise(np.angle, _lazy(z), deg=deg, label="angle")


@implements(np.iscomplex)
def iscomplex(x: Any) -> Array:
    """Elementwise: has a non-zero imaginary part.

    >>> import lazyarr as la
    >>> la.iscomplex(la.asarray([1 + 0j, 1j])).compute()
    array([False,  True])
    """
    return elemwise(np.iscomplex, _lazy(x), label="iscomplex")


@implements(np.isreal)
def isreal(x: Any) -> Array:
    """Elementwise: has a zero imaginary part.

    >>> import lazyarr as la
    >>> la.isreal(la.asarray([1 + 0j, 1j])).compute()
    array([ True, False])
    """
    return elemwise(np.isreal, _lazy(x), label="isreal")


@implements(np.isneginf)
def isneginf(x: Any, out: None = None) -> Array:
    """Elementwise: is negative infinity.

    >>> import numpy as np, lazyarr as la
    >>> la.isneginf(la.asarray([-np.inf, 0.0])).compute()
    array([ True, False])
    """
    return elemwise(np.isneginf, _lazy(x), label="isneginf")


@implements(np.isposinf)
def isposinf(x: Any, out: None = None) -> Array:
    """Elementwise: is positive infinity.

    >>> import numpy as np, lazyarr as la
    >>> la.isposinf(la.asarray([np.inf, 0.0])).compute()
    array([ True, False])
    """
    return elemwise(np.isposinf, _lazy(x), label="isposinf")


@implements(np.fix)
def fix(x: Any, out: None = None) -> Array:
    """Round toward zero.

    >>> import lazyarr as la
    >>> la.fix(la.asarray([-1.5, 1.5])).compute()
    array([-1.,  1.])
    """
    return elemwise(np.fix, _lazy(x), label="fix")


@implements(np.sinc)
def sinc(x: Any) -> Array:
    """Normalized sinc function.

    >>> import lazyarr as la
    >>> la.sinc(la.asarray([0.0])).compute()
    array([1.])
    """
    return elemwise(np.sinc, _lazy(x), label="sinc")
