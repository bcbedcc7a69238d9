"""Student's t-tests: ``ttest_1samp``, ``ttest_rel``, ``ttest_ind`` (lazy ``scipy.stats`` functions).

A t-test needs only the count, mean and variance of each line, so each sample is read once
(:func:`~lazyarr.api.stats.summary.summarize`); the statistic is then a few lazy elementwise
operations, and the p-value one call of SciPy's ``stdtr`` per block.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ..elementwise.functions import where
from ..elementwise.ufuncs import isnan, logical_or, sqrt
from ..manipulation.shape import expand_dims, squeeze
from ._common import (
    as_float_array,
    check_alternative,
    check_nan_policy,
    float_dtype,
    normalize_axis,
    scipy_special,
    t_p_value,
)
from .moments import prepare
from .results import Ttest_1sampResult, Ttest_indResult, Ttest_relResult
from .summary import summarize

__all__ = ["ttest_1samp", "ttest_ind", "ttest_rel"]


def _popmean(fname: str, popmean: Any, x: Array, axis: int | None) -> Any:
    """A number stays a number; an array must have length 1 along *axis* (it is squeezed)."""
    if isinstance(popmean, (bool, int, float, np.generic)) and np.ndim(popmean) == 0:
        return popmean
    p = as_float_array(fname, popmean, "popmean")
    if p.ndim == 0:
        return p
    if axis is None or p.ndim != x.ndim or p.shape[axis] != 1:
        raise ValueError(f"{fname}: popmean of shape {p.shape} must be a number or have the data's number of "
                         f"dimensions ({x.ndim}) with length 1 along axis={axis}")
    return squeeze(p, axis=axis)


def _one_sample(fname: str, x: Array, popmean: Any, axis: int | None, alternative: str,
                dtype: np.dtype, result: type) -> Any:
    s = summarize(x, axis, order=2)
    n = s.n
    variance = s.moment[2] * (n / (n - 1))  # ddof=1 (NaN for one observation, as in SciPy)
    t = (s.mean - popmean) / sqrt(variance / n)
    df = n - 1
    p = t_p_value(t, df, alternative)
    # No data, or NaN in a line: SciPy's df is NaN too.
    return result(t.astype(dtype), p.astype(dtype), df=where(isnan(s.mean), np.nan, df))


def ttest_1samp(a: Any, popmean: Any, axis: int | None = 0, nan_policy: str = "propagate",
                alternative: str = "two-sided") -> Ttest_1sampResult:
    """The t-test for the mean of ONE group of scores (lazy ``scipy.stats.ttest_1samp``).

    Tests the null hypothesis that the mean of the population the sample comes from is
    *popmean*.

    Parameters
    ----------
    a : array_like
        The sample.
    popmean : number or array_like
        The expected mean; an array has length 1 along *axis*.
    axis : int or None
        The axis holding the observations (None: all the data).
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.
    alternative : {'two-sided', 'less', 'greater'}
        The alternative hypothesis.

    Returns
    -------
    Ttest_1sampResult
        ``(statistic, pvalue)`` as lazy arrays, and ``df``; ``.compute()`` gives NumPy values.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.from_array([5.1, 4.9, 5.3, 5.0, 5.2], chunks=2)
    >>> res = la.stats.ttest_1samp(x, 5.0).compute()
    >>> round(float(res.statistic), 4), round(float(res.pvalue), 4)
    (1.4142, 0.2302)
    """
    fname = "ttest_1samp"
    check_alternative(fname, alternative)
    x, axis, _ = prepare(fname, a, axis, nan_policy)
    scipy_special(fname)
    pop = _popmean(fname, popmean, x, axis)
    dtype = float_dtype(fname, x.dtype, pop if not is_array(pop) else pop.dtype)
    return _one_sample(fname, x, pop, axis, alternative, dtype, Ttest_1sampResult)


def ttest_rel(a: Any, b: Any, axis: int | None = 0, nan_policy: str = "propagate",
              alternative: str = "two-sided") -> Ttest_relResult:
    """The t-test on TWO RELATED samples of scores, a and b (lazy ``scipy.stats.ttest_rel``).

    A paired test: it is :func:`ttest_1samp` of the differences ``a - b`` with mean 0.

    Parameters
    ----------
    a, b : array_like
        The paired samples; their shapes broadcast together.
    axis : int or None
        The axis holding the observations (None: all the data).
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.
    alternative : {'two-sided', 'less', 'greater'}
        The alternative hypothesis (about the mean of ``a - b``).

    Notes
    -----
    Differences from SciPy: the differences are taken in floating point, so unsigned
    integer data does not wrap around (SciPy subtracts ``uint8`` data in ``uint8``).

    Examples
    --------
    >>> import lazyarr as la
    >>> before = la.from_array([72.0, 75, 71, 80, 78], chunks=2)
    >>> after = la.from_array([70.0, 74, 70, 76, 75], chunks=2)
    >>> round(float(la.stats.ttest_rel(before, after).pvalue.compute()), 4)
    0.0196
    """
    fname = "ttest_rel"
    check_alternative(fname, alternative)
    check_nan_policy(fname, nan_policy)
    a, b = as_float_array(fname, a, "a"), as_float_array(fname, b, "b")
    dtype = float_dtype(fname, a.dtype, b.dtype)
    x, axis, _ = prepare(fname, a.astype(dtype) - b.astype(dtype), axis)
    scipy_special(fname)
    return _one_sample(fname, x, 0.0, axis, alternative, dtype, Ttest_relResult)


def same_ndim(fname: str, samples: list[Any], axis: Any) -> tuple[list[Array], int | None]:
    """Samples as lazy arrays with one number of dimensions (length-1 axes put in front, as
    NumPy broadcasting does), and the axis normalized for it."""
    arrays = [as_float_array(fname, s, f"sample {i}") for i, s in enumerate(samples)]
    ndim = max(max(x.ndim for x in arrays), 1)
    arrays = [expand_dims(x, tuple(range(ndim - x.ndim))) if x.ndim < ndim else x for x in arrays]
    axis = normalize_axis(fname, axis, ndim)
    if axis is not None and not any(np.isnan(n) for x in arrays for n in x.shape):
        others = [tuple(n for i, n in enumerate(x.shape) if i != axis) for x in arrays]
        try:
            np.broadcast_shapes(*others)
        except ValueError:
            raise ValueError(f"{fname}: the samples' shapes {[x.shape for x in arrays]} must agree (or broadcast) "
                             f"on every axis but axis={axis}") from None
    return arrays, axis


def ttest_ind(a: Any, b: Any, axis: int | None = 0, equal_var: bool = True, nan_policy: str = "propagate",
              alternative: str = "two-sided") -> Ttest_indResult:
    """The t-test for the means of TWO INDEPENDENT samples (lazy ``scipy.stats.ttest_ind``).

    Tests the null hypothesis that the two populations have the same mean. Each sample is
    read once, in blocks: its count, mean and variance come from one tree reduction.

    Parameters
    ----------
    a, b : array_like
        The samples; their shapes must agree except along *axis* (or broadcast there).
    axis : int or None
        The axis holding the observations (None: all the data of each sample).
    equal_var : bool
        True: Student's test, with a pooled variance; False: Welch's test.
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.
    alternative : {'two-sided', 'less', 'greater'}
        The alternative hypothesis (about ``mean(a) - mean(b)``).

    Returns
    -------
    Ttest_indResult
        ``(statistic, pvalue)`` as lazy arrays, and ``df``; ``.compute()`` gives NumPy values.

    Examples
    --------
    >>> import lazyarr as la
    >>> a = la.from_array([1.0, 2, 3, 4, 5], chunks=2)
    >>> res = la.stats.ttest_ind(a, a + 1).compute()
    >>> float(res.statistic), round(float(res.pvalue), 6)
    (-1.0, 0.346594)
    """
    fname = "ttest_ind"
    check_alternative(fname, alternative)
    check_nan_policy(fname, nan_policy)
    if not isinstance(equal_var, (bool, np.bool_)):
        raise TypeError(f"{fname}: equal_var must be True or False, got {equal_var!r}")
    (a, b), axis = same_ndim(fname, [a, b], axis)
    dtype = float_dtype(fname, a.dtype, b.dtype)
    scipy_special(fname)
    sa, sb = summarize(a, axis), summarize(b, axis)
    n1, n2 = sa.n, sb.n
    v1 = sa.moment[2] * (n1 / (n1 - 1))  # the sample variances (ddof=1)
    v2 = sb.moment[2] * (n2 / (n2 - 1))
    if equal_var:
        # One observation has no spread to pool: SciPy counts its variance as 0.
        v1, v2 = where(n1 == 1, 0.0, v1), where(n2 == 1, 0.0, v2)
        df = n1 + n2 - 2.0
        pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / df
        denom = sqrt(pooled * (1.0 / n1 + 1.0 / n2))
    else:
        vn1, vn2 = v1 / n1, v2 / n2
        df = (vn1 + vn2) ** 2 / (vn1**2 / (n1 - 1) + vn2**2 / (n2 - 1))  # Welch-Satterthwaite
        df = where(isnan(df), 1.0, df)
        denom = sqrt(vn1 + vn2)
    # An empty sample, or NaN in a line, makes every value NaN (df included, as in SciPy);
    # the mean of an empty line is NaN.
    df = where(logical_or(isnan(sa.mean), isnan(sb.mean)), np.nan, df)
    t = (sa.mean - sb.mean) / denom
    p = t_p_value(t, df, alternative)
    return Ttest_indResult(t.astype(dtype), p.astype(dtype), df=df.astype(dtype))
