"""Apply a NumPy linear-algebra function to every matrix of a (stack of) lazy arrays.

Many decompositions (``inv``, ``det``, ``eigh``, ...) need a whole matrix at once. Here
the last two axes (the "core" axes) of each input are rechunked into a single block,
the leading (stack) axes keep their blocks and broadcast, and the function runs once
per block of matrices. A stack of many small matrices is therefore computed in
parallel; one big matrix is computed in one task (it must fit in memory).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blocktype import is_masked_type
from ...core.blockwise import BlockRef, blockwise_array, broadcast_chunks
from ...core.data import from_array
from ...core.index_maps import FromAxes
from ...core.tokenize import tokenize
from ..ma.access import getdata

__all__ = ["apply_matrixwise", "lazy", "lazy_data"]


def lazy(x: Any) -> Array:
    """*x* as a lazy array (NumPy input becomes one)."""
    if is_array(x):
        return x

    return from_array(np.asarray(x))


def lazy_data(x: Any) -> Array:
    """*x* as NumPy's linalg functions read it: its data, as ``np.asarray`` gives it.

    A masked array's mask is ignored, as by ``np.linalg.qr``, ``inv``, ``norm``, ... (their
    blocks would not survive LAPACK anyway: masked ``@`` of blocks of different shapes fails).

    >>> import numpy as np, lazyarr as la
    >>> x = la.ma.masked_equal(la.arange(4.0, chunks=2), 1.0)
    >>> lazy_data(x).block_type.__name__, lazy_data(x).compute()
    ('ndarray', array([0., 1., 2., 3.]))
    """
    x = lazy(x)
    return getdata(x) if is_masked_type(x.block_type) else x


class _Stack:
    """Only the stack (leading) axes of an array, for planning broadcast chunks."""

    def __init__(self, x: Array, ncore: int):
        self.ndim = x.ndim - ncore
        self.shape = x.shape[: self.ndim]
        self.chunks = x.chunks[: self.ndim]


def _stack_map(in_stack_numblocks: tuple[int, ...], out_stack_ndim: int, ncore: int) -> FromAxes:
    """Output block index -> input block index: stack axes broadcast, *ncore* trailing zeros.

    The input's stack axes are right-aligned with the output's; one with a single block
    is broadcast. ``fuse=False`` keeps the input's producer a task of its own.

    >>> _stack_map((3, 1), 3, 2)((1, 2, 5, 0, 0))
    (2, 0, 0, 0)
    """
    off = out_stack_ndim - len(in_stack_numblocks)
    stack = [None if n == 1 else off + j for j, n in enumerate(in_stack_numblocks)]
    return FromAxes(stack + [None] * ncore, fuse=False)


def _pick(values: tuple, i: int) -> Any:
    return values[i]


class _Call:
    def __init__(self, func: Callable, kwargs: dict):
        self.func, self.kwargs = func, kwargs
        self.__name__ = getattr(func, "__name__", "linalg")

    def __call__(self, *blocks: np.ndarray) -> Any:
        return self.func(*blocks, **self.kwargs)

    def __lazyarr_token__(self) -> Any:
        return ("call", tokenize(self.func), tokenize(self.kwargs))


def apply_matrixwise(func: Callable, inputs: Sequence[tuple[Array, int]], outputs: Sequence[tuple[tuple, Any]],
                     *, label: str, kwargs: dict | None = None) -> Any:
    """Run ``func(*blocks, **kwargs)`` once per block of stacked matrices.

    *inputs* are ``(array, ncore)`` pairs: ``ncore`` trailing axes are gathered into one
    block. *outputs* are ``(core_shape, dtype)`` pairs, one per value *func* returns
    (a tuple when there are several). Returns one Array, or a tuple of them.
    """
    arrays = [a.rechunk({a.ndim - k + j: -1 for j in range(k)}) if k else a for a, k in inputs]
    stack_chunks = broadcast_chunks(*[_Stack(a, k) for a, (_, k) in zip(arrays, inputs)], funcname=label)
    nstack = len(stack_chunks)
    aligned = []
    for a, (_, k) in zip(arrays, inputs):
        s = a.ndim - k
        # a stack axis that broadcasts (length 1 against a longer one) is one block
        out = [stack_chunks[nstack - s + j] for j in range(s)]
        target = tuple((1,) if n == 1 and sum(c) != 1 else c for n, c in zip(a.shape[:s], out)) + a.chunks[s:]
        aligned.append(a.rechunk(target) if target != a.chunks else a)
    call = _Call(func, dict(kwargs or {}))
    token = tokenize(call, [a.name for a in aligned], [k for _, k in inputs], [tuple(o) for o in outputs])
    first_core = tuple((n,) for n in outputs[0][0])
    out_chunks = tuple(stack_chunks) + first_core
    args = [BlockRef(a.name, _stack_map(a.numblocks[: a.ndim - k], nstack, k)) for a, (_, k) in zip(aligned, inputs)]
    if len(outputs) == 1:
        return blockwise_array(call, args, out_chunks, outputs[0][1], name=f"{label}-{token}", inputs=aligned,
                               label=label)
    both = blockwise_array(call, args, out_chunks, outputs[0][1], name=f"{label}-all-{token}", inputs=aligned,
                           label=label)
    results = []
    for i, (core, dtype) in enumerate(outputs):
        chunks = tuple(stack_chunks) + tuple((n,) for n in core)
        results.append(blockwise_array(_pick, [BlockRef(both.name, _stack_map(both.numblocks[:nstack], nstack,
                                                                               len(first_core))), i],
                                       chunks, dtype, name=f"{label}-{i}-{token}", inputs=[both], label=label))
    return tuple(results)


def sample_dtypes(func: Callable, *args: Any, **kwargs: Any) -> Any:
    """Dtypes *func* returns for well-behaved tiny inputs of the given (dtype, ndim) pairs."""
    samples = []
    for dtype, ndim in args:
        m = np.eye(2, dtype=dtype) * 2 + np.array([[0, 1], [1, 0]], dtype=dtype) * (dtype != np.bool_)
        samples.append(m.reshape((1,) * (ndim - 2) + (2, 2)) if ndim >= 2 else np.ones(2, dtype=dtype))
    out = func(*samples, **kwargs)
    if isinstance(out, tuple):
        return tuple(np.asarray(o).dtype for o in out)
    return np.asarray(out).dtype
