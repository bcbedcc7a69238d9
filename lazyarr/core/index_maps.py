"""Index maps and block arguments: how one output block finds its inputs.

Used by :mod:`lazyarr.core.blockwise`. An index map turns an output block index into an input
block index (or a nested list of them, or a :class:`~lazyarr.core.graph.Key` for "router"
maps that choose among several arrays). Maps may declare:

* ``covering`` — every input block is used (culling need not enumerate them);
* ``single`` — the map returns one block index;
* ``injective_for(out_numblocks)`` — distinct output blocks use distinct input blocks.

Single, injective references can be fused by the optimizer (``core/optimize.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .graph import Key
from .tokenize import tokenize

__all__ = ["Aligned", "BlockRef", "Composed", "PerBlock", "Permuted"]

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
