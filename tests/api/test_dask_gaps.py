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


# -- argtopk, topk with negative k ----------------------------------------------------------------------


def _numpy_argtopk(a, k, axis):
    order = np.argsort(a, axis=axis, kind="stable")
    kk = min(abs(k), a.shape[axis])
    return np.take(np.flip(order, axis) if k > 0 else order, np.arange(kk), axis=axis)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_argtopk_and_topk_as_numpy(data):
    shape, chunks = data.draw(shapes_and_chunks(min_dims=1, max_dims=3, empty_blocks=True))
    a = np.random.default_rng(data.draw(st.integers(0, 99))).permutation(int(np.prod(shape))).reshape(shape)
    a = a.astype(data.draw(st.sampled_from(["i4", "f8"])))  # distinct values: one right answer
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    k = data.draw(st.integers(1, 6)) * data.draw(st.sampled_from([1, -1]))
    x = la.from_array(a, chunks=chunks)
    expected = _numpy_argtopk(a, k, axis)
    assert_eq(la.argtopk(x, k, axis=axis), expected)
    assert_eq(x.argtopk(k, axis=axis, split_every=2), expected)
    assert_eq(x.topk(k, axis=axis), np.take_along_axis(a, expected, axis=axis))


def test_argtopk_with_nan_and_ties():
    a = np.array([1.0, np.nan, 3.0, 3.0, -1.0, 2.0])
    x = la.from_array(a, chunks=2)
    assert_eq(la.argtopk(x, 1), np.array([1]))  # NaN is the largest, as np.argsort says
    got = la.argtopk(x, 3).compute()
    np.testing.assert_array_equal(a[got[1:]], [3.0, 3.0])
    assert_eq(la.argtopk(x, -2), np.array([4, 0]))


def test_argtopk_errors():
    with pytest.raises(ValueError, match="argtopk: k must be a non-zero integer"):
        la.argtopk(la.ones(3, chunks=2), 0)
    with pytest.raises(np.exceptions.AxisError):
        la.argtopk(la.ones(3, chunks=2), 1, axis=1)


# -- fft_wrap ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("func, kwargs", [
    (np.fft.fft, {}), (np.fft.ifft, {"n": 5}), (np.fft.rfft, {"axis": 0}), (np.fft.irfft, {"n": 10}),
    (np.fft.hfft, {}), (np.fft.ihfft, {}), (np.fft.fft2, {}), (np.fft.ifftn, {"axes": (0,)}),
    (np.fft.rfftn, {}), (np.fft.irfft2, {"s": (4, 6)}),
])
def test_fft_wrap_of_numpys_functions(func, kwargs):
    a = np.random.default_rng(0).random((6, 8))
    assert_eq(la.fft.fft_wrap(func)(la.from_array(a, chunks=(3, 3)), **kwargs), func(a, **kwargs))


def test_fft_wrap_of_scipy_and_with_kind_and_dtype():
    scipy_fft = pytest.importorskip("scipy.fft")
    a = np.random.default_rng(1).random((5, 6))
    x = la.from_array(a, chunks=2)
    assert_eq(la.fft.fft_wrap(scipy_fft.rfft)(x, axis=0), scipy_fft.rfft(a, axis=0))

    def my_transform(block, n=None, axis=-1):
        return np.fft.fft(block, n, axis)

    assert_eq(la.fft.fft_wrap(my_transform, kind="fft")(x), np.fft.fft(a))
    assert la.fft.fft_wrap(np.fft.fft, dtype=np.complex64)(x).dtype == np.complex64


def test_fft_wrap_errors():
    with pytest.raises(ValueError, match="fft_wrap: kind='my_transform' is not one of"):
        la.fft.fft_wrap(lambda b: b, kind="my_transform")
    fftpack = pytest.importorskip("scipy.fftpack")
    with pytest.raises(ValueError, match="fft_wrap: fft is from scipy.fftpack"):
        la.fft.fft_wrap(fftpack.fft)
    a = np.arange(8.0)
    assert_eq(la.fft.fft_wrap(fftpack.fft, allow_fftpack=True)(la.from_array(a, chunks=3)), fftpack.fft(a))


# -- linalg: svd's shapes and signs, svd_compressed, cholesky(lower=), sfqr, tsqr/qr of unknown sizes -------


@pytest.mark.parametrize("shape, chunks", [((20, 10), (5, 10)), ((10, 20), (10, 5)), ((12, 12), (4, 4)),
                                           ((3, 4, 5), (1, 4, 5))])
def test_svd_is_reduced_by_default_as_dask(shape, chunks):
    a = np.random.default_rng(0).random(shape)
    u, s, vh = la.linalg.svd(la.from_array(a, chunks=chunks))
    nu, ns, nvh = np.linalg.svd(a, full_matrices=False)
    assert (u.shape, s.shape, vh.shape) == (nu.shape, ns.shape, nvh.shape)
    assert_eq(u * s[..., None, :] @ vh, a, rtol=1e-10, atol=1e-10)
    # coerce_signs: each column of u has its largest-magnitude entry positive, vh's rows to match
    uc = u.compute()
    largest = np.take_along_axis(uc, np.abs(uc).argmax(axis=-2)[..., None, :], axis=-2)
    assert (largest > 0).all()
    assert_eq(abs(u), abs(nu), rtol=1e-8, atol=1e-10)
    full = la.linalg.svd(la.from_array(a, chunks=chunks), full_matrices=True, coerce_signs=False)
    assert full.U.shape == np.linalg.svd(a).U.shape  # NumPy's square U on request


def test_svd_compressed_takes_dasks_keywords():
    rng = np.random.default_rng(0)
    a = rng.random((200, 4)) @ rng.random((4, 60)) + 1e-6 * rng.random((200, 60))
    x = la.from_array(a, chunks=(50, 30))
    want = np.linalg.svd(a, compute_uv=False)[:4]
    results = []
    for iterator in ("power", "QR"):
        for compute in (False, True):
            u, s, vh = la.linalg.svd_compressed(x, 4, iterator=iterator, n_power_iter=2, n_oversamples=5, seed=3,
                                                compute=compute)
            assert_eq(s, want, rtol=1e-6)
            assert_eq(u * s @ vh, a, rtol=1e-4, atol=1e-4)
            results.append(u.compute())
    np.testing.assert_allclose(results[0], results[1])  # compute=True only keeps intermediates: same numbers
    with pytest.raises(ValueError, match="svd_compressed: iterator='lanczos'"):
        la.linalg.svd_compressed(x, 2, iterator="lanczos")


def test_cholesky_lower_keyword_as_dask():
    a = np.random.default_rng(0).random((6, 6))
    spd = a @ a.T + 6 * np.eye(6)
    x = la.from_array(spd, chunks=2)
    lower = np.linalg.cholesky(spd)
    assert_eq(la.linalg.cholesky(x, lower=True), lower)
    assert_eq(la.linalg.cholesky(x, lower=False), lower.T)
    assert_eq(la.linalg.cholesky(x), lower)  # NumPy's default (dask's default is upper)
    with pytest.raises(ValueError, match="cholesky: upper=True and lower=True"):
        la.linalg.cholesky(x, upper=True, lower=True)


@pytest.mark.parametrize("shape, chunks", [((3, 20), (3, 5)), ((3, 20), (1, 2)), ((4, 4), (2, 2)),
                                           ((5, 7), (5, (3, 2, 2))), ((2, 3), (1, 3))])
def test_sfqr_as_numpys_qr(shape, chunks):
    a = np.random.default_rng(0).random(shape)
    q, r = la.linalg.sfqr(la.from_array(a, chunks=chunks))
    nq, nr = np.linalg.qr(a)
    assert (q.shape, r.shape) == (nq.shape, nr.shape)
    assert_eq(q @ r, a, rtol=1e-10)
    assert_eq(q.T @ q, np.eye(shape[0]), atol=1e-10)
    assert_eq(abs(r), abs(nr), rtol=1e-8, atol=1e-10)  # the same R up to the signs of its rows


def test_sfqr_refuses_tall_matrices():
    with pytest.raises(ValueError, match="sfqr: expected a short-and-fat matrix"):
        la.linalg.sfqr(la.ones((5, 3), chunks=2))


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_tsqr_and_qr_of_unknown_row_sizes(data):
    n = data.draw(st.integers(1, 4))
    rows = data.draw(st.lists(st.integers(0, 9), min_size=1, max_size=5))
    a = np.random.default_rng(0).random((sum(rows), n))
    keep = np.random.default_rng(1).random(sum(rows)) > 0.2
    if keep.sum() < n:
        keep[:] = True
    if keep.sum() < n:
        return
    x = la.from_array(a, chunks=(tuple(rows), data.draw(st.sampled_from([1, n]))))
    y = x[la.from_array(keep, chunks=(tuple(rows),))]
    q, r = la.linalg.tsqr(y)
    assert np.isnan(q.shape[0]) and r.shape == (n, n)
    qc, rc = q.compute(), r.compute()
    np.testing.assert_allclose(qc @ rc, a[keep], atol=1e-10)
    np.testing.assert_allclose(qc.T @ qc, np.eye(n), atol=1e-10)
    q2, r2 = la.linalg.qr(y)
    np.testing.assert_allclose((q2 @ r2).compute(), a[keep], atol=1e-10)
    s = la.linalg.tsqr(y, compute_svd=True)[1]
    np.testing.assert_allclose(s.compute(), np.linalg.svd(a[keep], compute_uv=False), atol=1e-10)


def test_svd_through_numpy_keeps_numpys_default():
    a = np.random.default_rng(0).random((20, 10))
    x = la.from_array(a, chunks=(5, 10))
    assert np.linalg.svd(x).U.shape == (20, 20)  # NumPy's full_matrices=True
    assert np.linalg.svd(x, False).U.shape == (20, 10)  # given by position
    assert np.linalg.svd(x, full_matrices=False).U.shape == (20, 10)
    assert la.linalg.svd(x).U.shape == (20, 10)  # lazyarr's own default: dask's


# -- friendlier than dask: rechunks that keep unknown sizes ------------------------------------------------


def test_vstack_of_unknown_rows_and_differently_cut_columns():
    a = np.arange(12.0).reshape(3, 4)
    x = la.from_array(a, chunks=2)
    selected = x[x[:, 0] > 3]
    for chunks in [(1, 4), (1, 3), (3, 1)]:
        stacked = la.vstack([selected, la.from_array(a, chunks=chunks)])
        assert np.isnan(stacked.shape[0])
        np.testing.assert_array_equal(stacked.compute(), np.vstack([a[a[:, 0] > 3], a]))


def test_rechunk_of_known_axes_keeps_unknown_ones():
    a = np.arange(24.0).reshape(6, 4)
    x = la.from_array(a, chunks=(2, 1))
    y = x[la.from_array(a[:, 0] % 3 != 0, chunks=2)]
    z = y.rechunk({1: -1})
    assert z.chunks[1] == (4,) and all(np.isnan(c) for c in z.chunks[0])
    np.testing.assert_array_equal(z.compute(), a[a[:, 0] % 3 != 0])
    with pytest.raises(ValueError, match="axis 0 has unknown length"):
        y.rechunk({0: 2})
