"""The lazy :class:`Array`: a name, a graph, chunks and a dtype.

Everything else (shape, number of blocks, bytes) is derived from those four. Methods
are one-line delegations to the NumPy-named functions in ``lazyarr/api``; operators
and NumPy's ``__array_ufunc__`` / ``__array_function__`` protocols route through the
registry in ``api/registry.py``, so ``x + 1``, ``np.add(x, 1)`` and ``la.add(x, 1)``
build exactly the same graph.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterator
from typing import Any

import numpy as np

from .graph import Graph, Key, gc_paused, make_keys

__all__ = ["Array", "is_array", "asarray_like"]


def is_array(x: Any) -> bool:
    return isinstance(x, Array)


def _api():
    # The core never imports the api package at module level (imports flow api -> core).
    from .. import api

    return api


class Array:
    """A lazy, chunked N-dimensional array.

    Built by lazyarr functions (``la.ones``, ``la.random.random``, ``x + 1``, ...);
    nothing is computed until :meth:`compute` (or ``np.asarray(x)``).

    Parameters
    ----------
    graph : Graph
        The task graph that produces every block.
    name : str
        The array's name: block ``(i, j)`` is ``Key(name, (i, j))`` in *graph*.
    chunks : tuple of tuples
        Block lengths per axis (already normalized).
    dtype : numpy dtype

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.ones((4, 6), chunks=(2, 3))
    >>> x.shape, x.chunks, x.numblocks
    ((4, 6), ((2, 2), (3, 3)), (2, 2))
    >>> (x + 1).sum().compute()
    np.float64(48.0)
    """

    __array_priority__ = 11  # NumPy defers binary operators to us

    def __init__(self, graph: Graph, name: str, chunks: tuple, dtype: Any):
        self.graph = graph
        self.name = name
        self.chunks = chunks
        self.dtype = np.dtype(dtype)

    # -- derived attributes -----------------------------------------------------------
    @property
    def chunks(self) -> tuple:
        """Block sizes along each axis: ``((4, 4, 2), (5, 5))`` for shape (10, 10)."""
        return self._chunks

    @chunks.setter
    def chunks(self, chunks: tuple) -> None:
        self._chunks = tuple(tuple(c) for c in chunks)
        self._shape: tuple | None = None  # summing a million block sizes takes a while: once

    @property
    def shape(self) -> tuple:
        if self._shape is None:
            self._shape = tuple(_axis_length(c) for c in self._chunks)
        return self._shape

    @property
    def ndim(self) -> int:
        return len(self.chunks)

    @property
    def numblocks(self) -> tuple[int, ...]:
        return tuple(len(c) for c in self.chunks)

    @property
    def npartitions(self) -> int:
        return math.prod(self.numblocks)

    @property
    def chunksize(self) -> tuple:
        return tuple(_max_length(c) for c in self.chunks)

    @property
    def size(self) -> float:
        return math.prod(self.shape)

    @property
    def itemsize(self) -> int:
        return self.dtype.itemsize

    @property
    def nbytes(self) -> float:
        return self.size * self.itemsize

    @property
    def T(self) -> Array:
        return self.transpose()

    @property
    def mT(self) -> Array:
        if self.ndim < 2:
            raise ValueError(f"mT: matrix transpose needs at least 2 dimensions, got shape {self.shape}")
        return _api().manipulation.swapaxes(self, -1, -2)

    @property
    def real(self) -> Array:
        return _api().elementwise.real(self)

    @property
    def imag(self) -> Array:
        return _api().elementwise.imag(self)

    @property
    def blocks(self) -> Any:
        """Index the block grid: ``x.blocks[0, 1]`` is the lazy block at (0, 1)."""
        from .slicing import BlockView

        return BlockView(self)

    def __dask_layers__(self) -> tuple[str, ...]:  # harmless without dask; used by the adapter
        return (self.name,)

    def keys(self) -> list[Key]:
        """The output block keys, flat in C order."""
        import itertools

        with gc_paused():  # 100,000s of small acyclic tuples; see graph.gc_paused
            return make_keys(self.name, itertools.product(*(range(n) for n in self.numblocks)))

    # -- computing --------------------------------------------------------------------
    def compute(self, **kwargs: Any) -> Any:
        """Run the graph and return a NumPy array (a NumPy scalar for 0-d arrays).

        Keyword arguments go to :func:`lazyarr.compute` (``scheduler=``,
        ``num_workers=``, ``optimize_graph=``).
        """
        from .compute import compute

        return compute(self, **kwargs)[0]

    def persist(self, **kwargs: Any) -> Array:
        """Compute every block now and return a lazy array backed by those blocks."""
        from .compute import persist

        return persist(self, **kwargs)[0]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        out = np.asarray(self.compute())
        if dtype is not None:
            out = out.astype(dtype, copy=False)
        return out

    def _scalar(self, kind: type, what: str) -> Any:
        if self.ndim != 0:  # NumPy 2.4 refuses 1-element arrays with ndim > 0 too
            raise TypeError(
                f"{what}: only 0-dimensional arrays can be converted to Python scalars; this array has "
                f"shape {self.shape} (take one element first, e.g. x[0] or x.reshape(()))"
            )
        # A 0-d ndarray, not a NumPy scalar: float() of a complex one raises TypeError, as in NumPy.
        return kind(np.asarray(self.compute()).reshape(()))

    def __bool__(self) -> bool:
        if self.size != 1:
            raise ValueError(
                "The truth value of an array with more than one element is ambiguous. "
                "Use a.any() or a.all()"
            )
        return bool(np.asarray(self.compute()).reshape(()))

    def __int__(self) -> int:
        return self._scalar(int, "int()")

    def __float__(self) -> float:
        return self._scalar(float, "float()")

    def __complex__(self) -> complex:
        return self._scalar(complex, "complex()")

    def __index__(self) -> int:
        if self.ndim != 0 or self.dtype.kind not in "iub":
            raise TypeError(
                f"__index__: only 0-d integer arrays can be used as an index, got shape "
                f"{self.shape} dtype {self.dtype}"
            )
        return operator.index(self.compute())

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of unsized object")
        n = self.shape[0]
        if isinstance(n, float) and math.isnan(n):
            from ..errors import unknown_size_error

            raise unknown_size_error("len", 0)
        return int(n)

    def __iter__(self) -> Iterator[Array]:
        for i in range(len(self)):
            yield self[i]

    # -- display (kept out of the core: see lazyarr/display) ----------------------------
    def __repr__(self) -> str:
        try:
            from ..display.text import array_repr
        except ImportError:  # pragma: no cover - display is part of the package
            return f"lazyarr.Array<{self.name}, shape={self.shape}, dtype={self.dtype}>"
        return array_repr(self)

    def _repr_html_(self) -> str:
        from ..display.html import array_html

        return array_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        from ..display.html import array_html

        return {"text/plain": repr(self), "text/html": array_html(self)}

    def __lazyarr_token__(self) -> str:
        return self.name

    # -- NumPy protocols --------------------------------------------------------------
    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return _api().elementwise.ufuncs.array_ufunc(ufunc, method, *inputs, **kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return _api().registry.array_function(func, types, args, kwargs)

    def __array_namespace__(self, api_version: str | None = None) -> Any:
        import lazyarr

        return lazyarr

    # -- item access ------------------------------------------------------------------
    def __getitem__(self, index: Any) -> Array:
        from .slicing import getitem

        return getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        from .slicing import setitem

        new = setitem(self, index, value)
        # Arrays are immutable underneath: setitem rebinds this object to a new graph.
        self.graph, self.name, self.chunks, self.dtype = new.graph, new.name, new.chunks, new.dtype

    # -- methods: one-line delegations ------------------------------------------------
    def astype(self, dtype: Any, casting: str = "unsafe", copy: bool = True) -> Array:
        return _api().elementwise.astype(self, dtype, casting=casting, copy=copy)

    def rechunk(self, chunks: Any = "auto", **kwargs: Any) -> Array:
        from .rechunk import rechunk

        return rechunk(self, chunks, **kwargs)

    def transpose(self, *axes: Any) -> Array:
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return _api().manipulation.transpose(self, axes or None)

    def reshape(self, *shape: Any, order: str = "C") -> Array:
        """Same as ``lazyarr.reshape(x, shape)``; the shape may be given as separate ints."""
        if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
            shape = shape[0]
        return _api().manipulation.reshape(self, shape, order=order)

    def map_blocks(self, func: Any, *args: Any, **kwargs: Any) -> Array:
        from .map_blocks import map_blocks

        return map_blocks(func, self, *args, **kwargs)

    def visualize(self, *args: Any, **kwargs: Any) -> Any:
        from ..display.graph import visualize

        return visualize(self, *args, **kwargs)

    def copy(self) -> Array:
        return self  # immutable: a copy is the same graph

    def __copy__(self) -> Array:
        return self

    def __deepcopy__(self, memo: Any) -> Array:
        return self


def _axis_length(c: tuple) -> float:
    total = 0
    for s in c:
        if s != s:  # nan
            return math.nan
        total += s
    return int(total)


def _max_length(c: tuple) -> float:
    if not c:
        return 0
    if any(s != s for s in c):
        return math.nan
    return int(max(c))


# -- operators: generated so that each is one line of delegation --------------------------
def _binary(ufunc: np.ufunc, reflected: bool = False):
    def op(self: Array, other: Any) -> Any:
        if getattr(other, "__array_ufunc__", False) is None:
            return NotImplemented
        if not isinstance(other, (Array, np.ndarray, np.generic, int, float, complex, bool, list, tuple)):
            return NotImplemented
        a, b = (other, self) if reflected else (self, other)
        return _api().elementwise.ufuncs.apply_ufunc(ufunc, a, b)

    return op


def _unary(ufunc: np.ufunc):
    def op(self: Array) -> Array:
        return _api().elementwise.ufuncs.apply_ufunc(ufunc, self)

    return op


for _name, _uf in {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "truediv": np.true_divide,
    "floordiv": np.floor_divide, "mod": np.remainder, "pow": np.power, "matmul": None,
    "and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor,
    "lshift": np.left_shift, "rshift": np.right_shift, "divmod": np.divmod,
}.items():
    if _uf is None:
        continue
    setattr(Array, f"__{_name}__", _binary(_uf))
    setattr(Array, f"__r{_name}__", _binary(_uf, reflected=True))
    if _name != "divmod":
        # In-place forms build a new array and rebind the name (arrays are immutable).
        setattr(Array, f"__i{_name}__", _binary(_uf))

for _name, _uf in {"lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal,
                   "eq": np.equal, "ne": np.not_equal}.items():
    setattr(Array, f"__{_name}__", _binary(_uf))

for _name, _uf in {"neg": np.negative, "pos": np.positive, "abs": np.absolute,
                   "invert": np.invert}.items():
    setattr(Array, f"__{_name}__", _unary(_uf))

Array.__hash__ = object.__hash__  # type: ignore[method-assign]  # __eq__ is elementwise


def _matmul(self: Array, other: Any) -> Any:
    if getattr(other, "__array_ufunc__", False) is None:
        return NotImplemented
    return _api().linalg.products.matmul(self, other)


def _rmatmul(self: Array, other: Any) -> Any:
    if getattr(other, "__array_ufunc__", False) is None:
        return NotImplemented
    return _api().linalg.products.matmul(other, self)


Array.__matmul__ = _matmul  # type: ignore[attr-defined]
Array.__rmatmul__ = _rmatmul  # type: ignore[attr-defined]
Array.__imatmul__ = _matmul  # type: ignore[attr-defined]


def asarray_like(x: np.ndarray, out_chunks: tuple) -> Array:
    """Wrap an in-memory operand with chunks matching *out_chunks* (right-aligned)."""
    from .data import from_array

    off = len(out_chunks) - x.ndim
    chunks = tuple((n,) if n == 1 else out_chunks[off + j] for j, n in enumerate(x.shape))
    return from_array(x, chunks=chunks)


def _method(module: str, func: str):
    def method(self: Array, *args: Any, **kwargs: Any) -> Any:
        return operator.attrgetter(f"{module}.{func}")(_api())(self, *args, **kwargs)

    method.__name__ = func
    method.__doc__ = f"Same as ``lazyarr.{func}(x, ...)``; see its docstring."
    return method


# Methods NumPy arrays have, each delegating to the function of the same name.
for _func in ("sum", "prod", "mean", "std", "var", "min", "max", "any", "all", "argmin", "argmax",
              "ptp", "cumsum", "cumprod"):
    setattr(Array, _func, _method("reductions", _func))
for _func in ("round", "clip"):
    setattr(Array, _func, _method("elementwise", _func))
for _func in ("conj", "conjugate"):
    setattr(Array, _func, _method("elementwise", _func))
for _func in ("ravel", "flatten", "squeeze", "swapaxes", "repeat"):
    setattr(Array, _func, _method("manipulation", _func))
Array.dot = _method("linalg.products", "dot")  # type: ignore[attr-defined]


# --- array API (issue 9) -------------------------------------------------------------------
# The standard's array attributes, set here at the end to keep the class body NumPy-shaped.
# Each delegates to api/array_api/info.py, which explains the choices.
def _array_api():
    return _api().array_api.info


def _device(self: Array) -> str:
    """The device the array lives on: always ``"cpu"`` (blocks are NumPy arrays)."""
    return "cpu"


def _to_device(self: Array, device: Any, /, *, stream: Any = None) -> Array:
    """The array on *device*; only ``"cpu"`` exists, so this is *x* itself."""
    return _array_api().to_device(self, device, stream=stream)


def _dlpack(self: Array, /, *, stream: Any = None, max_version: Any = None, dl_device: Any = None,
            copy: Any = None) -> Any:
    """DLPack export (``np.from_dlpack(x)``, ``torch.from_dlpack(x)``): computes the array."""
    return _array_api().dlpack(self, stream=stream, max_version=max_version, dl_device=dl_device, copy=copy)


def _dlpack_device(self: Array, /) -> tuple[int, int]:
    """DLPack device of the computed array: ``(1, 0)``, the CPU."""
    return _array_api().dlpack_device(self)


def _array_namespace(self: Array, /, *, api_version: str | None = None) -> Any:
    """The Array API namespace of this array: the ``lazyarr`` module itself."""
    return _array_api().array_namespace(self, api_version)


Array.device = property(_device)  # type: ignore[attr-defined]
Array.to_device = _to_device  # type: ignore[attr-defined]
Array.__dlpack__ = _dlpack  # type: ignore[attr-defined]
Array.__dlpack_device__ = _dlpack_device  # type: ignore[attr-defined]
Array.__array_namespace__ = _array_namespace  # type: ignore[method-assign]


# In-place operators (x += y) rebind x to a new lazy array, but, as in NumPy and the standard,
# they must not change x's dtype or shape: the result is cast back to x's dtype when NumPy's
# "same_kind" rule allows it, and an error is raised (at graph-build time) otherwise.
def _numpy_inplace_error(name: str, x: Array, other: Any, exc: Exception) -> None:
    """Raise what NumPy's in-place operator raises first, if that differs from *exc*.

    NumPy checks that the result can be cast back into ``x`` before it looks at values, so
    ``bool_array **= -1`` is a casting error there, not "negative integer powers".
    """
    import operator as _op

    probe = other if not isinstance(other, (Array, np.ndarray)) else np.ones((), dtype=other.dtype)
    try:
        getattr(_op, f"i{name}")(np.ones((0,), dtype=x.dtype), probe)
    except Exception as numpy_exc:
        if not isinstance(numpy_exc, type(exc)):
            raise numpy_exc from exc


def _inplace(name: str):
    binary = getattr(Array, f"__{name}__")

    def op(self: Array, other: Any) -> Any:
        try:
            result = binary(self, other)
        except Exception as exc:
            _numpy_inplace_error(name, self, other, exc)
            raise
        if result is NotImplemented:
            return result
        return _array_api().check_inplace(name, self, result)

    op.__name__ = f"__i{name}__"
    return op


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or", "xor", "lshift", "rshift",
              "matmul"):
    setattr(Array, f"__i{_name}__", _inplace(_name))
# --- end array API ---------------------------------------------------------------------------

# --- display ---
# Text companions of visualize(); the display package is imported only when called.
def _explain(self: Array, file: Any = None) -> str:
    """Print a tree of the operations making this array and an estimate of peak memory.

    See :func:`lazyarr.display.explain.explain`.
    """
    from ..display.explain import explain

    return explain(self, file=file)


def _graph_summary(self: Array) -> Any:
    """A table of the operations in ``self.graph`` (text in a terminal, HTML in a notebook)."""
    from ..display.explain import graph_table

    return graph_table(self)


Array.explain = _explain  # type: ignore[attr-defined]
Array.graph_summary = _graph_summary  # type: ignore[attr-defined]
# --- end display ---


# --- storage (issue 10): delegations to lazyarr/api/io/ ---
Array.store = _method("io", "store")  # type: ignore[attr-defined]
Array.to_npy = _method("io", "to_npy")  # type: ignore[attr-defined]
Array.to_zarr = _method("io", "to_zarr")  # type: ignore[attr-defined]
# --- end storage ---

# --- dask collection protocol (scale-out) ---
# One-line delegations to the adapter in lazyarr/schedulers/dask.py, imported only when
# dask asks: the core itself never imports dask.
def _dask_adapter():
    from ..schedulers import dask as adapter

    return adapter


def _dask_optimize(dsk: Any, keys: Any, **kwargs: Any) -> Any:
    return _dask_adapter().dask_optimize(dsk, keys, **kwargs)


def _dask_get(dsk: Any, keys: Any, **kwargs: Any) -> Any:
    return _dask_adapter().dask_get(dsk, keys, **kwargs)


Array.__dask_graph__ = lambda self: _dask_adapter().dask_graph(self)  # type: ignore[attr-defined]
Array.__dask_keys__ = lambda self: _dask_adapter().dask_keys(self)  # type: ignore[attr-defined]
Array.__dask_postcompute__ = lambda self: _dask_adapter().dask_postcompute(self)  # type: ignore[attr-defined]
Array.__dask_postpersist__ = lambda self: _dask_adapter().dask_postpersist(self)  # type: ignore[attr-defined]
Array.__dask_tokenize__ = lambda self: _dask_adapter().dask_tokenize(self)  # type: ignore[attr-defined]
Array.__dask_optimize__ = staticmethod(_dask_optimize)  # type: ignore[attr-defined]
Array.__dask_scheduler__ = staticmethod(_dask_get)  # type: ignore[attr-defined]
# --- end dask collection protocol ---

# --- indexing and unknown sizes (issue 3) ---
def _compute_chunk_sizes(self: Array, **kwargs: Any) -> Array:
    """Same as ``lazyarr.compute_chunk_sizes(x)``: fill in unknown (nan) chunk sizes, in place."""
    from ..api.indexing.searching import compute_chunk_sizes

    return compute_chunk_sizes(self, **kwargs)


def _nonzero(self: Array) -> tuple:
    """Same as ``lazyarr.nonzero(x)``: the indices of the non-zero elements, one array per axis."""
    from ..api.indexing.searching import nonzero

    return nonzero(self)


Array.compute_chunk_sizes = _compute_chunk_sizes  # type: ignore[attr-defined]
Array.nonzero = _nonzero  # type: ignore[attr-defined]
# --- end indexing and unknown sizes ---
