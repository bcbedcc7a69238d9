"""Chunks: how an array is cut into blocks.

Inside the core, chunks are always a tuple with one tuple of block lengths per axis,
e.g. ``((4, 4, 2), (5, 5))`` for a 10 x 10 array cut into 3 x 2 blocks. A length
may be ``nan`` when it is unknown until computed (after boolean indexing).

:func:`normalize_chunks` turns everything users may write into that form:

=====================  ==============  ==========================
``chunks=``            shape           result
=====================  ==============  ==========================
``4``                  ``(10,)``       ``((4, 4, 2),)``
``(5, 2)``             ``(10, 4)``     ``((5, 5), (2, 2))``
``((3, 7), -1)``       ``(10, 4)``     ``((3, 7), (4,))``
``{0: 5}``             ``(10, 4)``     ``((5, 5), (4,))``
``-1`` or ``None``     ``(10,)``       ``((10,),)``
``"auto"``             ``(10,)``       ``((10,),)``
``"16 B"`` (int64)     ``(10,)``       ``((2, 2, 2, 2, 2),)``
=====================  ==============  ==========================

>>> normalize_chunks(4, (10,))
((4, 4, 2),)
>>> normalize_chunks({0: 5}, (10, 4))
((5, 5), (4,))
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

import numpy as np

from .. import config

__all__ = [
    "auto_chunks",
    "blockdims_from_blockshape",
    "chunk_boundaries",
    "format_bytes",
    "normalize_chunks",
    "parse_bytes",
    "unify_chunks_1d",
]

Chunks = tuple[tuple[float, ...], ...]

_UNITS = {
    "": 1, "b": 1,
    "k": 1000, "kb": 1000, "m": 1000**2, "mb": 1000**2, "g": 1000**3, "gb": 1000**3,
    "t": 1000**4, "tb": 1000**4,
    "ki": 2**10, "kib": 2**10, "mi": 2**20, "mib": 2**20, "gi": 2**30, "gib": 2**30,
    "ti": 2**40, "tib": 2**40,
}



_BRIEF = reprlib.Repr()
_BRIEF.maxtuple = _BRIEF.maxlist = 12
_BRIEF.maxlevel = 3
_BRIEF.maxother = _BRIEF.maxstring = 60


def _brief(value: Any) -> str:
    """A repr short enough for an error message, even of a million block sizes.

    >>> _brief(tuple(range(1000)))
    '(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...)'
    """
    return _BRIEF.repr(value)

def parse_bytes(text: str | int, what: str = "parse_bytes") -> int:
    """``"128 MiB"`` -> 134217728: a positive number of bytes.

    *what* names the user-facing function and argument in error messages
    (e.g. ``"ones: chunks"``).

    >>> parse_bytes("64 MiB"), parse_bytes("1kB"), parse_bytes("1e6")
    (67108864, 1000, 1000000)
    >>> parse_bytes("0 B", "ones: chunks")
    Traceback (most recent call last):
    ...
    ValueError: ones: chunks='0 B' is not a positive size in bytes; write e.g. '128 MiB', '64MB' or '1e6'
    """
    if isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        number = float(text)
    else:
        match = re.fullmatch(r"\s*([0-9.eE+-]+)\s*([a-zA-Z]*)\s*", str(text))
        unit = match.group(2).lower() if match else None
        try:
            number = float(match.group(1)) * _UNITS[unit] if match else math.nan
        except (ValueError, KeyError):
            number = math.nan
        if math.isnan(number):
            raise ValueError(f"{what}={text!r} cannot be read as a size in bytes; write a number with a "
                             f"unit such as '128 MiB', '64MB' or '1e6'")
    if not number >= 1:  # zero or negative sizes would make millions of one-element blocks
        raise ValueError(f"{what}={text!r} is not a positive size in bytes; write e.g. '128 MiB', '64MB' or '1e6'")
    return int(number)


def format_bytes(n: float) -> str:
    """Binary units, as the repr shows them.

    >>> format_bytes(160), format_bytes(800_000_000)
    ('160 B', '762.94 MiB')
    """
    if n != n:  # nan
        return "unknown"
    for unit, size in (("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size * 0.95:
            return f"{n / size:.2f} {unit}"
    return f"{int(n)} B"


def blockdims_from_blockshape(shape: Sequence[int], blockshape: Sequence[int]) -> Chunks:
    """Regular blocks of *blockshape* covering *shape* (the last block may be short)."""
    out = []
    for n, b in zip(shape, blockshape):
        if n == 0:
            out.append((0,))
        else:
            full, rest = divmod(int(n), int(b))
            out.append((int(b),) * full + ((rest,) if rest else ()))
    return tuple(out)


def auto_chunks(shape: Sequence[int], itemsize: int, limit: int | str | None = None,
                auto_axes: Sequence[bool] | None = None, fixed: Sequence[int] | None = None) -> tuple[int, ...]:
    """Block shape for ``chunks="auto"``: about *limit* bytes, as square as the shape allows.

    Axes not in *auto_axes* keep the sizes in *fixed*. An axis shorter than its share
    is taken whole and its unused budget goes to the other axes.

    >>> auto_chunks((10000, 10000), 8, "128 MiB")
    (4096, 4096)
    >>> auto_chunks((10, 10**8), 8, "128 MiB")
    (10, 1677721)
    """
    limit_bytes = parse_bytes(limit if limit is not None else config.get("chunk_size"))
    ndim = len(shape)
    if auto_axes is None:
        auto_axes = [True] * ndim
    sizes = [int(fixed[i]) if (fixed is not None and not auto_axes[i]) else None for i in range(ndim)]
    budget = max(limit_bytes // max(itemsize, 1), 1)
    for s in sizes:
        if s is not None:
            budget = max(budget // max(s, 1), 1)
    free = [i for i in range(ndim) if sizes[i] is None]
    # Hand out the budget geometrically; axes smaller than their share are taken whole.
    while free:
        share = budget ** (1.0 / len(free))
        small = [i for i in free if shape[i] <= share]
        if not small:
            edge = max(int(share + 1e-9), 1)
            for i in free:
                sizes[i] = edge
            break
        for i in small:
            sizes[i] = max(int(shape[i]), 1)
            budget = max(budget // max(int(shape[i]), 1), 1)
            free.remove(i)
    return tuple(int(s) for s in sizes)  # type: ignore[arg-type]


def _is_unknown(x: Any) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _check_axis_chunks(axis: int, sizes: tuple, n: float, funcname: str = "normalize_chunks") -> tuple:
    for s in sizes:
        if _is_unknown(s):
            continue
        if not float(s).is_integer() or s < 0:
            raise ValueError(
                f"{funcname}: block sizes along axis {axis} must be non-negative integers, "
                f"got {_brief(sizes)}"
            )
    if not _is_unknown(n) and not any(_is_unknown(s) for s in sizes):
        total = sum(sizes)
        if total != n:
            raise ValueError(
                f"{funcname}: block sizes {_brief(sizes)} along axis {axis} sum to {total}, but the "
                f"axis has length {n}; give sizes that add up to {n}"
            )
    return tuple(s if _is_unknown(s) else int(s) for s in sizes)


def normalize_chunks(chunks: Any, shape: Sequence[float], dtype: Any = None,
                     limit: int | str | None = None, previous_chunks: Chunks | None = None,
                     funcname: str = "normalize_chunks") -> Chunks:
    """Turn any accepted ``chunks=`` value into a tuple of block-size tuples.

    Parameters
    ----------
    chunks : int, tuple, dict, str, None
        See the module docstring for the accepted forms.
    shape : tuple of int
        The array's shape (entries may be ``nan`` when explicit sizes are given).
    dtype : dtype, optional
        Used to size ``"auto"`` blocks.
    limit : int or str, optional
        Target block size in bytes for ``"auto"`` (default: ``config chunk_size``).
    previous_chunks : tuple of tuples, optional
        Chunks kept for axes a dict does not mention (used by ``rechunk``).
    funcname : str
        The user-facing function, named in error messages (``"ones"``, ``"rechunk"``, ...).

    Examples
    --------
    >>> normalize_chunks((5, -1), (10, 4))
    ((5, 5), (4,))
    >>> normalize_chunks(((3, 7),), (10,))
    ((3, 7),)
    >>> normalize_chunks((3, 3, 4), (10,))  # a 1-d array: a flat tuple lists its block sizes
    ((3, 3, 4),)
    >>> normalize_chunks((3, 3), (10, 4, 2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: normalize_chunks: got 2 chunk sizes (3, 3) for an array with 3 dimensions, shape (10, 4, 2); ...
    """
    shape = tuple(shape)
    ndim = len(shape)
    itemsize = np.dtype(dtype).itemsize if dtype is not None else 8
    if isinstance(chunks, (np.integer,)):
        chunks = int(chunks)
    if isinstance(chunks, list):
        chunks = tuple(chunks)
    if chunks is None or isinstance(chunks, (int, str)):
        if isinstance(chunks, str) and chunks != "auto":
            limit = chunks
            parse_bytes(limit, f"{funcname}: chunks")  # refuse '0 B', '-1 MiB', 'big' here, by name
            chunks = "auto"
        chunks = (chunks,) * ndim
    elif isinstance(chunks, dict):
        bad = [a for a in chunks if not isinstance(a, (int, np.integer)) or not -ndim <= a < ndim]
        if bad:
            raise ValueError(
                f"{funcname}: chunk dict has axis {bad[0]!r}, but the array has {ndim} "
                f"dimension(s); use axes 0..{ndim - 1}"
            )
        by_axis = {int(a) % ndim: c for a, c in chunks.items()}
        chunks = tuple(
            by_axis[i] if i in by_axis else (previous_chunks[i] if previous_chunks else -1)
            for i in range(ndim)
        )
    elif not isinstance(chunks, tuple):
        raise TypeError(
            f"{funcname}: chunks must be an int, a tuple, a dict, 'auto' or a byte size, "
            f"got {type(chunks).__name__} {_brief(chunks)}"
        )
    if ndim == 1 and len(chunks) > 1 and all(isinstance(c, (int, np.integer)) for c in chunks):
        # a flat tuple of ints for a 1-d array lists its block sizes, as in dask: (3, 3, 4)
        chunks = (chunks,)
    if len(chunks) != ndim:
        if ndim and len(chunks) and all(isinstance(c, (int, np.integer)) for c in chunks):
            example = (chunks[0],) * ndim
        else:
            example = ("auto",) * ndim
        raise ValueError(
            f"{funcname}: got {len(chunks)} chunk sizes {_brief(chunks)} for an array with {ndim} "
            f"dimension{'s' if ndim != 1 else ''}, shape {shape!r}; give one size per dimension, "
            f"e.g. chunks={example!r}"
        )
    result: list[Any] = [None] * ndim
    auto_axes = [False] * ndim
    for i, (c, n) in enumerate(zip(chunks, shape)):
        if isinstance(c, (list, tuple)):
            result[i] = _check_axis_chunks(i, tuple(c), n, funcname)
        elif c is None or (isinstance(c, (int, np.integer)) and c == -1):
            result[i] = (n if _is_unknown(n) else int(n),)
        elif isinstance(c, str):
            if c != "auto":
                limit = c
                parse_bytes(limit, f"{funcname}: chunks")
            auto_axes[i] = True
        elif isinstance(c, (int, np.integer, float)) and not isinstance(c, bool):
            if _is_unknown(n):
                raise ValueError(
                    f"{funcname}: axis {i} has unknown length (nan), so a block size of {c} "
                    f"cannot be laid out; call x.compute_chunk_sizes() first"
                )
            if c <= 0 or not float(c).is_integer():
                raise ValueError(
                    f"{funcname}: block size {c!r} for axis {i} must be a positive integer "
                    f"(or -1/None for the whole axis, or 'auto')"
                )
            result[i] = blockdims_from_blockshape((n,), (int(c),))[0]
        else:
            raise TypeError(
                f"{funcname}: cannot understand chunks {_brief(c)} for axis {i}; use an int, a tuple "
                f"of block sizes, -1/None or 'auto'"
            )
    if any(auto_axes):
        unknown = [i for i in range(ndim) if auto_axes[i] and _is_unknown(shape[i])]
        if unknown:
            raise ValueError(
                f"{funcname}: axis {unknown[0]} has unknown length (nan), so 'auto' chunks "
                f"cannot be chosen; call x.compute_chunk_sizes() first"
            )
        fixed = [max((s for s in r if not _is_unknown(s)), default=1) if r else 1 for r in result]
        block = auto_chunks([int(s) for s in shape], itemsize, limit, auto_axes, fixed)
        for i in range(ndim):
            if auto_axes[i]:
                result[i] = blockdims_from_blockshape((shape[i],), (block[i],))[0]
    return tuple(result)


def chunk_boundaries(chunks_1d: Sequence[float]) -> tuple[float, ...]:
    """Cumulative offsets: ``(3, 3, 2)`` -> ``(0, 3, 6, 8)``."""
    return (0, *accumulate(chunks_1d))


def unify_chunks_1d(*chunkings: tuple[float, ...]) -> tuple[float, ...]:
    """The coarsest chunking whose boundaries include every input's boundaries.

    >>> unify_chunks_1d((5, 5), (3, 7))
    (3, 2, 5)
    >>> unify_chunks_1d((0,), (0, 0))  # an empty axis still has one (empty) block
    (0,)
    """
    first = chunkings[0]
    if all(c == first for c in chunkings[1:]):
        return first
    bounds = sorted(set().union(*(chunk_boundaries(c) for c in chunkings)))
    return tuple(int(b - a) for a, b in zip(bounds[:-1], bounds[1:])) or (0,)
