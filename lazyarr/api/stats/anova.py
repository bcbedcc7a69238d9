"""One-way analysis of variance: ``f_oneway`` (lazy ``scipy.stats.f_oneway``).

Every group is summarized in one pass (count, mean, spread, smallest and largest value);
the F statistic compares the spread of the group means with the spread inside the groups.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..elementwise.functions import where
from ..elementwise.ufuncs import logical_and, logical_or
from ._common import check_nan_policy, float_dtype, scipy_special, special
from .results import F_onewayResult
from .summary import summarize
from .ttests import same_ndim

__all__ = ["f_oneway"]


def f_oneway(*samples: Any, axis: int | None = 0, equal_var: bool = True,
             nan_policy: str = "propagate") -> F_onewayResult:
    """One-way ANOVA: do two or more groups have the same population mean? (lazy ``scipy.stats.f_oneway``).

    Parameters
    ----------
    *samples : array_like
        The groups (at least two); their shapes must agree except along *axis*.
    axis : int or None
        The axis holding the observations (None: all the data of each group).
    equal_var : bool
        True: the classic F test (equal variances assumed); False: Welch's ANOVA.
    nan_policy : {'propagate'}
        A line holding NaN gives NaN; 'omit' and 'raise' are not supported.

    Returns
    -------
    F_onewayResult
        ``(statistic, pvalue)`` as lazy arrays. As in SciPy, if every group is constant the
        statistic is ``inf`` (or NaN if they all hold the same constant), and an empty
        group, or only groups of one observation, give NaN.

    Examples
    --------
    >>> import lazyarr as la
    >>> a = la.from_array([0.0571, 0.0813, 0.0831, 0.0976, 0.0817, 0.0859], chunks=4)
    >>> b = la.from_array([0.0873, 0.0662, 0.0672, 0.0819, 0.0749, 0.0649, 0.0835], chunks=4)
    >>> c = la.from_array([0.0974, 0.1352, 0.0817, 0.1016, 0.0968, 0.1064, 0.105], chunks=4)
    >>> res = la.stats.f_oneway(a, b, c).compute()
    >>> round(float(res.statistic), 4), round(float(res.pvalue), 6)
    (8.852, 0.002321)
    """
    fname = "f_oneway"
    check_nan_policy(fname, nan_policy)
    if len(samples) < 2:
        raise TypeError(f"{fname}: at least two samples are required; got {len(samples)}")
    if not isinstance(equal_var, (bool, np.bool_)):
        raise TypeError(f"{fname}: equal_var must be True or False, got {equal_var!r}")
    arrays, axis = same_ndim(fname, list(samples), axis)
    dtype = float_dtype(fname, *(x.dtype for x in arrays))
    scipy_special(fname)
    groups = [summarize(x, axis, order=2, extremes=True) for x in arrays]
    k = len(groups)
    total = sum(g.n for g in groups)
    if equal_var:
        grand_mean = sum(g.n * g.mean for g in groups) / total
        between = sum(g.n * (g.mean - grand_mean) ** 2 for g in groups)  # sum of squares between groups
        within = sum(g.n * g.moment[2] for g in groups)  # and within them
        dfn, dfd = k - 1.0, total - k
        f = (between / dfn) / (within / dfd)
    else:
        weights = [g.n / (g.moment[2] * (g.n / (g.n - 1))) for g in groups]  # n / (sample variance)
        weight_sum = sum(weights)
        weighted_mean = sum(w * g.mean for w, g in zip(weights, groups)) / weight_sum
        spread = sum(w * (g.mean - weighted_mean) ** 2 for w, g in zip(weights, groups)) / (k - 1)
        tail = sum((1 - w / weight_sum) ** 2 / (g.n - 1) for w, g in zip(weights, groups))
        f = spread / (1 + 2 * (k - 2) / (k**2 - 1) * tail)
        dfn, dfd = k - 1.0, (k**2 - 1) / (3 * tail)
    # Constant groups, decided from the data itself as SciPy does (not from rounding in f).
    all_constant = groups[0].min == groups[0].max
    for g in groups[1:]:
        all_constant = logical_and(all_constant, g.min == g.max)
    same_constant = all_constant
    for g in groups[1:]:
        same_constant = logical_and(same_constant, g.min == groups[0].min)
    f = where(same_constant, np.nan, where(all_constant, np.inf, f))
    # Too little data: an empty group, or every group of one observation.
    any_empty = groups[0].n == 0
    all_single = groups[0].n == 1
    for g in groups[1:]:
        any_empty, all_single = logical_or(any_empty, g.n == 0), logical_and(all_single, g.n == 1)
    f = where(logical_or(any_empty, all_single), np.nan, f)
    p = special("fdtrc", dfn, dfd, f)
    return F_onewayResult(f.astype(dtype), p.astype(dtype))
