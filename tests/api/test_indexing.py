"""Hand tests for advanced indexing, assignment and unknown sizes (NumPy is the oracle)."""

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.errors import UnknownChunkSizeError
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import unknown_size_arrays

XN = np.arange(6 * 7 * 8).reshape(6, 7, 8)


@pytest.fixture
def x():
    return la.from_array(XN, chunks=(4, 3, 5))


@pytest.mark.parametrize("index", [
    ([0, 2, -1],),
    (slice(None), [6, 0, 0]),
    ([0, 2], [1, 3]),
    ([[0], [1]], [[1, 2, 3]]),
    (slice(None), [0, 1], 0),        # ints and arrays next to each other: in place
    (0, slice(None), [0, 1]),        # separated by a slice: index axes go first
    ([1, 2], slice(1, 5), [[3], [4]]),
    (Ellipsis, [-1, 0]),
    (None, [1], Ellipsis, [2]),
    (np.array([True, False, True, False, False, True]),),
    (XN % 5 == 0,),
    (slice(None), XN[0] % 3 == 0),
    (True,),
    (False, 0),
    ([],),
])
def test_advanced_getitem(x, index, scheduler):
    expected = XN[index]
    result = x[index]
    assert all(a == b or math.isnan(a) for a, b in zip(result.shape, expected.shape))
    np.testing.assert_array_equal(result.compute(), expected)


def test_several_lists_like_numpy(x):
    # dask refuses this; NumPy and lazyarr do not
    np.testing.assert_array_equal(x[[0, 1], :, [2, 3]].compute(), XN[[0, 1], :, [2, 3]])


def test_lazy_mask_has_unknown_length(x):
    y = x[x > 100]
    assert math.isnan(y.shape[0]) and all(math.isnan(c) for c in y.chunks[0])
    np.testing.assert_array_equal(y.compute(), XN[XN > 100])


def test_lazy_mask_along_one_axis(x):
    m = x[:, 0, 0] > 60
    np.testing.assert_array_equal(x[m].compute(), XN[XN[:, 0, 0] > 60])
    np.testing.assert_array_equal(x[:, :, x[0, 0] % 2 == 0].compute(), XN[:, :, XN[0, 0] % 2 == 0])


def test_lazy_integer_index(x):
    idx = la.from_array(np.array([[5, 0], [-1, 2]]), chunks=1)
    np.testing.assert_array_equal(x[idx].compute(), XN[np.array([[5, 0], [-1, 2]])])
    np.testing.assert_array_equal(x[1, :, idx].compute(), XN[1, :, np.array([[5, 0], [-1, 2]])])


def test_lazy_integer_index_out_of_bounds_raises_at_compute(x):
    idx = la.from_array(np.array([0, 6]), chunks=1)
    with pytest.raises(IndexError, match="index 6 is out of bounds for axis 0 with size 6"):
        x[idx].compute()


def test_getitem_touches_only_needed_blocks():
    x = la.ones((1000, 1000), chunks=10)  # 100 x 100 blocks
    assert len(x[5, :10].graph) <= 3
    assert len(x[[5, 7], :10].graph) <= 4
    assert len(x[[5, 999], 3].graph) <= 5


@pytest.mark.parametrize("index, match", [
    ([0, 6], "index 6 is out of bounds for axis 0 with size 6"),
    ((slice(None), [-8]), "index -8 is out of bounds for axis 1 with size 7"),
    (np.ones(5, bool), "boolean index did not match indexed array along axis 0; size of axis is 6 but "
                       "size of corresponding boolean axis is 5"),
    (([0, 1], [0, 1, 2]), "shape mismatch: indexing arrays could not be broadcast together"),
    ([1.5], "only integers, slices"),
    ((0, 0, 0, [0]), "too many indices for array"),
])
def test_getitem_errors(x, index, match):
    with pytest.raises(IndexError, match=match):
        XN[index]
    with pytest.raises(IndexError, match=match):
        x[index]


def test_lazy_mask_shape_mismatch(x):
    with pytest.raises(IndexError, match="boolean index did not match"):
        x[la.ones(5, dtype=bool)]


def test_unknown_sizes_error_names_axis_and_fix(x):
    y = x[x > 100]
    with pytest.raises(UnknownChunkSizeError, match=r"axis 0 are unknown .*compute_chunk_sizes\(\)"):
        y[1:3]  # (an integer, y[3], is a lazy pick: see test_integer_on_an_axis_of_unknown_size)
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        y.reshape((2, -1))
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        y.rechunk(5)
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        len(y)


def test_operations_that_do_not_need_sizes(x):
    y = x[x > 100]
    e = XN[XN > 100]
    np.testing.assert_array_equal((y * 2 + 1).compute(), e * 2 + 1)
    assert y.sum().compute() == e.sum()
    assert y.max().compute() == e.max()
    np.testing.assert_array_equal(la.concatenate([y, y]).compute(), np.concatenate([e, e]))
    np.testing.assert_array_equal(y[y % 2 == 0].compute(), e[e % 2 == 0])
    np.testing.assert_array_equal(y[:].compute(), e)


def test_compute_chunk_sizes(x):
    y = x[x % 7 == 0]
    assert y.compute_chunk_sizes() is y
    assert not any(math.isnan(c) for c in y.chunks[0])
    assert y.shape == XN[XN % 7 == 0].shape
    np.testing.assert_array_equal(y[3:9].compute(), XN[XN % 7 == 0][3:9])


@pytest.mark.parametrize("index, value", [
    ((slice(1, 4), 2), 7),
    ((slice(None, None, -2), slice(1, 5)), np.arange(12).reshape(3, 4, 1)),
    ((0, None, slice(1, 5)), np.arange(4)[:, None]),
    (XN[..., 0] > 100, -1),
    (XN > 100, np.arange(int((XN > 100).sum()))),
    (([0, 5, 0], [1, 6, 1]), [[1], [2], [3]]),
    ((slice(None), [3, 0]), 5),
    ((Ellipsis, 0), np.arange(7)),
])
def test_setitem_numpy_values(x, index, value, scheduler):
    expected = XN.copy()
    expected[index] = value
    x[index] = value
    np.testing.assert_array_equal(x.compute(), expected)


def test_setitem_lazy_value_and_mask(x):
    expected = XN.copy()
    expected[1:5, ::-2] = XN[0, :4]
    x[1:5, ::-2] = x[0, :4]
    np.testing.assert_array_equal(x.compute(), expected)
    expected[expected < 200] = 0
    x[x < 200] = 0
    np.testing.assert_array_equal(x.compute(), expected)


def test_setitem_returns_new_graph_and_keeps_inputs():
    from lazyarr.api.indexing.assignment import setitem

    z = la.from_array(XN, chunks=3)
    w = setitem(z, 0, 0)
    assert w is not z and w.name != z.name
    np.testing.assert_array_equal(z.compute(), XN)  # the input array is unchanged
    assert (w.compute()[0] == 0).all()


def test_setitem_errors(x):
    with pytest.raises(ValueError, match="could not broadcast input array from shape"):
        x[0] = np.ones(5)
    with pytest.raises(IndexError, match="out of bounds"):
        x[[9]] = 1


def test_nonzero_family(x):
    m = x % 9 == 0
    for got, want in zip(la.nonzero(m), np.nonzero(XN % 9 == 0)):
        np.testing.assert_array_equal(got.compute(), want)
    np.testing.assert_array_equal(la.argwhere(m).compute(), np.argwhere(XN % 9 == 0))
    np.testing.assert_array_equal(la.flatnonzero(m).compute(), np.flatnonzero(XN % 9 == 0))
    np.testing.assert_array_equal(la.where(m)[2].compute(), np.where(XN % 9 == 0)[2])
    np.testing.assert_array_equal(np.nonzero(m)[0].compute(), np.nonzero(XN % 9 == 0)[0])
    np.testing.assert_array_equal(la.extract(m, x).compute(), np.extract(XN % 9 == 0, XN))
    cond = [True, False, True]
    np.testing.assert_array_equal(la.compress(cond, x, axis=1).compute(), np.compress(cond, XN, axis=1))
    np.testing.assert_array_equal(la.compress(x[:, 0, 0] > 50, x).compute(), np.compress(XN[:, 0, 0] > 50, XN))
    with pytest.raises(ValueError, match="nonzero on 0d arrays"):
        la.nonzero(la.from_array(np.array(1)))


@pytest.mark.parametrize("call, funcname", [
    (lambda y: la.pad(y, 1), "pad"),  # (sort works: tests/api/test_unknown_lengths.py)
    (lambda y: la.gradient(y), "gradient"),
    (lambda y: la.apply_along_axis(np.sum, 0, y), "apply_along_axis"),
    (lambda y: la.split(y, 2), "split"),
    (lambda y: y[[0, 1]], "getitem"),
    (lambda y: la.map_overlap(lambda b: b, y, depth=1), "map_overlap"),
])
def test_unknown_sizes_errors_name_function(call, funcname):
    x = la.arange(10, chunks=3)
    with pytest.raises(UnknownChunkSizeError, match=rf"^{funcname}: .*axis 0.*compute_chunk_sizes\(\)"):
        call(x[x > 2])


def test_mask_assignment_keeps_integer_precision():
    xn = np.array([2**60 + 1, 5, 7])
    x = la.from_array(xn, chunks=2)
    x[x < 6] = 1.7
    expected = xn.copy()
    expected[expected < 6] = 1.7
    np.testing.assert_array_equal(x.compute(), expected)
    assert x.dtype == xn.dtype


# -- an integer on an axis of unknown (nan) size: y = x[mask]; y[0], y[-1] ------------------------------------


@settings(max_examples=60, deadline=None)
@given(data=st.data(), with_ellipsis=st.booleans(), new_axis=st.booleans())
def test_integer_on_an_axis_of_unknown_size(data, with_ellipsis, new_axis):
    a, y = data.draw(unknown_size_arrays(max_dims=3))
    axis = next(k for k, n in enumerate(y.shape) if math.isnan(n))
    n = a.shape[axis]
    i = data.draw(st.integers(-n - 2, n + 1))
    if with_ellipsis:
        index = (Ellipsis, i) + (slice(None),) * (a.ndim - axis - 1)
    else:
        index = (slice(None),) * axis + (i,)
    if new_axis:
        index = (None,) + index  # a new axis shifts the positions in the index, not the axes
    result = y[index]
    if -n <= i < n:
        assert_eq(result, a[index])
    else:  # the size is known only when the blocks have run
        with pytest.raises(IndexError, match=f"index {i} is out of bounds for axis {axis} with size {n}"):
            result.compute()


def test_integers_on_several_unknown_axes_and_known_ones():
    an = np.arange(60).reshape(3, 4, 5)
    x = la.from_array(an, chunks=2)
    rows, cols = an[:, 0, 0] != 20, an[0, 0, :] % 2 == 0
    y = x[la.from_array(rows, chunks=2)][:, :, la.from_array(cols, chunks=2)]
    assert math.isnan(y.shape[0]) and math.isnan(y.shape[2]) and y.shape[1] == 4
    expected = an[rows][:, :, cols]
    for index in [(0, 1, -1), (-1, slice(1, 3), 0), (1, ..., 2), (0,), (slice(None), 3, -2)]:
        assert_eq(y[index], expected[index])


def test_integer_on_a_known_axis_keeps_the_planned_path():
    from lazyarr.api.indexing.getitem import _pick_on_unknown_axes

    x = la.arange(20, chunks=4)
    assert _pick_on_unknown_axes(x, 9) is None  # known sizes: core/slicing.py reads the one block
    y = x[x > 3]
    assert _pick_on_unknown_axes(y, 0) is not None
    assert int(y[0].compute()) == 4 and int(y[-1].compute()) == 19
    assert int(pickle.loads(pickle.dumps(y[-1])).compute()) == 19  # the graph pickles
