"""Goodness of fit of counted frequencies: ``power_divergence`` and ``chisquare`` (lazy ``scipy.stats``).

The statistic is a sum over categories of an elementwise term, so it is one lazy elementwise
expression and one ``sum``; the p-value is the chi-squared survival function (SciPy's
``chdtrc``) with ``k - 1 - ddof`` degrees of freedom for ``k`` categories.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ..reductions.basic import sum as lazy_sum
from ..reductions.moments import mean
from ._common import as_float_array, float_dtype, normalize_axis, scipy_special, special
from .results import Power_divergenceResult

__all__ = ["chisquare", "power_divergence"]

#: Cressie and Read's named statistics: their lambda
LAMBDA_NAMES = {"pearson": 1, "log-likelihood": 0, "freeman-tukey": -0.5, "mod-log-likelihood": -1,
                "neyman": -2, "cressie-read": 2 / 3}


def _lambda(fname: str, lambda_: Any) -> float:
    if lambda_ is None:
        return 1
    if isinstance(lambda_, str):
        if lambda_ not in LAMBDA_NAMES:
            raise ValueError(f"{fname}: invalid string for lambda_: {lambda_!r}; valid strings are "
                             f"{', '.join(map(repr, LAMBDA_NAMES))}")
        return LAMBDA_NAMES[lambda_]
    if isinstance(lambda_, bool) or not isinstance(lambda_, (int, float, np.integer, np.floating)):
        raise TypeError(f"{fname}: lambda_ must be a number, one of {list(LAMBDA_NAMES)} or None, got {lambda_!r}")
    return float(lambda_)


def power_divergence(f_obs: Any, f_exp: Any = None, ddof: Any = 0, axis: int | None = 0,
                     lambda_: Any = None) -> Power_divergenceResult:
    """Cressie-Read power divergence statistic and goodness of fit test (lazy ``scipy.stats.power_divergence``).

    Parameters
    ----------
    f_obs : array_like
        Observed frequencies in each category (along *axis*).
    f_exp : array_like, optional
        Expected frequencies; by default every category is equally likely (the mean of
        ``f_obs`` along *axis*). Broadcasts against ``f_obs``.
    ddof : int or array_like
        "Delta degrees of freedom": the p-value uses ``k - 1 - ddof`` degrees of freedom.
    axis : int or None
        The axis of the categories (None: all of the data is one set of categories).
    lambda_ : float or str, optional
        The power in the statistic (default 1, Pearson's chi-squared), or one of
        ``'pearson'``, ``'log-likelihood'``, ``'freeman-tukey'``, ``'mod-log-likelihood'``,
        ``'neyman'``, ``'cressie-read'``.

    Notes
    -----
    Differences from SciPy: SciPy checks (when computing) that ``f_obs`` and ``f_exp`` have
    the same sum; lazyarr does not look at the data before it is computed, so it does not
    check. Only ``nan_policy='propagate'`` behaviour exists (NaN gives NaN).

    Examples
    --------
    >>> import lazyarr as la
    >>> obs = la.from_array([16.0, 18, 16, 14, 12, 12], chunks=4)
    >>> res = la.stats.power_divergence(obs, lambda_="log-likelihood").compute()
    >>> round(float(res.statistic), 6), round(float(res.pvalue), 6)
    (2.006573, 0.848235)
    """
    return _power_divergence("power_divergence", f_obs, f_exp, ddof, axis, lambda_)


def chisquare(f_obs: Any, f_exp: Any = None, ddof: Any = 0, axis: int | None = 0) -> Power_divergenceResult:
    """Pearson's chi-squared test of goodness of fit (lazy ``scipy.stats.chisquare``).

    :func:`power_divergence` with ``lambda_=1``: the statistic is
    ``sum((f_obs - f_exp)**2 / f_exp)`` along *axis*.

    Parameters
    ----------
    f_obs : array_like
        Observed frequencies in each category (along *axis*).
    f_exp : array_like, optional
        Expected frequencies; by default every category is equally likely.
    ddof : int or array_like
        "Delta degrees of freedom": the p-value uses ``k - 1 - ddof`` degrees of freedom.
    axis : int or None
        The axis of the categories (None: all of the data).

    Examples
    --------
    >>> import lazyarr as la
    >>> res = la.stats.chisquare(la.from_array([16.0, 18, 16, 14, 12, 12], chunks=4)).compute()
    >>> float(res.statistic), round(float(res.pvalue), 6)
    (2.0, 0.849145)
    """
    return _power_divergence("chisquare", f_obs, f_exp, ddof, axis, 1)


def _power_divergence(fname: str, f_obs: Any, f_exp: Any, ddof: Any, axis: Any, lambda_: Any) -> Power_divergenceResult:
    lam = _lambda(fname, lambda_)
    obs = as_float_array(fname, f_obs, "f_obs")
    exp = None if f_exp is None else as_float_array(fname, f_exp, "f_exp")
    if not isinstance(ddof, (int, float, np.integer, np.floating)) or isinstance(ddof, bool):
        ddof = as_float_array(fname, ddof, "ddof")
    dtype = float_dtype(fname, obs.dtype, *([] if exp is None else [exp.dtype]),
                        ddof.dtype if is_array(ddof) else ddof)
    scipy_special(fname)
    obs = obs.astype(dtype)
    if exp is None:
        ndim = max(obs.ndim, 1)
        axis = normalize_axis(fname, axis, ndim)
        if obs.ndim == 0:
            obs = obs.reshape(1)
        exp = mean(obs, axis=axis, keepdims=True)
    else:
        exp = exp.astype(dtype)
        try:
            shape = np.broadcast_shapes(obs.shape, exp.shape)
        except ValueError:
            raise ValueError(f"{fname}: f_obs of shape {obs.shape} and f_exp of shape {exp.shape} "
                             f"do not broadcast together") from None
        axis = normalize_axis(fname, axis, max(len(shape), 1))
        if len(shape) == 0:
            obs, exp = obs.reshape(1), exp.reshape(1)
    terms = _terms(obs, exp, lam)
    statistic = lazy_sum(terms, axis=axis)
    categories = terms.size if axis is None else terms.shape[axis]
    df = categories - 1 - ddof
    return Power_divergenceResult(statistic.astype(dtype), special("chdtrc", df, statistic).astype(dtype))


def _terms(obs: Array, exp: Array, lam: float) -> Array:
    """The elementwise terms of the power divergence statistic, as SciPy writes them."""
    if lam == 1:  # Pearson's chi-squared
        return (obs - exp) ** 2 / exp
    if lam == 0:  # the log-likelihood ratio (G-test); xlogy makes 0 * log(0) = 0
        return 2.0 * special("xlogy", obs, obs / exp)
    if lam == -1:  # the modified log-likelihood ratio
        return 2.0 * special("xlogy", exp, exp / obs)
    return obs * ((obs / exp) ** lam - 1) / (0.5 * lam * (lam + 1))
