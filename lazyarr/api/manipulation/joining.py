"""Joining, splitting and reordering: ``hstack``, ``block``, ``split``, ``roll``, ``flip``, ...

Everything here is written with three lazy building blocks — basic slicing (which
reads only the blocks it touches), :func:`~lazyarr.api.manipulation.shape.concatenate`
(which keeps the inputs' blocks) and transposition — so no function here moves data
between blocks itself.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.data import as_lazy as _lazy
from ...core.known_sizes import require_known_sizes
from ...core.validate import check_axis
from ...errors import unknown_size_error
from ..registry import implements
from .shape import atleast_1d, atleast_2d, atleast_3d, concatenate, moveaxis, ravel, reshape, transpose

try:
    from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple
except ImportError:  # pragma: no cover
    from numpy.core.numeric import normalize_axis_index, normalize_axis_tuple  # type: ignore

__all__ = [
    "append", "array_split", "block", "dsplit", "dstack", "flip", "fliplr", "flipud", "hsplit", "hstack",
    "roll", "rollaxis", "rot90", "split", "vsplit", "vstack",
]


def _along(axis: int, index: Any) -> tuple:
    return (slice(None),) * axis + (index,)


def _as_list(x: Any) -> list:
    return x if isinstance(x, list) else [x]


@implements(np.hstack)
def hstack(tup: Sequence[Any], *, dtype: Any = None, casting: str = "same_kind",
           allow_unknown_chunksizes: bool = False) -> Array:
    """Stack arrays column-wise (lazy ``numpy.hstack``).

    >>> import lazyarr as la
    >>> la.hstack([la.ones((2, 1)), la.zeros((2, 2))]).compute()
    array([[1., 0., 0.],
           [1., 0., 0.]])
    """
    arrs = _as_list(atleast_1d(*tup))
    axis = 0 if arrs and arrs[0].ndim == 1 else 1
    return concatenate(arrs, axis=axis, dtype=dtype)


@implements(np.vstack)
def vstack(tup: Sequence[Any], *, dtype: Any = None, casting: str = "same_kind",
           allow_unknown_chunksizes: bool = False) -> Array:
    """Stack arrays row-wise (lazy ``numpy.vstack``); unknown sizes as in :func:`concatenate`.

    Arrays whose columns are cut into different blocks are rechunked to the union of
    their block boundaries (blocks only get smaller: no extra memory); row blocks of
    unknown length (after boolean indexing) are kept as they are.

    >>> import lazyarr as la
    >>> la.vstack([la.arange(3), la.arange(3)]).shape
    (2, 3)
    """
    return concatenate(_as_list(atleast_2d(*tup)), axis=0, dtype=dtype)


@implements(np.dstack)
def dstack(tup: Sequence[Any], *, allow_unknown_chunksizes: bool = False) -> Array:
    """Stack arrays along the third axis (lazy ``numpy.dstack``).

    >>> import lazyarr as la
    >>> la.dstack([la.ones((2, 3)), la.ones((2, 3))]).shape
    (2, 3, 2)
    """
    return concatenate(_as_list(atleast_3d(*tup)), axis=2)


def _depth(arrays: Any, where: str = "arrays") -> int:
    if isinstance(arrays, tuple):
        raise TypeError(f"{where} is a tuple. Only lists can be used to arrange blocks, and np.block does "
                        f"not allow implicit conversion from tuple to ndarray.")
    if not isinstance(arrays, list):
        return 0
    if not arrays:
        raise ValueError(f"List at {where} cannot be empty")
    depths = {_depth(a, f"{where}[{k}]") for k, a in enumerate(arrays)}
    if len(depths) > 1:
        raise ValueError(f"List depths are mismatched at {where}; every entry must be nested equally deep")
    return 1 + depths.pop()


@implements(np.block)
def block(arrays: Any, *, allow_unknown_chunksizes: bool = False) -> Array:
    """Assemble an array from nested lists of blocks (lazy ``numpy.block``).

    The innermost lists are joined along the last axis, the next ones along the
    second-to-last, and so on.

    >>> import lazyarr as la
    >>> a = la.ones((2, 2))
    >>> la.block([[a, la.zeros((2, 1))], [la.zeros((1, 3))]]).shape
    (3, 3)
    """
    depth = _depth(arrays)

    def max_ndim(a: Any) -> int:
        return max(max_ndim(b) for b in a) if isinstance(a, list) else (a.ndim if is_array(a) else np.ndim(a))

    ndim = max(depth, max_ndim(arrays))

    def build(a: Any, level: int) -> Array:
        if not isinstance(a, list):
            x = _lazy(a)
            return x[(None,) * (ndim - x.ndim)] if x.ndim < ndim else x
        return concatenate([build(b, level + 1) for b in a], axis=ndim - depth + level)

    return build(arrays, 0)


@implements(np.append)
def append(arr: Any, values: Any, axis: int | None = None) -> Array:
    """Append *values* at the end (lazy ``numpy.append``); flattens when *axis* is None.

    >>> import lazyarr as la
    >>> la.append(la.arange(3), [7, 8]).compute()
    array([0, 1, 2, 7, 8])
    """
    x, v = _lazy(arr), _lazy(values)
    if axis is None:
        return concatenate([ravel(x), ravel(v)], axis=0)
    return concatenate([x, v], axis=axis)


def _split_points(n: int, indices_or_sections: Any, funcname: str, equal: bool) -> list[int]:
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        if equal and n % sections:
            raise ValueError("array split does not result in an equal division")
        each, extra = divmod(n, sections)
        sizes = [each + 1] * extra + [each] * (sections - extra)
        return [0] + list(np.cumsum(sizes, dtype=np.int64).tolist())
    points = [operator.index(i) for i in indices_or_sections]
    return [0] + points + [n]


@implements(np.array_split)
def array_split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Array]:
    """Split into pieces along *axis*, allowing unequal pieces (lazy ``numpy.array_split``).

    Each piece is a slice of the input and reads only the blocks it overlaps.

    >>> import lazyarr as la
    >>> [p.shape for p in la.array_split(la.arange(7, chunks=3), 3)]
    [(3,), (2,), (2,)]
    """
    x = _lazy(ary)
    axis = check_axis("array_split", axis, x.ndim, bools=True)
    n = x.shape[axis]
    if isinstance(n, float) and math.isnan(n):
        raise unknown_size_error("split", axis)
    pts = _split_points(int(n), indices_or_sections, "array_split", equal=False)
    return [x[_along(axis, slice(a, b))] for a, b in zip(pts[:-1], pts[1:])]


@implements(np.split)
def split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Array]:
    """Split into equal sections or at given indices (lazy ``numpy.split``).

    >>> import lazyarr as la
    >>> [p.compute().tolist() for p in la.split(la.arange(6, chunks=4), [1, 4])]
    [[0], [1, 2, 3], [4, 5]]
    """
    x = _lazy(ary)
    axis_n = check_axis("split", axis, x.ndim, bools=True)
    if isinstance(indices_or_sections, (int, np.integer)) and int(indices_or_sections) > 0 \
            and not math.isnan(x.shape[axis_n]) and x.shape[axis_n] % int(indices_or_sections):
        raise ValueError("array split does not result in an equal division")
    return array_split(x, indices_or_sections, axis)


@implements(np.hsplit)
def hsplit(ary: Any, indices_or_sections: Any) -> list[Array]:
    """Split along columns (lazy ``numpy.hsplit``).

    >>> import lazyarr as la
    >>> len(la.hsplit(la.ones((2, 4)), 2))
    2
    """
    x = _lazy(ary)
    if x.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(x, indices_or_sections, 1 if x.ndim > 1 else 0)


@implements(np.vsplit)
def vsplit(ary: Any, indices_or_sections: Any) -> list[Array]:
    """Split along rows (lazy ``numpy.vsplit``).

    >>> import lazyarr as la
    >>> len(la.vsplit(la.ones((4, 2)), 2))
    2
    """
    x = _lazy(ary)
    if x.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(x, indices_or_sections, 0)


@implements(np.dsplit)
def dsplit(ary: Any, indices_or_sections: Any) -> list[Array]:
    """Split along the third axis (lazy ``numpy.dsplit``).

    >>> import lazyarr as la
    >>> len(la.dsplit(la.ones((1, 1, 4)), 4))
    4
    """
    x = _lazy(ary)
    if x.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(x, indices_or_sections, 2)


@implements(np.flip)
def flip(m: Any, axis: Any = None) -> Array:
    """Reverse the order of elements along the given axes (lazy ``numpy.flip``).

    >>> import lazyarr as la
    >>> la.flip(la.arange(5, chunks=2)).compute()
    array([4, 3, 2, 1, 0])
    """
    x = _lazy(m)
    axes = range(x.ndim) if axis is None else normalize_axis_tuple(axis, x.ndim)
    require_known_sizes(x, "flip", axes)
    index = [slice(None)] * x.ndim
    for a in axes:
        index[a] = slice(None, None, -1)
    return x[tuple(index)]


@implements(np.fliplr)
def fliplr(m: Any) -> Array:
    """Reverse the columns (lazy ``numpy.fliplr``).

    >>> import lazyarr as la
    >>> la.fliplr(la.eye(2)).compute()
    array([[0., 1.],
           [1., 0.]])
    """
    x = _lazy(m)
    if x.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return flip(x, 1)


@implements(np.flipud)
def flipud(m: Any) -> Array:
    """Reverse the rows (lazy ``numpy.flipud``).

    >>> import lazyarr as la
    >>> la.flipud(la.arange(3)).compute()
    array([2, 1, 0])
    """
    x = _lazy(m)
    if x.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return flip(x, 0)


@implements(np.rot90)
def rot90(m: Any, k: int = 1, axes: Sequence[int] = (0, 1)) -> Array:
    """Rotate by 90 degrees in the plane of *axes* (lazy ``numpy.rot90``).

    >>> import lazyarr as la
    >>> la.rot90(la.arange(4).reshape((2, 2))).compute()
    array([[1, 3],
           [0, 2]])
    """
    x = _lazy(m)
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == x.ndim:
        raise ValueError("Axes must be different.")
    if not (-x.ndim <= axes[0] < x.ndim and -x.ndim <= axes[1] < x.ndim):
        raise ValueError(f"Axes={axes} out of range for array of ndim={x.ndim}.")
    k %= 4
    if k == 0:
        return x
    if k == 2:
        return flip(flip(x, axes[0]), axes[1])
    order = list(range(x.ndim))
    order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
    if k == 1:
        return transpose(flip(x, axes[1]), order)
    return flip(transpose(x, order), axes[1])


@implements(np.roll)
def roll(a: Any, shift: Any, axis: Any = None) -> Array:
    """Roll elements along the given axes (lazy ``numpy.roll``): two slices, concatenated.

    >>> import lazyarr as la
    >>> la.roll(la.arange(5, chunks=2), 2).compute()
    array([3, 4, 0, 1, 2])
    """
    x = _lazy(a)
    if axis is None:
        return reshape(roll(ravel(x), shift, 0), x.shape)
    # As NumPy: axes are integers (repeats allowed), shifts anything int() reads, broadcast together.
    items = axis if isinstance(axis, (tuple, list)) else (axis,)
    axes = [check_axis("roll", ax, x.ndim, bools=True) for ax in items]
    pairs = np.broadcast(shift, axes if isinstance(axis, (tuple, list)) else axes[0])
    if pairs.nd > 1:
        raise ValueError("roll: 'shift' and 'axis' should be scalars or 1D sequences")
    total: dict[int, int] = {}
    for s, ax in pairs:
        total[int(ax)] = total.get(int(ax), 0) + int(s)
    require_known_sizes(x, "roll", list(total))
    for ax, s in total.items():
        n = x.shape[ax]
        if not n:
            continue
        s %= int(n)
        if s:
            x = concatenate([x[_along(ax, slice(-s, None))], x[_along(ax, slice(None, -s))]], axis=ax)
    return x


@implements(np.rollaxis)
def rollaxis(a: Any, axis: int, start: int = 0) -> Array:
    """Roll *axis* backwards until it lies before *start* (lazy ``numpy.rollaxis``).

    >>> import lazyarr as la
    >>> la.rollaxis(la.ones((3, 4, 5)), 2).shape
    (5, 3, 4)
    """
    x = _lazy(a)
    n = x.ndim
    axis = normalize_axis_index(axis, n)
    if start < 0:
        start += n
    if not 0 <= start < n + 1:
        raise np.exceptions.AxisError(f"'start' arg requires {-n} <= start < {n + 1}, but {start} was passed in")
    if axis < start:
        start -= 1
    if axis == start:
        return x
    return moveaxis(x, axis, start)
