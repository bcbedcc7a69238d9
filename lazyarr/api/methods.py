"""The NumPy side of :class:`~lazyarr.core.array.Array`: operators, methods, protocols, fancy indexing.

The core's ``Array`` is a data class (name, graph, chunks, dtype). :func:`install` gives it
everything NumPy arrays do that is a NumPy function underneath, from the tables below:

* operators: ``x + y`` is ``lazyarr.add(x, y)`` (:data:`BINARY_OPERATORS`, with their
  reflected forms ``1 + x``), ``x < y`` is ``lazyarr.less(x, y)`` (:data:`COMPARISONS`),
  ``-x`` is ``lazyarr.negative(x)`` (:data:`UNARY_OPERATORS`), ``x @ y`` is
  ``lazyarr.matmul(x, y)``; in-place forms (``x += y``) rebind ``x`` to the result cast back
  to x's dtype under NumPy's ``same_kind`` rule;
* methods: ``x.sum(axis=0)`` is ``lazyarr.sum(x, axis=0)`` (:data:`METHODS`);
* properties (``x.T``, ``x.real``, ...) and the methods whose arguments differ from the
  function's (``x.reshape(2, 3)``, ``x.transpose(1, 0)``, ``x.astype``), written out below;
* NumPy's protocols (``np.sin(x)``, ``np.sum(x)`` stay lazy) and the Array API's attributes;
* ``x[index]`` and ``x[index] = value`` with NumPy's full indexing rules.

So ``x + 1``, ``np.add(x, 1)`` and ``la.add(x, 1)`` build exactly the same graph.
``import lazyarr`` calls ``install(Array)`` once.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.array import Array
from ..core.attach import add_method, attach, delegate
from ..core.data import convert_foreign
from . import io, reductions
from .array_api import info as array_api
from .elementwise import functions as elementwise
from .elementwise import ufuncs
from .elementwise.ufuncs import apply_ufunc
from .functional.overlap import map_overlap
from .indexing import searching
from .indexing.assignment import setitem
from .indexing.getitem import getitem
from .linalg.products import dot, matmul
from .manipulation import shape as manipulation
from .manipulation import sorting
from .methods_dask import _DaskArrayMethods
from .registry import array_function

__all__ = ["BINARY_OPERATORS", "COMPARISONS", "METHODS", "UNARY_OPERATORS", "install"]

#: ``x <op> y`` and ``y <op> x``: Python's operator name -> the ufunc applied.
#: Each also has an in-place form (``x += y``) except ``divmod``.
BINARY_OPERATORS: dict[str, np.ufunc] = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "truediv": np.true_divide,
    "floordiv": np.floor_divide, "mod": np.remainder, "pow": np.power, "divmod": np.divmod,
    "and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor,
    "lshift": np.left_shift, "rshift": np.right_shift,
}

#: ``x < y`` and friends (Python reflects them itself: ``1 < x`` calls ``x.__gt__(1)``).
COMPARISONS: dict[str, np.ufunc] = {
    "lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal,
    "eq": np.equal, "ne": np.not_equal,
}

#: ``-x``, ``+x``, ``abs(x)``, ``~x``.
UNARY_OPERATORS: dict[str, np.ufunc] = {
    "neg": np.negative, "pos": np.positive, "abs": np.absolute, "invert": np.invert,
}

#: ``x.<name>(...)`` is ``<function>(x, ...)``: NumPy's array methods that are NumPy functions.
METHODS: dict[str, Callable] = {
    "sum": reductions.sum, "prod": reductions.prod, "mean": reductions.mean, "std": reductions.std,
    "var": reductions.var, "min": reductions.min, "max": reductions.max, "any": reductions.any,
    "all": reductions.all, "argmin": reductions.argmin, "argmax": reductions.argmax,
    "ptp": reductions.ptp, "cumsum": reductions.cumsum, "cumprod": reductions.cumprod,
    "round": elementwise.round, "clip": elementwise.clip,
    "conj": ufuncs.conj, "conjugate": ufuncs.conjugate,
    "ravel": manipulation.ravel, "flatten": manipulation.flatten, "squeeze": manipulation.squeeze,
    "swapaxes": manipulation.swapaxes, "repeat": manipulation.repeat,
    "dot": dot, "nonzero": searching.nonzero, "compute_chunk_sizes": searching.compute_chunk_sizes,
    "store": io.store, "to_npy": io.to_npy, "to_zarr": io.to_zarr,
    "topk": sorting.topk, "argtopk": sorting.argtopk,  # dask.array's Array methods
}

_SYMBOLS = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "floordiv": "//", "mod": "%", "pow": "**",
            "and": "&", "or": "|", "xor": "^", "lshift": "<<", "rshift": ">>", "matmul": "@",
            "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "ne": "!=",
            "neg": "-", "pos": "+", "abs": "abs", "invert": "~"}

# What a binary operator accepts as its other operand; anything else gets NotImplemented,
# so Python can try the other operand's reflected operator.
_OPERANDS = (Array, np.ndarray, np.generic, int, float, complex, bool, list, tuple)


def _binary(name: str, ufunc: np.ufunc, reflected: bool = False) -> Callable:
    def op(self: Array, other: Any) -> Any:
        if not isinstance(other, _OPERANDS):
            # Another library's lazy array (a dask array) joins our graph; the result is lazyarr's.
            other = convert_foreign(other)
            if other is None:
                return NotImplemented
        if getattr(other, "__array_ufunc__", False) is None:
            return NotImplemented  # e.g. a class that opts out of NumPy's ufuncs
        return apply_ufunc(ufunc, other, self) if reflected else apply_ufunc(ufunc, self, other)

    fname = ufunc.__name__
    if name == "divmod":
        op.__doc__ = ("``divmod(y, x)``: ``lazyarr.divmod(y, x)``." if reflected
                      else "``divmod(x, y)``: ``lazyarr.divmod(x, y)`` (two lazy arrays).")
    else:
        sym = _SYMBOLS[name]
        op.__doc__ = (f"``y {sym} x``: ``lazyarr.{fname}(y, x)``, elementwise with broadcasting." if reflected
                      else f"``x {sym} y``: ``lazyarr.{fname}(x, y)``, elementwise with broadcasting.")
    return op


def _unary(name: str, ufunc: np.ufunc) -> Callable:
    def op(self: Array) -> Array:
        return apply_ufunc(ufunc, self)

    sym = _SYMBOLS[name]
    op.__doc__ = f"``{sym}(x)``: ``lazyarr.{ufunc.__name__}(x)``." if name == "abs" \
        else f"``{sym}x``: ``lazyarr.{ufunc.__name__}(x)``."
    return op


def _matmul(self: Array, other: Any) -> Any:
    """``x @ y``: ``lazyarr.matmul(x, y)``."""
    if getattr(other, "__array_ufunc__", False) is None:
        return NotImplemented
    return matmul(self, other)


def _rmatmul(self: Array, other: Any) -> Any:
    """``y @ x``: ``lazyarr.matmul(y, x)``."""
    if getattr(other, "__array_ufunc__", False) is None:
        return NotImplemented
    return matmul(other, self)


def _inplace(name: str, binary: Callable) -> Callable:
    # x <op>= y rebinds x to a new lazy array (arrays are immutable), but, as in NumPy and the
    # Array API standard, it must not change x's dtype or shape.
    def op(self: Array, other: Any) -> Any:
        try:
            result = binary(self, other)
        except Exception as exc:
            _raise_numpy_inplace_error(name, self, other, exc)
            raise
        if result is NotImplemented:
            return result
        return check_inplace(name, self, result)

    op.__doc__ = (f"``x {_SYMBOLS[name]}= y``: x becomes ``x {_SYMBOLS[name]} y`` cast back to x's dtype "
                  f"(NumPy's same_kind rule); the shape cannot change.")
    return op


def _raise_numpy_inplace_error(name: str, x: Array, other: Any, exc: Exception) -> None:
    """Raise what NumPy's in-place operator raises first, if that differs from *exc*.

    NumPy checks that the result can be cast back into ``x`` before it looks at values, so
    ``bool_array **= -1`` is a casting error there, not "negative integer powers".
    """
    probe = other if not isinstance(other, (Array, np.ndarray)) else np.ones((), dtype=other.dtype)
    try:
        getattr(operator, f"i{name}")(np.ones((0,), dtype=x.dtype), probe)
    except Exception as numpy_exc:
        if not isinstance(numpy_exc, type(exc)):
            raise numpy_exc from exc


def check_inplace(name: str, x: Array, result: Array) -> Array:
    """``x <op>= y``: *result* (of ``x <op> y``) cast back to *x*'s dtype, or NumPy's error.

    >>> import lazyarr as la
    >>> x = la.ones(3, dtype="int32")
    >>> x += la.ones(3, dtype="int64")
    >>> x.dtype
    dtype('int32')
    """
    # NumPy checks the dtype first, then the shape.
    if not np.can_cast(result.dtype, x.dtype, casting="same_kind"):
        raise TypeError(f"__i{name}__: the result has dtype {result.dtype}, which cannot be stored in an array "
                        f"of dtype {x.dtype} (casting rule 'same_kind'). Use x = x {_SYMBOLS.get(name, name)} y "
                        f"to get a new array of dtype {result.dtype}")
    if result.shape != x.shape:
        raise ValueError(f"__i{name}__: non-broadcastable output operand with shape {x.shape} doesn't match the "
                         f"broadcast shape {result.shape}; an in-place operation cannot change the shape. "
                         f"Use x = x {_SYMBOLS.get(name, name)} y instead")
    return result if result.dtype == x.dtype else result.astype(x.dtype)


class _WrittenOut:
    """The methods and properties whose arguments differ from the function's, and the protocols.

    :func:`install` copies each of them onto ``Array``.
    """

    def astype(self, dtype: Any, casting: str = "unsafe", copy: bool = True) -> Array:
        """The array with elements cast to *dtype*; see :func:`lazyarr.astype`.

        >>> import lazyarr as la
        >>> la.arange(3).astype("float32").dtype
        dtype('float32')
        """
        return elementwise.astype(self, dtype, casting=casting, copy=copy)

    def map_overlap(self, func: Callable, depth: Any, boundary: Any = None, trim: bool = True,
                    **kwargs: Any) -> Array:
        """Run *func* on every block extended by a halo of *depth* elements; see :func:`lazyarr.map_overlap`.

        >>> import numpy as np, lazyarr as la
        >>> x = la.from_array(np.array([1, 1, 2, 3, 3, 3, 2, 1, 1]), chunks=5)
        >>> x.map_overlap(lambda b: b - np.roll(b, 1), depth=1, boundary=0).compute()
        array([ 1,  0,  1,  1,  0,  0, -1, -1,  0])
        """
        return map_overlap(func, self, depth=depth, boundary=boundary, trim=trim, **kwargs)

    def transpose(self, *axes: Any) -> Array:
        """Permute the axes: ``x.transpose()``, ``x.transpose(1, 0)`` or ``x.transpose((1, 0))``.

        >>> import lazyarr as la
        >>> la.ones((2, 3)).transpose().shape
        (3, 2)
        """
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return manipulation.transpose(self, axes or None)

    def reshape(self, *shape: Any, order: str = "C", merge_chunks: bool = True, limit: Any = None) -> Array:
        """Same as ``lazyarr.reshape(x, shape)``; the shape may be given as separate ints.

        ``merge_chunks`` and ``limit`` are dask's keywords, accepted and ignored: lazyarr plans
        the rechunking a reshape needs itself (see docs/dask-differences.md).

        >>> import lazyarr as la
        >>> la.arange(6).reshape(2, 3).shape
        (2, 3)
        """
        if not shape:
            raise TypeError("reshape() takes exactly 1 argument (0 given)")
        if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
            shape = shape[0]
        return manipulation.reshape(self, shape, order=order)

    @property
    def T(self) -> Array:  # NumPy's name
        """The transpose (all axes reversed).

        >>> import lazyarr as la
        >>> la.ones((2, 3)).T.shape
        (3, 2)
        """
        return manipulation.transpose(self)

    @property
    def mT(self) -> Array:  # the Array API's name
        """Transpose of the last two axes (a stack of matrices).

        >>> import lazyarr as la
        >>> la.ones((4, 2, 3)).mT.shape
        (4, 3, 2)
        """
        if self.ndim < 2:
            raise ValueError(f"mT: matrix transpose needs at least 2 dimensions, got shape {self.shape}")
        return manipulation.swapaxes(self, -1, -2)

    @property
    def real(self) -> Array:
        """The real part.

        >>> import lazyarr as la
        >>> (la.ones(2) * 1j + 3).real.compute()
        array([3., 3.])
        """
        return elementwise.real(self)

    @property
    def imag(self) -> Array:
        """The imaginary part.

        >>> import lazyarr as la
        >>> (la.ones(2) * 1j + 3).imag.compute()
        array([1., 1.])
        """
        return elementwise.imag(self)

    @property
    def device(self) -> str:
        """The device the array lives on: always ``"cpu"`` (blocks are NumPy arrays).

        >>> import lazyarr as la
        >>> la.ones(3).device
        'cpu'
        """
        return array_api.CPU

    def to_device(self, device: Any, /, *, stream: Any = None) -> Array:
        """The array on *device*; only ``"cpu"`` exists, so this is *x* itself.

        >>> import lazyarr as la
        >>> x = la.ones(3); x.to_device("cpu") is x
        True
        """
        return array_api.to_device(self, device, stream=stream)

    def __dlpack__(self, /, *, stream: Any = None, max_version: Any = None, dl_device: Any = None,
                   copy: Any = None) -> Any:
        """DLPack export (``np.from_dlpack(x)``, ``torch.from_dlpack(x)``): computes the array."""
        return array_api.dlpack(self, stream=stream, max_version=max_version, dl_device=dl_device, copy=copy)

    def __dlpack_device__(self, /) -> tuple[int, int]:
        """DLPack device of the computed array: ``(1, 0)``, the CPU."""
        return array_api.dlpack_device(self)

    def __array_namespace__(self, /, *, api_version: str | None = None) -> Any:
        """The Array API namespace of this array: the ``lazyarr`` module itself."""
        return array_api.array_namespace(self, api_version)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """NumPy's ufunc protocol (NEP 13): ``np.sin(x)``, ``np.add.reduce(x)`` build lazy graphs."""
        return ufuncs.array_ufunc(ufunc, method, *inputs, **kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        """NumPy's function protocol (NEP 18): ``np.sum(x)`` runs ``lazyarr.sum(x)`` (see ``registry.py``)."""
        return array_function(func, types, args, kwargs)

    def __getitem__(self, index: Any) -> Array:
        """``x[index]`` with NumPy's rules: ints, slices, ``None``, ``...``, lists, integer and boolean arrays.

        >>> import lazyarr as la
        >>> x = la.arange(6, chunks=4)
        >>> x[1:3].compute(), x[[4, 0]].compute(), x[x > 3].compute()
        (array([1, 2]), array([4, 0]), array([4, 5]))
        """
        return getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        """``x[index] = value``: x becomes a new lazy array with those elements replaced.

        >>> import lazyarr as la
        >>> x = la.zeros(4, chunks=2, dtype=int)
        >>> x[1:3] = 7
        >>> x.compute()
        array([0, 7, 7, 0])
        """
        new = setitem(self, index, value)
        # Arrays are immutable underneath: assignment rebinds this object to a new graph.
        self.graph, self.name, self.chunks, self.dtype = new.graph, new.name, new.chunks, new.dtype
        self.block_type = new.block_type


def install(cls: type) -> None:
    """Attach the operators, methods and protocols above to *cls* (the core's ``Array``)."""
    # NumPy defers its own binary operators to ours (ndarray + lazy -> lazy).
    cls.__array_priority__ = 11  # type: ignore[attr-defined]
    for name, ufunc in BINARY_OPERATORS.items():
        add_method(cls, f"__{name}__", _binary(name, ufunc))
        add_method(cls, f"__r{name}__", _binary(name, ufunc, reflected=True))
        if name != "divmod":
            add_method(cls, f"__i{name}__", _inplace(name, getattr(cls, f"__{name}__")))
    for name, ufunc in COMPARISONS.items():
        add_method(cls, f"__{name}__", _binary(name, ufunc))
    # Defining __eq__ in a class body would set __hash__ to None; arrays hash by identity.
    cls.__hash__ = object.__hash__  # type: ignore[method-assign]
    for name, ufunc in UNARY_OPERATORS.items():
        add_method(cls, f"__{name}__", _unary(name, ufunc))
    add_method(cls, "__matmul__", _matmul)
    add_method(cls, "__rmatmul__", _rmatmul)
    add_method(cls, "__imatmul__", _inplace("matmul", _matmul))
    for name, func in METHODS.items():
        add_method(cls, name, delegate(name, func))
    attach(cls, _WrittenOut)
    attach(cls, _DaskArrayMethods)  # dask.array's extra methods (vindex, partitions, view, ...)
