"""Arrays whose lengths are unknown until computed (``x[mask]``): what works without them,
and what names itself when it needs them.

A whole axis of unknown length can be glued into one block without knowing the length, so
order statistics, sorting and FFTs along it work lazily; slicing by position (flip, diff)
and building shapes from the length (diag, meshgrid) need the length and say so, naming
the function the user called. NumPy on the selected values is the oracle.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.errors import UnknownChunkSizeError
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import lazy_arrays, shapes


def selections():
    """(values, y): y = x[x > t] for a random array x, so y's blocks have unknown lengths (some empty)."""
    return st.tuples(lazy_arrays(shape=shapes(1, 1, 12, min_side=1), dtype=np.float64, chunks="uneven",
                                 empty_blocks=True), st.sampled_from([-0.5, 0.0, 0.5]))


def _select(ax_t):
    (a, x), t = ax_t
    y = x[x > t]
    assert math.isnan(y.shape[0])
    return a[a > t], y


@settings(max_examples=40, deadline=None)
@given(selections())
def test_order_statistics_sorting_and_ffts_need_no_lengths(ax_t):
    a, y = _select(ax_t)
    assert_eq(la.sort(y), np.sort(a))
    np.testing.assert_array_equal(a[la.argsort(y, stable=True).compute()], np.sort(a))
    assert_eq(la.rechunk(y, -1), a)
    if a.size:
        assert_eq(la.median(y), np.median(a))
        assert_eq(la.quantile(y, [0.1, 0.9]), np.quantile(a, [0.1, 0.9]))
        assert_eq(la.nanpercentile(y, 50), np.nanpercentile(a, 50))
        assert_eq(la.fft.fft(y), np.fft.fft(a))
        assert_eq(la.topk(y, 2), np.sort(a)[::-1][:2])


def test_sort_of_a_2d_selection_along_the_unknown_axis():
    b = np.random.default_rng(1).normal(size=(12, 5))
    x = la.from_array(b, chunks=(4, 2))
    y = x[x[:, 0] > 0]
    kept = b[b[:, 0] > 0]
    assert_eq(np.sort(y, axis=0), np.sort(kept, axis=0))
    assert_eq(np.median(y, axis=0), np.median(kept, axis=0))
    assert_eq(np.argsort(y, axis=1), np.argsort(kept, axis=1))


def test_rechunk_of_an_unknown_axis_to_anything_but_one_block_still_refuses():
    x = la.arange(10, chunks=4)
    y = x[x > 2]
    with pytest.raises(ValueError, match="rechunk: axis 0 has unknown length"):
        y.rechunk(2)
    with pytest.raises(UnknownChunkSizeError, match="argtopk"):
        la.argtopk(y, 2)  # its indices count from each block's start


def test_broadcast_arrays_of_equal_chunkings_needs_no_lengths():
    x = la.arange(10, chunks=4)
    y = x[x > 2]
    out = la.broadcast_arrays(y, y)
    assert out[0] is y and out[1] is y


@pytest.mark.parametrize("name, call", [
    ("flip", lambda y: la.flip(y)),
    ("diff", lambda y: la.diff(y)),
    ("ediff1d", lambda y: la.ediff1d(y)),
    ("diag", lambda y: la.diag(y)),
    ("meshgrid", lambda y: la.meshgrid(y, y)),
    ("broadcast_arrays", lambda y: la.broadcast_arrays(y, la.ones(1))),
    ("cov", lambda y: la.cov(y)),
    ("corrcoef", lambda y: la.corrcoef(y)),
    ("fftshift", lambda y: la.fft.fftshift(y)),
])
def test_what_needs_the_length_names_itself_and_the_way_out(name, call):
    x = la.arange(10, chunks=4)
    y = x[x > 2]
    with pytest.raises(UnknownChunkSizeError, match=rf"^{name}: .*compute_chunk_sizes\(\).*data_dependent_shapes"):
        call(y)
    # and with the lengths known it is NumPy's answer
    y.compute_chunk_sizes()
    got = call(y)
    expected = {"flip": np.flip, "diff": np.diff, "ediff1d": np.ediff1d, "diag": np.diag, "cov": np.cov,
                "corrcoef": np.corrcoef, "meshgrid": lambda v: np.meshgrid(v, v), "fftshift": np.fft.fftshift,
                "broadcast_arrays": lambda v: np.broadcast_arrays(v, np.ones(1))}[name](np.arange(3, 10))
    for g, e in zip(got if isinstance(got, (list, tuple)) else [got], expected if isinstance(expected, (list, tuple))
                    else [expected]):
        assert_eq(g, e)


@pytest.mark.parametrize("name, call", [
    ("fft2", lambda y: la.fft.fft2(y)),
    ("trace", lambda y: la.trace(y)),
    ("tril", lambda y: la.tril(y)),
    ("triu", lambda y: la.triu(y)),
])
def test_2d_operations_that_need_the_length_name_themselves(name, call):
    x = la.from_array(np.arange(24.0).reshape(6, 4), chunks=(4, 3))
    y = x[x[:, 0] > 5]
    with pytest.raises(UnknownChunkSizeError, match=rf"^{name}: "):
        call(y)


def test_ffts_along_known_axes_or_one_unknown_axis_work():
    b = np.random.default_rng(3).normal(size=(13, 4))
    x = la.from_array(b, chunks=(4, 3))
    y, a = x[x[:, 0] > -1], b[b[:, 0] > -1]
    assert_eq(la.fft.fftn(y, axes=[1]), np.fft.fftn(a, axes=[1]))
    assert_eq(la.fft.rfft(y, axis=0), np.fft.rfft(a, axis=0))


def test_matrix_rank_with_unknown_rows_counts_them():
    # The default tolerance is max(M, N) * eps * largest singular value; with M unknown, Python's
    # max(nan, N) was nan, every comparison with it False, and every rank 0.
    b = np.random.default_rng(3).integers(-4, 6, (13, 4)).astype(float)
    b[:, 3] = b[:, 0] + b[:, 1]
    x = la.from_array(b, chunks=(4, 3))
    keep = b[:, 0] > -3
    y = x[la.from_array(keep, chunks=4)]
    assert int(la.linalg.matrix_rank(y).compute()) == np.linalg.matrix_rank(b[keep]) == 3
    assert int(la.linalg.matrix_rank(y.T).compute()) == 3
