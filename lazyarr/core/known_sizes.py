"""Unknown block sizes, and how they become known.

Some operations make arrays whose lengths depend on the values: ``x[x > 0]``,
``unique``, ``nonzero``/``argwhere``, ``repeat`` with lazy counts, ``bincount``,
histogram edges chosen by an estimator. The Array API standard calls these
*data-dependent output shapes*. Until the values are computed such an axis has blocks
of unknown length, written ``nan`` as in dask.

Two ways to learn the lengths:

* :func:`compute_chunk_sizes` -- ask for them: every block of the array is computed
  once and only its shape is kept (the values are not);
* the option ``data_dependent_shapes="compute"`` -- the operations above call
  :func:`settle_data_dependent_shapes` on what they return, which computes the lengths
  at once, so every array has a shape of integers, as in NumPy. Libraries written for
  the Array API that read ``x.shape`` to size the next array (scikit-learn's
  ``LinearDiscriminantAnalysis`` reads ``unique_values(y).shape[0]``) work under it;
  the cost is one compute per such operation.

The default, ``"nan"``, keeps everything lazy (dask's behaviour).

>>> import lazyarr as la
>>> x = la.arange(10, chunks=4)
>>> x[x % 3 == 0].shape
(nan,)
>>> with la.config.set(data_dependent_shapes="compute"):
...     x[x % 3 == 0].shape
(4,)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import config
from ..errors import unknown_size_error
from .array import Array
from .blockwise import Aligned, BlockRef, blockwise_array
from .compute import compute_blocks
from .graph import Key
from .tokenize import tokenize

__all__ = ["compute_chunk_sizes", "has_unknown_sizes", "require_known_sizes", "settle_data_dependent_shapes"]

def has_unknown_sizes(x: Array) -> bool:
    """Whether any block of *x* has an unknown (``nan``) length.

    >>> import lazyarr as la
    >>> x = la.arange(4, chunks=2)
    >>> has_unknown_sizes(x), has_unknown_sizes(x[x > 1])
    (False, True)
    """
    return any(isinstance(s, float) and math.isnan(s) for c in x.chunks for s in c)


def require_known_sizes(x: Array, funcname: str, axes: Any = None) -> None:
    """Raise the "unknown chunk sizes" error, naming *funcname*, if any of *axes* (default: all) has nan length.

    >>> import lazyarr as la
    >>> x = la.arange(4, chunks=2)
    >>> from lazyarr.errors import UnknownChunkSizeError
    >>> try:
    ...     require_known_sizes(x[x > 1], "flip")
    ... except UnknownChunkSizeError as e:
    ...     str(e)[:52]
    'flip: the chunk sizes along axis 0 are unknown (nan)'
    """
    for axis in range(x.ndim) if axes is None else axes:
        n = x.shape[axis]
        if isinstance(n, float) and math.isnan(n):
            raise unknown_size_error(funcname, axis)


def _block_shape(block: np.ndarray) -> tuple[int, ...]:
    return tuple(np.shape(block))


def compute_chunk_sizes(*arrays: Array, **compute_kwargs: Any) -> Array | tuple[Array, ...]:
    """Fill in unknown (``nan``) chunk sizes by computing every block once.

    Only the block shapes are kept, not the data. Each array is updated in place (as in
    dask) and returned, so ``y = x[x > 0].compute_chunk_sizes()`` works. Several arrays
    are measured in one compute (they often share their work: the outputs of ``unique``).

    >>> import lazyarr as la
    >>> x = la.arange(10, chunks=4)
    >>> y = x[x % 3 == 0]
    >>> y.chunks
    ((nan, nan, nan),)
    >>> y.compute_chunk_sizes().chunks
    ((2, 1, 1),)
    """
    todo = [x for x in arrays if has_unknown_sizes(x)]
    if todo:
        shapes = [blockwise_array(_block_shape, [BlockRef(x.name, Aligned(x.numblocks, x.ndim))],
                                  tuple((1,) * n for n in x.numblocks), np.int64,
                                  name="chunk-sizes-" + tokenize(x.name), inputs=[x], label="chunk-sizes")
                  for x in todo]
        found: dict[Key, Any] = {}

        def keep(key: Key, value: Any) -> None:
            found[key] = value

        compute_blocks(shapes, deliver=keep, **compute_kwargs)
        for x, s in zip(todo, shapes):
            # A block's length along axis a is read from any block of its row along a: the first.
            x.chunks = tuple(
                tuple(int(found[Key(s.name, tuple(b if k == a else 0 for k in range(x.ndim)))][a])
                      for b in range(x.numblocks[a]))
                for a in range(x.ndim))
    return arrays[0] if len(arrays) == 1 else arrays


def settle_data_dependent_shapes(*arrays: Array) -> None:
    """Compute the unknown lengths of *arrays* now if the ``data_dependent_shapes`` option says so.

    Called by every operation whose output lengths depend on the values, on the arrays it is
    about to return (before anyone has read their chunks, so filling them in is safe).

    >>> import lazyarr as la
    >>> x = la.arange(6, chunks=4)
    >>> y = x[x > 3]
    >>> with la.config.set(data_dependent_shapes="compute"):
    ...     settle_data_dependent_shapes(y)
    >>> y.chunks
    ((0, 2),)
    """
    if config.get("data_dependent_shapes") == "compute":  # config.set accepts only "nan" and "compute"
        compute_chunk_sizes(*arrays)
