"""The ``data_dependent_shapes`` option: lengths that depend on the values, computed on request.

With the default ("nan") they stay unknown, as in dask; with "compute" every operation
whose output lengths depend on the values returns an array whose shape and chunks are
NumPy's, and whose values are unchanged (NumPy is the oracle).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import CountComputes, assert_eq
from lazyarr.testing.strategies import lazy_arrays, shapes

COMPUTE = {"data_dependent_shapes": "compute"}


def known(x):
    return not any(math.isnan(s) for c in x.chunks for s in c)


def check(got, expected):
    """*got* has NumPy's shape, integer chunks that add up to it, and NumPy's values."""
    assert known(got), got.chunks
    assert got.shape == expected.shape
    assert tuple(sum(c) for c in got.chunks) == expected.shape
    assert all(type(s) is int for c in got.chunks for s in c), got.chunks
    assert_eq(got, expected)


def ints(shape=None):
    """Small integers (repeated values for unique), any block sizes including zero-length ones."""
    return lazy_arrays(shape=shapes(0, 3, 6) if shape is None else shape, dtype=np.int64, values="small",
                       chunks="uneven", empty_blocks=True)


@settings(max_examples=60, deadline=None)
@given(ints(), st.data())
def test_boolean_index(ax, data):
    a, x = ax
    threshold = data.draw(st.integers(-3, 3))
    with la.config.set(**COMPUTE):
        got = x[x > threshold]
    check(got, a[a > threshold])


@settings(max_examples=40, deadline=None)
@given(ints(shapes(1, 3, 6)), st.data())
def test_boolean_index_of_leading_axes_with_a_numpy_mask(ax, data):
    a, x = ax
    mask = np.asarray(data.draw(st.lists(st.booleans(), min_size=a.shape[0], max_size=a.shape[0])), dtype=bool)
    with la.config.set(**COMPUTE):
        got = x[mask, ...]
    check(got, a[mask, ...])


@settings(max_examples=40, deadline=None)
@given(ints())
def test_unique_and_the_array_api_spellings(ax):
    a, x = ax
    with la.config.set(**COMPUTE):
        values, index, inverse, counts = la.unique(x, return_index=True, return_inverse=True, return_counts=True)
        uv = la.unique_values(x)
        uc = la.unique_counts(x)
    ev, ei, einv, ec = np.unique(a, return_index=True, return_inverse=True, return_counts=True)
    for got, expected in [(values, ev), (index, ei), (counts, ec), (uv, ev), (uc.values, ev), (uc.counts, ec)]:
        check(got, expected)
    assert_eq(inverse, einv.reshape(a.shape))


@settings(max_examples=40, deadline=None)
@given(ints())
def test_nonzero_argwhere_flatnonzero(ax):
    a, x = ax
    with la.config.set(**COMPUTE):
        got_w = la.argwhere(x > 0)
        got_f = la.flatnonzero(x > 0)
        got_n = la.nonzero(x > 0) if x.ndim else ()
    check(got_w, np.argwhere(a > 0))
    check(got_f, np.flatnonzero(a > 0))
    for g, e in zip(got_n, np.nonzero(a > 0) if a.ndim else ()):
        check(g, e)


@settings(max_examples=40, deadline=None)
@given(ints(shapes(1, 1, 8)), st.data())
def test_repeat_with_lazy_counts_and_compress(ax, data):
    a, x = ax
    counts = np.asarray(data.draw(st.lists(st.integers(0, 3), min_size=a.size, max_size=a.size)), dtype=np.int64)
    with la.config.set(**COMPUTE):
        got_r = la.repeat(x, la.from_array(counts, chunks=x.chunks))
        got_c = la.compress(la.from_array(counts > 1, chunks=x.chunks), x)
    check(got_r, np.repeat(a, counts))
    check(got_c, np.compress(counts > 1, a))


@settings(max_examples=30, deadline=None)
@given(lazy_arrays(shape=shapes(1, 1, 8), dtype=np.int64, values="small", chunks="uneven", empty_blocks=True))
def test_bincount_and_estimated_histogram_edges(ax):
    a, x = ax
    a, x = np.abs(a), abs(x)
    with la.config.set(**COMPUTE):
        got_b = la.bincount(x) if a.size else None
        got_e = la.histogram_bin_edges(x.astype(float), bins="auto") if a.size else None
    if a.size:
        check(got_b, np.bincount(a))
        check(got_e, np.histogram_bin_edges(a.astype(float), bins="auto"))


def test_the_default_leaves_lengths_unknown_and_computes_nothing():
    x = la.arange(10, chunks=4)
    with CountComputes() as c:
        y = x[x > 3]
        u = la.unique_values(x % 3)
    assert c.computes == 0
    assert math.isnan(y.shape[0]) and math.isnan(u.shape[0])
    assert la.config.get("data_dependent_shapes") == "nan"


def test_unique_computes_its_outputs_lengths_together_once():
    x = la.from_array(np.array([3, 1, 3, 2, 2, 7]), chunks=4)
    with la.config.set(**COMPUTE), CountComputes() as c:
        la.unique_all(x)
    assert c.computes == 1


def test_later_operations_see_known_lengths():
    # The point of the option: shapes are numbers, so what reads them (a library sizing its next
    # array, reshape, rechunk) works as on NumPy.
    a = np.arange(20) % 7
    x = la.from_array(a, chunks=6)
    with la.config.set(**COMPUTE):
        classes = la.unique_values(x)
        table = la.zeros((classes.shape[0], 2))
        y = x[x > 2].reshape(-1, 1).rechunk(5)
    assert table.shape == (7, 2)
    assert_eq(y, a[a > 2].reshape(-1, 1))


def test_a_with_block_applies_to_this_thread_only():
    import threading

    seen = []
    x = la.arange(10, chunks=4)
    with la.config.set(**COMPUTE):
        t = threading.Thread(target=lambda: seen.append(x[x > 3].shape))
        t.start()
        t.join()
        mine = x[x > 3].shape
    assert mine == (6,) and math.isnan(seen[0][0])


@pytest.mark.parametrize("value", ["yes", True, None, "NaN"])
def test_an_unknown_value_is_refused_when_set(value):
    with pytest.raises(ValueError, match="data_dependent_shapes must be one of"):
        la.config.set(data_dependent_shapes=value)


def test_a_nan_length_in_a_new_shape_names_the_way_out():
    x = la.arange(10, chunks=4)
    n = la.unique_values(x % 3).shape[0]
    with pytest.raises(TypeError, match=r"zeros: shape must be integers.*data_dependent_shapes='compute'"):
        la.zeros((n, 5))
    with pytest.raises(TypeError, match="compute_chunk_sizes"):
        la.ones(n)


def test_compute_chunk_sizes_of_several_arrays_in_one_compute():
    from lazyarr.core.known_sizes import compute_chunk_sizes

    x = la.arange(10, chunks=4)
    y, z = x[x > 3], x[x < 2]
    with CountComputes() as c:
        out = compute_chunk_sizes(y, z)
    assert out[0] is y and out[1] is z  # filled in place, as dask's compute_chunk_sizes
    assert c.computes == 1 and y.chunks == ((0, 4, 2),) and z.chunks == ((2, 0, 0),)
