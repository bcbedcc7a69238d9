"""Tensor contractions in index notation: the engine behind every lazy product.

Every product (``einsum``, ``tensordot``, ``matmul``, ``dot``, ``vecdot``, ...) is one
call to :func:`contract`, which works in two steps:

1. **blockwise products.** Each axis gets a letter. Letters kept in the output are
   block-aligned; *contracted* letters (summed over) become extra output axes with one
   length-1 block per input block. So output block ``(i, k, j)`` of ``ij,jk->ik`` holds
   the product of row-block ``i`` of ``a`` with column-block ``k`` of ``b`` using only
   their ``j``-th blocks: one small NumPy (BLAS) call per task.
2. **tree sum.** The extra axes are summed with a tree reduction
   (:func:`lazyarr.core.reduction.reduction`): partial products are added
   ``split_every`` at a time, so no task holds all of them and additions run in parallel.

A letter repeated inside one operand (``"ii->i"``, a diagonal) maps both axes to the
same block, so only diagonal blocks are read.
"""

from __future__ import annotations

import itertools
import math
import string
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import BlockRef, blockwise_array
from ...core.chunks import unify_chunks_1d
from ...core.data import as_lazy as _lazy
from ...core.index_maps import FromAxes, IndexMap
from ...core.reduction import reduction
from ...core.tokenize import tokenize
from ..registry import implements

__all__ = ["einsum"]


def _contract_map(letters: str, where: dict[str, int], broadcast: tuple[bool, ...]) -> FromAxes:
    """Output block index (kept letters + contracted letters) -> one input block index.

    A broadcast axis, or a contracted letter with a single block (not in *where*), is
    always block 0. ``fuse=False`` keeps the operand's producer a task of its own.

    >>> _contract_map("jk", {"i": 0, "k": 1, "j": 2}, (False, False))((4, 5, 6))
    (6, 5)
    """
    return FromAxes([None if b or c not in where else where[c] for c, b in zip(letters, broadcast)], fuse=False)


class _BlockProduct:
    """Run the per-block product, then add one length-1 axis per contracted block axis."""

    def __init__(self, func: Callable, n_extra: int, dtype: np.dtype):
        self.func, self.n_extra, self.dtype = func, n_extra, dtype

    def __call__(self, *blocks: np.ndarray) -> np.ndarray:
        out = np.asarray(self.func(*blocks), dtype=self.dtype)
        return out.reshape(out.shape + (1,) * self.n_extra)

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "product")


class _AllTerms(IndexMap):
    """Output block index -> this operand's blocks for every combination of contracted blocks.

    The list has one entry per combination (in the same order for every operand), also
    for an operand without some contracted letter, so the operands' lists pair up.

    >>> _AllTerms(_contract_map("jk", {"i": 0, "k": 1, "j": 2}, (False, False)), 2, (3,))((4, 5))
    [(0, 5), (1, 5), (2, 5)]
    """

    __slots__ = ("inner", "n_out", "grid")
    covering = True

    def __init__(self, inner: FromAxes, n_out: int, contracted_grid: tuple[int, ...]):
        self.inner, self.n_out, self.grid = inner, n_out, contracted_grid

    def __call__(self, idx: tuple[int, ...]) -> list:
        return [self.inner(tuple(idx[:self.n_out]) + k) for k in itertools.product(*(range(n) for n in self.grid))]


class _SumOfProducts:
    """One output block: the per-block product for every contracted combination, summed in place."""

    def __init__(self, func: Callable, dtype: np.dtype):
        self.func, self.dtype = func, dtype

    def __call__(self, *terms: list) -> np.ndarray:
        total = None
        for blocks in zip(*terms):
            part = np.asarray(self.func(*blocks), dtype=self.dtype)
            if total is None:
                # The sum is built in place: never in an input block (or a view of one).
                shared = not part.flags.writeable or any(np.may_share_memory(part, b) for b in blocks)
                total = part.copy() if shared else part
            else:
                total += part
        return total

    @property
    def __name__(self) -> str:
        return getattr(self.func, "__name__", "product")

    def __lazyarr_token__(self) -> Any:
        return ("sum-of-products", tokenize(self.func), str(self.dtype))


#: Sum the products of one output block inside one task when there are at most this many
#: (and enough output blocks to keep the workers busy); otherwise products are separate
#: tasks added by a tree.
MAX_TERMS_PER_TASK = 16
MIN_OUTPUT_BLOCKS = 4


class _Einsum:
    """``np.einsum(spec, *blocks)`` as a picklable, tokenizable block function."""

    def __init__(self, spec: str, dtype: np.dtype):
        self.spec, self.dtype = spec, dtype
        self.__name__ = "einsum"

    def __call__(self, *blocks: np.ndarray) -> np.ndarray:
        # optimize=True lets NumPy hand two-operand contractions to BLAS (tensordot).
        optimize = len(blocks) > 1
        if optimize:
            # NumPy's optimized path sums a bool operand's own axes in bool (logical or) before the
            # product: np.einsum("abc,b->a", bools, floats, optimize=True) is wrong. Cast first.
            blocks = tuple(b.astype(self.dtype, copy=False) for b in blocks)
        return np.einsum(self.spec, *blocks, dtype=self.dtype, optimize=optimize)

    def __lazyarr_token__(self) -> Any:
        return ("einsum", self.spec, str(self.dtype))


def contract(operands: Sequence[Array], inds: Sequence[str], out: str, dtype: Any, *,
             func: Callable | None = None, label: str = "einsum", funcname: str = "einsum",
             split_every: Any = None) -> Array:
    """Blocked contraction of lazy *operands* with letter strings *inds* into *out*.

    *func* computes one output block from one block per operand, giving the ``out``
    letters in order (default: ``np.einsum``). Axes of length 1 broadcast.
    """
    dtype = np.dtype(dtype)
    sizes: dict[str, int] = {}
    chunkings: dict[str, list[tuple]] = {}
    for arr, ind in zip(operands, inds):
        for letter, n, c in zip(ind, arr.shape, arr.chunks):
            if n == 1:
                sizes.setdefault(letter, 1)
                continue
            if sizes.get(letter, 1) not in (1, n):
                raise ValueError(
                    f"{funcname}: size of label {letter!r} ({n}) does not match the size of the same "
                    f"label in another operand ({sizes[letter]}); shapes must agree on shared axes"
                )
            sizes[letter] = n
            chunkings.setdefault(letter, []).append(c)
    unified = {c: unify_chunks_1d(*chunkings[c]) if c in chunkings else (1,) for c in sizes}
    contracted = [c for c in dict.fromkeys("".join(inds)) if c not in out and len(unified[c]) > 1]
    full = out + "".join(contracted)
    where = {c: i for i, c in enumerate(full)}
    args: list[Any] = []
    inputs: list[Array] = []
    for arr, ind in zip(operands, inds):
        broadcast = tuple(n == 1 and sizes[c] != 1 for c, n in zip(ind, arr.shape))
        target = tuple((1,) if b else unified[c] for c, b in zip(ind, broadcast))
        if target != arr.chunks:
            arr = arr.rechunk(target)
        inputs.append(arr)
        args.append(BlockRef(arr.name, _contract_map(ind, where, broadcast)))
    if func is None:
        spec = ",".join(inds) + "->" + out
        func = _Einsum(spec, dtype)
    grid = tuple(len(unified[c]) for c in contracted)
    out_chunks = tuple(unified[c] for c in out)
    if contracted and math.prod(grid) <= MAX_TERMS_PER_TASK and \
            math.prod(len(c) for c in out_chunks) >= MIN_OUTPUT_BLOCKS:
        # Few terms per output block and many output blocks: each task sums its own products.
        # No partial products wait in memory for a tree, and each block is written once.
        name = f"{label}-" + tokenize("sum", func, list(inds), out, dtype, [a.name for a in inputs])
        all_args = [BlockRef(a.name, _AllTerms(ref.index_map, len(out), grid)) for a, ref in zip(inputs, args)]
        return blockwise_array(_SumOfProducts(func, dtype), all_args, out_chunks, dtype, name=name,
                               inputs=inputs, label=label)
    chunks = out_chunks + tuple((1,) * len(unified[c]) for c in contracted)
    name = f"{label}-" + tokenize(func, list(inds), out, dtype, [a.name for a in inputs])
    products = blockwise_array(_BlockProduct(func, len(contracted), dtype), args, chunks, dtype,
                               name=name, inputs=inputs, label=label)
    if not contracted:
        return products

    return reduction(products, _keep, _add_partials, _drop_axes, axis=tuple(range(len(out), len(full))),
                     keepdims=False, dtype=dtype, name="sum-products", split_every=split_every)


# The tree sum of partial products. Each partial already has length-1 block axes, so the
# first stage passes it on untouched (no copy) and the combine step adds in place.
def _keep(block: np.ndarray, axis: tuple[int, ...]) -> np.ndarray:
    return block


def _add_partials(parts: list, axis: tuple[int, ...]) -> np.ndarray:
    total = parts[0] + parts[1] if len(parts) > 1 else parts[0]
    for p in parts[2:]:
        total += p  # total is a fresh array here, so adding in place is safe
    return total


def _drop_axes(partial: np.ndarray, axis: tuple[int, ...], keepdims: bool) -> np.ndarray:
    return partial.reshape([n for d, n in enumerate(partial.shape) if d not in axis])


# --------------------------------------------------------------------------------------
# einsum: parse NumPy's subscripts, then contract
# --------------------------------------------------------------------------------------
def _from_sublists(args: tuple) -> tuple[str, list]:
    """Interleaved form ``einsum(a, [0, 1], b, [1, 2], [0, 2])`` -> a subscripts string."""
    letters = string.ascii_letters

    def term(sub: Sequence[Any]) -> str:
        out = []
        for s in sub:
            if s is Ellipsis:
                out.append("...")
            elif isinstance(s, (int, np.integer)) and 0 <= s < 52:
                out.append(letters[s])
            else:
                raise ValueError(f"einsum: subscript {s!r} is not an int in [0, 52) or Ellipsis")
        return "".join(out)

    operands = list(args[0::2])
    subs = [term(s) for s in args[1::2]]
    if len(args) % 2:  # trailing output sublist
        operands = list(args[0:-1:2])
        subs = [term(s) for s in args[1:-1:2]]
        return ",".join(subs) + "->" + term(args[-1]), operands
    return ",".join(subs), operands


def parse_subscripts(subscripts: str, ndims: Sequence[int]) -> tuple[list[str], str]:
    """Expand ellipses and the implicit output: one letter string per operand, and the output.

    >>> parse_subscripts("...ij,jk", [3, 2])
    (['Aij', 'jk'], 'Aik')
    """
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        lhs, rhs = subscripts.split("->", 1)
        if "-" in rhs or ">" in rhs:
            raise ValueError(f"einsum: subscripts {subscripts!r} contain more than one '->'")
    else:
        lhs, rhs = subscripts, None
    terms = lhs.split(",")
    if len(terms) != len(ndims):
        raise ValueError(
            f"einsum: subscripts {subscripts!r} name {len(terms)} operands but {len(ndims)} were given; "
            f"give one comma-separated term per operand"
        )
    used = set(c for c in subscripts if c.isalpha())
    for c in subscripts:
        if not (c.isalpha() and c.isascii()) and c not in ".,->":
            raise ValueError(f"einsum: invalid subscript {c!r} in {subscripts!r}; use letters a-z, A-Z")
    spare = [c for c in string.ascii_uppercase + string.ascii_lowercase if c not in used]
    n_ell = 0
    expanded: list[str] = []
    for term, nd in zip(terms, ndims):
        if term.count("...") > 1 or term.replace("...", "").count("."):
            raise ValueError(f"einsum: term {term!r} has an invalid ellipsis; use at most one '...'")
        explicit = len(term.replace("...", ""))
        if "..." in term:
            k = nd - explicit
            if k < 0:
                raise ValueError(f"einsum: term {term!r} has more subscripts than the operand's {nd} dimensions")
            n_ell = max(n_ell, k)
            expanded.append(term)
        else:
            if explicit != nd:
                raise ValueError(
                    f"einsum: term {term!r} has {explicit} subscripts but the operand has {nd} dimensions; "
                    f"give one letter per axis (or use '...')"
                )
            expanded.append(term)
    if n_ell > len(spare):
        raise ValueError("einsum: too many dimensions covered by '...'")
    ell = "".join(spare[:n_ell])
    inds = []
    for t, nd in zip(expanded, ndims):
        k = nd - len(t.replace("...", ""))  # dimensions this operand's ellipsis covers
        inds.append(t.replace("...", ell[n_ell - k:]))  # right-aligned, as broadcasting is
    if rhs is None:
        counts = "".join(t.replace("...", "") for t in terms)
        out = ell + "".join(sorted(c for c in set(counts) if counts.count(c) == 1))
    else:
        if rhs.count("...") > 1 or rhs.replace("...", "").count("."):
            raise ValueError(f"einsum: output {rhs!r} has an invalid ellipsis")
        out = rhs.replace("...", ell)
        for c in rhs.replace("...", ""):
            if rhs.count(c) > 1:
                raise ValueError(f"einsum: output subscript {c!r} appears more than once in {rhs!r}")
            if c not in lhs:
                raise ValueError(f"einsum: output subscript {c!r} does not appear in the inputs {lhs!r}")
    return inds, out


@implements(np.einsum)
def einsum(*operands: Any, out: None = None, dtype: Any = None, order: str = "K", casting: str = "safe",
           optimize: Any = False, split_every: Any = None) -> Array:
    """Einstein summation (lazy ``numpy.einsum``), any subscripts NumPy accepts.

    Blocks of the operands are multiplied blockwise and the partial products are
    summed in a tree (see :func:`contract`).

    Parameters
    ----------
    subscripts : str
        E.g. ``"ij,jk->ik"``; ellipses and the implicit output form work as in NumPy,
        and so does the interleaved form ``einsum(a, [0, 1], b, [1, 2])``.
    *operands : array_like
    dtype : dtype, optional
        Compute and return in this dtype.
    split_every : int or dict, optional
        How many partial products each step of the tree sum adds (dask's keyword).

    Differences from NumPy: ``out=`` is not supported; ``order``, ``casting`` and
    ``optimize`` are accepted and ignored (blocks always use NumPy's optimized path).

    Examples
    --------
    >>> import numpy as np, lazyarr as la
    >>> x = la.arange(6, chunks=2).reshape(2, 3)
    >>> la.einsum("ij,ij->i", x, x).compute()
    array([ 5, 50])
    >>> la.einsum("ii", la.eye(4, chunks=2)).compute()
    np.float64(4.0)
    """
    if out is not None:
        raise NotImplementedError("einsum: out= is not supported for lazy arrays; assign the result instead")
    if not operands:
        raise ValueError("einsum: no subscripts given; call einsum('ij,jk->ik', a, b)")
    if isinstance(operands[0], str):
        subscripts, ops = operands[0], list(operands[1:])
    else:
        subscripts, ops = _from_sublists(operands)
    arrays = [_lazy(o) for o in ops]
    inds, out_ind = parse_subscripts(subscripts, [a.ndim for a in arrays])
    if dtype is None:
        dtype = np.result_type(*[a.dtype for a in arrays])
    if not arrays:
        raise ValueError("einsum: no operands given")
    return contract(arrays, inds, out_ind, dtype, split_every=split_every)
