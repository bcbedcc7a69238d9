"""Hypothesis: shape manipulation functions against NumPy on random shapes and chunkings."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing.strategies import block_sizes


@st.composite
def chunked(draw, min_ndim=0, max_ndim=4):
    shape = tuple(draw(st.lists(st.integers(0, 5), min_size=min_ndim, max_size=max_ndim)))
    chunks = [draw(block_sizes(n)) for n in shape]
    xn = np.asarray(np.arange(math.prod(shape)).reshape(shape))
    return xn, la.from_array(xn, chunks=tuple(chunks))


def eq(lazy, expected):
    got = lazy.compute(scheduler="sync")
    assert lazy.shape == expected.shape
    assert np.shape(got) == expected.shape
    np.testing.assert_array_equal(got, expected)


@given(chunked(), st.data())
def test_axis_shuffles(arr, data):
    xn, x = arr
    perm = data.draw(st.permutations(range(xn.ndim)))
    eq(la.transpose(x, perm), np.transpose(xn, perm))
    eq(x.T, xn.T)
    if xn.ndim:
        a, b = data.draw(st.integers(-xn.ndim, xn.ndim - 1)), data.draw(st.integers(-xn.ndim, xn.ndim - 1))
        eq(la.swapaxes(x, a, b), np.swapaxes(xn, a, b))
        eq(la.moveaxis(x, a, b), np.moveaxis(xn, a, b))
        start = data.draw(st.integers(0, xn.ndim))
        eq(la.rollaxis(x, a, start), np.rollaxis(xn, a, start))
    eq(la.ravel(x), np.ravel(xn))
    eq(la.squeeze(x), np.squeeze(xn))
    new = data.draw(st.integers(-xn.ndim - 1, xn.ndim))
    eq(la.expand_dims(x, new), np.expand_dims(xn, new))
    for k, f in ((1, la.atleast_1d), (2, la.atleast_2d), (3, la.atleast_3d)):
        eq(f(x), getattr(np, f"atleast_{k}d")(xn))


@given(chunked(max_ndim=3), st.data())
def test_broadcast_and_join(arr, data):
    xn, x = arr
    lead = tuple(data.draw(st.lists(st.integers(0, 3), max_size=2)))
    target = lead + tuple(n if n != 1 or not data.draw(st.booleans()) else 3 for n in xn.shape)
    eq(la.broadcast_to(x, target), np.broadcast_to(xn, target))
    if xn.ndim:
        axis = data.draw(st.integers(-xn.ndim, xn.ndim - 1))
        eq(la.concatenate([x, x, x[tuple(slice(0, 1) if d == axis % xn.ndim else slice(None)
                                          for d in range(xn.ndim))]], axis=axis),
           np.concatenate([xn, xn, xn[tuple(slice(0, 1) if d == axis % xn.ndim else slice(None)
                                            for d in range(xn.ndim))]], axis=axis))
    axis = data.draw(st.integers(-xn.ndim - 1, xn.ndim))
    eq(la.stack([x, x + 1], axis=axis), np.stack([xn, xn + 1], axis=axis))


def test_broadcast_arrays_share_chunks():
    a = la.from_array(np.arange(6), chunks=2)
    b = la.from_array(np.arange(6), chunks=3)
    c = la.from_array(np.arange(12).reshape(2, 6), chunks=(1, 6))
    out = la.broadcast_arrays(a, b, c)
    assert len({o.chunks for o in out}) == 1
    for o, e in zip(out, np.broadcast_arrays(np.arange(6), np.arange(6), np.arange(12).reshape(2, 6))):
        np.testing.assert_array_equal(o.compute(), e)
