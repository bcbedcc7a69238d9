"""How the layers above give :class:`~lazyarr.core.array.Array` their methods.

The core never imports the layers above it, so ``Array`` is a data class; the api,
display and scheduler layers each attach their part when ``lazyarr`` is imported
(``api/methods.py``, ``display/methods.py``, ``schedulers/dask.py``), with these helpers:

* :func:`delegate` makes a method ``x.name(...)`` that calls a function with ``x``
  first, documented as such (``help(la.Array)`` shows the function's signature and
  docstring);
* :func:`add_method` puts a function on the class under a name, named as if it were
  written there (``Array.sum`` in ``help`` and tracebacks);
* :func:`attach` does that for every method and property written in a class body (a
  mixin that is never instantiated).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["add_method", "attach", "delegate"]


def delegate(name: str, func: Callable, public_name: str | None = None) -> Callable:
    """A method ``x.<name>(...)`` that returns ``func(x, ...)``.

    Its docstring says so and continues with *func*'s own; *public_name* is how users
    reach *func*, by default ``lazyarr.<func.__name__>``.

    >>> class Box:
    ...     def __init__(self, v):
    ...         self.v = v
    >>> def double(box, times=2):
    ...     '''Twice (or *times* times) the box's value.'''
    ...     return box.v * times
    >>> add_method(Box, "double", delegate("double", double, "double"))
    >>> Box(3).double(), Box(3).double(times=3)
    (6, 9)
    >>> print(Box.double.__doc__)
    ``x.double(...)`` is ``double(x, ...)``.
    <BLANKLINE>
    Twice (or *times* times) the box's value.
    """

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return func(self, *args, **kwargs)

    public_name = public_name or f"lazyarr.{func.__name__}"
    method.__doc__ = f"``x.{name}(...)`` is ``{public_name}(x, ...)``.\n\n{inspect.getdoc(func) or ''}".rstrip()
    method.__signature__ = _method_signature(func)  # type: ignore[attr-defined]  # what help() shows
    return method


def add_method(cls: type, name: str, member: Any) -> None:
    """Set ``cls.<name>`` to *member* (a function, or a property over one), named as a method of *cls*.

    The function keeps its ``__module__``, so doctests run once, where it is written.
    """
    func = member.fget if isinstance(member, property) else member
    func.__name__ = name
    func.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, member)


def attach(cls: type, mixin: type) -> None:
    """Copy every function, property and static method defined in *mixin*'s body onto *cls*.

    >>> class Box:
    ...     v = 3
    >>> class _Doubling:
    ...     @property
    ...     def double(self):
    ...         '''Twice the value.'''
    ...         return 2 * self.v
    >>> attach(Box, _Doubling)
    >>> Box().double, Box.double.fget.__qualname__
    (6, 'Box.double')
    """
    for name, member in vars(mixin).items():
        if isinstance(member, staticmethod):
            setattr(cls, name, member)  # usually a module's function: leave its name alone
        elif isinstance(member, property) or inspect.isfunction(member):
            add_method(cls, name, member)
        # else __module__, __doc__, __dict__, ...: not methods


def _method_signature(func: Callable) -> inspect.Signature | None:
    """*func*'s signature with its first parameter (the array) called ``self``."""
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):  # some callables have none
        return None
    params = list(sig.parameters.values())
    if params and params[0].kind in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD):
        params[0] = params[0].replace(name="self", annotation=inspect.Parameter.empty)
    else:
        params.insert(0, inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY))
    return sig.replace(parameters=params)
