"""dask.array's known gaps and bugs (issue 16): each test failed before its fix.

NumPy is the oracle; where NumPy has no counterpart (``RandomState`` chunks, ``method=``
of scans, ``argtopk``), the test states the property dask documents.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import chunks_for, shapes_and_chunks

# -- arange: NumPy's dtype for mixed scalar types -------------------------------------------------


@pytest.mark.parametrize("args", [
    (np.uint8(1), np.uint64(5)), (np.uint8(1), np.uint8(5)), (np.uint64(2),), (np.float32(1), 5),
    (1, 5, np.uint64(1)), (np.int8(0), 1, 0.25), (np.float32(0), np.float32(2), np.float32(0.5)),
    (True, 3), (np.array(3, "i2"),), (2.5,),
])
def test_arange_dtype_is_numpys(args):
    assert_eq(la.arange(*args, chunks=2), np.arange(*args))


# -- random: bit generators and RandomState ---------------------------------------------------------


@pytest.mark.parametrize("bit_generator", [np.random.PCG64, np.random.MT19937, np.random.Philox])
def test_generator_accepts_a_bit_generator_class(bit_generator):
    x = la.random.Generator(bit_generator).random((10,), chunks=4)
    values = x.compute()
    assert values.shape == (10,) and ((values >= 0) & (values < 1)).all()


def test_generator_from_a_bit_generator_instance_is_reproducible_and_keeps_its_kind():
    a = la.random.Generator(np.random.MT19937(5)).normal(size=8, chunks=3).compute()
    b = la.random.Generator(np.random.MT19937(5)).normal(size=8, chunks=3).compute()
    c = la.random.Generator(np.random.PCG64(5)).normal(size=8, chunks=3).compute()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)  # another kind of bit generator draws other numbers


def test_generator_default_stream_is_unchanged_by_bit_generator_support():
    # default_rng(seed) blocks still draw from NumPy's default_rng of the block's stream
    seq = np.random.SeedSequence(3)
    first_call = np.random.SeedSequence(seq.entropy, spawn_key=(0, 0))
    expected = np.random.default_rng(first_call).random(3)
    np.testing.assert_array_equal(la.random.default_rng(3).random(3, chunks=3).compute(), expected)


def test_random_state_exists_as_in_dask():
    rs = la.random.RandomState(42)
    ints = rs.randint(0, 5, size=(20,), chunks=7)
    assert ints.chunks == ((7, 7, 6),) and ints.dtype == np.dtype(int)
    values = ints.compute()
    assert ((values >= 0) & (values < 5)).all()
    a = la.random.RandomState(1).random_sample(6, chunks=4).compute()
    np.testing.assert_array_equal(a, la.random.RandomState(1).random_sample(6, chunks=4).compute())
    assert rs.normal(0, 1, size=5).dtype == np.float64
    assert sorted(rs.permutation(5).compute()) == [0, 1, 2, 3, 4]
    assert not hasattr(rs, "integers")  # legacy API only, as NumPy's RandomState


def test_random_state_blocks_draw_from_the_given_callable():
    calls = []

    def make(seed):
        calls.append(seed)
        return np.random.RandomState(seed)

    la.random.RandomState(0, RandomState=make).random_sample(4, chunks=2).compute(scheduler="sync")
    assert len(calls) >= 2 and all(isinstance(s, int) for s in calls)


def test_random_state_refuses_a_bit_generator():
    with pytest.raises(TypeError, match="RandomState: seed"):
        la.random.RandomState(np.random.PCG64(1))


# -- quantile weights along the axis, percentile(internal_method=) ----------------------------------


@pytest.mark.parametrize("axis", [1, 0, -1, (0, 1), (1, 0)])
def test_quantile_weights_along_the_axis_as_numpy(axis):
    a = np.arange(24.0).reshape(4, 6) % 7
    axes = axis if isinstance(axis, tuple) else (axis,)
    w = np.arange(1.0, 1 + np.prod([a.shape[d] for d in axes])).reshape([a.shape[d] for d in axes])
    x = la.from_array(a, chunks=(3, 4))
    # (not nanquantile: NumPy 2.x's own nanquantile fails on weights along an axis of a 2-d array)
    assert_eq(la.quantile(x, [0.25, 0.5], axis=axis, weights=w, method="inverted_cdf"),
              np.quantile(a, [0.25, 0.5], axis=axis, weights=w, method="inverted_cdf"))
    assert_eq(la.percentile(x, 50, axis=axis, weights=la.from_array(w), method="inverted_cdf"),
              np.percentile(a, 50, axis=axis, weights=w, method="inverted_cdf"))


def test_quantile_weights_errors_as_numpy():
    x = la.ones((2, 10), chunks=5)
    with pytest.raises(TypeError, match="quantile: axis must be specified"):
        la.quantile(x, 0.5, weights=np.ones(10), method="inverted_cdf")
    with pytest.raises(ValueError, match="quantile: shape of weights"):
        la.quantile(x, 0.5, axis=1, weights=np.ones(3), method="inverted_cdf")


@pytest.mark.parametrize("internal_method", ["default", "dask", "tdigest"])
def test_percentile_accepts_dasks_internal_methods(internal_method):
    a = np.random.default_rng(0).random(50)
    assert_eq(la.percentile(la.from_array(a, chunks=7), [10, 50, 90], internal_method=internal_method),
              np.percentile(a, [10, 50, 90]))


def test_percentile_refuses_an_unknown_internal_method():
    with pytest.raises(ValueError, match="percentile: internal_method='fast'"):
        la.percentile(la.ones(4, chunks=2), 50, internal_method="fast")


# -- a flat tuple of block sizes for a 1-d array -----------------------------------------------------


def test_flat_tuple_of_block_sizes_for_one_dimension():
    assert_eq(la.fft.fftfreq(2, chunks=(1, 1)), np.fft.fftfreq(2))
    assert la.fft.fftfreq(2, chunks=(1, 1)).chunks == ((1, 1),)
    assert la.arange(10, chunks=(3, 3, 4)).chunks == ((3, 3, 4),)
    assert la.from_array(np.arange(5), chunks=(2, 0, 3)).chunks == ((2, 0, 3),)
    X, Y = la.meshgrid(la.arange(4, chunks=(1, 3)), la.from_array(np.arange(3.0), chunks=(2, 1)))
    for got, want in zip((X, Y), np.meshgrid(np.arange(4), np.arange(3.0))):
        assert_eq(got, want)
    with pytest.raises(ValueError, match="sum to 6, but the axis has length 10"):
        la.arange(10, chunks=(3, 3))


# -- *_like of arrays with unknown sizes --------------------------------------------------------------


@pytest.mark.parametrize("fname, args", [("zeros_like", ()), ("ones_like", ()), ("full_like", (7,)),
                                         ("empty_like", ())])
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_like_of_unknown_sizes_has_unknown_sizes(fname, args, data):
    shape, chunks = data.draw(shapes_and_chunks(min_dims=1, max_dims=2, empty_blocks=True))
    a = np.arange(float(np.prod(shape))).reshape(shape)
    x = la.from_array(a, chunks=chunks)
    keep = a[..., 0] % 3 != 1 if a.ndim == 2 and a.shape[-1] else a % 3 != 1
    y = x[la.from_array(keep, chunks=x.chunks[:keep.ndim])]
    assert all(np.isnan(n) for n in y.shape[:1])
    got = getattr(la, fname)(y, *args, dtype=np.int32)
    assert np.isnan(got.shape[0]) and got.dtype == np.int32
    want = getattr(np, fname)(a[keep], *args, dtype=np.int32)
    values = got.compute()
    assert values.shape == want.shape and values.dtype == want.dtype
    if fname != "empty_like":
        np.testing.assert_array_equal(values, want)


# -- NumPy ufuncs with where= and a lazy out= -----------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_ufunc_where_and_lazy_out_as_numpy(data):
    shape, chunks = data.draw(shapes_and_chunks(max_dims=3, empty_blocks=True))
    a = np.arange(float(np.prod(shape))).reshape(shape) - 3
    mask = a % 2 == 0
    start = np.full(shape, -7.0)
    x = la.from_array(a, chunks=chunks)
    out = la.from_array(start, chunks=data.draw(chunks_for(shape, empty_blocks=True)))
    result = np.add(x, 10, out=out, where=la.from_array(mask, chunks=chunks))
    expected = start.copy()
    np.add(a, 10, out=expected, where=mask)
    assert result is out  # as NumPy: out is returned, and now holds the result
    assert_eq(out, expected)


def test_ufunc_where_without_out_fills_the_selected_elements():
    a = np.arange(10.0)
    mask = a > 4
    got = la.sqrt(la.from_array(a, chunks=3), where=la.from_array(mask, chunks=4)).compute()
    np.testing.assert_array_equal(got[mask], np.sqrt(a[mask]))  # the rest is undefined, as in NumPy


def test_two_output_ufunc_with_lazy_outs():
    a = np.arange(7.0)
    q, r = la.zeros(7, chunks=3), la.zeros(7, chunks=2)
    result = np.divmod(la.from_array(a, chunks=4), 3, out=(q, r))
    assert result[0] is q and result[1] is r
    assert_eq(q, a // 3)
    assert_eq(r, a % 3)


def test_ufunc_out_broadcast_and_numpy_where():
    out = la.ones((2, 3), chunks=1)
    np.multiply(la.arange(3.0, chunks=2), 2, out=out, where=np.array([True, False, True]))
    assert_eq(out, np.array([[0.0, 1.0, 4.0]] * 2))


def test_ufunc_out_errors_as_numpy():
    x = la.ones((2, 3), chunks=2)
    with pytest.raises(np._core._exceptions._UFuncOutputCastingError, match="Cannot cast ufunc 'add' output"):
        np.add(x, 1.5, out=la.zeros((2, 3), dtype=int))
    with pytest.raises(ValueError, match="add: non-broadcastable output operand with shape \\(3,\\)"):
        np.add(x, 1, out=la.zeros(3))
    with pytest.raises(TypeError, match="add: out= must be 1 lazy array"):
        np.add(x, 1, out=np.zeros((2, 3)))


def test_clip_out_and_numpy_names():
    a = np.arange(6)
    x = la.from_array(a, chunks=4)
    out = la.zeros(6, dtype=np.int64, chunks=3)
    assert np.clip(x, 1, 3, out=out) is out
    assert_eq(out, np.clip(a, 1, 3))
    assert_eq(np.clip(x, a_min=2, a_max=None), np.clip(a, a_min=2, a_max=None))
    assert_eq(la.clip(x, max=2), np.clip(a, max=2))
    with pytest.raises(TypeError, match="clip: pass either min= or a_min="):
        la.clip(x, 1, a_min=2)


# -- cumulative scans: method="sequential" | "blelloch", cumreduction ------------------------------------

SCANS = ["cumsum", "cumprod", "nancumsum", "nancumprod"]


@pytest.mark.parametrize("fname", SCANS)
@pytest.mark.parametrize("method", ["sequential", "blelloch"])
@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_scan_methods_give_numpys_answer(fname, method, data):
    shape, chunks = data.draw(shapes_and_chunks(max_dims=3, empty_blocks=True))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    a = rng.integers(-3, 4, size=shape).astype(data.draw(st.sampled_from(["i8", "f8"])))
    if fname.startswith("nan") and a.dtype.kind == "f":
        a[a == 0] = np.nan
    axis = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)) if shape else st.none())
    x = la.from_array(a, chunks=chunks)
    assert_eq(getattr(la, fname)(x, axis=axis, method=method), getattr(np, fname)(a, axis=axis))
    if hasattr(np.ndarray, fname):  # the Array methods cumsum and cumprod take method= too
        assert_eq(getattr(x, fname)(axis=axis, method=method), getattr(np, fname)(a, axis=axis))


def test_blelloch_is_a_tree_sequential_a_chain():
    def depth(y):  # the longest path through the graph, in tasks
        deps = y.graph.task_dependencies()
        memo: dict = {}

        def d(key):
            if key not in memo:
                memo[key] = 1 + max((d(k) for k in deps[key]), default=0)
            return memo[key]
        return max(d(k) for k in deps)

    x = la.ones(64, chunks=1)
    chain, tree = depth(la.cumsum(x)), depth(la.cumsum(x, method="blelloch"))
    assert chain > 64 and tree < 20, (chain, tree)
    assert_eq(la.cumsum(x, method="blelloch"), np.arange(1.0, 65))


def test_cumreduction_as_dask():
    a = np.array([3, 1, 4, 1, 5, 9, 2, 6])
    x = la.from_array(a, chunks=3)
    for method in ("sequential", "blelloch"):
        assert_eq(la.cumreduction(np.cumsum, np.add, 0, x, method=method, preop=np.sum), np.cumsum(a))
        assert_eq(la.cumreduction(np.maximum.accumulate, np.maximum, -np.inf, x, method=method),
                  np.maximum.accumulate(a))
    assert_eq(la.cumreduction(np.cumprod, np.multiply, 1, x.reshape(2, 4), axis=1, dtype="f4"),
              np.cumprod(a.reshape(2, 4), axis=1, dtype="f4"))


def test_scan_method_errors():
    with pytest.raises(ValueError, match="cumsum: method='tree' is not one of"):
        la.cumsum(la.ones(4, chunks=2), method="tree")
    with pytest.raises(ValueError, match="cumreduction: ident must be a scalar"):
        la.cumreduction(np.cumsum, np.add, [0, 0], la.ones(4, chunks=2))
    with pytest.raises(TypeError, match="cumreduction: out="):
        la.cumreduction(np.cumsum, np.add, 0, la.ones(4, chunks=2), out=np.zeros(4))
