"""NumPy-oracle tests for joining, padding, selection, sorting and set operations."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import lazy_arrays, shapes

RNG = np.random.default_rng(42)
XN = RNG.integers(-20, 20, size=(6, 7)).astype(np.int64)
FN = RNG.standard_normal((5, 8))


@pytest.fixture(params=[(6, 7), (4, 3), (1, 2)], ids=["one-block", "uneven", "tiny"])
def x(request):
    return la.from_array(XN, chunks=request.param)


CASES = {
    "hstack": lambda m, a: m.hstack([a, a[:, :2]]),
    "vstack": lambda m, a: m.vstack([a, a[:1]]),
    "dstack": lambda m, a: m.dstack([a, a]),
    "block": lambda m, a: m.block([[a, a[:, :1]], [a[:2], a[:2, :1]]]),
    "append": lambda m, a: m.append(a, a[:1], axis=0),
    "append-flat": lambda m, a: m.append(a, [1, 2]),
    "tile": lambda m, a: m.tile(a, (2, 1, 3)),
    "tile-zero": lambda m, a: m.tile(a, (0, 2)),
    "flip": lambda m, a: m.flip(a),
    "flip-axis": lambda m, a: m.flip(a, 1),
    "fliplr": lambda m, a: m.fliplr(a),
    "flipud": lambda m, a: m.flipud(a),
    "rot90": lambda m, a: m.rot90(a),
    "rot90-3": lambda m, a: m.rot90(a, 3, (1, 0)),
    "roll": lambda m, a: m.roll(a, 5),
    "roll-axes": lambda m, a: m.roll(a, (2, -9), (0, 1)),
    "rollaxis": lambda m, a: m.rollaxis(a, 1),
    "repeat-counts": lambda m, a: m.repeat(a, [0, 1, 2, 0, 1, 3], axis=0),
    "take": lambda m, a: m.take(a, [[6, 0], [-1, 3]], axis=1),
    "take-flat": lambda m, a: m.take(a, [40, 0]),
    "take-clip": lambda m, a: m.take(a, [-5, 50], axis=1, mode="clip"),
    "diagonal": lambda m, a: m.diagonal(a, 1),
    "diagonal-neg": lambda m, a: m.diagonal(a, -2, 1, 0),
    "trace": lambda m, a: m.trace(a, -1),
    "tril": lambda m, a: m.tril(a, -1),
    "triu": lambda m, a: m.triu(a, 2),
    "diff": lambda m, a: m.diff(a),
    "diff-2-axis0": lambda m, a: m.diff(a, 2, axis=0),
    "diff-prepend": lambda m, a: m.diff(a, prepend=0, append=a[:, -1:]),
    "ediff1d": lambda m, a: m.ediff1d(a, to_end=[9, 9], to_begin=-9),
    "sort": lambda m, a: m.sort(a),
    "sort-0": lambda m, a: m.sort(a, axis=0),
    "sort-none": lambda m, a: m.sort(a, axis=None),
    "argsort": lambda m, a: m.argsort(a, axis=0, kind="stable"),
    "isin": lambda m, a: m.isin(a, [1, 2, 3, -5]),
    "isin-invert": lambda m, a: m.isin(a, [1, 2, 3, -5], invert=True),
    "searchsorted": lambda m, a: m.searchsorted(np.array([-10, -3, 0, 4, 15]), a, side="right"),
    "digitize": lambda m, a: m.digitize(a, [-10, 0, 10]),
    "choose": lambda m, a: m.choose(a % 3, [a, -a, 100]),
    "extract": lambda m, a: m.extract(a > 3, a),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_numpy(name, x):
    assert_eq(CASES[name](la, x), CASES[name](np, XN), exact=True)


@pytest.mark.parametrize("mode, kwargs", [
    ("constant", {"constant_values": ((1, 2), (3, 4))}),
    ("edge", {}),
    ("reflect", {}),
    ("symmetric", {}),
    ("wrap", {}),
    ("linear_ramp", {"end_values": ((10, -20), (3, 40))}),
    ("maximum", {}),
    ("minimum", {"stat_length": 2}),
    ("mean", {"stat_length": ((1, 3), (2, 1))}),
    ("median", {}),
])
@pytest.mark.parametrize("width", [1, ((2, 3), (0, 1)), ((9, 8), (11, 15))])
def test_pad_matches_numpy(x, mode, kwargs, width):
    assert_eq(la.pad(x, width, mode=mode, **kwargs), np.pad(XN, width, mode=mode, **kwargs), exact=True)


def test_pad_odd_reflect():
    f = la.from_array(FN, chunks=3)
    expected = np.pad(FN, ((2, 1), (3, 4)), mode="reflect", reflect_type="odd")
    np.testing.assert_allclose(la.pad(f, ((2, 1), (3, 4)), mode="reflect", reflect_type="odd").compute(), expected)


def test_split_family():
    x = la.from_array(XN, chunks=(4, 3))
    for got, want in zip(la.array_split(x, 4, axis=1), np.array_split(XN, 4, axis=1)):
        assert_eq(got, want, exact=True)
    for got, want in zip(la.split(x, [1, 4], axis=0), np.split(XN, [1, 4], axis=0)):
        assert_eq(got, want, exact=True)
    for got, want in zip(la.hsplit(x[:, :6], 3), np.hsplit(XN[:, :6], 3)):
        assert_eq(got, want, exact=True)
    with pytest.raises(ValueError, match="array split does not result in an equal division"):
        la.split(x, 4)


def test_split_reads_only_needed_blocks():
    x = la.ones((1000,), chunks=10)
    first = la.split(x, 100)[0]
    assert len(first.graph) <= 2


def test_take_along_axis_with_lazy_argsort():
    x = la.from_array(XN, chunks=(4, 3))
    assert_eq(la.take_along_axis(x, la.argsort(x, axis=1), axis=1), np.sort(XN, axis=1), exact=True)
    idx = np.argsort(XN, axis=0)[:3]
    assert_eq(la.take_along_axis(x, idx, axis=0), np.take_along_axis(XN, idx, axis=0), exact=True)


def test_partition_and_topk():
    x = la.from_array(XN, chunks=(4, 3))
    for k in (0, 3, 6):
        np.testing.assert_array_equal(la.partition(x, k, axis=1).compute()[:, k], np.partition(XN, k, axis=1)[:, k])
        got = la.argpartition(x, k, axis=1).compute()
        np.testing.assert_array_equal(np.take_along_axis(XN, got, 1)[:, k], np.partition(XN, k, axis=1)[:, k])
    assert_eq(la.topk(x, 3, axis=1), -np.sort(-XN, axis=1)[:, :3], exact=True)
    assert_eq(la.topk(x, -2, axis=0), np.sort(XN, axis=0)[:2], exact=True)
    assert_eq(la.topk(x, 50, axis=1), -np.sort(-XN, axis=1), exact=True)
    with pytest.raises(ValueError, match="k must be a non-zero integer"):
        la.topk(x, 0)


def test_topk_never_holds_a_whole_axis():
    x = la.ones((10, 1000), chunks=(10, 10))
    y = la.topk(x, 2, axis=1)
    assert not any(name.startswith("rechunk-") for name in y.graph.layers)


def test_unique_with_everything():
    xn = XN.astype(float)
    xn[1, 1] = xn[4, 2] = np.nan
    x = la.from_array(xn, chunks=(4, 3))
    got = la.unique(x, return_index=True, return_inverse=True, return_counts=True)
    want = np.unique(xn, return_index=True, return_inverse=True, return_counts=True)
    assert math.isnan(got[0].shape[0])
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g.compute(), w)
    with pytest.raises(NotImplementedError, match="axis"):
        la.unique(x, axis=0)


def test_gradient():
    f = la.from_array(FN, chunks=(2, 3))
    for edge_order in (1, 2):
        for g, w in zip(la.gradient(f, 2.0, 0.5, edge_order=edge_order),
                        np.gradient(FN, 2.0, 0.5, edge_order=edge_order)):
            np.testing.assert_allclose(g.compute(), w, rtol=1e-12)
    np.testing.assert_allclose(la.gradient(f, axis=1).compute(), np.gradient(FN, axis=1))
    assert_eq(la.gradient(la.from_array(XN, chunks=3), axis=0), np.gradient(XN, axis=0), exact=True)
    coords = np.cumsum(RNG.random(5))
    for edge_order in (1, 2):
        for g, w in zip(la.gradient(f, coords, np.arange(8) * 0.5, edge_order=edge_order),
                        np.gradient(FN, coords, np.arange(8) * 0.5, edge_order=edge_order)):
            np.testing.assert_allclose(g.compute(), w, rtol=1e-12)
    with pytest.raises(ValueError, match="distances must match the length"):
        la.gradient(f, np.arange(3), axis=0)
    with pytest.raises(ValueError, match="too small to calculate a numerical gradient"):
        la.gradient(la.ones(2), edge_order=2)


@pytest.mark.parametrize("call, exc, match", [
    (lambda m, a: m.fliplr(a[0]), ValueError, "Input must be >= 2-d"),
    (lambda m, a: m.rot90(a, axes=(0, 0)), ValueError, "Axes must be different"),
    (lambda m, a: m.tile(a, -1), ValueError, "negative dimensions are not allowed"),
    (lambda m, a: m.pad(a, -1), ValueError, "index can't contain negative values"),
    (lambda m, a: m.pad(a, 1, mode="bogus"), ValueError, "mode 'bogus' is not supported"),
    (lambda m, a: m.pad(a, 1, mode="edge", constant_values=3), ValueError, "unsupported keyword arguments"),
    (lambda m, a: m.diff(a, -1), ValueError, "order must be non-negative"),
    (lambda m, a: m.digitize(a, [3, 1, 2]), ValueError, "bins must be monotonically increasing or decreasing"),
    (lambda m, a: m.repeat(a, [1, -1, 1, 1, 1, 1], axis=0), ValueError, "negative values"),
    (lambda m, a: m.diagonal(a[0]), ValueError, "at least two dimensions"),
    (lambda m, a: m.take_along_axis(a, a[0], 0), ValueError, "same number of dimensions"),
    (lambda m, a: m.take(a, [10], axis=1), IndexError, "out of bounds"),
])
def test_errors_like_numpy(call, exc, match):
    with pytest.raises(exc, match=match):
        call(np, XN)
    with pytest.raises(exc, match=match):
        call(la, la.from_array(XN, chunks=3))


# Integers with repeats (ties for sort and unique), 1 to 3 axes, any block sizes.
INTS = lazy_arrays(shape=shapes(1, 3, 7), dtype=np.int64, values="small", chunks="uneven", empty_blocks=True)


@given(INTS, st.data())
def test_hypothesis_reordering(arr, data):
    xn, x = arr
    axis = data.draw(st.integers(-xn.ndim, xn.ndim - 1))
    shift = data.draw(st.integers(-10, 10))
    assert_eq(la.roll(x, shift, axis), np.roll(xn, shift, axis), exact=True)
    assert_eq(la.flip(x, axis), np.flip(xn, axis), exact=True)
    assert_eq(la.sort(x, axis), np.sort(xn, axis), exact=True)
    assert_eq(la.diff(x, axis=axis), np.diff(xn, axis=axis), exact=True)
    reps = tuple(data.draw(st.lists(st.integers(0, 3), min_size=1, max_size=3)))
    assert_eq(la.tile(x, reps), np.tile(xn, reps), exact=True)
    width = data.draw(st.integers(0, 4))
    mode = data.draw(st.sampled_from(["constant", "edge", "reflect", "symmetric", "wrap", "linear_ramp",
                                      "maximum", "minimum", "mean", "median"]))
    if 0 not in xn.shape or mode == "constant" or width == 0:
        assert_eq(la.pad(x, width, mode=mode), np.pad(xn, width, mode=mode), exact=True)
    else:
        with pytest.raises(ValueError, match="can't extend empty axis"):
            la.pad(x, width, mode=mode)
    u = la.unique(x, return_counts=True)
    for g, w in zip(u, np.unique(xn, return_counts=True)):
        np.testing.assert_array_equal(g.compute(), w)


@given(data=INTS, stable=st.sampled_from([None, True]))
def test_descending_sort_is_stable_like_the_array_api(data, stable):
    a, x = data
    assert_eq(la.sort(x, descending=True, stable=stable), np.flip(np.sort(a, axis=-1), axis=-1), exact=True)
    # Stable descending order: ties keep their original order, as argsort of -a does.
    assert_eq(la.argsort(x, descending=True, stable=True), np.argsort(-a, axis=-1, stable=True), exact=True)


@given(data=INTS)
def test_array_api_unique_functions_match_numpy(data):
    # The standard leaves the order of unique values open (NumPy 2.3+ may not sort them);
    # lazyarr's are sorted, so compare with np.unique's sorted results.
    a, x = data
    for got, want in zip(la.unique_all(x), np.unique(a, True, True, True)):
        assert_eq(got, want, exact=True)
    for got, want in zip(la.unique_counts(x), np.unique(a, return_counts=True)):
        assert_eq(got, want, exact=True)
    for got, want in zip(la.unique_inverse(x), np.unique(a, return_inverse=True)):
        assert_eq(got, want, exact=True)
    assert_eq(la.unique_values(x), np.unique(a), exact=True)
    assert la.unique_all(x)._fields == np.unique_all(a)._fields
    assert la.unique_inverse(x)._fields == np.unique_inverse(a)._fields
