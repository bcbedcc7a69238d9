"""Vector and matrix norms (every ``ord`` and ``axis`` form of ``numpy.linalg.norm``).

Norms built from sums and maxima of ``|x|`` are ordinary tree reductions. The spectral
norms (``ord=2``, ``-2``) and the nuclear norm need singular values: those come from
:func:`lazyarr.linalg.svd` (TSQR for one 2-d matrix, one block per matrix for stacks).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from ..registry import implements
from ._matrixwise import lazy_data

try:
    from numpy.lib.array_utils import normalize_axis_index
except ImportError:  # pragma: no cover - NumPy < 2
    from numpy.core.numeric import normalize_axis_index  # type: ignore

__all__ = ["norm", "vector_norm", "matrix_norm"]


def _abs2(x: Array) -> Array:
    if np.iscomplexobj(np.empty(0, x.dtype)):
        return x.real * x.real + x.imag * x.imag
    return x * x


def _vector(x: Array, ord: Any, axis: tuple[int, ...], keepdims: bool) -> Array:
    from ..elementwise.ufuncs import sqrt
    from ..reductions import basic as r

    if isinstance(ord, str):
        raise ValueError(f"norm: Invalid norm order {ord!r} for vectors; use a number, inf or -inf")
    if ord is None or ord == 2:
        return sqrt(r.sum(_abs2(x), axis=axis, keepdims=keepdims))
    if ord == np.inf:
        return r.max(abs(x), axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return r.min(abs(x), axis=axis, keepdims=keepdims)
    if ord == 0:
        return r.sum((x != 0).astype(np.finfo(_float(x.dtype)).dtype), axis=axis, keepdims=keepdims)
    if ord == 1:
        return r.sum(abs(x), axis=axis, keepdims=keepdims)
    try:
        p = float(ord)
    except (TypeError, ValueError):
        raise ValueError(f"norm: Invalid norm order {ord!r} for vectors; use a number, inf or -inf") from None
    total = r.sum(abs(x) ** p, axis=axis, keepdims=keepdims)
    return total ** np.reciprocal(np.asarray(p, dtype=total.dtype))


def _float(dtype: np.dtype) -> np.dtype:
    return dtype if dtype.kind in "fc" else np.dtype(np.float64)


def _singular_values(x: Array, row: int, col: int) -> Array:
    from ..manipulation.shape import moveaxis
    from .tall_skinny import svd

    return svd(moveaxis(x, (row, col), (-2, -1)), compute_uv=False)


def _matrix(x: Array, ord: Any, row: int, col: int, keepdims: bool) -> Array:
    from ..elementwise.ufuncs import sqrt
    from ..reductions import basic as r

    if row == col:
        raise ValueError(f"norm: Duplicate axes given ({row}, {col}); give two different axes")
    if ord in (2, -2, "nuc"):
        s = _singular_values(x, row, col)
        result = r.max(s, axis=-1) if ord == 2 else r.min(s, axis=-1) if ord == -2 else r.sum(s, axis=-1)
    elif ord in (None, "fro", "f"):
        result = sqrt(r.sum(_abs2(x), axis=(row, col)))
    elif ord in (1, -1):
        reduce = r.max if ord == 1 else r.min
        col_after = col - 1 if col > row else col  # the row axis is gone after the first sum
        result = reduce(r.sum(abs(x), axis=row), axis=col_after)
    elif ord in (np.inf, -np.inf):
        reduce = r.max if ord == np.inf else r.min
        row_after = row - 1 if row > col else row
        result = reduce(r.sum(abs(x), axis=col), axis=row_after)
    else:
        raise ValueError(f"norm: Invalid norm order {ord!r} for matrices; use None, 'fro', 'nuc', "
                         f"inf, -inf, 1, -1, 2 or -2")
    if keepdims:
        from ..manipulation.shape import expand_dims

        result = expand_dims(result, tuple(sorted((row, col))))
    return result


@implements(np.linalg.norm)
def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Array:
    """Matrix or vector norm (lazy ``numpy.linalg.norm``), every ``ord`` and ``axis`` form.

    >>> import lazyarr as la
    >>> float(la.linalg.norm(la.ones((3, 4), chunks=2)).compute())
    3.4641016151377544
    >>> la.linalg.norm(la.ones((3, 4), chunks=2), ord=1, axis=0).compute()
    array([3., 3., 3., 3.])
    >>> float(la.linalg.norm(la.eye(3, chunks=2), ord="nuc").compute())
    3.0
    """
    a = lazy_data(x)
    if a.dtype.kind not in "fc":
        a = a.astype(np.float64)
    if axis is None:
        if ord is None:
            return _vector(a, None, tuple(range(a.ndim)), keepdims)
        if a.ndim == 1:
            return _vector(a, ord, (0,), keepdims)
        if a.ndim == 2:
            return _matrix(a, ord, 0, 1, keepdims)
        raise ValueError(f"norm: Improper number of dimensions to norm: ord={ord!r} needs a 1-d or 2-d array "
                         f"or an explicit axis, got shape {a.shape}")
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    try:
        axes = tuple(normalize_axis_index(int(ax), a.ndim) for ax in axes)
    except np.exceptions.AxisError as exc:
        raise np.exceptions.AxisError(f"norm: {exc}") from None
    except TypeError:
        raise TypeError(f"norm: 'axis' must be None, an integer or a tuple of integers, got {axis!r}") from None
    if len(axes) == 1:
        return _vector(a, ord, axes, keepdims)
    if len(axes) == 2:
        return _matrix(a, ord, axes[0], axes[1], keepdims)
    raise ValueError(f"norm: Improper number of dimensions to norm: axis={axis!r} has {len(axes)} axes; "
                     f"give one (vector norm) or two (matrix norm)")


@implements(np.linalg.vector_norm)
def vector_norm(x: Any, /, *, axis: Any = None, keepdims: bool = False, ord: Any = 2) -> Array:
    """Vector norm over *axis* (all axes, flattened, by default) (lazy ``numpy.linalg.vector_norm``).

    >>> import lazyarr as la
    >>> float(la.linalg.vector_norm(la.ones((2, 2)), ord=1).compute())
    4.0
    """
    a = lazy_data(x)
    if a.dtype.kind not in "fc":
        a = a.astype(np.float64)
    if axis is None:
        axes = tuple(range(a.ndim))
    else:
        axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
        axes = tuple(normalize_axis_index(int(ax), a.ndim) for ax in axes)
    return _vector(a, ord, axes, keepdims)


@implements(np.linalg.matrix_norm)
def matrix_norm(x: Any, /, *, keepdims: bool = False, ord: Any = "fro") -> Array:
    """Matrix norm over the last two axes (lazy ``numpy.linalg.matrix_norm``).

    >>> import lazyarr as la
    >>> float(la.linalg.matrix_norm(la.eye(2), ord=2).compute())
    1.0
    """
    return norm(x, ord=ord, axis=(-2, -1), keepdims=keepdims)
