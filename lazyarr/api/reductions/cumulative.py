"""Cumulative sums and products: a scan inside each block, plus what comes before each block.

What comes before block *i* along the axis (its *carry*) is combined from the totals of
blocks ``0 .. i-1`` in one of two ways (``method=``, as in dask.array):

* ``"sequential"`` (the default): a chain, ``carry[i] = carry[i-1] + total[i-1]``:
  ``n - 1`` combinations, but each waits for the one before (``n`` steps deep);
* ``"blelloch"``: Blelloch's work-efficient parallel prefix scan over the totals, a
  binary tree swept up (pairwise totals) and down (carries): about ``2n`` combinations,
  only ``2 log2(n)`` steps deep, so many workers can share them.

:func:`cumreduction` is the general form (dask.array's public helper), for any scan
with an associative binary operation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import Aligned, BlockRef, blockwise_array
from ...core.index_maps import IndexMap, Previous
from ...core.known_sizes import require_known_sizes
from ...core.tokenize import tokenize
from ...core.validate import check_axis
from ..registry import implements
from .utils import _lazy, _no_out, _reorderable, _sample_dtype, normalize_axis_index

__all__ = ["cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum", "cumulative_prod", "cumreduction"]

_METHODS = ("sequential", "blelloch")


def _carry(before: Any, last: Any, binop: np.ufunc) -> Any:
    """Block i's carry: block i-1's carry combined with block i-1's total (None for the first block)."""
    if type(last) is list:  # the first block along the axis: nothing comes before it
        return None
    if last is None:  # block i-1 is empty: it adds nothing
        return before
    return last if before is None else binop(before, last)


def _apply_carry(block: np.ndarray, carry: Any, binop: np.ufunc) -> np.ndarray:
    return block if carry is None else binop(carry, block)


def _last(block: np.ndarray, axis: int) -> np.ndarray:
    if not block.shape[axis]:
        return None  # type: ignore[return-value]
    # The data, not the mask: a masked scan holds the running total under its masked entries
    # (numpy.ma scans masked values as the identity), and that total carries to the next block.
    return np.ma.getdata(np.take(block, [-1], axis=axis))


def _cumulative(fname: str, npfunc: Callable, binop: np.ufunc, a: Any, axis: Any, dtype: Any,
                include_initial: bool = False, method: str = "sequential", preop: Callable | None = None) -> Array:
    """A blocked scan in four blockwise layers, for a binary ufunc that may be regrouped.

    1. *scan*: every block scanned on its own (``np.cumsum(block, axis)``);
    2. *last*: each scanned block's last slice along the axis (the block's total);
    3. *carry*: what comes before block i, ``carry[i] = binop(carry[i-1], total[i-1])``.
       A chain along the axis: each carry task reads the previous carry of its own layer
       (index map :class:`~lazyarr.core.index_maps.Previous`). Carries are one slice
       thick, so the chain is cheap even though its tasks run one after another;
    4. *apply*: ``binop(carry[i], scanned[i])``, block by block.

    With ``method="blelloch"``, step 3 is a tree instead (:func:`_blelloch_carries`), and
    with *preop* (``np.sum`` for a cumulative sum) step 2 reduces the input blocks
    directly, so the totals need not wait for the scans.
    """
    if method not in _METHODS:
        raise ValueError(f"{fname}: method={method!r} is not one of {_METHODS}")
    x = _lazy(a)
    if axis is None and x.ndim != 1:  # a 1-d array is its own ravel (even when its sizes are unknown)
        from ..manipulation.shape import ravel

        require_known_sizes(x, f"{fname} with axis=None", None)  # flattening needs every size
        x = ravel(x)
    if axis is None:
        axis = 0
    axis = check_axis(fname, axis, max(x.ndim, 1))  # NumPy scans a 0-d array as 1-d: axis 0 or -1
    if x.ndim == 0:
        from ..manipulation.shape import reshape

        x = reshape(x, (1,))
    kw = {} if dtype is None else {"dtype": dtype}
    out_dtype = _sample_dtype(npfunc, x, axis=axis, **kw)
    token = tokenize(fname, x.name, axis, out_dtype)
    same = Aligned(x.numblocks, x.ndim)
    scanned = blockwise_array(_scan, [BlockRef(x.name, same), npfunc, axis, out_dtype], x.chunks, out_dtype,
                              name=f"{fname}-scan-{token}", inputs=[x], label=fname)
    if x.numblocks[axis] == 1:
        return scanned
    slices = tuple((1,) * len(c) if i == axis else c for i, c in enumerate(x.chunks))
    if method == "blelloch" and preop is not None:
        totals = blockwise_array(_block_total, [BlockRef(x.name, same), preop, axis, out_dtype], slices, out_dtype,
                                 name=f"{fname}-total-{tokenize(token, preop)}", inputs=[x], label=fname)
    else:
        totals = blockwise_array(_last, [BlockRef(scanned.name, same), axis], slices, out_dtype,
                                 name=f"{fname}-last-{token}", inputs=[scanned], label=fname)
    if method == "blelloch":
        carries = _blelloch_carries(fname, totals, axis, binop, tokenize(token, "blelloch"))
    else:
        carry_name = f"{fname}-carry-{token}"
        before = Previous(axis)
        carries = blockwise_array(_carry, [BlockRef(carry_name, before), BlockRef(totals.name, before), binop],
                                  slices, out_dtype, name=carry_name, inputs=[totals], label=fname)
    return blockwise_array(_apply_carry, [BlockRef(scanned.name, same), BlockRef(carries.name, same), binop],
                           x.chunks, out_dtype, name=f"{fname}-{tokenize(token, method, preop)}",
                           inputs=[scanned, carries], label=fname)


def _block_total(block: np.ndarray, preop: Callable, axis: int, dtype: np.dtype) -> np.ndarray:
    """A block's total along the axis by *preop* (``np.sum``, ...), one slice thick."""
    return np.asarray(preop(block, axis=axis, keepdims=True)).astype(dtype, copy=False)


def _combine(before: Any, after: Any, binop: Callable) -> Any:
    """``binop(before, after)``, where None stands for "nothing" (an empty run of blocks)."""
    if before is None:
        return after
    return before if after is None else binop(before, after)


def _combine_pair(parts: list, binop: Callable) -> Any:
    """Up-sweep: the total of two neighbouring runs of blocks (or of one, at an odd end)."""
    return parts[0] if len(parts) == 1 else _combine(parts[0], parts[1], binop)


def _down(parent: Any, left: Any, binop: Callable) -> Any:
    """Down-sweep: a left child inherits its parent's carry; a right child adds its left sibling's total."""
    return parent if type(left) is list else _combine(parent, left, binop)


def _nothing() -> None:
    return None


class _Pairs(IndexMap):
    """Along *axis*, output block j reads blocks 2j and 2j + 1 (only 2j at an odd end of *n*)."""

    __slots__ = ("axis", "n")
    covering = True

    def __init__(self, axis: int, n: int):
        self.axis, self.n = axis, n

    def __call__(self, idx: tuple[int, ...]) -> list:
        j, a = idx[self.axis], self.axis
        return [idx[:a] + (i,) + idx[a + 1:] for i in (2 * j, 2 * j + 1) if i < self.n]


class _Parent(IndexMap):
    """Along *axis*, block i reads block i // 2 (its parent in the tree)."""

    __slots__ = ("axis",)
    covering = single = True

    def __init__(self, axis: int):
        self.axis = axis

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...]:
        a = self.axis
        return idx[:a] + (idx[a] // 2,) + idx[a + 1:]


class _LeftSibling(IndexMap):
    """Along *axis*, an odd block i reads block i - 1; an even block reads nothing (``[]``)."""

    __slots__ = ("axis",)

    def __init__(self, axis: int):
        self.axis = axis

    def __call__(self, idx: tuple[int, ...]) -> tuple[int, ...] | list:
        a, i = self.axis, idx[self.axis]
        return idx[:a] + (i - 1,) + idx[a + 1:] if i % 2 else []


def _blelloch_carries(fname: str, totals: Array, axis: int, binop: Callable, token: str) -> Array:
    """Blelloch's exclusive prefix scan of the block *totals* along *axis*, as blockwise layers.

    Up-sweep: level k + 1 holds the totals of pairs of level k (``ceil(n / 2)`` blocks),
    up to a single block. Down-sweep, from the top (nothing comes before the whole axis):
    block ``2j`` of level k gets its parent's carry, block ``2j + 1`` its parent's carry
    combined with the total of block ``2j``. Level 0's carries are what comes before
    each block. Every level is one layer of independent tasks.
    """
    def thin(n: int) -> tuple:
        return tuple((1,) * n if d == axis else c for d, c in enumerate(totals.chunks))

    levels = [totals]
    while levels[-1].numblocks[axis] > 1:
        below = levels[-1]
        n = below.numblocks[axis]
        levels.append(blockwise_array(_combine_pair, [BlockRef(below.name, _Pairs(axis, n)), binop],
                                      thin((n + 1) // 2), totals.dtype, name=f"{fname}-up{len(levels)}-{token}",
                                      inputs=[below], label=fname))
    carry = blockwise_array(_nothing, [], thin(1), totals.dtype, name=f"{fname}-top-{token}", label=fname)
    for k in range(len(levels) - 2, -1, -1):
        level = levels[k]
        carry = blockwise_array(_down, [BlockRef(carry.name, _Parent(axis)), BlockRef(level.name, _LeftSibling(axis)),
                                        binop], level.chunks, totals.dtype, name=f"{fname}-down{k}-{token}",
                                inputs=[carry, level], label=fname)
    return carry


def _scan(block: np.ndarray, npfunc: Callable, axis: int, dtype: np.dtype) -> np.ndarray:
    return npfunc(block, axis=axis, dtype=dtype)


@implements(np.cumsum)
def cumsum(a: Any, axis: int | None = None, dtype: Any = None, out: None = None,
           method: str = "sequential") -> Array:
    """Cumulative sum (lazy ``numpy.cumsum``; ``axis=None`` flattens first).

    ``method`` (dask.array's keyword) chooses how the blocks' totals reach the blocks
    after them: ``"sequential"``, a chain along the axis, or ``"blelloch"``, a parallel
    prefix tree (see the module docstring); both give NumPy's answer. ``cumprod``,
    ``nancumsum`` and ``nancumprod`` take it too.

    >>> import lazyarr as la
    >>> la.cumsum(la.arange(6, chunks=2)).compute()
    array([ 0,  1,  3,  6, 10, 15])
    >>> la.cumsum(la.arange(6, chunks=2), method="blelloch").compute()
    array([ 0,  1,  3,  6, 10, 15])
    """
    _no_out("cumsum", out)
    return _cumulative("cumsum", np.cumsum, np.add, a, axis, dtype, method=method, preop=np.sum)


@implements(np.cumprod)
def cumprod(a: Any, axis: int | None = None, dtype: Any = None, out: None = None,
            method: str = "sequential") -> Array:
    """Cumulative product (lazy ``numpy.cumprod``; ``axis=None`` flattens first).

    >>> import lazyarr as la
    >>> la.cumprod(la.arange(1, 6, chunks=2)).compute()
    array([  1,   2,   6,  24, 120])
    """
    _no_out("cumprod", out)
    return _cumulative("cumprod", np.cumprod, np.multiply, a, axis, dtype, method=method, preop=np.prod)


@implements(np.nancumsum)
def nancumsum(a: Any, axis: int | None = None, dtype: Any = None, out: None = None,
              method: str = "sequential") -> Array:
    """Cumulative sum treating NaN as zero (lazy ``numpy.nancumsum``).

    >>> import numpy as np, lazyarr as la
    >>> la.nancumsum(la.from_array(np.array([1.0, np.nan, 2.0]), chunks=2)).compute()
    array([1., 1., 3.])
    """
    _no_out("nancumsum", out)
    return _cumulative("nancumsum", np.nancumsum, np.add, a, axis, dtype, method=method, preop=np.nansum)


@implements(np.nancumprod)
def nancumprod(a: Any, axis: int | None = None, dtype: Any = None, out: None = None,
               method: str = "sequential") -> Array:
    """Cumulative product treating NaN as one (lazy ``numpy.nancumprod``).

    >>> import numpy as np, lazyarr as la
    >>> la.nancumprod(la.from_array(np.array([2.0, np.nan, 3.0]), chunks=2)).compute()
    array([2., 2., 6.])
    """
    _no_out("nancumprod", out)
    return _cumulative("nancumprod", np.nancumprod, np.multiply, a, axis, dtype, method=method, preop=np.nanprod)


def cumreduction(func: Callable, binop: Callable, ident: Any, x: Any, axis: int | None = None, dtype: Any = None,
                 out: None = None, method: str = "sequential", preop: Callable | None = None) -> Array:
    """A cumulative reduction of any kind: dask.array's general helper behind ``cumsum``.

    Parameters
    ----------
    func : callable
        The scan of one block, called as ``func(block, axis=axis, dtype=dtype)``
        (``np.cumsum``, ``np.cumprod``, ...).
    binop : callable
        The associative operation that joins what comes before a block to the block's
        scan, ``binop(before, scanned)`` (``np.add`` for ``np.cumsum``).
    ident : scalar
        The identity of *binop* (0 for a sum). dask starts its chains from it; lazyarr
        starts from "nothing before" instead, so it is only checked to be a scalar.
    x : array_like
    axis : int, optional
        None flattens first, as ``np.cumsum``.
    dtype : dtype, optional
        Passed to *func*.
    out : None
        Not supported (lazy arrays are immutable).
    method : {"sequential", "blelloch"}
        A chain of carries, or a parallel prefix tree (see the module docstring).
    preop : callable, optional
        For ``"blelloch"``: a block's total, ``preop(block, axis=axis, keepdims=True)``
        (``np.sum`` for ``np.cumsum``); without it the totals are the scans' last slices.

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.arange(1, 7, chunks=2)
    >>> la.cumreduction(np.maximum.accumulate, np.maximum, -np.inf, x[::-1]).compute()
    array([6, 6, 6, 6, 6, 6])
    >>> la.cumreduction(np.cumsum, np.add, 0, x, method="blelloch", preop=np.sum).compute()
    array([ 1,  3,  6, 10, 15, 21])
    """
    _no_out("cumreduction", out)
    if np.ndim(ident) != 0:
        raise ValueError(f"cumreduction: ident must be a scalar (the identity of binop), got {ident!r}")
    scan = _Scan(func)
    return _cumulative(scan.__name__, scan, binop, x, axis, dtype, method=method, preop=preop)


class _Scan:
    """A user's block scan, called as the built-in ones are (``dtype`` only when given)."""

    def __init__(self, func: Callable):
        self.func = func
        self.__name__ = getattr(func, "__name__", "cumreduction")

    def __call__(self, block: np.ndarray, axis: int, dtype: Any = None) -> np.ndarray:
        return self.func(block, axis=axis) if dtype is None else self.func(block, axis=axis, dtype=dtype)

    def __lazyarr_token__(self) -> Any:
        return ("scan", tokenize(self.func))


def cumulative_sum(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                   include_initial: bool = False) -> Array:
    """Array API ``cumulative_sum`` (``axis`` required for arrays with more than one dimension).

    >>> import lazyarr as la
    >>> la.cumulative_sum(la.arange(4, chunks=2), include_initial=True).compute()
    array([0, 0, 1, 3, 6])
    """
    return _cumulative_api("cumulative_sum", cumsum, np.add, x, axis, dtype, include_initial, 0)


def cumulative_prod(x: Any, /, *, axis: int | None = None, dtype: Any = None,
                    include_initial: bool = False) -> Array:
    """Array API ``cumulative_prod``.

    >>> import lazyarr as la
    >>> la.cumulative_prod(la.arange(1, 4, chunks=2)).compute()
    array([1, 2, 6])
    """
    return _cumulative_api("cumulative_prod", cumprod, np.multiply, x, axis, dtype, include_initial, 1)


def _cumulative_api(fname: str, func: Callable, binop: Any, x: Any, axis: Any, dtype: Any,
                    include_initial: bool, identity: int) -> Array:
    x = _lazy(x)
    if isinstance(axis, tuple):  # NumPy's accumulate takes a one-axis tuple too
        if len(axis) != 1:
            raise ValueError(f"{fname}: accumulate does not allow multiple axes, got axis={axis!r}")
        axis = axis[0]
    if axis is not None:
        check_axis(fname, axis, max(x.ndim, 1))  # named by the function the user called
    if axis is None:
        if x.ndim > 1:
            raise ValueError(f"{fname}: axis must be given for arrays with more than one dimension")
        axis = 0
    result = func(x, axis=axis, dtype=dtype)
    if include_initial:
        from ..creation.basic import full
        from ..manipulation.shape import concatenate

        ax = normalize_axis_index(axis, result.ndim)
        shape = tuple(1 if i == ax else s for i, s in enumerate(result.shape))
        result = concatenate([full(shape, identity, dtype=result.dtype), result], axis=ax)
    return result



def ufunc_accumulate(ufunc: np.ufunc, array: Any, axis: int = 0, dtype: Any = None,
                     out: Any = None) -> Array:
    """``ufunc.accumulate`` on a lazy array: a blocked scan when the ufunc is associative."""
    _no_out(f"{ufunc.__name__}.accumulate", out)
    if ufunc is np.add:
        return cumsum(array, axis=axis, dtype=dtype)
    if ufunc is np.multiply:
        return cumprod(array, axis=axis, dtype=dtype)
    x = _lazy(array)
    if _reorderable(ufunc, x.dtype):
        def npfunc(block: np.ndarray, axis: int, dtype: Any = None) -> np.ndarray:
            return ufunc.accumulate(block, axis=axis, dtype=dtype)

        npfunc.__name__ = f"{ufunc.__name__}_accumulate"
        return _cumulative(npfunc.__name__, npfunc, ufunc, x, axis, dtype)
    from ..manipulation.shape import _single_block_apply

    return _single_block_apply(x, normalize_axis_index(axis, x.ndim), _ufunc_accumulate_block, ufunc,
                               dtype, drop=False, label=f"{ufunc.__name__}.accumulate")


def _ufunc_accumulate_block(block: np.ndarray, axis: int, ufunc: np.ufunc, dtype: Any) -> np.ndarray:
    return ufunc.accumulate(block, axis=axis, dtype=dtype)
