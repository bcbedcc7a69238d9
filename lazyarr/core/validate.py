"""Checking arguments at graph-build time, with NumPy's exception types and our message form.

Every public function checks its arguments before it builds anything, so a bad call fails
where it was written, not later inside a task. The checks here are the ones many functions
share: an axis, a tuple of axes, an integer argument, a shape, a fill value for a dtype. Each
raises what NumPy raises for the same call (``AxisError``, ``TypeError``, ``ValueError``,
``OverflowError``) with a message that names the user-facing function and the argument:
``<function>: <argument> ...; <what is allowed>``.

>>> check_axis("cumsum", -1, 2)
1
>>> check_axis("cumsum", 1.0, 2)
Traceback (most recent call last):
...
TypeError: cumsum: axis must be an integer, got 1.0 (float)
"""

from __future__ import annotations

import math
import operator
import warnings
from typing import Any

import numpy as np

__all__ = ["check_axes", "check_axis", "check_fill_value", "check_integer", "check_shape"]

AxisError = np.exceptions.AxisError


def check_integer(func: str, name: str, value: Any, *, bools: bool = False) -> int:
    """*value* as a Python int, or TypeError as NumPy gives for ``'3'``, ``2.0`` or ``(0,)``.

    NumPy refuses booleans for sizes and for the axis of its C-level functions (``cumsum``,
    ``take``, ``concatenate``, ...) but reads ``True`` as 1 elsewhere (``sort``, ``roll``):
    *bools* says which.

    >>> check_integer("reshape", "shape", np.int64(3))
    3
    """
    if isinstance(value, (bool, np.bool_)) and not bools:
        raise TypeError(f"{func}: {name} must be an integer, got {value!r} (a bool)")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{func}: {name} must be an integer, got {value!r} ({type(value).__name__})") from None


def check_axis(func: str, axis: Any, ndim: int, *, name: str = "axis", bools: bool = False) -> int:
    """One axis, normalized to ``0 <= axis < ndim``: TypeError if not an integer, AxisError if out of range.

    >>> check_axis("sort", 5, 2)
    Traceback (most recent call last):
    ...
    numpy.exceptions.AxisError: sort: axis 5 is out of bounds for array of dimension 2
    """
    axis = check_integer(func, name, axis, bools=bools)
    if not -ndim <= axis < ndim:
        where = f"axis {axis}" if name == "axis" else f"{name}={axis}"
        raise AxisError(f"{func}: {where} is out of bounds for array of dimension {ndim}")
    return axis % ndim


def check_axes(func: str, axis: Any, ndim: int, *, name: str = "axis", bools: bool = False,
               lists: bool = False) -> tuple[int, ...]:
    """``None`` (every axis), an integer or a tuple of integers, normalized; repeated axes are a ValueError.

    NumPy's reductions take a tuple of axes but not a list (TypeError); ``expand_dims`` and
    friends take both (*lists*).

    >>> check_axes("sum", None, 3), check_axes("sum", (0, -1), 3)
    ((0, 1, 2), (0, 2))
    """
    if axis is None:
        return tuple(range(ndim))
    items = axis if isinstance(axis, (tuple, list) if lists else tuple) else (axis,)
    axes = tuple(check_axis(func, a, ndim, name=name, bools=bools) for a in items)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{func}: repeated axis in {name}={axis!r}")
    return axes


def check_shape(func: str, shape: Any, *, name: str = "shape", unknown_ok: bool = False) -> tuple[int, ...]:
    """A shape as a tuple of ints, with NumPy's rules for integers and negative lengths.

    With *unknown_ok* (``reshape``), one negative length (NumPy 2 reads any negative
    number there as ``-1``) stands for the length to work out; two are a ValueError.

    >>> check_shape("reshape", (2, -3), unknown_ok=True)
    (2, -1)
    >>> check_shape("zeros", 3)
    (3,)
    """
    items = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
    if any(isinstance(s, float) and math.isnan(s) for s in items):
        # Most often a length read off a lazy array of data-dependent size (x[mask], unique, ...)
        raise TypeError(f"{func}: {name} must be integers, got {tuple(items)!r}: a length of nan is unknown "
                        f"until computed (it comes from an operation whose size depends on the values, such "
                        f"as x[mask] or unique). Call compute_chunk_sizes() on that array first, or set "
                        f"la.config.set(data_dependent_shapes='compute') to compute such lengths at once")
    sizes = tuple(check_integer(func, name, s) for s in items)
    if unknown_ok:
        if sum(s < 0 for s in sizes) > 1:
            raise ValueError(f"{func}: can only specify one unknown dimension (a negative length) in "
                             f"{name}={sizes!r}")
        return tuple(-1 if s < 0 else s for s in sizes)
    if any(s < 0 for s in sizes):
        raise ValueError(f"{func}: negative dimensions are not allowed, got {name}={sizes!r}")
    return sizes


def check_fill_value(func: str, value: Any, dtype: Any, *, name: str = "fill_value") -> None:
    """Raise what NumPy raises when it stores *value* in an array of *dtype* (e.g. OverflowError).

    NumPy (NEP 50) refuses a Python integer that does not fit: ``np.full(3, 1000, dtype=np.int8)``
    is an OverflowError. A NumPy-valued *value* is converted as NumPy's ``full`` does
    (unsafe casting), so only what NumPy itself refuses is refused.

    >>> check_fill_value("full", 1000, np.int8)
    Traceback (most recent call last):
    ...
    OverflowError: full: fill_value 1000 does not fit in int8 (Python integer 1000 out of bounds for int8)
    """
    target = np.empty(np.shape(value), dtype=dtype)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.copyto(target, value, casting="unsafe")
    except OverflowError as exc:
        raise OverflowError(f"{func}: {name} {value!r} does not fit in {np.dtype(dtype)} ({exc})") from None
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{func}: {name} {value!r} cannot be stored in an array of dtype "
                        f"{np.dtype(dtype)} ({exc})") from None
