"""Shared pieces of ``lazyarr.stats``: SciPy on demand, argument checks, result dtypes, p-values.

SciPy is optional: lazyarr needs NumPy alone. Only the p-values need SciPy (its special
functions ``stdtr``, ``ndtr``, ``chdtrc``, ``fdtrc``), so SciPy is imported when a test that
gives a p-value is *built* (to fail early, with a clear message) and again inside the tasks
that compute p-values (where they run: a thread, another process, a cluster worker).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import elemwise
from ...core.data import as_lazy
from ..elementwise.ufuncs import absolute, negative

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover - NumPy < 2
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__: list[str] = []  # helpers only

NAN_POLICIES = ("propagate", "raise", "omit")
ALTERNATIVES = ("two-sided", "less", "greater")


def scipy_special(fname: str = "lazyarr.stats") -> Any:
    """``scipy.special``, or an ImportError that says how to install SciPy."""
    try:
        import scipy.special
    except ImportError as exc:
        raise ImportError(
            f"{fname}: p-values need SciPy, which is not installed; install it with "
            f"`pip install 'lazyarr[stats]'` (or `pip install scipy`)"
        ) from exc
    return scipy.special


class Special:
    """A ``scipy.special`` function, looked up by name where the task runs.

    Holding the name (not the function) keeps the graph free of SciPy objects until it runs,
    and gives a short, deterministic token.

    >>> Special("ndtr")(0.0)
    np.float64(0.5)
    """

    def __init__(self, name: str):
        self.name = self.__name__ = name

    def __call__(self, *args: Any) -> Any:
        return getattr(scipy_special(), self.name)(*args)

    def __lazyarr_token__(self) -> tuple:
        return ("scipy.special", self.name)

    def __reduce__(self) -> tuple:  # pickles by name (for process pools and cluster workers)
        return (Special, (self.name,))


def special(name: str, *args: Any) -> Array:
    """``scipy.special.<name>(*args)`` elementwise on lazy arrays, in float64."""
    return elemwise(Special(name), *args, dtype=np.float64, label=name)


def check_nan_policy(fname: str, nan_policy: Any) -> None:
    """Only ``'propagate'`` is supported (as in dask.array.stats): NaN in a line gives NaN."""
    if nan_policy == "propagate":
        return
    if nan_policy in NAN_POLICIES:
        raise NotImplementedError(
            f"{fname}: nan_policy={nan_policy!r} is not supported; only 'propagate' is (a line "
            f"holding NaN gives NaN). Drop or fill the NaNs first, e.g. with la.where(la.isnan(x), ...)"
        )
    raise ValueError(f"{fname}: nan_policy must be one of {NAN_POLICIES}, got {nan_policy!r}")


def check_alternative(fname: str, alternative: Any) -> None:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"{fname}: alternative must be 'two-sided', 'less' or 'greater', got {alternative!r}")


def float_dtype(fname: str, *values: Any) -> np.dtype:
    """The floating dtype SciPy computes in: the data's common dtype, float64 if that is not a float.

    Python numbers take part as NumPy's promotion rules say (they do not widen float32).

    >>> float_dtype("f", np.dtype(np.int8)), float_dtype("f", np.dtype(np.float32), 1.5, np.dtype(bool))
    (dtype('float64'), dtype('float32'))
    """
    dtypes: list[Any] = []
    for v in values:
        if isinstance(v, (bool, int, float)):
            dtypes.append(v)
            continue
        dt = np.dtype(v.dtype if hasattr(v, "dtype") else v)
        if dt.kind not in "biuf":
            raise TypeError(f"{fname}: data of dtype {dt} is not supported; give real numbers "
                            f"(booleans, integers or floats)")
        dtypes.append(dt)
    common = np.result_type(*dtypes)
    return common if common.kind == "f" else np.dtype(np.float64)


def as_float_array(fname: str, x: Any, argname: str) -> Array:
    """*x* as a lazy array (a NumPy array or list is wrapped), checked to hold real numbers."""
    if not (is_array(x) or isinstance(x, (np.ndarray, np.generic, list, tuple, int, float))):
        raise TypeError(f"{fname}: {argname} must be an array of numbers, got {type(x).__name__}")
    x = as_lazy(x)
    float_dtype(fname, x.dtype)  # refuses complex, strings, ...
    return x


def normalize_axis(fname: str, axis: Any, ndim: int) -> int | None:
    """An int axis normalized for *ndim* dimensions, or None (all the data)."""
    if axis is None:
        return None
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{fname}: axis must be an int or None, got {axis!r}")
    try:
        return normalize_axis_index(int(axis), max(ndim, 1))
    except np.exceptions.AxisError:
        raise np.exceptions.AxisError(
            f"{fname}: axis {axis} is out of bounds for data with {ndim} dimension(s)") from None


def p_value(statistic: Array, alternative: str, cdf: Any, sf: Any) -> Array:
    """The p-value of *statistic* for *alternative*, for a distribution symmetric about 0."""
    if alternative == "less":
        return cdf(statistic)
    if alternative == "greater":
        return sf(statistic)
    return 2 * sf(absolute(statistic))


def t_p_value(t: Array, df: Any, alternative: str) -> Array:
    """Student's t distribution with *df* degrees of freedom (SciPy's ``stdtr``)."""
    return p_value(t, alternative, lambda s: special("stdtr", df, s), lambda s: special("stdtr", df, negative(s)))


def normal_p_value(z: Array, alternative: str) -> Array:
    """The standard normal distribution (SciPy's ``ndtr``)."""
    return p_value(z, alternative, lambda s: special("ndtr", s), lambda s: special("ndtr", negative(s)))
