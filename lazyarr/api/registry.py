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

from collections.abc import Callable
from typing import Any

__all__ = ["HANDLED_FUNCTIONS", "implements", "array_function"]

#: NumPy function -> lazyarr implementation
HANDLED_FUNCTIONS: dict[Callable, Callable] = {}


def implements(*numpy_functions: Callable) -> Callable[[Callable], Callable]:
    """Register the decorated function as the lazy version of *numpy_functions*."""

    def deco(func: Callable) -> Callable:
        for np_func in numpy_functions:
            HANDLED_FUNCTIONS[np_func] = func
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
    return impl(*args, **kwargs)
