"""Hypothesis strategies for shapes, chunkings, dtypes, test arrays and task graphs (import needs hypothesis).

The tests draw their inputs from here, so that every test sees the same awkward cases:
0-d arrays and zero-length axes (:func:`shapes`), uneven chunkings and zero-length blocks
(:func:`chunks_for`), every dtype kind (:func:`dtypes`). :func:`lazy_arrays` puts them
together: a NumPy array and the same data as a lazy array, ready for
:func:`lazyarr.testing.assert_eq`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from hypothesis import strategies as st

from ..core.data import from_array
from ..core.graph import Key, Task, literal

__all__ = ["arrays_and_chunks", "axes_for", "block_sizes", "chunks_for", "combine", "dtypes", "lazy_arrays",
           "masked_arrays", "random_values", "shapes", "shapes_and_chunks", "task_graphs", "unknown_size_arrays"]

DTYPES = [np.bool_, np.int8, np.int32, np.int64, np.uint8, np.uint32, np.float32, np.float64,
          np.complex64, np.complex128]


def shapes(min_dims: int = 0, max_dims: int = 4, max_side: int = 7, min_side: int = 0) -> st.SearchStrategy:
    """Shapes from *min_dims* to *max_dims* axes, including 0-d and (with ``min_side=0``) zero-length axes.

    >>> from hypothesis import find
    >>> find(shapes(1, 2, min_side=2), lambda s: True)
    (2,)
    """
    return st.lists(st.integers(min_side, max_side), min_size=min_dims, max_size=max_dims).map(tuple)


@st.composite
def block_sizes(draw: Any, n: int) -> tuple[int, ...]:
    """Random block sizes covering an axis of length *n* (``(0,)`` for an empty axis).

    >>> from hypothesis import find
    >>> sum(find(block_sizes(10), lambda c: len(c) > 2))
    10
    """
    sizes, left = [], n
    while left > 0:
        size = draw(st.integers(1, left))
        sizes.append(size)
        left -= size
    return tuple(sizes) or (0,)


@st.composite
def chunks_for(draw: Any, shape: tuple[int, ...], empty_blocks: bool = False, *,
               max_blocks: int | None = 5) -> tuple:
    """Random explicit chunkings for *shape*: uneven block sizes, at most *max_blocks* per axis
    (None: any number, down to blocks of one element).

    With ``empty_blocks=True`` some axes also get zero-length blocks, anywhere among the
    others, as after slicing or filtering (``(2, 0, 3)``, ``(0, 0)`` for an empty axis).

    >>> from hypothesis import find
    >>> found = find(chunks_for((5,), empty_blocks=True), lambda c: 0 in c[0] and len(c[0]) > 2)
    >>> sum(found[0]), 0 in found[0]
    (5, True)
    """
    out = []
    for n in shape:
        if n == 0:
            sizes: list[int] = [0]
        else:
            most = n - 1 if max_blocks is None else min(n - 1, max_blocks - 1)
            cuts = draw(st.sets(st.integers(1, n - 1), max_size=most)) if n > 1 else set()
            bounds = [0, *sorted(cuts), n]
            sizes = [b - a for a, b in zip(bounds[:-1], bounds[1:])]
        if empty_blocks:
            for _ in range(draw(st.integers(0, 2))):
                sizes.insert(draw(st.integers(0, len(sizes))), 0)
        out.append(tuple(sizes))
    return tuple(out)


@st.composite
def shapes_and_chunks(draw: Any, min_dims: int = 0, max_dims: int = 3, max_side: int = 5, *,
                      empty_blocks: bool = False, max_blocks: int | None = 5
                      ) -> tuple[tuple[int, ...], tuple]:
    """A shape (0-d and zero-length axes included) and a random chunking of it (:func:`chunks_for`).

    >>> from hypothesis import find
    >>> shape, chunks = find(shapes_and_chunks(2, 2), lambda sc: sc[0][0] > 1)
    >>> tuple(sum(c) for c in chunks) == shape
    True
    """
    shape = draw(shapes(min_dims, max_dims, max_side))
    return shape, draw(chunks_for(shape, empty_blocks=empty_blocks, max_blocks=max_blocks))


@st.composite
def axes_for(draw: Any, ndim: int) -> int | tuple[int, ...] | None:
    """An ``axis=`` argument for an *ndim*-dimensional array: None, one axis, or a tuple of
    distinct axes (negative ones included).

    >>> from hypothesis import find
    >>> find(axes_for(3), lambda a: isinstance(a, tuple) and len(a) == 2)
    (0, 1)
    """
    if ndim == 0 or draw(st.booleans()):
        return None
    axes = draw(st.lists(st.integers(-ndim, ndim - 1), min_size=1, max_size=ndim, unique_by=lambda a: a % ndim))
    return axes[0] if len(axes) == 1 and draw(st.booleans()) else tuple(axes)


def dtypes(kinds: str = "biufc", choices: Sequence[Any] | None = None) -> st.SearchStrategy:
    """NumPy dtypes of the given kinds (``"b"`` bool, ``"i"``/``"u"`` integers, ``"f"``, ``"c"``),
    or drawn from *choices*.

    >>> from hypothesis import find
    >>> find(dtypes("c"), lambda d: True)
    dtype('complex64')
    """
    if choices is not None:
        return st.sampled_from([np.dtype(d) for d in choices])
    return st.sampled_from([np.dtype(d) for d in DTYPES if np.dtype(d).kind in kinds])


def random_values(rng: np.random.Generator | None, shape: tuple[int, ...], dtype: Any, values: str = "normal",
                  scale: float = 1.0) -> np.ndarray:
    """Test data of *dtype* from a NumPy generator (fast for any size, unlike element strategies).

    ``values="normal"``: normally distributed floats (complex: normal real and imaginary
    parts) times *scale*; integers are small (``-5 .. 4``; unsigned ``0 .. 9``); booleans
    are random. ``values="small"``: small integers also for float and complex dtypes, so
    that values repeat (ties, values on bin edges). ``values="distinct"``: ``-7, -4, -1, ...``
    in C order, so that every element can be told apart (indexing).

    >>> random_values(np.random.default_rng(0), (3,), np.int8).dtype
    dtype('int8')
    >>> np.unique(random_values(np.random.default_rng(0), (100,), np.float32, "small")).size <= 10
    True
    >>> random_values(None, (2, 2), np.int64, "distinct")
    array([[-7, -4],
           [-1,  2]])
    """
    dtype = np.dtype(dtype)
    if values == "distinct":
        steps = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape) * 3
        data = steps if dtype.kind in "bu" else steps - 7
    elif dtype.kind == "b":
        data = rng.random(shape) > 0.5
    elif dtype.kind == "u":
        data = rng.integers(0, 10, shape)
    elif dtype.kind == "i" or values == "small":
        data = rng.integers(-5, 5, shape)
    else:
        data = rng.standard_normal(shape) * scale
        if dtype.kind == "c":
            data = data + 1j * rng.standard_normal(shape) * scale
    return np.asarray(data).astype(dtype)  # an array also for shape () (NumPy would give a scalar)


def _strategy(value: Any) -> st.SearchStrategy:
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


@st.composite
def lazy_arrays(draw: Any, shape: Any = None, dtype: Any = None, *, values: Any = "normal", scale: float = 1.0,
                nan: float = 0.0, chunks: str = "mixed", empty_blocks: bool = False) -> tuple[np.ndarray, Any]:
    """A NumPy array and the same data as a lazy array: ``(a, x)``.

    Parameters
    ----------
    shape, dtype :
        Fixed values or strategies (default: :func:`shapes` up to 3 axes of up to 6, and
        :func:`dtypes`).
    values, scale :
        How the data looks (see :func:`random_values`); *values* may be a strategy,
        e.g. ``st.sampled_from(["normal", "small"])``.
    nan :
        The fraction of elements set to NaN (float and complex dtypes).
    chunks :
        ``"regular"``: one block size per axis (the last block may be short);
        ``"uneven"``: any block sizes (:func:`chunks_for`); ``"mixed"``: either.
    empty_blocks :
        Also zero-length blocks (uneven chunkings only).

    >>> from hypothesis import find
    >>> a, x = find(lazy_arrays(shape=(4,), dtype=np.int64), lambda ax: ax[1].numblocks == (2,))
    >>> x.numblocks, x.dtype, bool((x.compute() == a).all())
    ((2,), dtype('int64'), True)
    """
    shape = tuple(draw(_strategy(shapes(0, 3, 6) if shape is None else shape)))
    dtype = np.dtype(draw(_strategy(dtypes() if dtype is None else dtype)))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    a = random_values(rng, shape, dtype, draw(_strategy(values)), scale)
    if nan and dtype.kind in "fc":
        a[rng.random(shape) < nan] = np.nan
    kind = draw(st.sampled_from(["regular", "uneven"])) if chunks == "mixed" else chunks
    if kind == "regular" and not empty_blocks:
        block = tuple(draw(st.integers(1, max(n, 1))) for n in shape)
        return a, from_array(a, chunks=block)
    return a, from_array(a, chunks=draw(chunks_for(shape, empty_blocks=empty_blocks, max_blocks=None)))


@st.composite
def masked_arrays(draw: Any, shape: Any = None, dtype: Any = None, *, values: Any = "normal",
                  empty_blocks: bool = True) -> tuple[np.ma.MaskedArray, Any]:
    """A ``numpy.ma`` array and the same masked data as a lazy array (masked blocks): ``(m, x)``.

    The mask is one of: nothing masked, random places, whole blocks (so some blocks are
    masked throughout, which a reduction must not let poison its result), or everything.
    Chunkings are uneven, with zero-length blocks unless *empty_blocks* is False; the lazy
    array is made either from the ``numpy.ma`` array or by ``la.ma.masked_array(data, mask)``.

    >>> from hypothesis import find
    >>> m, x = find(masked_arrays(shape=(6,)), lambda mx: mx[0].mask.any())
    >>> x.block_type.__name__, bool((x.compute().mask == m.mask).all())
    ('MaskedArray', True)
    """
    from ..api.ma import masked_array

    shape = tuple(draw(_strategy(shapes(0, 3, 6) if shape is None else shape)))
    dtype = np.dtype(draw(_strategy(dtypes() if dtype is None else dtype)))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    data = random_values(rng, shape, dtype, draw(_strategy(values)))
    chunks = draw(chunks_for(shape, empty_blocks=empty_blocks, max_blocks=None))
    kind = draw(st.sampled_from(["none", "random", "blocks", "all"]))
    mask = np.zeros(shape, dtype=bool)
    if kind == "random":
        mask = rng.random(shape) < draw(st.sampled_from([0.2, 0.5, 0.8]))
    elif kind == "all":
        mask[...] = True
    elif kind == "blocks" and mask.ndim:
        for axis, sizes in enumerate(chunks):  # mask every block whose index along an axis is drawn
            starts = np.cumsum((0,) + sizes[:-1])
            for start, size in zip(starts, sizes):
                if size and rng.random() < 0.4:
                    index = [slice(None)] * mask.ndim
                    index[axis] = slice(int(start), int(start + size))
                    mask[tuple(index)] = True
    m = np.ma.masked_array(data, mask=mask)
    if draw(st.booleans()):
        return m, from_array(m, chunks=chunks)
    return m, masked_array(from_array(data, chunks=chunks), mask=from_array(mask, chunks=chunks))


@st.composite
def arrays_and_chunks(draw: Any, kinds: str = "biufc", min_dims: int = 0, max_dims: int = 4,
                      max_side: int = 7, elements: Any = None,
                      empty_blocks: bool = False) -> tuple[np.ndarray, tuple]:
    """A NumPy array with random shape, dtype and elements (hypothesis picks every element,
    so it can find the one value that matters), plus a random chunking for it.

    Elements are finite and at most 100 in size; *empty_blocks* as in :func:`chunks_for`.
    """
    from hypothesis.extra import numpy as hnp

    shape = draw(shapes(min_dims, max_dims, max_side))
    dtype = draw(dtypes(kinds))
    if elements is None:
        if dtype.kind == "f":
            elements = st.floats(-100, 100, width=dtype.itemsize * 8)
        elif dtype.kind == "c":
            elements = st.complex_numbers(max_magnitude=100, width=dtype.itemsize * 8)
        elif dtype.kind in "iu":
            info = np.iinfo(dtype)
            elements = st.integers(max(info.min, -100), min(info.max, 100))
    data = draw(hnp.arrays(dtype, shape, elements=elements))
    return data, draw(chunks_for(shape, empty_blocks=empty_blocks))


@st.composite
def unknown_size_arrays(draw: Any, kinds: str = "biufc", min_dims: int = 1, max_dims: int = 3,
                        max_side: int = 7) -> tuple[np.ndarray, Any]:
    """A NumPy array and a lazy array of the same values whose chunk sizes are unknown (nan).

    The lazy array is a boolean selection, as users make them: ``x[x_mask]`` (a flat result)
    or ``x[:, mask]`` along one axis, with a lazy mask, so the sizes are known only once the
    blocks have run. Every block may come out empty, and zero-length blocks are drawn too.

    >>> import math
    >>> from hypothesis import find
    >>> a, y = find(unknown_size_arrays(min_dims=2, max_dims=2), lambda pair: pair[1].ndim == 2)
    >>> [math.isnan(n) for n in y.shape].count(True)  # the masked axis
    1
    """
    a, chunks = draw(arrays_and_chunks(kinds, min_dims=max(min_dims, 1), max_dims=max_dims,
                                       max_side=max_side, empty_blocks=True))
    x = from_array(a, chunks=chunks)
    if draw(st.booleans()):  # the whole array masked: a flat result
        keep = np.asarray(draw(st.lists(st.booleans(), min_size=a.size, max_size=a.size)), bool).reshape(a.shape)
        return a[keep], x[from_array(keep, chunks=chunks)]
    axis = draw(st.integers(0, a.ndim - 1))
    keep = np.asarray(draw(st.lists(st.booleans(), min_size=a.shape[axis], max_size=a.shape[axis])), bool)
    where = (slice(None),) * axis + (keep,)
    return a[where], x[(slice(None),) * axis + (from_array(keep, chunks=(chunks[axis],)),)]


def combine(i: int, *deps: int) -> int:
    """What a task of :func:`task_graphs` computes: ``1000 * i`` plus its dependencies' results.

    Every result then depends on which inputs a scheduler gave the task.

    >>> combine(2, 1000, 3)
    3003
    """
    return i * 1000 + sum(deps)


def _combine_list(i: int, parts: list[int]) -> int:
    return combine(i, *parts)


@st.composite
def task_graphs(draw: Any, max_tasks: int = 40) -> tuple[dict[Key, Task], list[Key]]:
    """A random task graph and some of its keys as outputs, for testing schedulers and orders.

    Task ``Key("t", (i,))`` computes :func:`combine` of ``i`` and up to four earlier tasks,
    given as arguments or inside a nested list; a task without dependencies may be a data
    task. Outputs are any tasks, so some tasks may be needed by nothing.
    """
    n = draw(st.integers(1, max_tasks))
    tasks: dict[Key, Task] = {}
    for i in range(n):
        deps = [Key("t", (d,)) for d in draw(st.lists(st.integers(0, i - 1), max_size=4))] if i else []
        if deps and draw(st.booleans()):
            tasks[Key("t", (i,))] = Task(_combine_list, (i, deps))
        elif deps:
            tasks[Key("t", (i,))] = Task(combine, (i, *deps))
        else:
            tasks[Key("t", (i,))] = draw(st.sampled_from([Task(combine, (i,)), Task(literal, (i * 1000,))]))
    outputs = draw(st.lists(st.sampled_from(sorted(tasks)), min_size=1, max_size=n, unique=True))
    return tasks, outputs
