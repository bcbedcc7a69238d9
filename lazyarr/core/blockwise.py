"""THE primitive: for each output block, which input blocks it needs and what to run.

Almost every operation in lazyarr is one :class:`BlockwiseLayer`:

* ``func`` — what runs once per output block;
* ``args`` — per argument, one of
    - :class:`BlockRef` ``(name, index_map)``: a block of another array, chosen by
      ``index_map(output_block_index)``, which returns one block index or a (nested)
      list of them (the function then gets a list of blocks);
    - :class:`PerBlock` ``(fn)``: a plain value computed from the output block index
      (a block's shape, its offset, its random seed, ...);
    - anything else: passed as it is;
* ``numblocks`` — the output's block grid.

The layer stores that *description*, not the tasks; tasks are built only when a
scheduler asks, so a 100,000-block layer costs a few objects to build. The
optimizer can also fuse two blockwise layers into one (see ``core/optimize.py``)
because the description says exactly how blocks line up.

Elementwise operations (:func:`elemwise`), :func:`map_blocks`, index-notation
:func:`blockwise`, transposition, concatenation, partial reductions and rechunk
merges are all built with :func:`blockwise_array`.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import add_note
from . import blocktype
from .array import Array, is_array
from .blocktype import result_block_type
from .chunks import unify_chunks_1d
from .data import asarray_like
from .fused import FusedFunction
from .graph import ALL, Graph, Key, Layer, Task, make_keys
from .index_maps import Aligned, BlockRef, PerBlock, Permuted
from .tokenize import tokenize

__all__ = [
    "Aligned",
    "BlockRef",
    "BlockwiseLayer",
    "FusedFunction",
    "PerBlock",
    "Permuted",
    "blockwise_array",
    "broadcast_chunks",
    "elemwise",
    "infer_dtype",
    "infer_meta",
]


# --------------------------------------------------------------------------------------
# The layer
# --------------------------------------------------------------------------------------
class BlockwiseLayer(Layer):
    """One task per output block, described by ``func``, ``args`` and ``numblocks``.

    Parameters
    ----------
    name : str
        Output array name (every key of the layer is ``Key(name, index)``).
    func : callable
        Run once per block with the resolved arguments.
    args : sequence
        :class:`BlockRef`, :class:`PerBlock` or plain values.
    numblocks : tuple of int
        The output block grid.
    kwargs : dict, optional
        Plain keyword arguments passed to every call.
    label : str, optional
        Operation name for pictures and progress bars.
    indices : frozenset of tuple, optional
        Only these output blocks exist (after culling); None means all.
    """

    def __init__(self, name: str, func: Callable, args: Sequence[Any], numblocks: tuple[int, ...],
                 kwargs: dict | None = None, label: str | None = None,
                 indices: frozenset | None = None, info: dict | None = None):
        self.name = name
        self.func = func
        self.args = tuple(args)
        self.kwargs = dict(kwargs or {})
        self.numblocks = tuple(int(n) for n in numblocks)
        self.label = label or name.rsplit("-", 1)[0]
        self.indices = indices
        self.info = dict(info or {})
        self._refs = [a for a in self.args if type(a) is BlockRef]
        self._has_dynamic = any(type(a) in (BlockRef, PerBlock) for a in self.args)
        self._maker: Callable[[tuple[int, ...]], Task] | None = None  # built on first use

    # -- Mapping interface --------------------------------------------------------
    def _all_indices(self):
        if self.indices is not None:
            return iter(sorted(self.indices))
        return itertools.product(*(range(n) for n in self.numblocks))

    def __iter__(self):
        return iter(make_keys(self.name, self._all_indices()))

    def __len__(self) -> int:
        if self.indices is not None:
            return len(self.indices)
        return math.prod(self.numblocks)

    def __contains__(self, key: object) -> bool:
        if type(key) is not Key or key.name != self.name:  # type: ignore[union-attr]
            return False
        idx = key.index  # type: ignore[union-attr]
        if self.indices is not None:
            return idx in self.indices
        return len(idx) == len(self.numblocks) and all(0 <= i < n for i, n in zip(idx, self.numblocks))

    def __getitem__(self, key: Key) -> Task:
        if key not in self:
            raise KeyError(key)
        return self._task(key.index)

    def _task(self, idx: tuple[int, ...]) -> Task:
        if self._maker is None:
            self._maker = self._task_maker()
        return self._maker(idx)

    def _task_maker(self) -> Callable[[tuple[int, ...]], Task]:
        """A function ``block index -> Task``, prepared once per layer.

        Materializing a layer builds one task per block, so the per-block work is kept
        small: the kind of every argument is decided here, once. When every block
        reference picks a single block (the common, elementwise case) the dependencies
        are exactly those Keys, and the task is built without scanning its arguments.
        """
        func, kwargs, args = self.func, self.kwargs, self.args
        if not self._has_dynamic:
            return lambda idx: Task(func, args, kwargs)
        static_keys: list[Key] = []
        for a in args:
            if type(a) not in (BlockRef, PerBlock):
                _add_found(static_keys, a)
        single = all(getattr(r.index_map, "single", False) for r in self._refs)
        if not single or static_keys:
            # General case: lists of blocks or Keys hidden in plain values; let Task find them.
            return lambda idx: Task(func, tuple(a.resolve(idx) if type(a) in (BlockRef, PerBlock) else a
                                                for a in args), kwargs)
        REF, PER, PLAIN = 0, 1, 2
        kinds = [(REF if type(a) is BlockRef else PER if type(a) is PerBlock else PLAIN, a) for a in args]

        def make(idx: tuple[int, ...]) -> Task:
            values = []
            deps = []
            for kind, a in kinds:
                if kind is PLAIN:
                    values.append(a)
                elif kind is PER:
                    values.append(a.fn(idx))
                else:
                    key = a.resolve(idx)
                    if type(key) is not Key:  # a map that broke its "single" promise
                        return Task(func, tuple(b.resolve(idx) if type(b) in (BlockRef, PerBlock) else b
                                                for b in args), kwargs)
                    values.append(key)
                    deps.append(key)
            return Task.from_parts(func, tuple(values), kwargs,
                                   tuple(deps) if len(deps) < 2 else tuple(dict.fromkeys(deps)))

        return make

    def materialize(self) -> dict[Key, Task]:
        make = self._task_maker()
        indices = list(self._all_indices())
        return dict(zip(make_keys(self.name, indices), map(make, indices)))

    def cull(self, keys: set[Key]) -> Layer:
        """The same layer restricted to the output blocks *keys* (still lazy: no task is built)."""
        return BlockwiseLayer(self.name, self.func, self.args, self.numblocks, self.kwargs,
                              self.label, frozenset(k.index for k in keys), self.info)

    def input_keys(self, keys: Any = ALL) -> dict[str, Any]:
        needed: dict[str, Any] = {}
        whole = keys is ALL and self.indices is None
        for ref in self._refs:
            if whole and (ref.name == self.name or getattr(ref.index_map, "covering", False)):
                # Every block of that input is needed (a layer reading its own earlier blocks,
                # as a scan's carries do, has them all when it is whole).
                needed[ref.name] = ALL
                continue
            indices = self._all_indices() if keys is ALL else (k.index for k in keys)
            for idx in indices:
                _add_keys(needed, ref.resolve(idx))
        return needed


def _add_found(found: list[Key], value: Any) -> None:
    """Append the Keys inside a plain argument (also nested in lists/tuples/dicts) to *found*."""
    if type(value) is Key:
        found.append(value)
    elif type(value) in (list, tuple):
        for v in value:
            _add_found(found, v)
    elif type(value) is dict:
        for v in value.values():
            _add_found(found, v)


def _add_keys(needed: dict, found: Any) -> None:
    """Add the Keys in *found* (a Key or nested lists) to *needed*, by array name."""
    if type(found) is Key:
        bucket = needed.setdefault(found.name, set())
        if bucket is not ALL:
            bucket.add(found)
    else:
        for f in found:
            _add_keys(needed, f)


# --------------------------------------------------------------------------------------
# Building arrays from blockwise layers
# --------------------------------------------------------------------------------------
def blockwise_array(func: Callable, args: Sequence[Any], chunks: tuple, dtype: Any, *,
                    name: str, inputs: Sequence[Array] = (), kwargs: dict | None = None,
                    label: str | None = None, covering: bool = True, block_type: type | None = None) -> Array:
    """Wrap one :class:`BlockwiseLayer` in a new :class:`Array`.

    *inputs* are the arrays whose graphs the new one builds on. If some of their blocks
    are not used (``covering=False``, e.g. slicing), the graph is culled right away so
    that it holds only the tasks this array needs. The new array's *block_type* is, unless
    given, that of its inputs (a masked input makes masked blocks; see ``core/blocktype.py``).
    """
    if block_type is None:
        block_type = result_block_type(a.block_type for a in inputs)
    numblocks = tuple(len(c) for c in chunks)
    layer = BlockwiseLayer(name, func, args, numblocks, kwargs, label,
                           info={"chunks": chunks, "dtype": np.dtype(dtype)})
    graph = Graph.from_layer(layer, [a.graph for a in inputs])
    if not covering:
        graph = graph.cull(list(layer))
    return Array(graph, name, chunks, dtype, block_type)


def infer_dtype(func: Callable, args: Sequence[Any], kwargs: dict | None = None,
                funcname: str | None = None) -> np.dtype:
    """The dtype *func* returns, found by running it on tiny arrays of the input dtypes.

    Python scalars are passed as they are so that NumPy's NEP 50 promotion rules
    (``float32 array + 1.0 -> float32``) apply exactly.
    """
    return infer_meta(func, args, kwargs, funcname)[0]


def infer_meta(func: Callable, args: Sequence[Any], kwargs: dict | None = None,
               funcname: str | None = None) -> tuple[Any, type]:
    """The dtype and the block type *func* returns, found by running it on tiny samples.

    Lazy arrays are replaced by one-element blocks of their own block type, so a function
    that adds a mask (``np.ma.masked_invalid``) or removes one (``np.ma.getdata``) says so.
    For a tuple of outputs the dtype is a tuple and the block type that of the first.
    """
    samples = [blocktype.sample(a.block_type, a.ndim, a.dtype) if is_array(a) else a for a in args]
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = func(*samples, **(kwargs or {}))
    except Exception as exc:
        # Keep NumPy's own exception (some types cannot be rebuilt from a message).
        name = funcname or getattr(func, "__name__", repr(func))
        add_note(exc, f"lazyarr: raised by {name} on a one-element sample while working out the "
                      f"result dtype (at graph-build time)")
        raise
    first = out[0] if isinstance(out, tuple) and out else out
    if isinstance(first, np.ndarray):
        block_type = blocktype.type_of_block(first)
    else:
        # A scalar says nothing about the block type (numpy.ma gives scalars for 0-d inputs):
        # the inputs' block type it is.
        block_type = blocktype.result_block_type(type(s) for s in samples if isinstance(s, np.ndarray))
    if isinstance(out, tuple):
        return tuple(np.asarray(o).dtype for o in out), block_type
    return np.asarray(out).dtype, block_type


def broadcast_chunks(*arrays: Array, funcname: str = "broadcast") -> tuple:
    """Output chunks of broadcasting *arrays*; chunk boundaries are unified per axis."""
    ndim = max((a.ndim for a in arrays), default=0)
    out: list[tuple] = []
    for axis in range(ndim):
        candidates = []
        lengths = []
        ones = []  # chunks of length-1 axes that are cut into several (zero-length) blocks
        for a in arrays:
            j = axis - (ndim - a.ndim)
            if j < 0:
                continue
            n = a.shape[j]
            if n == 1:  # broadcasts against any other length
                if len(a.chunks[j]) > 1:
                    ones.append(a.chunks[j])
                continue
            candidates.append(a.chunks[j])
            lengths.append(n)
        if not candidates:  # every operand has length 1 here: nothing broadcasts, keep their blocks
            out.append(unify_chunks_1d(*ones) if ones else (1,))
            continue
        known = {n for n in lengths if not math.isnan(n)}
        if len(known) > 1:
            shapes = ", ".join(str(a.shape) for a in arrays)
            raise ValueError(
                f"{funcname}: operands could not be broadcast together with shapes {shapes} "
                f"(axis {axis - ndim} has lengths {sorted(known)})"
            )
        if any(math.isnan(n) for n in lengths):
            first = candidates[0]
            if any(len(c) != len(first) for c in candidates):
                from ..errors import unknown_size_error

                raise unknown_size_error(funcname, axis)
            out.append(first)
            continue
        out.append(unify_chunks_1d(*candidates))
    return tuple(out)


def _align(arr: Array, out_chunks: tuple) -> Array:
    """Rechunk *arr* so its non-broadcast axes match *out_chunks* (right-aligned); an axis it
    broadcasts (length 1 against a longer one) becomes one block."""
    off = len(out_chunks) - arr.ndim
    target = tuple((1,) if arr.shape[j] == 1 and sum(out_chunks[off + j]) != 1 else out_chunks[off + j]
                   for j in range(arr.ndim))
    if target == arr.chunks:
        return arr
    from .rechunk import rechunk

    return rechunk(arr, target)


def elemwise(op: Callable, *args: Any, dtype: Any = None, name: str | None = None,
             label: str | None = None, **kwargs: Any) -> Array:
    """Apply an elementwise function (a ufunc or alike) block by block, with broadcasting.

    NumPy arrays among *args* are wrapped lazily with chunks matching the lazy operands;
    Python and NumPy scalars are passed to every block as they are.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.ones(4, chunks=2)
    >>> elemwise(np.add, x, 1).compute()
    array([2., 2., 2., 2.])
    """
    label = label or getattr(op, "__name__", "elemwise")
    wrapped: list[Any] = []
    for a in args:
        if not is_array(a) and isinstance(a, (np.ndarray, list)) and np.ndim(a) > 0:
            a = np.asanyarray(a)  # a numpy.ma operand keeps its mask
            wrapped.append(a)
        else:
            wrapped.append(a)
    if dtype is None:
        # Like NumPy, find the dtype (and refuse unsupported types) before checking shapes;
        # NumPy operands are sampled too, never computed on at build time.
        samples = [blocktype.sample(type(a), a.ndim, a.dtype) if isinstance(a, np.ndarray) else a
                   for a in wrapped]
        dtype, block_type = infer_meta(op, samples, kwargs, label)
    else:
        block_type = None  # the inputs' block type (blockwise_array decides)
    dtype = np.dtype(dtype)
    lazy = [a for a in wrapped if is_array(a)] + [a for a in wrapped if isinstance(a, np.ndarray)]
    out_chunks = broadcast_chunks(*(a if is_array(a) else _ShapeOnly(a) for a in lazy), funcname=label)
    final_args: list[Any] = []
    inputs: list[Array] = []
    tokens: list[Any] = []
    wrapped = [asarray_like(a, out_chunks) if isinstance(a, np.ndarray) else a for a in wrapped]
    for a in wrapped:
        if is_array(a):
            tokens.append(a.name)
            a = _align(a, out_chunks)
            inputs.append(a)
            final_args.append(BlockRef(a.name, Aligned(a.numblocks, len(out_chunks))))
        else:
            tokens.append(a)
            final_args.append(a)
    if name is None:
        name = f"{label}-{tokenize(op, *tokens, kwargs)}"
    return blockwise_array(op, final_args, out_chunks, dtype, name=name, inputs=inputs,
                           kwargs=kwargs, label=label, block_type=block_type)


class _ShapeOnly:
    """A NumPy operand seen only through its shape while chunks are being planned."""

    def __init__(self, x: np.ndarray):
        self.shape = x.shape
        self.ndim = x.ndim
        self.chunks = tuple((n,) if n == 1 else (n,) for n in x.shape)
