"""The block type: what kind of NumPy array an array's blocks are.

Most lazy arrays hold plain ``numpy.ndarray`` blocks; ``lazyarr.ma`` builds arrays whose
blocks are ``numpy.ma.MaskedArray``. Each :class:`~lazyarr.core.array.Array` records its
block type (``x.block_type``) next to its dtype, decided when the graph is built, as dask
does with its ``meta``.

Running a NumPy function on a block keeps the block's type by itself (``np.add`` of two
masked blocks is masked, ``block.sum()`` is a masked sum). Only the core's own ways of
*making* an array out of blocks must choose, and they ask this module:

* :func:`concatenate` joins blocks (``np.concatenate`` would drop the masks);
* :func:`allocate` makes the result that ``compute`` copies blocks into;
* :func:`result_block_type` says what an operation's blocks are when nobody ran it
  on a sample: NumPy's own rule for ufunc outputs, the input type with the highest
  ``__array_priority__`` (a masked operand makes a masked result);
* :func:`sample` makes the tiny block that dtype inference runs a function on, so that
  the inferred block type is what the function really returns.

Another block type (a sparse or GPU array, say) would be taught here, in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = ["MaskedUfunc", "allocate", "allocate_mask", "as_result", "as_scalar_result", "block_type_name",
           "concatenate", "is_masked_type", "merge_partials", "result_block_type", "sample", "type_of_block",
           "ufunc_for"]


def is_masked_type(block_type: type) -> bool:
    """Whether blocks of *block_type* carry a mask.

    >>> is_masked_type(np.ma.MaskedArray), is_masked_type(np.ndarray)
    (True, False)
    """
    return issubclass(block_type, np.ma.MaskedArray)


def type_of_block(value: Any) -> type:
    """The block type of a computed block (or of anything NumPy turns into an ndarray).

    >>> type_of_block(np.ma.masked_array([1, 2])).__name__, type_of_block(3.0).__name__
    ('MaskedArray', 'ndarray')
    """
    return np.ma.MaskedArray if isinstance(value, np.ma.MaskedArray) else np.ndarray


def result_block_type(types: Iterable[type]) -> type:
    """The block type of an operation on blocks of *types*: the highest ``__array_priority__`` wins.

    >>> result_block_type([np.ndarray, np.ma.MaskedArray]).__name__
    'MaskedArray'
    >>> result_block_type([]).__name__
    'ndarray'
    """
    best: type = np.ndarray
    for t in types:
        if _priority(t) > _priority(best):
            best = t
    return best


def _priority(block_type: type) -> float:
    # On ndarray itself __array_priority__ is an instance attribute (0.0), not a class number.
    value = getattr(block_type, "__array_priority__", 0.0)
    return float(value) if isinstance(value, (int, float)) else 0.0


def block_type_name(block_type: type | None) -> str:
    """The public name of a block type, as reprs show it.

    >>> block_type_name(np.ma.MaskedArray), block_type_name(np.ndarray)
    ('numpy.ma.MaskedArray', 'numpy.ndarray')
    """
    if block_type is None or block_type is np.ndarray:
        return "numpy.ndarray"
    if is_masked_type(block_type):
        return "numpy.ma.MaskedArray"  # its __module__ is numpy.ma.core, not where users find it
    module = block_type.__module__
    return f"{module}.{block_type.__qualname__}" if module != "builtins" else block_type.__qualname__


def sample(block_type: type, ndim: int, dtype: Any) -> np.ndarray:
    """A one-element block of *block_type* (for running a function at graph-build time).

    >>> sample(np.ma.MaskedArray, 2, "f8")
    masked_array(data=[[1.0]],
                 mask=[[False]],
           fill_value=1e+20)
    """
    ones = np.ones((1,) * ndim, dtype=dtype)
    if is_masked_type(block_type):
        return np.ma.masked_array(ones, mask=np.zeros(ones.shape, dtype=bool))
    return ones


def ufunc_for(ufunc: Any, block_types: Iterable[type]) -> Any:
    """What applies *ufunc* to blocks of *block_types*: ``numpy.ma``'s version for masked blocks.

    ``np.true_divide(a, b)`` on masked arrays keeps their masks, but ``a / b`` (which is
    ``np.ma.true_divide``) also masks the places where the result is invalid (NaN, or a
    division by zero). Lazy operators must give what ``a / b`` gives, so masked blocks go
    through ``numpy.ma``'s function of the same name when there is one.

    >>> ufunc_for(np.add, [np.ndarray]) is np.add, ufunc_for(np.add, [np.ma.MaskedArray])
    (True, MaskedUfunc('add'))
    """
    if any(is_masked_type(t) for t in block_types):
        masked = getattr(np.ma, getattr(ufunc, "__name__", ""), None)
        if masked is not None and callable(masked) and not isinstance(masked, type):
            return MaskedUfunc(ufunc.__name__)
    return ufunc


class MaskedUfunc:
    """``numpy.ma``'s version of a ufunc, always giving a masked block.

    (``numpy.ma`` gives a NumPy scalar for 0-d results; a block must stay a masked array,
    so that, e.g., reshaping it later still gives a masked block. ``compute`` turns a 0-d
    result back into the scalar, see :func:`as_scalar_result`.)

    >>> MaskedUfunc("add")(np.ma.masked_array(1.0), 2.0)
    masked_array(data=3.,
                 mask=False,
           fill_value=1e+20)
    """

    def __init__(self, name: str):
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> np.ma.MaskedArray:
        return np.ma.asanyarray(getattr(np.ma, self.name)(*args, **kwargs))

    def __repr__(self) -> str:
        return f"MaskedUfunc({self.name!r})"

    def __lazyarr_token__(self) -> str:
        return f"numpy.ma.{self.name}"

    @property
    def __name__(self) -> str:  # what task labels and progress bars show
        return self.name


def concatenate(parts: Sequence[Any], axis: int) -> Any:
    """Join blocks along *axis*, keeping masks when any block has one.

    >>> concatenate([np.ma.masked_array([1], mask=[True]), np.array([2])], axis=0)
    masked_array(data=[--, 2],
                 mask=[ True, False],
           fill_value=999999)
    """
    if any(isinstance(p, np.ma.MaskedArray) for p in parts):
        return np.ma.concatenate(parts, axis=axis)
    return np.concatenate(parts, axis=axis)


def allocate(shape: tuple, dtype: Any, block_type: type) -> np.ndarray:
    """An uninitialized result of *block_type* that blocks are copied into (``out[region] = block``).

    A masked result gets a full mask array up front, so that copying a block copies its mask.

    >>> out = allocate((3,), "i8", np.ma.MaskedArray)
    >>> out[:2] = np.ma.masked_array([1, 2], mask=[False, True]); out.mask[:2]
    array([False,  True])
    """
    data = np.empty(shape, dtype=dtype)
    if is_masked_type(block_type):
        return np.ma.masked_array(data, mask=np.zeros(shape, dtype=bool))
    return data


def merge_partials(binop: Any, a: Any, b: Any) -> Any:
    """``binop(a, b)`` for two partial reductions, where a masked entry means "nothing here".

    A block whose slice is all masked reduces to a masked partial; it must not mask the
    merged result (``np.add`` of masked arrays would), it must simply not contribute. Only
    where both sides are masked is the result masked, as ``numpy.ma`` gives for a slice
    that is masked throughout.

    >>> a = np.ma.masked_array([1, 2], mask=[True, False])
    >>> merge_partials(np.add, a, np.ma.masked_array([5, 7], mask=[False, False]))
    masked_array(data=[5, 9],
                 mask=[False, False],
           fill_value=999999)
    """
    if not isinstance(a, np.ma.MaskedArray) and not isinstance(b, np.ma.MaskedArray):
        return binop(a, b)
    mask_a, mask_b = np.ma.getmaskarray(a), np.ma.getmaskarray(b)
    data_a, data_b = np.ma.getdata(a), np.ma.getdata(b)
    with np.errstate(all="ignore"):  # the data under a mask may be anything
        both = binop(data_a, data_b)
    data = np.where(mask_a, data_b, np.where(mask_b, data_a, both))
    return np.ma.masked_array(data, mask=mask_a & mask_b)


def allocate_mask(out: np.ndarray) -> np.ma.MaskedArray:
    """*out* (a plain result being filled) as a masked array with nothing masked yet: a view.

    >>> allocate_mask(np.zeros(2)).mask
    array([False, False])
    """
    return np.ma.masked_array(out, mask=np.zeros(out.shape, dtype=bool), copy=False)


def as_scalar_result(value: Any) -> Any:
    """The result of computing a 0-d array from its one block: a NumPy scalar, as NumPy gives.

    A 0-d masked block gives what ``numpy.ma`` reductions and ufuncs give for 0-d results:
    the scalar, or ``np.ma.masked`` when it is masked.

    >>> as_scalar_result(np.array(3.0)), as_scalar_result(np.ma.masked_array(2.0, mask=True)) is np.ma.masked
    (np.float64(3.0), True)
    """
    if isinstance(value, np.ma.MaskedArray):
        return value.reshape(())[()]
    return np.asarray(value).reshape(())[()]


def as_result(value: Any, block_type: type) -> Any:
    """A computed block or whole result as an array of *block_type* (a NumPy array otherwise).

    >>> as_result([1, 2], np.ndarray)
    array([1, 2])
    >>> type(as_result(np.ma.masked_array([1]), np.ma.MaskedArray)).__name__
    'MaskedArray'
    """
    if is_masked_type(block_type):
        return np.ma.asanyarray(value)
    if isinstance(value, np.ndarray):
        return value  # a masked block where plain ones were expected keeps its mask: never drop it
    return np.asarray(value)
