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
from .array import Array, asarray_like, is_array
from .chunks import unify_chunks_1d
from .graph import ALL, Graph, Key, Layer, Task, make_keys
from .tokenize import tokenize

__all__ = [
    "Aligned",
    "BlockRef",
    "BlockwiseLayer",
    "FusedFunction",
    "PerBlock",
    "blockwise",
    "blockwise_array",
    "broadcast_chunks",
    "elemwise",
    "infer_dtype",
    "map_blocks",
]


# --------------------------------------------------------------------------------------
# Index maps: output block index -> input block index (or a list of them)
# --------------------------------------------------------------------------------------
class Aligned:
    """Elementwise alignment with broadcasting: the same block index, right-aligned.

    An input axis with a single block is broadcast (always block 0). Every input block
    is used (``covering``); each output block uses a distinct input block unless the
    input is broadcast (``injective``).

    >>> Aligned((3, 1), 2)((2, 5))
    (2, 0)
    """

    __slots__ = ("in_numblocks", "offset", "_broadcast", "identity")
    covering = True
    single = True

    def __init__(self, in_numblocks: tuple[int, ...], out_ndim: int):
        self.in_numblocks = tuple(in_numblocks)
        self.offset = out_ndim - len(in_numblocks)
        self._broadcast = tuple(n == 1 for n in in_numblocks)
        # The common case, decided once: the same block index (this map runs once per block).
        self.identity = self.offset == 0 and not any(self._broadcast)

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        if self.identity:
            return idx
        off = self.offset
        return tuple([0 if b else idx[off + j] for j, b in enumerate(self._broadcast)])

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return self.offset == 0 and self.in_numblocks == tuple(out_numblocks)

    def __lazyarr_token__(self) -> Any:
        return ("aligned", self.in_numblocks, self.offset)


class Permuted:
    """Block index of a transposed input: ``out[i] = in[axes[i]]`` (injective, covering).

    >>> Permuted((1, 0))((4, 7))
    (7, 4)
    """

    __slots__ = ("inverse",)
    covering = True
    single = True

    def __init__(self, axes: Sequence[int]):
        inverse = [0] * len(axes)
        for out_axis, in_axis in enumerate(axes):
            inverse[in_axis] = out_axis
        self.inverse = tuple(inverse)

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(idx[i] for i in self.inverse)

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return True

    def __lazyarr_token__(self) -> Any:
        return ("permuted", self.inverse)


class Composed:
    """``inner(outer(idx))``: an input of a fused producer seen from the consumer."""

    __slots__ = ("inner", "outer", "injective", "single")
    covering = False

    def __init__(self, inner: Callable, outer: Callable, injective: bool = False):
        self.inner, self.outer = inner, outer
        self.injective = injective
        self.single = getattr(inner, "single", False)

    def __call__(self, idx: tuple[int, ...]) -> Any:
        return self.inner(self.outer(idx))

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return self.injective

    def __lazyarr_token__(self) -> Any:
        return ("composed", tokenize(self.inner), tokenize(self.outer))


class BlockRef:
    """An argument that is a block (or list of blocks) of array *name*."""

    __slots__ = ("name", "index_map")

    def __init__(self, name: str, index_map: Callable[[tuple[int, ...]], Any]):
        self.name = name
        self.index_map = index_map

    def resolve(self, idx: tuple[int, ...]) -> Any:
        return _keys_for(self.name, self.index_map(idx))

    def __repr__(self) -> str:
        return f"BlockRef({self.name!r})"


def _keys_for(name: str, where: Any) -> Any:
    if type(where) is tuple:
        return Key(name, where)
    if type(where) is Key:  # a "router" map may pick blocks of several arrays
        return where
    return [_keys_for(name, w) for w in where]


class PerBlock:
    """An argument computed from the output block index, e.g. the block's shape."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[tuple[int, ...]], Any]):
        self.fn = fn

    def resolve(self, idx: tuple[int, ...]) -> Any:
        return self.fn(idx)

    def __lazyarr_token__(self) -> Any:
        return ("perblock", tokenize(self.fn))


class _ComposedPerBlock:
    __slots__ = ("fn", "outer")

    def __init__(self, fn: Callable, outer: Callable):
        self.fn, self.outer = fn, outer

    def __call__(self, idx: tuple[int, ...]) -> Any:
        return self.fn(self.outer(idx))


# --------------------------------------------------------------------------------------
# Fused functions: a tiny straight-line program run inside one task
# --------------------------------------------------------------------------------------
IN, STEP, LIT = 0, 1, 2


class FusedFunction:
    """Several blockwise functions run one after another inside a single task.

    ``steps`` is a tuple of ``(func, specs, kwargs, label)``; each spec is
    ``(IN, i)`` (the i-th task argument), ``(STEP, j)`` (the result of step j) or
    ``(LIT, value)``. The last step's result is returned.

    To run fast, the steps are compiled once into a tiny register machine: one list
    holds the literals, then the task's inputs, then each step's result, so every
    argument is just a position in that list. A step's result is dropped as soon as
    the last step that reads it has run, so a long chain holds only a few blocks.

    >>> import numpy as np
    >>> f = FusedFunction(((np.add, ((IN, 0), (LIT, 1)), {}, "add"),
    ...                    (np.multiply, ((STEP, 0), (IN, 0)), {}, "mul")))
    >>> f(np.arange(3))  # (x + 1) * x
    array([0, 2, 6])
    """

    __slots__ = ("steps", "_literals", "_n_inputs", "_program")

    def __init__(self, steps: tuple):
        self.steps = steps
        literals = [v for _, specs, _, _ in steps for kind, v in specs if kind == LIT]
        n_in = 1 + max((v for _, specs, _, _ in steps for kind, v in specs if kind == IN), default=-1)
        first_step = len(literals) + n_in
        lit = iter(range(len(literals)))
        program = []
        last_use: dict[int, int] = {}  # register -> index of the last step reading it
        for j, (func, specs, kwargs, label) in enumerate(steps):
            regs = tuple(next(lit) if kind == LIT else len(literals) + v if kind == IN else first_step + v
                         for kind, v in specs)
            for r in regs:
                if r >= first_step:
                    last_use[r] = j
            program.append((func, regs, kwargs, label, []))
        for r, j in last_use.items():
            program[j][4].append(r)  # free these registers after step j
        self._literals = tuple(literals)
        self._n_inputs = n_in
        self._program = tuple((f, r, k, lb, tuple(free)) for f, r, k, lb, free in program)

    @property
    def labels(self) -> list[str]:
        return [s[3] for s in self.steps]

    @property
    def __name__(self) -> str:  # noqa: D401 - used in task reprs and pictures
        return "-".join(dict.fromkeys(self.labels))

    def __call__(self, *inputs: Any) -> Any:
        regs = [*self._literals, *inputs]
        if len(inputs) != self._n_inputs:  # unused trailing inputs would shift the step registers
            del regs[len(self._literals) + self._n_inputs:]
        for func, args, kwargs, label, free in self._program:
            try:
                regs.append(func(*[regs[r] for r in args], **kwargs))
            except Exception as exc:
                add_note(exc, f"lazyarr: raised by the fused step {label!r}")
                raise
            for r in free:
                regs[r] = None
        return regs[-1]

    def __reduce__(self) -> Any:
        return (FusedFunction, (self.steps,))


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

    # -- culling --------------------------------------------------------------------
    def cull(self, keys: set[Key]) -> Layer:
        return BlockwiseLayer(self.name, self.func, self.args, self.numblocks, self.kwargs,
                              self.label, frozenset(k.index for k in keys), self.info)

    def input_keys(self, keys: Any = ALL) -> dict[str, Any]:
        needed: dict[str, Any] = {}
        whole = keys is ALL and self.indices is None
        for ref in self._refs:
            if whole and getattr(ref.index_map, "covering", False):
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
                    label: str | None = None, covering: bool = True, meta_type: type | None = None) -> Array:
    """Wrap one :class:`BlockwiseLayer` in a new :class:`Array`.

    *inputs* are the arrays whose graphs the new one builds on. If some of their blocks
    are not used (``covering=False``, e.g. slicing), the graph is culled right away so
    that it holds only the tasks this array needs.
    """
    numblocks = tuple(len(c) for c in chunks)
    layer = BlockwiseLayer(name, func, args, numblocks, kwargs, label,
                           info={"chunks": chunks, "dtype": np.dtype(dtype)})
    graph = Graph.from_layer(layer, [a.graph for a in inputs])
    if not covering:
        graph = graph.cull(list(layer))
    return Array(graph, name, chunks, dtype)


def infer_dtype(func: Callable, args: Sequence[Any], kwargs: dict | None = None,
                funcname: str | None = None) -> np.dtype:
    """The dtype *func* returns, found by running it on tiny arrays of the input dtypes.

    Python scalars are passed as they are so that NumPy's NEP 50 promotion rules
    (``float32 array + 1.0 -> float32``) apply exactly.
    """
    samples = [np.ones((1,) * a.ndim, dtype=a.dtype) if is_array(a) else a for a in args]
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
    if isinstance(out, tuple):
        return tuple(np.asarray(o).dtype for o in out)  # type: ignore[return-value]
    return np.asarray(out).dtype


def broadcast_chunks(*arrays: Array, funcname: str = "broadcast") -> tuple:
    """Output chunks of broadcasting *arrays*; chunk boundaries are unified per axis."""
    ndim = max((a.ndim for a in arrays), default=0)
    out: list[tuple] = []
    for axis in range(ndim):
        candidates = []
        lengths = []
        for a in arrays:
            j = axis - (ndim - a.ndim)
            if j < 0:
                continue
            n = a.shape[j]
            if n == 1 and len(a.chunks[j]) == 1:
                continue
            candidates.append(a.chunks[j])
            lengths.append(n)
        if not candidates:
            out.append((1,))
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
    """Rechunk *arr* so its non-broadcast axes match *out_chunks* (right-aligned)."""
    off = len(out_chunks) - arr.ndim
    target = tuple(c if (len(c) == 1 and arr.shape[j] == 1) else out_chunks[off + j]
                   for j, c in enumerate(arr.chunks))
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
    if dtype is None:
        dtype = infer_dtype(op, args, kwargs, label)
    dtype = np.dtype(dtype)
    wrapped: list[Any] = []
    for a in args:
        if not is_array(a) and isinstance(a, (np.ndarray, list)) and np.ndim(a) > 0:
            a = np.asarray(a)
            wrapped.append(a)
        else:
            wrapped.append(a)
    lazy = [a for a in wrapped if is_array(a)] + [a for a in wrapped if isinstance(a, np.ndarray)]
    out_chunks = broadcast_chunks(*(a if is_array(a) else _ShapeOnly(a) for a in lazy), funcname=label)
    final_args: list[Any] = []
    inputs: list[Array] = []
    for a in wrapped:
        if isinstance(a, np.ndarray):
            a = asarray_like(a, out_chunks)
        if is_array(a):
            a = _align(a, out_chunks)
            inputs.append(a)
            final_args.append(BlockRef(a.name, Aligned(a.numblocks, len(out_chunks))))
        else:
            final_args.append(a)
    if name is None:
        name = f"{label}-{tokenize(op, *[a.name if is_array(a) else a for a in wrapped], kwargs)}"
    return blockwise_array(op, final_args, out_chunks, dtype, name=name, inputs=inputs,
                           kwargs=kwargs, label=label)


class _ShapeOnly:
    """A NumPy operand seen only through its shape while chunks are being planned."""

    def __init__(self, x: np.ndarray):
        self.shape = x.shape
        self.ndim = x.ndim
        self.chunks = tuple((n,) if n == 1 else (n,) for n in x.shape)


# --------------------------------------------------------------------------------------
# User-facing thin layers: map_blocks and index-notation blockwise
# --------------------------------------------------------------------------------------
def _block_info_fn(arrays: list[Array], out_chunks: tuple, dtype: np.dtype) -> Callable:
    from .chunks import chunk_boundaries

    out_bounds = [chunk_boundaries(c) for c in out_chunks]
    in_bounds = [[chunk_boundaries(c) for c in a.chunks] for a in arrays]
    out_shape = tuple(sum(c) for c in out_chunks)

    def info(idx: tuple[int, ...]) -> dict:
        result: dict[Any, Any] = {
            None: {
                "shape": out_shape,
                "num-chunks": tuple(len(c) for c in out_chunks),
                "chunk-location": idx,
                "array-location": [(b[i], b[i + 1]) for b, i in zip(out_bounds, idx)],
                "dtype": dtype,
            }
        }
        for k, (a, bounds) in enumerate(zip(arrays, in_bounds)):
            in_idx = Aligned(a.numblocks, len(idx))(idx)
            result[k] = {
                "shape": a.shape,
                "num-chunks": a.numblocks,
                "chunk-location": in_idx,
                "array-location": [(b[i], b[i + 1]) for b, i in zip(bounds, in_idx)],
            }
        return result

    return info


class _CallWithBlockInfo:
    """Calls a user function with ``block_info=`` / ``block_id=`` keyword arguments."""

    def __init__(self, func: Callable, n_args: int, wants_info: bool, wants_id: bool):
        self.func, self.n_args = func, n_args
        self.wants_info, self.wants_id = wants_info, wants_id

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        extra = args[self.n_args:]
        args = args[: self.n_args]
        if self.wants_info:
            kwargs["block_info"] = extra[0]
        if self.wants_id:
            kwargs["block_id"] = extra[-1]
        return self.func(*args, **kwargs)

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "map_blocks")


def _accepts(func: Callable, name: str) -> bool:
    import inspect

    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def map_blocks(func: Callable, *args: Any, dtype: Any = None, chunks: Any = None,
               drop_axis: int | Sequence[int] = (), new_axis: int | Sequence[int] | None = None,
               name: str | None = None, **kwargs: Any) -> Array:
    """Apply *func* to every block of the (broadcast-aligned) lazy arrays in *args*.

    Parameters
    ----------
    func : callable
        Called as ``func(block, ..., **kwargs)``. If it accepts ``block_info`` it gets a
        dict describing where the block sits (key ``None`` for the output, ``0, 1, ...``
        for the inputs); if it accepts ``block_id`` it gets the output block index.
    dtype : dtype, optional
        Output dtype; inferred by running *func* on tiny samples when omitted.
    chunks : tuple, optional
        Output chunks when *func* changes block shapes (one tuple of sizes per output axis,
        or one block shape used for every block).
    drop_axis, new_axis : int or sequence of int
        Axes the function removes or adds.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=3)
    >>> map_blocks(lambda b: b * 10, x).compute()
    array([ 0, 10, 20, 30, 40, 50])
    """
    arrays = [a for a in args if is_array(a)]
    if not arrays:
        raise TypeError("map_blocks: needs at least one lazy array argument")
    label = getattr(func, "__name__", "map_blocks")
    if label == "<lambda>":
        label = "lambda"
    out_chunks = broadcast_chunks(*arrays, funcname="map_blocks")
    aligned = [_align(a, out_chunks) for a in arrays]
    in_numblocks = tuple(len(c) for c in out_chunks)
    if isinstance(drop_axis, int):
        drop_axis = (drop_axis,)
    drop = sorted(d % max(len(out_chunks), 1) for d in drop_axis)
    if dtype is None:
        dtype = infer_dtype(func, args, kwargs, f"map_blocks({label})")
    dtype = np.dtype(dtype)
    result_chunks: list = [c for i, c in enumerate(out_chunks) if i not in drop]
    if drop:
        for d in drop:
            if in_numblocks[d] != 1:
                raise ValueError(
                    f"map_blocks: drop_axis={d} needs that axis in a single block, but it has "
                    f"{in_numblocks[d]} blocks; rechunk({{{d}: -1}}) first"
                )
    if new_axis is not None:
        new = (new_axis,) if isinstance(new_axis, int) else tuple(new_axis)
        ndim_out = len(result_chunks) + len(new)
        for ax in sorted(a % ndim_out for a in new):
            result_chunks.insert(ax, (1,))
    if chunks is not None:
        if isinstance(chunks, tuple) and chunks and all(isinstance(c, tuple) for c in chunks):
            final = tuple(tuple(c) for c in chunks)
            if len(final) != len(result_chunks):
                raise ValueError(
                    f"map_blocks: chunks has {len(final)} axes but the output has {len(result_chunks)}"
                )
            for i, (given, have) in enumerate(zip(final, result_chunks)):
                if len(given) != len(have) and len(given) != 1:
                    raise ValueError(
                        f"map_blocks: chunks for axis {i} give {len(given)} blocks, but the "
                        f"block grid has {len(have)}"
                    )
            result_chunks = [g * len(h) if len(g) == 1 and len(h) > 1 else g
                             for g, h in zip(final, result_chunks)]
        else:
            shape = tuple(chunks) if isinstance(chunks, (tuple, list)) else (chunks,)
            if len(shape) != len(result_chunks):
                raise ValueError(
                    f"map_blocks: chunks={chunks!r} has {len(shape)} entries but the output has "
                    f"{len(result_chunks)} axes"
                )
            result_chunks = [(int(s),) * len(c) for s, c in zip(shape, result_chunks)]
    out_chunks_final = tuple(tuple(c) for c in result_chunks)
    out_numblocks = tuple(len(c) for c in out_chunks_final)

    # Map each output block index back to the input block grid (drop/new axes differ).
    kept_in_axes = [i for i in range(len(in_numblocks)) if i not in drop]
    new_axes_set = set()
    if new_axis is not None:
        new = (new_axis,) if isinstance(new_axis, int) else tuple(new_axis)
        new_axes_set = {a % len(out_numblocks) for a in new}
    out_to_in = [i for i in range(len(out_numblocks)) if i not in new_axes_set]

    def to_input_index(idx: tuple[int, ...]) -> tuple[int, ...]:
        full = [0] * len(in_numblocks)
        for out_pos, in_axis in zip(out_to_in, kept_in_axes):
            full[in_axis] = idx[out_pos]
        return tuple(full)

    identity = not drop and not new_axes_set
    wants_info, wants_id = _accepts(func, "block_info"), _accepts(func, "block_id")
    final_args: list[Any] = []
    k = 0
    for a in args:
        if is_array(a):
            arr = aligned[k]
            k += 1
            amap = Aligned(arr.numblocks, len(in_numblocks))
            final_args.append(BlockRef(arr.name, amap if identity else Composed(amap, to_input_index)))
        else:
            final_args.append(a)
    call: Callable = func
    if wants_info or wants_id:
        call = _CallWithBlockInfo(func, len(args), wants_info, wants_id)
        if wants_info:
            info = _block_info_fn(aligned, out_chunks_final, dtype)
            final_args.append(PerBlock(info))
        if wants_id:
            final_args.append(PerBlock(lambda idx: idx))
    token = tokenize(func, *[a.name if is_array(a) else a for a in args], kwargs, dtype,
                     out_chunks_final, drop, new_axis)
    name = name or f"{label}-{token}"
    return blockwise_array(call, final_args, out_chunks_final, dtype, name=name, inputs=aligned,
                           kwargs=kwargs, label=label, covering=identity)


def blockwise(func: Callable, out_ind: str, *argpairs: Any, dtype: Any = None,
              concatenate: bool = False, new_axes: dict | None = None, name: str | None = None,
              **kwargs: Any) -> Array:
    """Index-notation blockwise, as in ``einsum``: ``blockwise(f, "ij", x, "ik", y, "kj")``.

    Each argument is followed by its index string (or ``None`` for a plain value).
    Letters in the output are block-aligned; letters missing from the output are
    *contracted*: the function receives the list of all blocks along them (or one
    concatenated block when ``concatenate=True``).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.ones((4, 6), chunks=2)
    >>> y = la.ones((6, 2), chunks=2)
    >>> def matmul_blocks(xs, ys):
    ...     return sum(a @ b for a, b in zip(xs, ys))
    >>> blockwise(matmul_blocks, "ij", x, "ik", y, "kj", dtype=float).compute()[0, 0]
    np.float64(6.0)
    """
    if len(argpairs) % 2:
        raise ValueError("blockwise: arguments must come in (array, index) pairs")
    pairs = [(argpairs[i], argpairs[i + 1]) for i in range(0, len(argpairs), 2)]
    letter_chunks: dict[str, list[tuple]] = {}
    for arr, ind in pairs:
        if ind is None:
            continue
        if not is_array(arr):
            raise TypeError(f"blockwise: argument with index {ind!r} must be a lazy array")
        if len(ind) != arr.ndim:
            raise ValueError(
                f"blockwise: index {ind!r} has {len(ind)} letters but the array has {arr.ndim} dimensions"
            )
        for letter, c in zip(ind, arr.chunks):
            letter_chunks.setdefault(letter, []).append(c)
    unified = {}
    for letter, cs in letter_chunks.items():
        non_single = [c for c in cs if not (len(c) == 1 and sum(c) == 1)] or cs
        unified[letter] = unify_chunks_1d(*non_single)
    new_axes = new_axes or {}
    for letter, size in new_axes.items():
        unified[letter] = (size,) if isinstance(size, int) else tuple(size)
    missing = [c for c in out_ind if c not in unified]
    if missing:
        raise ValueError(f"blockwise: output index {missing[0]!r} appears in no input; give new_axes")
    out_chunks = tuple(unified[c] for c in out_ind)
    contracted = sorted({c for _, ind in pairs if ind for c in ind} - set(out_ind))
    if dtype is None:
        raise TypeError("blockwise: give dtype= (the output dtype cannot be inferred for index notation)")
    args: list[Any] = []
    inputs: list[Array] = []
    for arr, ind in pairs:
        if ind is None:
            args.append(arr)
            continue
        target = tuple(
            c if (len(c) == 1 and sum(c) == 1 and len(unified[letter]) > 1) else unified[letter]
            for letter, c in zip(ind, arr.chunks)
        )
        if target != arr.chunks:
            from .rechunk import rechunk

            arr = rechunk(arr, target)
        inputs.append(arr)
        args.append(BlockRef(arr.name, _IndexNotationMap(ind, out_ind, contracted,
                                                         {lt: len(unified[lt]) for lt in contracted},
                                                         arr.numblocks)))
    call = func
    if concatenate and contracted:
        call = _ConcatenateContracted(func, [ind for _, ind in pairs], contracted)
    token = tokenize(func, out_ind, *[(a.name if is_array(a) else a, i) for a, i in pairs], kwargs,
                     concatenate, new_axes)
    label = getattr(func, "__name__", "blockwise")
    return blockwise_array(call, args, out_chunks, dtype, name=name or f"{label}-{token}",
                           inputs=inputs, kwargs=kwargs, label=label)


class _IndexNotationMap:
    """Maps an output block index to an input's block (lists along contracted letters)."""

    covering = True

    def __init__(self, ind: str, out_ind: str, contracted: list[str], ncontract: dict, numblocks):
        self.ind, self.out_ind = ind, out_ind
        self.contracted = [c for c in contracted if c in ind]
        self.ncontract = ncontract
        self.numblocks = numblocks
        self.single = not self.contracted

    def __call__(self, idx: tuple[int, ...]) -> Any:
        where = dict(zip(self.out_ind, idx))

        def build(fixed: dict, remaining: list[str]) -> Any:
            if not remaining:
                return tuple(0 if nb == 1 else fixed[c] for c, nb in zip(self.ind, self.numblocks))
            letter, rest = remaining[0], remaining[1:]
            return [build({**fixed, letter: k}, rest) for k in range(self.ncontract[letter])]

        return build(where, self.contracted)

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        return self.single and self.ind == self.out_ind and tuple(self.numblocks) == tuple(out_numblocks)


class _ConcatenateContracted:
    """Concatenate nested block lists along their contracted axes before calling."""

    def __init__(self, func: Callable, inds: list, contracted: list[str]):
        self.func, self.inds, self.contracted = func, inds, contracted

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        out = []
        for a, ind in zip(args, self.inds):
            if ind is None:
                out.append(a)
                continue
            axes = [ind.index(c) for c in self.contracted if c in ind]
            out.append(_concat_nested(a, axes))
        return self.func(*out, **kwargs)

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "blockwise")


def _concat_nested(blocks: Any, axes: list[int]) -> Any:
    if not axes:
        return blocks
    first, rest = axes[0], axes[1:]
    return np.concatenate([_concat_nested(b, rest) for b in blocks], axis=first)

