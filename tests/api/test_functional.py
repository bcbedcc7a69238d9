"""map_overlap, apply_along_axis, apply_gufunc, vectorize and user reductions, against NumPy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la

RNG = np.random.default_rng(7)
XN = RNG.integers(0, 100, size=(9, 11)).astype(float)

NP_MODE = {"periodic": "wrap", "reflect": "symmetric", "nearest": "edge"}


def box_sum(b):
    """Sum over a 3 x 3 neighbourhood (zero where the neighbourhood leaves the block)."""
    out = np.zeros_like(b)
    out[1:-1, 1:-1] = sum(b[1 + i:b.shape[0] - 1 + i, 1 + j:b.shape[1] - 1 + j]
                          for i in (-1, 0, 1) for j in (-1, 0, 1))
    return out


def reference(xn, boundary):
    padded = np.pad(xn, 1, mode=NP_MODE[boundary]) if isinstance(boundary, str) else \
        np.pad(xn, 1, constant_values=boundary)
    return box_sum(padded)[1:-1, 1:-1]


@pytest.mark.parametrize("boundary", ["periodic", "reflect", "nearest", 0, -3.5])
@pytest.mark.parametrize("chunks", [(9, 11), (4, 3), (1, 2)])
def test_map_overlap_stencil(boundary, chunks):
    x = la.from_array(XN, chunks=chunks)
    y = la.map_overlap(box_sum, x, depth=1, boundary=boundary)
    assert y.chunks == x.chunks
    np.testing.assert_allclose(y.compute(), reference(XN, boundary))


def test_map_overlap_none_boundary_and_deep_halo():
    x = la.from_array(np.arange(20.0), chunks=3)
    # depth 5 > chunk size 3: blocks are first merged to at least 5 elements (as dask does)
    y = la.map_overlap(lambda b: np.cumsum(b) * 0 + b.sum(), x, depth=5, boundary="none", trim=True)
    assert y.chunks == ((6, 6, 8),)
    expected = np.array([np.arange(20.0)[max(0, lo - 5):min(20, hi + 5)].sum()
                         for lo, hi in [(0, 6), (6, 12), (12, 20)] for _ in range(lo, hi)])
    np.testing.assert_allclose(y.compute(), expected)


def test_map_overlap_per_axis_depth_and_untrimmed():
    x = la.from_array(XN, chunks=(4, 5))
    y = la.map_overlap(lambda b: b, x, depth={1: 2}, boundary="periodic", trim=False)
    assert y.chunks == ((4, 4, 1), (9, 10))  # the last block (1 column) is merged into its neighbour
    z = la.map_overlap(lambda b: b * 2, x, depth={0: 1, 1: 2}, boundary="nearest")
    np.testing.assert_array_equal(z.compute(), XN * 2)


@given(st.integers(1, 12), st.integers(1, 5), st.integers(0, 4),
       st.sampled_from(["periodic", "reflect", "nearest", "none", 7]))
def test_map_overlap_identity_any_chunking(n, chunk, depth, boundary):
    xn = np.arange(n) * 3
    if boundary in ("periodic", "reflect") and depth > n:
        return
    y = la.map_overlap(lambda b: b, la.from_array(xn, chunks=chunk), depth=depth, boundary=boundary)
    np.testing.assert_array_equal(y.compute(), xn)


def test_map_overlap_errors():
    x = la.ones(5, chunks=2)
    with pytest.raises(ValueError, match="boundary='bogus'"):
        la.map_overlap(lambda b: b, x, depth=1, boundary="bogus")
    with pytest.raises(ValueError, match="depth must be non-negative"):
        la.map_overlap(lambda b: b, x, depth=-1)
    with pytest.raises(ValueError, match="has 2 entries for an array with 1 dimensions"):
        la.map_overlap(lambda b: b, x, depth=(1, 1))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_apply_along_axis(axis):
    x = la.from_array(XN, chunks=(4, 3))
    np.testing.assert_allclose(la.apply_along_axis(np.cumsum, axis, x).compute(),
                               np.apply_along_axis(np.cumsum, axis, XN))
    np.testing.assert_allclose(la.apply_along_axis(np.max, axis, x).compute(), np.apply_along_axis(np.max, axis, XN))
    f = lambda v: np.stack([v.min(), v.max()])  # noqa: E731
    np.testing.assert_allclose(np.apply_along_axis(f, axis, x).compute(), np.apply_along_axis(f, axis, XN))


def test_apply_gufunc_and_vectorize():
    x = la.from_array(XN, chunks=(4, 11))
    np.testing.assert_allclose(la.apply_gufunc(lambda v: v.mean(-1), "(i)->()", x).compute(), XN.mean(-1))
    m = RNG.standard_normal((3, 4, 4))
    v = RNG.standard_normal((3, 4))
    got = la.apply_gufunc(lambda a, b: np.einsum("...ij,...j->...i", a, b), "(i,j),(j)->(i)",
                          la.from_array(m, chunks=(1, 4, 4)), la.from_array(v, chunks=(1, 4)))
    np.testing.assert_allclose(got.compute(), np.einsum("...ij,...j->...i", m, v))
    with pytest.raises(ValueError, match="core dimension 'i'.*allow_rechunk=True"):
        la.apply_gufunc(lambda v: v.sum(-1), "(i)->()", la.from_array(XN, chunks=3))
    np.testing.assert_allclose(
        la.apply_gufunc(lambda v: v.sum(-1), "(i)->()", la.from_array(XN, chunks=3), allow_rechunk=True).compute(),
        XN.sum(-1))
    outer = la.apply_gufunc(lambda v: v[..., None] * np.ones(2), "()->(k)", la.from_array(XN[0], chunks=4),
                            output_sizes={"k": 2}, output_dtypes=float)
    np.testing.assert_allclose(outer.compute(), XN[0][:, None] * np.ones(2))
    vec = la.vectorize(lambda a, b: a if a > b else b, otypes=[float])
    np.testing.assert_array_equal(vec(la.from_array(XN, chunks=4), 50.0).compute(), np.maximum(XN, 50.0))
    sig = la.vectorize(lambda row: np.sort(row)[-2], signature="(n)->()")
    np.testing.assert_array_equal(sig(la.from_array(XN, chunks=4)).compute(), np.sort(XN, axis=1)[:, -2])


def test_user_reduction():
    x = la.from_array(XN - 50, chunks=(4, 3))

    def max_abs(b, axis, keepdims):
        return np.max(np.abs(b), axis=axis, keepdims=keepdims)

    for axis in (None, 0, 1, (0, 1)):
        np.testing.assert_allclose(la.reduction(x, max_abs, axis=axis).compute(),
                                   np.max(np.abs(XN - 50), axis=axis))
    kept = la.reduction(x, max_abs, axis=1, keepdims=True, split_every=2)
    assert kept.shape == (9, 1)

    # a mean from (sum, count) partials stored side by side along the reduced axis
    got = la.reduction(la.from_array(XN, chunks=(2, 11)), mean_chunk, mean_aggregate, combine=mean_combine, axis=0,
                       dtype=float, split_every=2)
    np.testing.assert_allclose(got.compute(), XN.mean(axis=0))


def mean_chunk(b, axis, keepdims):
    a = axis[0]
    total = b.sum(axis=a, keepdims=True)
    return np.concatenate([total, np.full_like(total, b.shape[a])], axis=a)


def mean_combine(joined, axis, keepdims):
    a = axis[0]
    n = joined.shape[a]
    sums = np.take(joined, range(0, n, 2), axis=a).sum(axis=a, keepdims=True)
    counts = np.take(joined, range(1, n, 2), axis=a).sum(axis=a, keepdims=True)
    return np.concatenate([sums, counts], axis=a)


def mean_aggregate(p, axis, keepdims):
    a = axis[0]
    mean = np.take(p, 0, axis=a) / np.take(p, 1, axis=a)
    return np.expand_dims(mean, a) if keepdims else mean


def test_apply_gufunc_several_outputs():
    x = la.from_array(XN, chunks=(4, 11))
    lo, hi = la.apply_gufunc(lambda v: (v.min(-1), v.max(-1)), "(i)->(),()", x, output_dtypes=[float, float])
    np.testing.assert_array_equal(lo.compute(), XN.min(-1))
    np.testing.assert_array_equal(hi.compute(), XN.max(-1))
    head, total = la.apply_gufunc(lambda v: (v[..., :2], v.sum(-1)), "(i)->(k),()", x,
                                  output_dtypes=[float, float], output_sizes={"k": 2})
    np.testing.assert_array_equal(head.compute(), XN[:, :2])
    np.testing.assert_array_equal(total.compute(), XN.sum(-1))
    both = la.vectorize(lambda r: (r.min(), r.max()), signature="(n)->(),()", otypes=[float, float])
    lo2, hi2 = both(la.from_array(XN, chunks=3))
    np.testing.assert_array_equal(lo2.compute(), XN.min(-1))
    np.testing.assert_array_equal(hi2.compute(), XN.max(-1))
    inferred = la.apply_gufunc(lambda v: (v.min(-1), (v > 50).any(-1)), "(i)->(),()", x)
    assert [o.dtype for o in inferred] == [np.dtype(float), np.dtype(bool)]
    with pytest.raises(ValueError, match="give output_dtypes as a list of 2 dtypes"):
        la.apply_gufunc(lambda v: (v.min(-1), v.max(-1)), "(i)->(),()", x, output_dtypes=float)
