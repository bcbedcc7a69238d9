"""Hypothesis: random index expressions on random shapes and chunkings, against NumPy."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import lazy_arrays, shapes


def arrays(max_ndim=4):
    """Distinct int64 values (every element can be told apart), any block sizes, zero-length ones too."""
    return lazy_arrays(shape=shapes(0, max_ndim, 6), dtype=np.int64, values="distinct", chunks="uneven",
                       empty_blocks=True)


@st.composite
def index_items(draw, shape):
    """A tuple index for *shape*: ints, slices, lists, arrays, masks, None and one Ellipsis."""
    items = []
    axis = 0
    arr_shape = draw(st.sampled_from([(2,), (1,), (3,), (2, 2), (0,)]))
    used_ellipsis = False
    while axis < len(shape):
        n = shape[axis]
        kind = draw(st.sampled_from(["int", "slice", "slice", "list", "array", "mask", "none", "ellipsis",
                                     "stop"]))
        if kind == "stop":
            break
        if kind == "none":
            items.append(None)
            continue
        if kind == "ellipsis":
            if used_ellipsis:
                continue
            used_ellipsis = True
            items.append(Ellipsis)
            axis = len(shape) - draw(st.integers(0, len(shape) - axis))
            continue
        if kind == "int" and n:
            items.append(draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            start = draw(st.none() | st.integers(-n - 2, n + 2))
            stop = draw(st.none() | st.integers(-n - 2, n + 2))
            step = draw(st.none() | st.sampled_from([1, 2, 3, -1, -2]))
            items.append(slice(start, stop, step))
        elif kind == "list" and n:
            items.append(draw(st.lists(st.integers(-n, n - 1), min_size=arr_shape[0], max_size=arr_shape[0])))
        elif kind == "array" and n:
            items.append(np.asarray(draw(st.lists(st.integers(-n, n - 1), min_size=math.prod(arr_shape),
                                                  max_size=math.prod(arr_shape))), dtype=np.intp).reshape(arr_shape))
        elif kind == "mask":
            items.append(np.asarray(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool))
        else:
            items.append(slice(None))
        axis += 1
    return tuple(items)


@given(st.data())
def test_getitem_matches_numpy(data):
    xn, x = data.draw(arrays())
    index = data.draw(index_items(xn.shape))
    try:
        expected = xn[index]
    except IndexError:
        with pytest.raises(IndexError):
            x[index]
        return
    assert_eq(x[index], expected, exact=True)


@given(st.data())
def test_lazy_mask_matches_numpy(data):
    xn, x = data.draw(arrays(max_ndim=3))
    threshold = data.draw(st.integers(-10, 40))
    assert_eq(x[x > threshold], xn[xn > threshold], exact=True)
    if xn.ndim:
        axis = data.draw(st.integers(0, xn.ndim - 1))
        row = xn[(0,) * axis + (slice(None),) + (0,) * (xn.ndim - axis - 1)] if xn.size else None
        if row is not None:
            m = x[(0,) * axis + (slice(None),) + (0,) * (xn.ndim - axis - 1)] % 2 == 0
            index = (slice(None),) * axis + (m,)
            assert_eq(x[index], xn[(slice(None),) * axis + (row % 2 == 0,)], exact=True)


@given(st.data())
def test_lazy_integer_index_matches_numpy(data):
    xn, x = data.draw(arrays(max_ndim=3))
    if not xn.ndim or 0 in xn.shape:
        return
    axis = data.draw(st.integers(0, xn.ndim - 1))
    n = xn.shape[axis]
    idx = np.asarray(data.draw(st.lists(st.integers(-n, n - 1), min_size=0, max_size=7)), dtype=np.intp)
    lazy_idx = la.from_array(idx, chunks=data.draw(st.integers(1, 3)))
    index = (slice(None),) * axis + (lazy_idx,)
    assert_eq(x[index], xn[(slice(None),) * axis + (idx,)], exact=True)


@given(st.data())
def test_setitem_matches_numpy(data):
    xn, x = data.draw(arrays(max_ndim=3))
    index = data.draw(index_items(xn.shape))
    expected = xn.copy()
    try:
        region = expected[index].shape
        value = np.arange(math.prod(region)).reshape(region) + 1000
        expected[index] = value
    except IndexError:
        return
    as_lazy = data.draw(st.booleans()) and not any(isinstance(i, (list, np.ndarray)) for i in index)
    x[index] = la.from_array(value, chunks=2) if as_lazy else value
    assert_eq(x, expected, exact=True)


@given(st.data())
def test_several_lazy_integer_indices_match_numpy(data):
    xn, x = data.draw(arrays(max_ndim=3))
    if xn.ndim < 2 or 0 in xn.shape:
        return
    length = data.draw(st.integers(0, 5))
    index, np_index = [], []
    for n in xn.shape:
        kind = data.draw(st.sampled_from(["lazy", "numpy", "slice", "int"]))
        if kind == "int":
            v = data.draw(st.integers(-n, n - 1))
            index.append(v)
            np_index.append(v)
        elif kind == "slice":
            index.append(slice(None))
            np_index.append(slice(None))
        else:
            v = np.asarray(data.draw(st.lists(st.integers(-n, n - 1), min_size=length, max_size=length)),
                           dtype=np.intp)
            index.append(la.from_array(v, chunks=data.draw(st.integers(1, 3))) if kind == "lazy" else v)
            np_index.append(v)
    expected = xn[tuple(np_index)]
    assert_eq(x[tuple(index)], expected, exact=True)


@given(st.data())
def test_setitem_with_lazy_integer_indices(data):
    xn, x = data.draw(arrays(max_ndim=3))
    if not xn.ndim or 0 in xn.shape:
        return
    k = data.draw(st.integers(1, xn.ndim))
    length = data.draw(st.integers(0, 5))
    np_index = tuple(np.asarray(data.draw(st.lists(st.integers(-n, n - 1), min_size=length, max_size=length)),
                                dtype=np.intp) for n in xn.shape[:k])
    index = tuple(la.from_array(i, chunks=data.draw(st.integers(1, 3))) if data.draw(st.booleans()) or j == 0
                  else i for j, i in enumerate(np_index))
    expected = xn.copy()
    value = np.arange(expected[np_index].size).reshape(expected[np_index].shape) + 1000
    expected[np_index] = value  # repeated indices: the last value wins, in NumPy and here
    x[index] = value
    assert_eq(x, expected, exact=True)
