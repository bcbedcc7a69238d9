"""Plain words for a learner's value, and numbers printed the way NumPy prints them.

Feedback quotes the learner's own value, so it must read the way a beginner thinks about
it: ``None``, a yes/no value, a module, a method that was not called, "a tuple of 2 lazy
arrays". Numbers are shown as ``print`` would show them (``0.99999985``, not a rounded
``1.``), never the expected value.

>>> import numpy as np
>>> describe(None)
'None (no value at all)'
>>> describe((np.float64(0.99999985), 2))
'a tuple of 2 numbers'
>>> show_number(np.float64(0.99999985))
'0.99999985'
"""

from __future__ import annotations

import inspect
import math
import numbers
import sys
import types
from typing import Any

import numpy as np

from ..core.array import Array

__all__ = ["describe", "kind_of", "show_number", "show_values", "fmt_shape", "public_name"]


def fmt_shape(shape: tuple) -> str:
    """``(3,)``, ``(2, 3)``, ``(nan,)`` for an unknown length.

    >>> fmt_shape((3,)), fmt_shape((float("nan"), 2))
    ('(3,)', '(nan, 2)')
    """
    parts = ["nan" if isinstance(s, float) and math.isnan(s) else str(int(s)) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_number(value: Any) -> str:
    """One number as ``print`` shows it (NumPy scalars in NumPy's shortest form).

    >>> show_number(12.0), show_number(np.int64(7)), show_number(np.float64(1/3))
    ('12.0', '7', '0.3333333333333333')
    """
    if isinstance(value, np.ndarray):
        value = value[()]
    return _short(str(value))


def show_values(values: Any) -> str:
    """The learner's computed values on one line, as NumPy prints them, with a count.

    >>> show_values(np.arange(10))
    '[0 1 2 … 9] (10 values)'
    >>> show_values(np.array([0.99999985, 0.5]))
    '[0.99999985 0.5       ]'
    >>> show_values(np.float64(2.5))
    '2.5'
    """
    arr = np.asarray(values)
    if arr.ndim == 0:
        return show_number(arr)
    flat = arr.ravel()
    if flat.size <= 6:
        return np.array2string(flat, max_line_width=10_000)
    # Format the shown values together, so they share NumPy's precision and notation.
    shown = np.array2string(np.concatenate([flat[:3], flat[-1:]]), max_line_width=10_000)[1:-1].split()
    return f"[{' '.join(shown[:3])} … {shown[3]}] ({flat.size} values)"


def public_name(obj: Any) -> str:
    """``lazyarr.Array`` rather than ``lazyarr.core.array.Array`` when the package exports it."""
    module = getattr(obj, "__module__", None) or ""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or type(obj).__name__
    if module == "builtins":
        return name
    top = module.split(".")[0]
    if top and getattr(sys.modules.get(top), name, None) is obj:
        return f"{top}.{name}"
    return f"{module}.{name}" if module else name


def _is_future(value: Any) -> bool:
    return type(value).__name__ == "Future" and type(value).__module__.startswith(("distributed", "concurrent"))


def kind_of(value: Any) -> tuple[str, str]:
    """(singular, plural) words for one item of a tuple: ``("a lazy array", "lazy arrays")``."""
    if value is None:
        return "None", "Nones"
    if isinstance(value, Array):
        return "a lazy array", "lazy arrays"
    if isinstance(value, np.ndarray):
        return "a NumPy array", "NumPy arrays"
    if isinstance(value, (bool, np.bool_)):
        return "a yes/no value", "yes/no values"
    if isinstance(value, (numbers.Number, np.number)):
        return "a number", "numbers"
    if isinstance(value, str):
        return "a text", "texts"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__}", f"{type(value).__name__}s"
    if _is_future(value):
        return "a Future", "Futures"
    return f"a {type(value).__name__} object", f"{type(value).__name__} objects"


def _describe_sequence(value: tuple | list) -> str:
    container = type(value).__name__ if type(value) in (tuple, list) else "sequence"
    n = len(value)
    if n == 0:
        return f"an empty {container}"
    kinds = [kind_of(item) for item in value]
    if len(set(kinds)) == 1:
        singular, plural = kinds[0]
        return f"a {container} of {n} {plural if n > 1 else singular.split(' ', 1)[-1]}"
    if n <= 3:
        words = [k[0] for k in kinds]
        return f"a {container} of " + ", ".join(words[:-1]) + " and " + words[-1]
    return f"a {container} of {n} items of different kinds"


def _describe_callable(value: Any) -> str | None:
    owner = getattr(value, "__self__", None)
    name = getattr(value, "__name__", None)
    if name is None:
        return None
    name = name.lstrip("_") or name  # a public alias of a private method: show the public name
    if inspect.ismethod(value) or (owner is not None and not isinstance(owner, types.ModuleType)):
        what = kind_of(owner)[0] if owner is not None else "an object"
        return f"the method .{name} of {what}, not called: add parentheses, .{name}(...)"
    if isinstance(value, np.ufunc) or inspect.isfunction(value) or inspect.isbuiltin(value):
        return f"the function {public_name(value)}, not called: add parentheses, {name}(...)"
    return None


def describe(value: Any) -> str:
    """A short description of any value, in plain words (never the expected answer).

    >>> describe(np.zeros(3, dtype=np.int64))
    'a NumPy array of shape (3,), dtype int64'
    >>> describe(3), describe(True), describe("42")
    ('the number 3', 'True (a yes/no value, not a number)', "the text '42'")
    >>> describe(np)
    'the module numpy'
    """
    if value is None:
        return "None (no value at all)"
    if isinstance(value, Array):
        if value.ndim == 0:
            return f"a lazy 0-d array (one number, not computed yet), dtype {value.dtype}"
        return f"a lazy array of shape {fmt_shape(value.shape)}, dtype {value.dtype}"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return f"a 0-d NumPy array holding {show_number(value)}"
        return f"a NumPy array of shape {fmt_shape(value.shape)}, dtype {value.dtype}"
    if isinstance(value, (bool, np.bool_)):
        return f"{bool(value)} (a yes/no value, not a number)"
    if isinstance(value, (numbers.Number, np.number)):
        return f"the number {show_number(value)}"
    if isinstance(value, str):
        return f"the text {_short(repr(value))}"
    if isinstance(value, types.ModuleType):
        return f"the module {value.__name__}"
    if isinstance(value, type):
        return f"the class {public_name(value)}"
    if isinstance(value, (tuple, list)):
        return _describe_sequence(value)
    if isinstance(value, dict):
        return f"a dict with {len(value)} key{'s' if len(value) != 1 else ''}"
    if _is_future(value):
        return "a Future (a handle to a result that is still on the cluster)"
    if value is Ellipsis:
        return "... (the placeholder)"
    if callable(value):
        text = _describe_callable(value)
        if text:
            return text
    return f"a {type(value).__name__} object (from {type(value).__module__.split('.')[0]})"
