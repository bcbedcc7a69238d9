"""Hypothesis: reshape on random shapes, chunkings and compatible targets equals NumPy's."""


import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import random_values, shapes_and_chunks


@st.composite
def target_shape(draw, size):
    ndim = draw(st.integers(0 if size == 1 else 1, 4))
    if size == 0:
        shape = [draw(st.integers(0, 4)) for _ in range(ndim)]
        if 0 not in shape:
            shape = shape[:-1] + [0] if shape else [0]
        return tuple(shape)
    shape, left = [], size
    for _ in range(max(ndim - 1, 0)):
        d = draw(st.sampled_from([d for d in range(1, left + 1) if left % d == 0]))
        shape.append(d)
        left //= d
    if ndim:
        shape.append(left)
        shape = draw(st.permutations(shape))
        if draw(st.booleans()):
            shape = list(shape)
            shape[draw(st.integers(0, len(shape) - 1))] = -1
    return tuple(shape)


@given(st.data())
def test_reshape_matches_numpy(data):
    shape, chunks = data.draw(shapes_and_chunks(0, 4, 8, empty_blocks=True, max_blocks=None))
    xn = random_values(None, shape, np.int64, "distinct")
    new = data.draw(target_shape(xn.size))
    assert_eq(la.from_array(xn, chunks=chunks).reshape(new), xn.reshape(new), exact=True)


@pytest.mark.parametrize("shape, chunks, new", [
    ((4, 6), (2, 6), (24,)),
    ((24,), 12, (4, 6)),
    ((4, 6), (2, 3), (2, 2, 6)),
    ((2, 3, 4), (1, 1, 4), (6, 4)),
    ((8, 10), (4, 10), (2, 4, 5, 2)),
])
def test_reshape_along_block_boundaries_does_not_rechunk(shape, chunks, new):
    x = la.ones(shape, chunks=chunks)
    y = x.reshape(new)
    assert not any(name.startswith("rechunk-") for name in y.graph.layers)
    np.testing.assert_array_equal(y.compute(), np.ones(shape).reshape(new))


def test_reshape_where_dask_refuses():
    x = la.random.random((5000, 5000), chunks=1000)
    y = x.reshape((1000, 5000, 5))
    assert y.shape == (1000, 5000, 5)
    # blocks stay about as big as the input's (1000 x 1000 elements)
    assert max(y.chunks[0]) * 5000 * 5 <= 1000 * 1000
    small = la.from_array(np.arange(50 * 50).reshape(50, 50), chunks=10)
    np.testing.assert_array_equal(small.reshape((10, 50, 5)).compute(), np.arange(2500).reshape(10, 50, 5))


@pytest.mark.parametrize("new, match", [
    ((7, 7), "cannot reshape array of size 24 into shape"),
    ((-1, -1), "can only specify one unknown dimension"),
    ((5, -1), "cannot reshape array of size 24 into shape"),
])
def test_reshape_errors(new, match):
    with pytest.raises(ValueError, match=match):
        np.arange(24).reshape(new)
    with pytest.raises(ValueError, match=match):
        la.ones((4, 6), chunks=2).reshape(new)
