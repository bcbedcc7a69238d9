"""Weighted means and covariances: ``average``, ``cov``, ``corrcoef``.

These are sums and products, so they stay blocked (no rechunking to one block).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy as _lazy
from ...core.known_sizes import require_known_sizes
from ..registry import implements

try:
    from numpy.lib.array_utils import normalize_axis_tuple
except ImportError:  # pragma: no cover - NumPy < 2
    from numpy.core.numeric import normalize_axis_tuple  # type: ignore

__all__ = ["average", "corrcoef", "cov"]


def _checked_divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    if np.any(den == 0.0):
        raise ZeroDivisionError("average: Weights sum to zero, can't be normalized")
    return num / den


@implements(np.average)
def average(a: Any, axis: Any = None, weights: Any = None, returned: bool = False, *,
            keepdims: bool = False) -> Any:
    """Weighted average (lazy ``numpy.average``).

    Weights that sum to zero raise ``ZeroDivisionError`` when the result is computed.

    >>> import lazyarr as la
    >>> la.average(la.arange(4, chunks=2), weights=[1, 1, 1, 5]).compute()
    np.float64(2.25)
    """
    from ..elementwise.functions import astype
    from ..manipulation.shape import broadcast_to, expand_dims, transpose
    from ..reductions.basic import sum as lazy_sum
    from ..reductions.moments import mean

    x = _lazy(a)
    axes = None if axis is None else tuple(normalize_axis_tuple(axis, x.ndim))
    if weights is None:
        avg = mean(x, axis=axes, keepdims=keepdims)
        if avg.size == 0:  # NumPy scales by a.size / avg.size, a division by zero it raises at call time
            raise ZeroDivisionError(f"average: the result is empty (a has shape {x.shape}, axis={axis!r}), so "
                                    "the count a.size / result.size is a division by zero, as in NumPy")
        if not returned:
            return avg
        count = x.size / avg.size
        from ..creation.basic import full

        return avg, full(avg.shape, count, dtype=avg.dtype)
    w = _lazy(weights)
    if np.issubdtype(x.dtype, np.integer) or x.dtype == np.bool_:
        dtype = np.result_type(x.dtype, w.dtype, "f8")
    else:
        dtype = np.result_type(x.dtype, w.dtype)
    if w.shape != x.shape:
        if axes is None:
            raise TypeError("average: Axis must be specified when shapes of a and weights differ.")
        if w.shape != tuple(x.shape[d] for d in axes):
            raise ValueError(f"average: Shape of weights must be consistent with shape of a along specified axis; "
                             f"got weights {w.shape} for a {x.shape} and axis={axis!r}")
        w = transpose(w, tuple(np.argsort(axes))) if len(axes) > 1 else w
        w = expand_dims(w, tuple(d for d in range(x.ndim) if d not in axes))
        w = broadcast_to(w, x.shape, chunks=x.chunks)
    w = astype(w, dtype)
    scl = lazy_sum(w, axis=axes, dtype=dtype, keepdims=keepdims)
    if scl.size and any(x.shape[d] == 0 for d in (range(x.ndim) if axes is None else axes)):
        # Weights over an empty axis sum to zero everywhere: NumPy's check fails for sure, so fail now
        raise ZeroDivisionError(f"average: Weights sum to zero, can't be normalized (axis={axis!r} of a, "
                                f"shape {x.shape}, has length 0)")
    num = lazy_sum(x * w, axis=axes, dtype=dtype, keepdims=keepdims)

    avg = elemwise(_checked_divide, num, scl, dtype=dtype)
    if returned:
        if scl.shape != avg.shape:
            scl = broadcast_to(scl, avg.shape)
        return avg, scl
    return avg


def _as_2d_rows(fname: str, m: Any, rowvar: bool, dtype: Any) -> Array:
    x = _lazy(m)
    if x.ndim > 2:
        raise ValueError(f"{fname}: m has more than 2 dimensions ({x.ndim}); give a 1-d or 2-d array")
    require_known_sizes(x, fname)
    if x.ndim < 2:
        x = x.reshape((1,) * (2 - x.ndim) + x.shape)
    x = x.astype(dtype)
    if not rowvar and x.shape[0] != 1:
        x = x.T
    return x


@implements(np.cov)
def cov(m: Any, y: Any = None, rowvar: bool = True, bias: bool = False, ddof: Any = None, fweights: Any = None,
        aweights: Any = None, *, dtype: Any = None) -> Array:
    """Covariance matrix (lazy ``numpy.cov``): centred data times its conjugate transpose.

    Differences from NumPy: checks on the *values* of lazy ``fweights``/``aweights``
    (integers, non-negative) happen only for NumPy inputs.

    >>> import lazyarr as la
    >>> la.cov(la.from_array([[0, 1, 2], [2, 1, 0]], chunks=1)).compute()
    array([[ 1., -1.],
           [-1.,  1.]])
    """
    if ddof is not None and ddof != int(ddof):
        raise ValueError(f"cov: ddof must be integer; got {ddof!r}")
    if dtype is None:
        dtype = np.result_type(_lazy(m).dtype, np.float64) if y is None else np.result_type(
            _lazy(m).dtype, _lazy(y).dtype, np.float64)
    x = _as_2d_rows("cov", m, rowvar, dtype)
    if x.shape[0] == 0:
        from ..creation.basic import zeros

        return zeros((0, 0), dtype=dtype)
    if y is not None:
        from ..manipulation.shape import concatenate

        x = concatenate([x, _as_2d_rows("cov", y, rowvar, dtype)], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    w = None
    for label, wt in (("fweights", fweights), ("aweights", aweights)):
        if wt is None:
            continue
        if not is_array(wt):
            wt_np = np.asarray(wt, dtype=float)
            if label == "fweights" and not np.all(wt_np == np.around(wt_np)):
                raise TypeError("cov: fweights must be integer")
            if np.any(wt_np < 0):
                raise ValueError(f"cov: {label} cannot be negative")
        wt = _lazy(wt).astype(float)
        if wt.ndim > 1:
            raise RuntimeError(f"cov: cannot handle multidimensional {label}")
        if wt.shape[0] != x.shape[1]:
            raise RuntimeError(f"cov: incompatible numbers of samples and {label}")
        w = wt if w is None else w * wt
    avg, w_sum = average(x, axis=1, weights=w, returned=True)
    w_sum = w_sum[0]
    if w is None:
        fact: Any = x.shape[1] - ddof
        if fact <= 0:
            warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
            fact = 0.0
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * (w * _lazy(aweights)).sum() / w_sum
    xc = x - avg[:, None]
    xt = xc.T if w is None else (xc * w).T
    from ..linalg.products import dot

    with np.errstate(divide="ignore"):
        c = dot(xc, xt.conj()) * (np.true_divide(1, fact) if not is_array(fact) else 1 / fact)
    from ..manipulation.shape import squeeze

    return squeeze(c)


def _clip_complex(c: np.ndarray) -> np.ndarray:
    np.clip(c.real, -1, 1, out=c.real)
    if np.iscomplexobj(c):
        np.clip(c.imag, -1, 1, out=c.imag)
    return c


@implements(np.corrcoef)
def corrcoef(x: Any, y: Any = None, rowvar: bool = True, *, dtype: Any = None) -> Array:
    """Pearson correlation coefficients (lazy ``numpy.corrcoef``).

    >>> import lazyarr as la
    >>> la.corrcoef(la.from_array([[0, 1, 2], [2, 1, 0]], chunks=1)).compute()
    array([[ 1., -1.],
           [-1.,  1.]])
    """
    for v in (x, y) if y is not None else (x,):
        require_known_sizes(_lazy(v), "corrcoef")
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim == 0:
        return c / c
    from ..creation.matrices import diag
    from ..elementwise.ufuncs import sqrt

    stddev = sqrt(diag(c).real)
    c = c / stddev[:, None]
    c = c / stddev[None, :]
    return c.map_blocks(_clip_complex, dtype=c.dtype)
