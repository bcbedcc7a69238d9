"""Helpers for running your own functions: ``apply_over_axes``, ``frompyfunc``, ``unify_chunks``.

``apply_over_axes`` and ``frompyfunc`` are NumPy's, made lazy: the first calls your
(lazy-aware) reduction once per axis, the second wraps a Python function as a lazy ufunc.
``unify_chunks`` is the step :func:`~lazyarr.blockwise` does for you: arrays that share an
index letter get the same chunks along it, so their blocks line up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.chunks import unify_chunks_1d
from ...core.data import as_lazy as _lazy
from ..registry import implements

__all__ = ["apply_over_axes", "frompyfunc", "unify_chunks"]


@implements(np.apply_over_axes)
def apply_over_axes(func: Callable, a: Any, axes: int | Sequence[int]) -> Array:
    """Apply a reduction repeatedly over several axes, keeping them as length 1 (lazy ``numpy.apply_over_axes``).

    ``func(x, axis)`` must return an array with the same number of dimensions as ``x`` or
    one fewer (then the axis is put back as length 1). NumPy reductions such as ``np.sum``
    work: they dispatch to lazyarr's for lazy input.

    >>> import numpy as np, lazyarr as la
    >>> la.apply_over_axes(np.sum, la.ones((2, 3, 4), chunks=2), [0, 2]).compute()
    array([[[8.],
            [8.],
            [8.]]])
    """
    from ..manipulation.shape import expand_dims

    x = _lazy(a)
    for ax in np.atleast_1d(np.asarray(axes)).tolist():
        axis = ax + x.ndim if ax < 0 else ax
        if not 0 <= axis < x.ndim:
            raise np.exceptions.AxisError(f"apply_over_axes: axis {ax} is out of bounds for array of dimension "
                                          f"{x.ndim}")
        result = _lazy(func(x, axis))
        if result.ndim == x.ndim - 1:
            result = expand_dims(result, axis)
        if result.ndim != x.ndim:
            raise ValueError(f"apply_over_axes: function is not returning an array of the correct shape: "
                             f"got {result.ndim} dimensions for input with {x.ndim}")
        x = result
    return x


def frompyfunc(func: Callable, nin: int, nout: int, *, identity: Any = None) -> Any:
    """A Python function as a lazy ufunc on objects (lazy ``numpy.frompyfunc``).

    The result works on lazy arrays block by block (dtype ``object``, as in NumPy) and on
    NumPy input directly.

    >>> import lazyarr as la
    >>> add_str = la.frompyfunc(lambda a, b: f"{a}{b}", 2, 1)
    >>> add_str(la.arange(3, chunks=2), "!").compute()
    array(['0!', '1!', '2!'], dtype=object)
    """
    from ..elementwise.ufuncs import LazyUfunc

    kwargs = {} if identity is None else {"identity": identity}
    return LazyUfunc(np.frompyfunc(func, nin, nout, **kwargs))


def unify_chunks(*args: Any, **kwargs: Any) -> tuple[dict[str, tuple], list[Any]]:
    """Rechunk arrays so that axes with the same index letter have the same chunks (dask's ``unify_chunks``).

    Arguments alternate ``array, index`` as in :func:`~lazyarr.blockwise` (an index of ``None``
    passes the argument through untouched). Returns ``(chunks by letter, the arrays)``.
    Length-1 axes broadcast and are left as they are.

    >>> import lazyarr as la
    >>> chunkss, (a, b) = la.unify_chunks(la.ones(10, chunks=5), "i", la.ones(10, chunks=3), "i")
    >>> chunkss
    {'i': (3, 2, 1, 3, 1)}
    >>> a.chunks == b.chunks
    True
    """
    if kwargs:
        raise TypeError(f"unify_chunks: unexpected keyword(s) {sorted(kwargs)}")
    if len(args) % 2:
        raise ValueError(f"unify_chunks: arguments must alternate array, index; got {len(args)} arguments")
    pairs = [(_lazy(a) if ind is not None and not is_array(a) else a, ind) for a, ind in zip(args[::2], args[1::2])]
    seen: dict[str, list[tuple]] = {}
    for a, ind in pairs:
        if ind is None:
            continue
        if len(ind) != a.ndim:
            raise ValueError(f"unify_chunks: index {ind!r} has {len(ind)} letters for an array with {a.ndim} "
                             f"dimensions")
        for letter, c, n in zip(ind, a.chunks, a.shape):
            if n != 1 or len(c) != 1:  # a length-1 axis broadcasts against anything
                seen.setdefault(letter, []).append(c)
    chunkss = {}
    for letter, chunkings in seen.items():
        lengths = {sum(c) for c in chunkings}
        if len(lengths) > 1:
            raise ValueError(f"unify_chunks: axes with index {letter!r} have different lengths {sorted(lengths)}")
        chunkss[letter] = unify_chunks_1d(*chunkings)
    arrays = []
    for a, ind in pairs:
        if ind is None:
            arrays.append(a)
            continue
        target = tuple(c if (n == 1 and len(c) == 1) else chunkss[letter]
                       for letter, c, n in zip(ind, a.chunks, a.shape))
        arrays.append(a if target == a.chunks else a.rechunk(target))
    for a, ind in pairs:  # letters seen only on length-1 axes keep those chunks
        for letter, c in zip(ind or "", getattr(a, "chunks", ())):
            chunkss.setdefault(letter, c)
    return chunkss, arrays
