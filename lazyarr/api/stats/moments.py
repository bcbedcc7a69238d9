"""Shape statistics: ``moment``, ``skew``, ``kurtosis`` (lazy ``scipy.stats`` functions).

All three come from one pass over the data (:func:`~lazyarr.api.stats.summary.summarize`);
none of them needs SciPy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from ..elementwise.functions import where
from ..elementwise.ufuncs import isnan, logical_and, logical_not, sqrt
from ..manipulation.shape import expand_dims, stack
from ._common import as_float_array, check_nan_policy, float_dtype, normalize_axis
from .summary import Summary, summarize

__all__ = ["kurtosis", "moment", "skew"]


def prepare(fname: str, a: Any, axis: Any, nan_policy: Any = "propagate") -> tuple[Array, int | None, np.dtype]:
    """Check the arguments of a one-sample statistic: (data, axis, result dtype).

    0-d data counts as one observation (as in SciPy).
    """
    check_nan_policy(fname, nan_policy)
    x = as_float_array(fname, a, "a")
    if x.ndim == 0:
        x = expand_dims(x, 0)
    return x, normalize_axis(fname, axis, x.ndim), float_dtype(fname, x.dtype)


def _standardized(s: Summary, k: int, dtype: np.dtype) -> tuple[Array, Array]:
    """``m_k / m_2**(k/2)``, and where the data is constant (SciPy's test: ``m_2 <= (eps * mean)**2``),
    in which case SciPy answers NaN."""
    m2 = s.moment[2]
    constant = m2 <= (np.finfo(dtype).eps * s.mean) ** 2
    return s.moment[k] / m2 ** (k / 2), constant


def skew(a: Any, axis: int | None = 0, bias: bool = True, nan_policy: str = "propagate") -> Array:
    """Sample skewness of the data along *axis* (lazy ``scipy.stats.skew``).

    ``g1 = m3 / m2**1.5`` with the biased central moments ``m_k``; with ``bias=False`` the
    adjusted Fisher-Pearson coefficient ``sqrt(n (n - 1)) / (n - 2) * g1`` (for n > 2).
    Constant lines give NaN, as in SciPy.

    Parameters
    ----------
    a : array_like
        The data.
    axis : int or None
        The axis along which to compute (None: all the data).
    bias : bool
        False corrects for statistical bias.
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.

    Returns
    -------
    Array
        The skewness, one value per line (0-d for 1-d data or ``axis=None``).

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.from_array([2.0, 8, 0, 4, 1, 9, 9, 0], chunks=3)
    >>> round(float(la.stats.skew(x)), 6)
    0.265055
    """
    x, axis, dtype = prepare("skew", a, axis, nan_policy)
    s = summarize(x, axis, order=3)
    g1, constant = _standardized(s, 3, dtype)
    value = where(constant, np.nan, g1)
    if not bias:
        n = s.n
        corrected = sqrt((n - 1.0) * n) / (n - 2.0) * g1
        value = where(logical_and(logical_not(constant), n > 2), corrected, value)
    return value.astype(dtype)


def kurtosis(a: Any, axis: int | None = 0, fisher: bool = True, bias: bool = True,
             nan_policy: str = "propagate") -> Array:
    """Sample kurtosis of the data along *axis* (lazy ``scipy.stats.kurtosis``).

    ``m4 / m2**2``, minus 3 with ``fisher=True`` (so a normal distribution gives 0); with
    ``bias=False`` the unbiased estimator from k-statistics (for n > 3). Constant lines give
    NaN, as in SciPy.

    Parameters
    ----------
    a : array_like
        The data.
    axis : int or None
        The axis along which to compute (None: all the data).
    fisher : bool
        True: Fisher's definition (normal -> 0.0); False: Pearson's (normal -> 3.0).
    bias : bool
        False corrects for statistical bias.
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.from_array([1.0, 2, 3, 4, 5], chunks=2)
    >>> float(la.stats.kurtosis(x))
    -1.3
    """
    x, axis, dtype = prepare("kurtosis", a, axis, nan_policy)
    return _kurtosis(summarize(x, axis, order=4), dtype, fisher, bias).astype(dtype)


def _kurtosis(s: Summary, dtype: np.dtype, fisher: bool, bias: bool) -> Array:
    b2, constant = _standardized(s, 4, dtype)
    value = where(constant, np.nan, b2)
    if not bias:
        n = s.n
        corrected = 1.0 / (n - 2) / (n - 3) * ((n**2 - 1.0) * b2 - 3 * (n - 1) ** 2.0) + 3.0
        value = where(logical_and(logical_not(constant), n > 3), corrected, value)
    return value - 3 if fisher else value


def moment(a: Any, order: Any = None, axis: int | None = 0, nan_policy: str = "propagate", *,
           moment: Any = None) -> Array:
    """Central moment of the data along *axis*: ``mean((x - x.mean())**order)`` (lazy ``scipy.stats.moment``).

    Parameters
    ----------
    a : array_like
        The data.
    order : int or sequence of int
        The order(s), >= 0 (default 1). A sequence stacks one result per order along a new
        first axis, as SciPy does.
    axis : int or None
        The axis along which to compute (None: all the data).
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.
    moment : int or sequence of int
        The old name of *order*, which dask.array uses (SciPy accepts it too).

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.from_array([1.0, 2, 3, 4, 5], chunks=2)
    >>> float(la.stats.moment(x, 2))
    2.0
    """
    if moment is not None:
        if order is not None:
            raise TypeError("moment: give the order once, as order= (or its old name, moment=), not both")
        order = moment
    order = 1 if order is None else order
    x, axis, dtype = prepare("moment", a, axis, nan_policy)
    orders = np.asarray(order)
    if orders.ndim > 1 or orders.size == 0 or orders.dtype.kind not in "iuf":
        raise ValueError(f"moment: order must be an integer or a non-empty 1-d sequence of integers, got {order!r}")
    if np.any(orders != np.round(orders)) or np.any(orders < 0):
        raise ValueError(f"moment: every order must be an integer >= 0, got {order!r}")
    s = summarize(x, axis, order=max(int(orders.max()), 2))

    def one(k: int) -> Array:
        if k <= 1:
            # SciPy's m_0 = 1 and m_1 = 0 exactly, but NaN for a line holding NaN or no data.
            return where(isnan(s.mean), np.nan, 1.0 - k)
        return s.moment[k]

    if orders.ndim == 0 or (orders.size == 1 and x.size == 0):  # SciPy's documented quirk for empty data
        return one(int(orders.reshape(-1)[0])).astype(dtype)
    return stack([one(int(k)) for k in orders]).astype(dtype)
