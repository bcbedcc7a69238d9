"""The table behind NumPy's protocols: which NumPy function maps to which lazyarr one.

``@implements(np.sum)`` registers a lazyarr function as the implementation of
``np.sum`` when called on lazy arrays (NEP 18, ``__array_function__``). The tests read
this table too: every entry is compared with NumPy.

NumPy functions lazyarr does not implement raise ``NotImplementedError`` naming the
function, rather than computing silently (an accidental compute of a huge array is
worse than an error). Compute explicitly first if that is what you want:
``np.some_function(x.compute())``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["HANDLED_FUNCTIONS", "NUMPY_DEFAULTS", "implements", "array_function"]

#: NumPy function -> lazyarr implementation
HANDLED_FUNCTIONS: dict[Callable, Callable] = {}

#: NumPy function -> {keyword: NumPy's default}, for the few lazyarr functions whose own
#: default is dask.array's instead (``la.linalg.svd`` is reduced, as ``da.linalg.svd``):
#: a call through NumPy (``np.linalg.svd(x)``) still gets NumPy's default.
NUMPY_DEFAULTS: dict[Callable, dict[str, Any]] = {}


def implements(*numpy_functions: Callable, numpy_defaults: dict[str, Any] | None = None
               ) -> Callable[[Callable], Callable]:
    """Register the decorated function as the lazy version of *numpy_functions*.

    *numpy_defaults* lists keywords whose default differs from NumPy's (see :data:`NUMPY_DEFAULTS`).
    """

    def deco(func: Callable) -> Callable:
        for np_func in numpy_functions:
            HANDLED_FUNCTIONS[np_func] = func
            if numpy_defaults:
                NUMPY_DEFAULTS[np_func] = dict(numpy_defaults)
        return func

    return deco


def array_function(func: Callable, types: Any, args: Any, kwargs: Any) -> Any:
    """``Array.__array_function__``: dispatch to the registered lazy implementation."""
    impl = HANDLED_FUNCTIONS.get(func)
    if impl is None:
        module = getattr(func, "__module__", "numpy") or "numpy"
        name = f"{module.replace('numpy._core', 'numpy')}.{getattr(func, '__name__', func)}"
        raise NotImplementedError(
            f"{name} is not implemented for lazyarr arrays yet. Compute first if the result "
            f"fits in memory: {getattr(func, '__name__', 'func')}(x.compute(), ...)"
        )
    defaults = NUMPY_DEFAULTS.get(func)
    if defaults:
        given = inspect.signature(impl).bind_partial(*args, **kwargs).arguments
        kwargs = {**{k: v for k, v in defaults.items() if k not in given}, **kwargs}
    return impl(*args, **kwargs)
