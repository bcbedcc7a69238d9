"""Every NumPy ufunc, lazily: ``la.sin``, ``la.add``, ... and NEP-13 dispatch.

Adding a ufunc is one line: it is picked up from NumPy's namespace below. Each
lazyarr ufunc is a :class:`LazyUfunc` wrapping the NumPy one, with ``__call__``
(blockwise), ``reduce`` and ``accumulate``. ``np.sin(x)`` on a lazy array lands in
:func:`array_ufunc` through ``Array.__array_ufunc__`` and builds the same graph as
``la.sin(x)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import is_array
from ...core.blockwise import Aligned, BlockRef, blockwise_array, elemwise, infer_dtype
from ...core.tokenize import tokenize

__all__: list[str] = []  # every ufunc; filled in at the end of the module


def _pick(values: tuple, i: int) -> Any:
    return values[i]


def _check_kwargs(ufunc: np.ufunc, kwargs: dict) -> dict:
    out = kwargs.pop("out", None)
    if out is not None and not (isinstance(out, tuple) and all(o is None for o in out)):
        raise TypeError(
            f"{ufunc.__name__}: out= is not supported for lazy arrays (they are immutable); "
            f"use the returned array instead"
        )
    where = kwargs.get("where", True)
    if where is not True:
        raise NotImplementedError(
            f"{ufunc.__name__}: where= in a ufunc call leaves unselected elements undefined in "
            f"NumPy; use la.where(cond, {ufunc.__name__}(x), fallback) instead"
        )
    kwargs.pop("where", None)
    return kwargs


def apply_ufunc(ufunc: np.ufunc, *inputs: Any, **kwargs: Any) -> Any:
    """Apply *ufunc* elementwise to lazy/NumPy/scalar inputs; a tuple for 2-output ufuncs."""
    if len(inputs) != ufunc.nin:
        raise TypeError(f"{ufunc.__name__}() takes {ufunc.nin} positional argument(s) but "
                        f"{len(inputs)} were given")
    kwargs = _check_kwargs(ufunc, dict(kwargs))
    inputs = tuple(np.asarray(i) if isinstance(i, (list, tuple)) else i for i in inputs)
    if ufunc.nout == 1:
        return elemwise(ufunc, *inputs, label=ufunc.__name__, **kwargs)
    dtypes = infer_dtype(ufunc, inputs, kwargs, ufunc.__name__)
    both = elemwise(ufunc, *inputs, dtype=object, label=ufunc.__name__, **kwargs)
    outs = []
    for i, dt in enumerate(dtypes):  # type: ignore[arg-type]
        name = f"{ufunc.__name__}-{i}-{tokenize(both.name, i)}"
        outs.append(blockwise_array(_pick, [BlockRef(both.name, Aligned(both.numblocks, both.ndim)), i],
                                    both.chunks, dt, name=name, inputs=[both], label=ufunc.__name__))
    return tuple(outs)


def array_ufunc(ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
    """``Array.__array_ufunc__`` (NEP 13)."""
    for i in inputs:
        if not (is_array(i) or isinstance(i, (np.ndarray, np.generic, int, float, complex, bool, list))):
            return NotImplemented
    if method == "__call__" and ufunc.signature is not None:
        # Generalized ufuncs (matmul, vecdot, ...) are products, not elementwise.
        from ..linalg import products as linalg_products

        impl = getattr(linalg_products, ufunc.__name__, None)
        return NotImplemented if impl is None else impl(*inputs, **kwargs)
    if method == "__call__":
        return apply_ufunc(ufunc, *inputs, **kwargs)
    from ..reductions import basic as reductions

    if method == "reduce":
        return reductions.ufunc_reduce(ufunc, *inputs, **kwargs)
    if method == "accumulate":
        from ..reductions import cumulative

        return cumulative.ufunc_accumulate(ufunc, *inputs, **kwargs)
    return NotImplemented  # outer, at, reduceat: NumPy then raises TypeError naming them


class LazyUfunc:
    """A NumPy ufunc that builds lazy graphs for lazy inputs.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(4, chunks=2)
    >>> la.add(x, 1).compute()
    array([1, 2, 3, 4])
    >>> la.add.reduce(x).compute()
    np.int64(6)
    """

    def __init__(self, ufunc: np.ufunc):
        self._ufunc = ufunc
        self.__name__ = ufunc.__name__
        self.__doc__ = (f"Lazy version of :obj:`numpy.{ufunc.__name__}`; same arguments "
                        f"(``out=`` and ``where=`` are not supported).\n\n"
                        f"    >>> import lazyarr as la\n"
                        f"    >>> la.{ufunc.__name__}  # doctest: +ELLIPSIS\n"
                        f"    <lazyarr.{ufunc.__name__} ufunc>\n")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any(is_array(a) for a in args):
            return apply_ufunc(self._ufunc, *args, **kwargs)
        return self._ufunc(*args, **kwargs)

    def reduce(self, array: Any, axis: Any = 0, **kwargs: Any) -> Any:
        from ..reductions import basic as reductions

        return reductions.ufunc_reduce(self._ufunc, array, axis=axis, **kwargs)

    def accumulate(self, array: Any, axis: int = 0, **kwargs: Any) -> Any:
        from ..reductions import cumulative

        return cumulative.ufunc_accumulate(self._ufunc, array, axis=axis, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ufunc, name)  # nin, nout, identity, types, ...

    def __repr__(self) -> str:
        return f"<lazyarr.{self.__name__} ufunc>"

    def __reduce__(self) -> Any:
        return (LazyUfunc, (self._ufunc,))


# One line per ufunc, generated from NumPy's own namespace.
# Generalized ufuncs (matmul, vecdot, ...) have a signature and live with the products.
_UFUNCS = sorted(name for name in dir(np)
                 if isinstance(getattr(np, name), np.ufunc) and getattr(np, name).signature is None)
for _name in _UFUNCS:
    globals()[_name] = LazyUfunc(getattr(np, _name))
__all__ += _UFUNCS
