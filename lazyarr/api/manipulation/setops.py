"""Set operations: ``unique`` and ``isin``.

:func:`unique` is a two-step plan: every block finds its own unique values (with
counts and first positions), then one task merges those short summaries. Only the
summaries travel, so memory is about the number of distinct values, not the data.
The result's length depends on the data, so it is unknown (``nan``) until computed.
"""

from __future__ import annotations

import math
import string
from typing import Any, NamedTuple

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, blockwise_array
from ...core.data import as_lazy as _lazy
from ...core.index_maps import AllBlocks, FirstBlock
from ...core.known_sizes import settle_data_dependent_shapes
from ...core.map_blocks import blockwise, map_blocks
from ...core.tokenize import tokenize
from ...core.validate import check_axis
from ..registry import implements

__all__ = ["isin", "unique", "unique_all", "unique_counts", "unique_inverse", "unique_values"]


def _block_unique(block: np.ndarray) -> tuple:
    """One block's summary: its unique values, their first flat positions and counts, its shape.

    For a masked block the values are those of the unmasked elements; the masked ones,
    which NumPy's ``unique`` gathers into one masked entry after all the values, are
    summarized by their number and first position (-1: none).
    """
    flat = block.reshape(-1)
    if not isinstance(flat, np.ma.MaskedArray):
        values, first, counts = np.unique(flat, return_index=True, return_counts=True)
        return values, first, counts, block.shape, 0, -1
    masked = np.ma.getmaskarray(flat)
    valid = np.flatnonzero(~masked)
    values, first, counts = np.unique(np.ma.getdata(flat)[valid], return_index=True, return_counts=True)
    hidden = np.flatnonzero(masked)
    return values, valid[first], counts, block.shape, hidden.size, int(hidden[0]) if hidden.size else -1


def _merge_unique(parts: list, numblocks: tuple[int, ...], masked: bool = False) -> tuple:
    """Merge the blocks' summaries; *parts* come in C order of the block grid *numblocks*."""
    values = np.concatenate([p[0] for p in parts])
    firsts = _global_first_positions(parts, numblocks)
    first = np.concatenate([f[:-1] for f in firsts])
    counts = np.concatenate([p[2] for p in parts])
    merged, where = np.unique(values, return_inverse=True)
    where = where.reshape(-1)
    total = np.zeros(len(merged), dtype=np.intp)
    np.add.at(total, where, counts)
    earliest = np.full(len(merged), np.iinfo(np.intp).max, dtype=np.intp)
    np.minimum.at(earliest, where, first)
    if not masked:
        return merged, earliest, total
    # NumPy's unique of a masked array: the values, then one masked entry if any element is masked
    hidden = sum(p[4] for p in parts)
    mask = np.zeros(len(merged) + (hidden > 0), dtype=bool)
    if hidden:
        mask[-1] = True
        merged = np.append(merged, merged[:1] if len(merged) else np.zeros(1, merged.dtype))
        earliest = np.append(earliest, min(int(f[-1]) for f, p in zip(firsts, parts) if p[4]))
        total = np.append(total, hidden)
    return np.ma.MaskedArray(merged, mask=mask), earliest, total


def _global_first_positions(parts: list, numblocks: tuple[int, ...]) -> list[np.ndarray]:
    """Each block's first positions (flat, in the block) as flat positions in the whole array.

    Each list ends with the position of the block's first masked element (see ``_block_unique``).

    The blocks' shapes are read from their summaries, so this works where the sizes were
    unknown when the graph was built (after boolean indexing).
    """
    if not numblocks:  # a 0-d array: one block, the whole array
        return [np.append(parts[0][1], parts[0][5]).astype(np.intp)]
    grid = np.arange(len(parts)).reshape(numblocks)
    # along axis d, the sizes of the blocks in the first row of the grid
    sizes = [[parts[grid[(0,) * d + (i,) + (0,) * (len(numblocks) - d - 1)]][3][d] for i in range(n)]
             for d, n in enumerate(numblocks)]
    offsets = [np.cumsum([0] + s[:-1]) for s in sizes]
    shape = tuple(int(sum(s)) for s in sizes)
    out = []
    for part, idx in zip(parts, np.ndindex(*numblocks)):
        if math.prod(part[3]) == 0:  # an empty block: no values, no masked element
            out.append(np.zeros(1, dtype=np.intp))
            continue
        # the values' first positions, then that of the first masked element (or 0: unused)
        coords = np.unravel_index(np.append(part[1], max(part[5], 0)).astype(np.intp), part[3])
        out.append(np.ravel_multi_index(tuple(c + o[i] for c, o, i in zip(coords, offsets, idx)), shape))
    return [np.asarray(f, dtype=np.intp) for f in out]


def _part(summary: tuple, k: int) -> np.ndarray:
    return summary[k]


def _inverse_block(block: np.ndarray, uniques: np.ndarray) -> np.ndarray:
    if not isinstance(uniques, np.ma.MaskedArray):
        return np.searchsorted(uniques, block).astype(np.intp)
    # masked elements point at the one masked entry, the last
    n = int(np.count_nonzero(~np.ma.getmaskarray(uniques)))
    where = np.searchsorted(np.ma.getdata(uniques)[:n], np.ma.getdata(block)).astype(np.intp)
    return np.where(np.ma.getmaskarray(block), len(uniques) - 1, where)


@implements(np.unique)
def unique(ar: Any, return_index: bool = False, return_inverse: bool = False, return_counts: bool = False,
           axis: int | None = None, *, equal_nan: bool = True, sorted: bool = True) -> Any:
    """Sorted unique values of the flattened array (lazy ``numpy.unique``).

    With ``return_index`` / ``return_inverse`` / ``return_counts`` also the first
    position of each value, the position of each element's value among the uniques
    (shaped like *ar*), and how often each value occurs. Lengths are unknown until
    computed. As in NumPy, the masked elements of a masked array become one masked entry
    after the values.

    Differences from NumPy: ``axis`` is not supported; NaNs are always merged
    (``equal_nan=True``).

    >>> import lazyarr as la
    >>> u, counts = la.unique(la.from_array([3, 1, 3, 2, 3], chunks=2), return_counts=True)
    >>> u.compute(), counts.compute()
    (array([1, 2, 3]), array([1, 1, 3]))
    """
    x = _lazy(ar)
    if axis is not None:
        check_axis("unique", axis, x.ndim)  # a bad axis is NumPy's AxisError; a good one is not supported yet
        raise NotImplementedError("unique: axis= is not supported lazily; use axis=None (flattened)")
    # Every block is summarized as it is (no flattening, so unknown sizes are fine); the
    # merge turns the blocks' first positions into positions in the flattened array.
    flat = x
    token = tokenize(flat.name)
    partial = blockwise_array(_block_unique, [BlockRef(flat.name, Aligned(flat.numblocks, flat.ndim))],
                              tuple((math.nan,) * n for n in flat.numblocks), flat.dtype,
                              name="unique-block-" + token, inputs=[flat], label="unique")
    masked = x.block_type is not np.ndarray
    merged = blockwise_array(_merge_unique, [BlockRef(partial.name, AllBlocks(partial.numblocks)), x.numblocks,
                                             masked],
                             ((math.nan,),), flat.dtype, name="unique-merge-" + token, inputs=[partial],
                             label="unique")

    def part(k: int, dtype: Any, label: str, block_type: type = np.ndarray) -> Array:
        return blockwise_array(_part, [BlockRef(merged.name, FirstBlock(1)), k], ((math.nan,),), dtype,
                               name=f"unique-{label}-{token}", inputs=[merged], label="unique",
                               block_type=block_type)

    # The values of a masked array are masked (as NumPy's); positions and counts are plain
    out: list[Array] = [part(0, flat.dtype, "values", x.block_type)]
    if return_index:
        out.append(part(1, np.intp, "index"))
    if return_inverse:
        values = out[0]
        out.append(blockwise_array(_inverse_block, [BlockRef(x.name, Aligned(x.numblocks, x.ndim)),
                                                    BlockRef(values.name, FirstBlock(1))],
                                   x.chunks, np.intp, name="unique-inverse-" + token, inputs=[x, values],
                                   label="unique", block_type=np.ndarray))
    if return_counts:
        out.append(part(2, np.intp, "counts"))
    settle_data_dependent_shapes(*out)  # in one compute: the outputs share their work
    return out[0] if len(out) == 1 else tuple(out)


def _isin_block(element: np.ndarray, test: np.ndarray, invert: bool, assume_unique: bool,
                kind: str | None) -> np.ndarray:
    return np.isin(element, test, invert=invert, assume_unique=assume_unique, kind=kind)


@implements(np.isin)
def isin(element: Any, test_elements: Any, assume_unique: bool = False, invert: bool = False, *,
         kind: str | None = None) -> Array:
    """Elementwise: is the value among *test_elements*? (lazy ``numpy.isin``).

    A lazy *test_elements* is used as one block by every task.

    >>> import lazyarr as la
    >>> la.isin(la.arange(6, chunks=4), [1, 4, 9]).compute()
    array([False,  True, False, False,  True, False])
    """
    x = _lazy(element)
    if not is_array(test_elements):
        test = np.asarray(test_elements)
        return map_blocks(_isin_block, x, test, invert, assume_unique, kind, dtype=bool)
    from .shape import ravel

    test = ravel(test_elements).rechunk(-1)
    letters = string.ascii_letters[: x.ndim]
    return blockwise(_isin_test_first, letters, test, "Z", x, letters, dtype=bool, concatenate=True,
                     invert=invert, assume_unique=assume_unique, kind=kind)


def _isin_test_first(test: np.ndarray, element: np.ndarray, **kwargs: Any) -> np.ndarray:
    return np.isin(element, test, **kwargs)


# The Array API's spellings (also NumPy 2's) return named tuples of lazy arrays.
class UniqueAllResult(NamedTuple):
    """What :func:`unique_all` returns."""

    values: Array
    indices: Array
    inverse_indices: Array
    counts: Array


class UniqueCountsResult(NamedTuple):
    """What :func:`unique_counts` returns."""

    values: Array
    counts: Array


class UniqueInverseResult(NamedTuple):
    """What :func:`unique_inverse` returns."""

    values: Array
    inverse_indices: Array


@implements(np.unique_all)
def unique_all(x: Any, /) -> UniqueAllResult:
    """Unique values, first indices, inverse indices (shaped like *x*) and counts.

    >>> import lazyarr as la
    >>> r = la.unique_all(la.from_array([3, 1, 3], chunks=2))
    >>> r.values.compute(), r.counts.compute()
    (array([1, 3]), array([1, 2]))
    """
    return UniqueAllResult(*unique(x, return_index=True, return_inverse=True, return_counts=True))


@implements(np.unique_counts)
def unique_counts(x: Any, /) -> UniqueCountsResult:
    """Unique values and how often each occurs.

    >>> import lazyarr as la
    >>> la.unique_counts(la.from_array([3, 1, 3], chunks=2)).counts.compute()
    array([1, 2])
    """
    return UniqueCountsResult(*unique(x, return_counts=True))


@implements(np.unique_inverse)
def unique_inverse(x: Any, /) -> UniqueInverseResult:
    """Unique values, and for each element of *x* the index of its value (shaped like *x*).

    >>> import lazyarr as la
    >>> la.unique_inverse(la.from_array([3, 1, 3], chunks=2)).inverse_indices.compute()
    array([1, 0, 1])
    """
    return UniqueInverseResult(*unique(x, return_inverse=True))


@implements(np.unique_values)
def unique_values(x: Any, /) -> Array:
    """Unique values of *x*, flattened and sorted.

    >>> import lazyarr as la
    >>> la.unique_values(la.from_array([3, 1, 3], chunks=2)).compute()
    array([1, 3])
    """
    return unique(x)


@implements(np.union1d)
def union1d(ar1: Any, ar2: Any) -> Array:
    """The sorted unique values found in either input (lazy ``numpy.union1d``); both are flattened.

    Like :func:`unique`, the length is data-dependent, so it is unknown (``nan``) until computed.

    >>> import lazyarr as la
    >>> la.union1d(la.from_array([3, 1, 3], chunks=2), [2, 1]).compute()
    array([1, 2, 3])
    """
    from .shape import concatenate, ravel

    return unique(concatenate([ravel(_lazy(ar1)), ravel(_lazy(ar2))]))


__all__ += ["union1d"]
