"""Issue 15: every chunk shape works: zero-length blocks and unknown (nan) sizes.

Each test is one of the issue's reproducers; the property tests (tests/properties/) draw the
same shapes for every reduction, scan and search function.
"""

import math

import numpy as np
import pytest

import lazyarr as la
from lazyarr.errors import UnknownChunkSizeError
from lazyarr.testing import assert_eq

D = np.array([.1, .2, .95, .3, .4, .5, .99, .1])


def selection(known: bool):
    """The issue's ``y = x[x > .9]``: blocks of lengths (0, 1, 0, 1), unknown unless *known*."""
    x = la.from_array(D, chunks=2)
    y = x[x > .9]
    if known:
        y.compute_chunk_sizes()
    return y


@pytest.mark.parametrize("known", [True, False])
@pytest.mark.parametrize("name", ["argmin", "argmax", "nanargmin", "nanargmax"])
def test_arg_reductions_on_a_selection(name, known):
    y = selection(known)
    assert known or math.isnan(y.shape[0])
    assert getattr(la, name)(y).compute() == getattr(np, name)(D[D > .9])


@pytest.mark.parametrize("known", [True, False])
@pytest.mark.parametrize("name", ["cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum",
                                  "cumulative_prod"])
def test_scans_on_a_selection(name, known):
    y = selection(known)
    np.testing.assert_allclose(getattr(la, name)(y).compute(), getattr(np, name)(D[D > .9]))


def test_methods_on_a_selection_with_unknown_sizes():
    y = selection(False)
    assert y.argmax().compute() == 1
    np.testing.assert_allclose(y.cumsum().compute(), [.95, 1.94])


def test_arg_reduction_of_an_empty_selection_raises_when_computed():
    x = la.from_array(D, chunks=2)
    with pytest.raises(ValueError, match="argmax of an empty sequence"):
        la.argmax(x[x > 5]).compute()


def test_unknown_sizes_in_two_dimensions():
    a = np.arange(20.0).reshape(5, 4)
    a[3, 2] = 99
    x = la.from_array(a, chunks=2)
    rows, cols = x[x[:, 0] > 3], x[:, x[0] > 0]
    want_rows, want_cols = a[a[:, 0] > 3], a[:, a[0] > 0]
    for lazy, want in [(rows, want_rows), (cols, want_cols)]:
        assert la.argmax(lazy).compute() == np.argmax(want)
        for axis in (0, 1):
            np.testing.assert_array_equal(la.argmax(lazy, axis=axis).compute(), np.argmax(want, axis=axis))
            np.testing.assert_allclose(la.cumsum(lazy, axis=axis).compute(), np.cumsum(want, axis=axis))


def test_flattening_scan_of_unknown_sizes_is_refused_at_build_time():
    x = la.from_array(np.arange(20.0).reshape(5, 4), chunks=2)
    with pytest.raises(UnknownChunkSizeError, match=r"cumsum.*compute_chunk_sizes\(\)"):
        la.cumsum(x[x[:, 0] > 3])


def test_argmax_beside_an_empty_array():
    x = la.from_array(D, chunks=2)
    assert la.concatenate([x, la.zeros(0, chunks=1)]).argmax().compute() == 6


def test_topk_with_zero_length_blocks():
    y = selection(True)
    assert_eq(la.topk(y, 1), np.array([.99]))
    assert_eq(la.topk(y, -2), np.sort(D[D > .9])[:2])


@pytest.mark.parametrize("name", ["median", "nanmedian"])
def test_order_statistics_with_zero_length_blocks(name):
    a = np.arange(12.0).reshape(3, 4)
    x = la.from_array(a, chunks=((0, 2, 1), (2, 0, 2)))
    for axis in (None, 0, 1, (0, 1)):
        assert_eq(getattr(la, name)(x, axis=axis), getattr(np, name)(a, axis=axis))


def test_quantile_with_zero_length_blocks():
    a = np.arange(12.0).reshape(3, 4)
    x = la.from_array(a, chunks=((0, 2, 1), (2, 0, 2)))
    assert_eq(la.nanquantile(x, [0.25, 0.5], axis=0), np.nanquantile(a, [0.25, 0.5], axis=0))
    assert_eq(la.nanpercentile(x, 30, axis=1), np.nanpercentile(a, 30, axis=1))


def test_apply_along_axis_with_zero_length_blocks():
    a = np.arange(12.0).reshape(3, 4)
    x = la.from_array(a, chunks=((0, 3), (2, 0, 2)))
    assert_eq(la.apply_along_axis(np.cumsum, 0, x), np.apply_along_axis(np.cumsum, 0, a))
    assert_eq(la.apply_along_axis(np.sum, 1, x), np.apply_along_axis(np.sum, 1, a))


def test_apply_along_axis_over_empty_iteration_axes_is_refused_at_build_time():
    x = la.zeros((0, 3), chunks=1)
    with pytest.raises(ValueError, match="apply_along_axis: Cannot apply_along_axis"):
        la.apply_along_axis(np.sum, 1, x)


@pytest.mark.parametrize("shape, axis", [((3, 0), 0), ((0, 0), 0), ((0, 3), 1)])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_average_with_an_empty_result_raises_zero_division_at_build_time(shape, axis):
    a = np.zeros(shape)
    with pytest.raises(ZeroDivisionError):
        np.average(a, axis=axis)
    with pytest.raises(ZeroDivisionError, match="average"):
        la.average(la.from_array(a, chunks=1), axis=axis)


def test_average_with_weights_over_an_empty_axis_raises_at_build_time():
    a = np.zeros((0, 3))
    with pytest.raises(ZeroDivisionError):
        np.average(a, axis=0, weights=np.zeros(0))
    with pytest.raises(ZeroDivisionError, match="Weights sum to zero"):
        la.average(la.from_array(a, chunks=1), axis=0, weights=np.zeros(0))


@pytest.mark.parametrize("shape", [(0, 0), (3, 0)])
def test_histogramdd_of_zero_columns_raises_value_error(shape):
    with pytest.raises(ValueError):
        np.histogramdd(np.zeros(shape))
    with pytest.raises(ValueError, match="histogramdd: sample has no dimensions"):
        la.histogramdd(la.zeros(shape, chunks=1))


def test_ravel_of_a_flat_array_with_unknown_sizes_is_itself():
    y = selection(False)
    assert la.ravel(y) is y and y.ravel() is y
    np.testing.assert_array_equal(la.ravel(y).compute(), D[D > .9])
