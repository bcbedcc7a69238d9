"""Tests of normality: ``skewtest``, ``kurtosistest``, ``normaltest`` (lazy ``scipy.stats`` functions).

Each turns the sample skewness or kurtosis (one pass over the data) into a statistic that is
about standard normal for normal data (D'Agostino's transformations), formula for formula as
in SciPy; ``normaltest`` combines the two.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from ..elementwise.functions import where
from ..elementwise.ufuncs import absolute, log, sign, sqrt
from ._common import check_alternative, normal_p_value, scipy_special, special
from .moments import _kurtosis, _standardized, prepare
from .results import KurtosistestResult, NormaltestResult, SkewtestResult
from .summary import Summary, summarize

__all__ = ["kurtosistest", "normaltest", "skewtest"]


def _skew_z(s: Summary, dtype: np.dtype) -> Array:
    g1, constant = _standardized(s, 3, dtype)
    b2 = where(constant, np.nan, g1)
    n = where(s.n < 8, np.nan, s.n)  # SciPy needs at least 8 observations
    y = b2 * sqrt(((n + 1) * (n + 3)) / (6.0 * (n - 2)))
    beta2 = 3.0 * (n**2 + 27 * n - 70) * (n + 1) * (n + 3) / ((n - 2.0) * (n + 5) * (n + 7) * (n + 9))
    w2 = -1 + sqrt(2 * (beta2 - 1))
    delta = 1 / sqrt(0.5 * log(w2))
    alpha = sqrt(2.0 / (w2 - 1))
    y = where(y == 0, 1.0, y)
    return delta * log(y / alpha + sqrt((y / alpha) ** 2 + 1))


def _kurtosis_z(s: Summary, dtype: np.dtype) -> Array:
    b2 = _kurtosis(s, dtype, fisher=False, bias=True)
    n = where(s.n < 5, np.nan, s.n)  # SciPy needs at least 5 observations
    mean = 3.0 * (n - 1) / (n + 1)
    variance = 24.0 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1.0) * (n + 3) * (n + 5))
    x = (b2 - mean) / variance**0.5
    sqrtbeta1 = (6.0 * (n * n - 5 * n + 2) / ((n + 7) * (n + 9))
                 * ((6.0 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3))) ** 0.5)
    a = 6.0 + 8.0 / sqrtbeta1 * (2.0 / sqrtbeta1 + (1 + 4.0 / (sqrtbeta1**2)) ** 0.5)
    term1 = 1 - 2 / (9.0 * a)
    denom = 1 + x * (2 / (a - 4.0)) ** 0.5
    term2 = sign(denom) * where(denom == 0.0, np.nan, ((1 - 2.0 / a) / absolute(denom)) ** (1 / 3))
    return (term1 - term2) / (2 / (9.0 * a)) ** 0.5


def skewtest(a: Any, axis: int | None = 0, nan_policy: str = "propagate",
             alternative: str = "two-sided") -> SkewtestResult:
    """Test whether the skewness differs from that of a normal distribution (lazy ``scipy.stats.skewtest``).

    Needs at least 8 observations per line (fewer give NaN, as in SciPy).

    Differences from SciPy: for a skewness of exactly 0 SciPy's formula gives ``Z = 1.01``
    instead of its limit 0; blocked sums of perfectly symmetric data may leave a skewness of
    1e-17 where SciPy's is exactly 0 (or the reverse), and then the two answers differ.

    Parameters
    ----------
    a : array_like
        The sample.
    axis : int or None
        The axis holding the observations (None: all the data).
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.
    alternative : {'two-sided', 'less', 'greater'}
        The alternative hypothesis.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.from_array([148.0, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236], chunks=4)
    >>> round(float(la.stats.skewtest(x).pvalue.compute()), 6)
    0.005455
    """
    fname = "skewtest"
    check_alternative(fname, alternative)
    x, axis, dtype = prepare(fname, a, axis, nan_policy)
    scipy_special(fname)
    z = _skew_z(summarize(x, axis, order=3), dtype)
    return SkewtestResult(z.astype(dtype), normal_p_value(z, alternative).astype(dtype))


def kurtosistest(a: Any, axis: int | None = 0, nan_policy: str = "propagate",
                 alternative: str = "two-sided") -> KurtosistestResult:
    """Test whether the kurtosis differs from that of a normal distribution (lazy ``scipy.stats.kurtosistest``).

    Needs at least 5 observations per line (fewer give NaN, as in SciPy; SciPy also warns
    below 20, where the test is not valid).

    Parameters
    ----------
    a : array_like
        The sample.
    axis : int or None
        The axis holding the observations (None: all the data).
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.
    alternative : {'two-sided', 'less', 'greater'}
        The alternative hypothesis.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.from_array([148.0, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236], chunks=4)
    >>> round(float(la.stats.kurtosistest(x).statistic.compute()), 6)
    2.304824
    """
    fname = "kurtosistest"
    check_alternative(fname, alternative)
    x, axis, dtype = prepare(fname, a, axis, nan_policy)
    scipy_special(fname)
    z = _kurtosis_z(summarize(x, axis, order=4), dtype)
    return KurtosistestResult(z.astype(dtype), normal_p_value(z, alternative).astype(dtype))


def normaltest(a: Any, axis: int | None = 0, nan_policy: str = "propagate") -> NormaltestResult:
    """Test whether a sample differs from a normal distribution (lazy ``scipy.stats.normaltest``).

    D'Agostino and Pearson's test: the squares of the :func:`skewtest` and
    :func:`kurtosistest` statistics add up to a chi-squared statistic with 2 degrees of
    freedom. Both come from the same single pass over the data.

    Parameters
    ----------
    a : array_like
        The sample.
    axis : int or None
        The axis holding the observations (None: all the data).
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.from_array([148.0, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236], chunks=4)
    >>> round(float(la.stats.normaltest(x).pvalue.compute()), 6)
    0.001478
    """
    fname = "normaltest"
    x, axis, dtype = prepare(fname, a, axis, nan_policy)
    scipy_special(fname)
    s = summarize(x, axis, order=4)
    z1, z2 = _skew_z(s, dtype), _kurtosis_z(s, dtype)
    statistic = z1 * z1 + z2 * z2
    return NormaltestResult(statistic.astype(dtype), special("chdtrc", 2.0, statistic).astype(dtype))
