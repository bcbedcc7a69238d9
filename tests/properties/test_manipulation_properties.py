"""Hypothesis: shape manipulation functions against NumPy on random shapes and chunkings."""


import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import lazy_arrays, shapes


def chunked(min_ndim=0, max_ndim=4):
    """Distinct values (every element can be told apart), any block sizes, zero-length ones too."""
    return lazy_arrays(shape=shapes(min_ndim, max_ndim, 5), dtype=np.int64, values="distinct", chunks="uneven",
                       empty_blocks=True)


@given(chunked(), st.data())
def test_axis_shuffles(arr, data):
    xn, x = arr
    perm = data.draw(st.permutations(range(xn.ndim)))
    assert_eq(la.transpose(x, perm), np.transpose(xn, perm), exact=True)
    assert_eq(x.T, xn.T, exact=True)
    if xn.ndim:
        a, b = data.draw(st.integers(-xn.ndim, xn.ndim - 1)), data.draw(st.integers(-xn.ndim, xn.ndim - 1))
        assert_eq(la.swapaxes(x, a, b), np.swapaxes(xn, a, b), exact=True)
        assert_eq(la.moveaxis(x, a, b), np.moveaxis(xn, a, b), exact=True)
        start = data.draw(st.integers(0, xn.ndim))
        assert_eq(la.rollaxis(x, a, start), np.rollaxis(xn, a, start), exact=True)
    assert_eq(la.ravel(x), np.ravel(xn), exact=True)
    assert_eq(la.squeeze(x), np.squeeze(xn), exact=True)
    new = data.draw(st.integers(-xn.ndim - 1, xn.ndim))
    assert_eq(la.expand_dims(x, new), np.expand_dims(xn, new), exact=True)
    for k, f in ((1, la.atleast_1d), (2, la.atleast_2d), (3, la.atleast_3d)):
        assert_eq(f(x), getattr(np, f"atleast_{k}d")(xn), exact=True)


@given(chunked(max_ndim=3), st.data())
def test_broadcast_and_join(arr, data):
    xn, x = arr
    lead = tuple(data.draw(st.lists(st.integers(0, 3), max_size=2)))
    target = lead + tuple(n if n != 1 or not data.draw(st.booleans()) else 3 for n in xn.shape)
    assert_eq(la.broadcast_to(x, target), np.broadcast_to(xn, target), exact=True)
    if xn.ndim:
        axis = data.draw(st.integers(-xn.ndim, xn.ndim - 1))
        first = tuple(slice(0, 1) if d == axis % xn.ndim else slice(None) for d in range(xn.ndim))
        assert_eq(la.concatenate([x, x, x[first]], axis=axis), np.concatenate([xn, xn, xn[first]], axis=axis),
                  exact=True)
    axis = data.draw(st.integers(-xn.ndim - 1, xn.ndim))
    assert_eq(la.stack([x, x + 1], axis=axis), np.stack([xn, xn + 1], axis=axis), exact=True)


def test_broadcast_arrays_share_chunks():
    a = la.from_array(np.arange(6), chunks=2)
    b = la.from_array(np.arange(6), chunks=3)
    c = la.from_array(np.arange(12).reshape(2, 6), chunks=(1, 6))
    out = la.broadcast_arrays(a, b, c)
    assert len({o.chunks for o in out}) == 1
    assert_eq(out, np.broadcast_arrays(np.arange(6), np.arange(6), np.arange(12).reshape(2, 6)), exact=True)
