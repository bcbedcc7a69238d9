"""Index maps and block arguments: how one output block finds its inputs.

Used by :mod:`lazyarr.core.blockwise`. An *index map* is called with an output block
index and returns the input block(s) that block needs:

* one block index (a tuple): the function gets that block;
* a (nested) list of block indices: the function gets the (nested) list of blocks;
* a :class:`~lazyarr.core.graph.Key`: a "router" map choosing among several arrays
  (``concatenate``).

:class:`IndexMap` is the base class; it documents what a map may declare about itself.
The layer and the optimizer read these declarations instead of calling the map for
every block:

* ``covering``: every input block is used, so culling a whole layer need not
  enumerate them;
* ``single``: the map always returns one block index (never a list);
* ``injective_for(out_numblocks)``: distinct output blocks use distinct input blocks.

The optimizer (``core/optimize.py``) fuses an input's producer into its consumer only
through a ``single`` map that is injective, so that each producer block is computed
inline exactly once. Declarations are promises: leaving one out (the default is False)
only costs a missed shortcut, but a map must never promise what it does not do. A
plain function also works as an index map, with every declaration False.

The generic maps cover almost every operation:

=======================  ======================================================
:class:`Aligned`         elementwise alignment, with broadcasting
:class:`FromAxes`        each input axis reads one output axis, or is block 0
:class:`Permuted`        a transposed input (a :class:`FromAxes`)
:class:`FirstBlock`      every output block reads block ``(0, ..., 0)``
:class:`AllBlocks`       every block (along all or some axes), as one list
:class:`Lookup`          per-axis tables: output block -> input block(s)
:class:`IndexFunction`   a function of the block index plus its declarations
:class:`Previous`        the block before, along one axis (a scan's carries)
=======================  ======================================================

An operation whose block mapping is its own (a reduction's groups, a reshape's C
order, a lazy mask's flattened blocks) subclasses :class:`IndexMap`.

The other kind of block argument, :class:`PerBlock`, computes a plain value from the
output block index; :class:`BlockShape` and :class:`BlockOffset` are the common ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .chunks import chunk_boundaries
from .graph import Key
from .tokenize import normalize_token, tokenize

__all__ = ["AllBlocks", "Aligned", "BlockOffset", "BlockRef", "BlockShape", "Composed", "FirstBlock", "FromAxes",
           "IndexFunction", "IndexMap", "Lookup", "PerBlock", "Permuted", "Previous", "nest"]


class IndexMap:
    """Base class of index maps: output block index -> input block index (or a list of them).

    A subclass implements ``__call__`` and overrides the declarations that hold (see
    the module docstring): the attributes ``covering`` and ``single``, and the method
    :meth:`injective_for`. The defaults promise nothing.

    ``__lazyarr_token__`` describes the map so that two maps that pick the same blocks
    compare equal: the optimizer then computes a block read twice through equal maps
    (``x + 1`` and ``x * 2`` in one fused task) only once. The default describes a map
    by its class and the values of its ``__slots__``, which is right for every map
    whose choice of blocks depends on nothing else (slots whose name starts with an
    underscore are caches derived from the others and are left out).

    >>> class Mirrored(IndexMap):
    ...     '''Output block i reads input block n - 1 - i (a reversed axis).'''
    ...     __slots__ = ("n",)
    ...     covering = single = True
    ...     def __init__(self, n):
    ...         self.n = n
    ...     def __call__(self, idx):
    ...         return (self.n - 1 - idx[0],)
    ...     def injective_for(self, out_numblocks):
    ...         return True
    >>> Mirrored(4)((0,)), Mirrored(4).__lazyarr_token__() == Mirrored(4).__lazyarr_token__()
    ((3,), True)
    """

    __slots__ = ()
    covering: bool = False
    single: bool = False

    def __call__(self, idx: tuple[int, ...]) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __call__(idx)")

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        """True if distinct output blocks on this grid read distinct input blocks."""
        return False

    def _state(self) -> list[Any]:
        # Private slots hold values derived from the public ones (caches): leave them out.
        return [getattr(self, n) for cls in type(self).__mro__ for n in getattr(cls, "__slots__", ())
                if not n.startswith("_")]

    def __lazyarr_token__(self) -> Any:
        return (type(self).__qualname__, normalize_token(self._state()))

    def __repr__(self) -> str:
        names = [n for cls in reversed(type(self).__mro__) for n in getattr(cls, "__slots__", ())
                 if not n.startswith("_")]
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"


# --------------------------------------------------------------------------------------
# Maps that return one block index
# --------------------------------------------------------------------------------------
class Aligned(IndexMap):
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


class FromAxes(IndexMap):
    """Each input axis reads its block number off one output axis, or is block 0.

    ``axes[k]`` is the output axis that gives input axis *k* its block number, or None
    for block 0 (the input holds that axis in one block). This covers inputs whose axes
    the output drops, adds, reorders or repeats: a reduction's partials seen from its
    result, a gufunc's loop axes, a transposition, a diagonal.

    The map is ``single``; it is ``covering`` unless an output axis is read twice (a
    diagonal reads only the diagonal blocks), and injective on a grid when every output
    axis with more than one block is read. ``fuse=False`` withholds that promise, so
    the optimizer keeps the input's producer a task of its own.

    >>> FromAxes((1, None, 0))((4, 7))   # input axes: output axis 1, block 0, output axis 0
    (7, 0, 4)
    >>> FromAxes((0, 0))((3,))           # the diagonal blocks of a square grid
    (3, 3)
    >>> FromAxes((0, None)).injective_for((5,)), FromAxes((0,)).injective_for((5, 2))
    (True, False)
    """

    __slots__ = ("axes", "fuse", "covering")
    single = True

    def __init__(self, axes: Sequence[int | None], *, fuse: bool = True):
        self.axes = tuple(None if a is None else int(a) for a in axes)
        self.fuse = bool(fuse)
        named = [a for a in self.axes if a is not None]
        self.covering = len(named) == len(set(named))

    @classmethod
    def dropped(cls, axes: Sequence[int], ndim: int) -> FromAxes:
        """The input has *ndim* axes; the output drops *axes* (each one block in the input).

        >>> FromAxes.dropped((1,), 3)((4, 7))
        (4, 0, 7)
        """
        kept = iter(range(ndim))
        return cls([None if a in axes else next(kept) for a in range(ndim)])

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple([0 if a is None else idx[a] for a in self.axes])

    def injective_for(self, out_numblocks: tuple[int, ...]) -> bool:
        read = set(self.axes)
        return self.fuse and all(n == 1 or j in read for j, n in enumerate(out_numblocks))


class Permuted(FromAxes):
    """Block index of a transposed input: ``out[i] = in[axes[i]]`` (injective, covering).

    >>> Permuted((1, 0))((4, 7))
    (7, 4)
    """

    __slots__ = ()

    def __init__(self, axes: Sequence[int]):
        inverse = [0] * len(axes)
        for out_axis, in_axis in enumerate(axes):
            inverse[in_axis] = out_axis
        super().__init__(inverse)


class FirstBlock(FromAxes):
    """Every output block reads block ``(0, ..., 0)`` of an *ndim*-dimensional input.

    For a one-block result that many tasks share (a merged summary, bin edges). It never
    promises injectivity, so the shared block stays a task of its own.

    >>> FirstBlock(2)((5,))
    (0, 0)
    """

    __slots__ = ()

    def __init__(self, ndim: int):
        super().__init__((None,) * ndim, fuse=False)


# --------------------------------------------------------------------------------------
# Maps that return lists of block indices
# --------------------------------------------------------------------------------------
class AllBlocks(IndexMap):
    """Every block of an input as one list (C order), optionally fixing some axes.

    With ``fixed={input axis: output axis}``, those input axes take the output block's
    number along the given output axis and the list runs over the other axes only
    ("every index block, at this block's position along the other axes").

    >>> AllBlocks((2, 2))(())
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    >>> AllBlocks((3, 1), fixed={1: 0})((5, 9))
    [(0, 5), (1, 5), (2, 5)]
    """

    __slots__ = ("numblocks", "fixed", "_ranges")
    covering = True

    def __init__(self, numblocks: Sequence[int], fixed: Mapping[int, int] | None = None):
        self.numblocks = tuple(int(n) for n in numblocks)
        self.fixed = dict(sorted((fixed or {}).items()))
        self._ranges = tuple(None if k in self.fixed else range(n) for k, n in enumerate(self.numblocks))

    def __call__(self, idx: tuple[int, ...]) -> list[tuple[int, ...]]:
        if not self.fixed:
            return list(itertools.product(*self._ranges))
        return list(itertools.product(*((idx[self.fixed[k]],) if r is None else r
                                        for k, r in enumerate(self._ranges))))


def nest(per_axis: Sequence[Sequence[Any]]) -> Any:
    """Every combination of one entry per axis, as nested lists of tuples (C order).

    >>> nest([[0, 1], [5]])
    [[(0, 5)], [(1, 5)]]
    >>> nest([[0, 1]])
    [(0,), (1,)]
    """
    if not per_axis:
        return ()
    if len(per_axis) == 1:
        return [(v,) for v in per_axis[0]]
    rest = nest(per_axis[1:])
    return [_prefix(v, rest) for v in per_axis[0]]


def _prefix(v: Any, nested: Any) -> Any:
    if isinstance(nested, list):
        return [_prefix(v, n) for n in nested]
    return (v, *nested)


class Lookup(IndexMap):
    """Per-axis tables: along axis *k*, output block *i* reads input block ``tables[k][i]``.

    An entry may instead be a list of input blocks (an output block glued from several,
    as in a rechunk or a halo exchange): the map then returns every combination as
    nested lists, one level per axis (see :func:`nest`). The tables hold one entry per
    output block along each axis, so the map costs what the chunks cost, never one
    object per block. Given the input's *in_numblocks*, the map is ``covering`` when
    every input block appears in the tables.

    >>> Lookup([[2, 0], [1]])((1, 0))
    (0, 1)
    >>> m = Lookup([[[0, 1], [1]]], in_numblocks=(2,))
    >>> m((0,)), m.covering
    ([(0,), (1,)], True)
    """

    __slots__ = ("tables", "single", "covering")

    def __init__(self, tables: Sequence[Sequence[Any]], in_numblocks: Sequence[int] | None = None):
        self.tables = tuple(tuple(t) for t in tables)
        self.single = all(type(v) is int for t in self.tables for v in t)
        self.covering = in_numblocks is not None and all(
            {b for v in t for b in ((v,) if type(v) is int else v)} == set(range(n))
            for t, n in zip(self.tables, in_numblocks))

    def __call__(self, idx: tuple[int, ...]) -> Any:
        if self.single:
            return tuple([t[i] for t, i in zip(self.tables, idx)])
        return nest([t[i] for t, i in zip(self.tables, idx)])


class Previous(IndexMap):
    """The block just before along *axis*; for the first block, an empty list (no block).

    Lets a layer read its *own* previous block (a chain of carries in a cumulative
    sum): the graph allows a layer's tasks to depend on each other (see
    :meth:`~lazyarr.core.graph.Graph.cull`), and the optimizer never fuses such a
    layer into another. The function gets the previous block, or ``[]`` at the start.

    >>> Previous(1)((4, 0)), Previous(1)((4, 2))
    ([], (4, 1))
    """

    __slots__ = ("axis",)

    def __init__(self, axis: int):
        self.axis = axis

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...] | list:
        i = idx[self.axis]
        return idx[:self.axis] + (i - 1,) + idx[self.axis + 1:] if i else []


class IndexFunction(IndexMap):
    """A plain function of the output block index, with the declarations it can make.

    For block plans made at graph-build time that fit no generic map (which value
    block an assignment writes into each block, if any).

    >>> m = IndexFunction(lambda idx: [idx] if idx[0] % 2 else [], covering=True)
    >>> m((3,)), m((4,)), m.covering, m.single
    ([(3,)], [], True, False)
    """

    __slots__ = ("fn", "covering", "single")

    def __init__(self, fn: Callable[[tuple[int, ...]], Any], *, covering: bool = False, single: bool = False):
        self.fn = fn
        self.covering, self.single = bool(covering), bool(single)

    def __call__(self, idx: tuple[int, ...]) -> Any:
        return self.fn(idx)


class Composed(IndexMap):
    """``inner(outer(idx))``: an input of a fused producer, seen from the consumer."""

    __slots__ = ("inner", "outer", "injective", "single")

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


# --------------------------------------------------------------------------------------
# Block arguments of a blockwise layer
# --------------------------------------------------------------------------------------
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


class BlockShape:
    """A :class:`PerBlock` function: the shape of block ``idx`` for the given chunks.

    >>> BlockShape(((2, 2, 1), (3,)))((2, 0))
    (1, 3)
    """

    __slots__ = ("chunks", "_shapes")

    def __init__(self, chunks: tuple):
        self.chunks = chunks
        self._shapes: dict = {}  # 1-d: by block size; most blocks share a few shapes

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        # Runs once per block: in 1-d, look the (usually equal) shapes up instead of building them.
        if len(idx) == 1:
            size = self.chunks[0][idx[0]]
            shape = self._shapes.get(size)
            if shape is None:
                shape = self._shapes[size] = (int(size),)
            return shape
        return tuple([int(c[i]) for c, i in zip(self.chunks, idx)])

    def __lazyarr_token__(self) -> Any:
        return ("blockshape", self.chunks)


class BlockOffset:
    """A :class:`PerBlock` function: the global index of the first element of block ``idx``.

    >>> BlockOffset(((2, 2, 1), (3,)))((2, 0))
    (4, 0)
    """

    __slots__ = ("bounds",)

    def __init__(self, chunks: tuple):
        self.bounds = [chunk_boundaries(c) for c in chunks]

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        return tuple([int(b[i]) for b, i in zip(self.bounds, idx)])

    def __lazyarr_token__(self) -> Any:
        return ("blockoffset", tuple(tuple(b) for b in self.bounds))


class _ComposedPerBlock:
    __slots__ = ("fn", "outer")

    def __init__(self, fn: Callable, outer: Callable):
        self.fn, self.outer = fn, outer

    def __call__(self, idx: tuple[int, ...]) -> Any:
        return self.fn(self.outer(idx))
