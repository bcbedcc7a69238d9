"""lazyarr.linalg against NumPy on well-conditioned random matrices.

QR and SVD factors are unique only up to signs (phases), so tests compare
reconstructions, orthogonality and singular values rather than the factors.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq, tolerance
from lazyarr.testing.strategies import random_values

CLOSE = tolerance(np.float64, 1e-8)


def _rand(shape, dtype=np.float64, seed=0):
    return random_values(np.random.default_rng(seed), shape, dtype)


@given(st.integers(1, 40), st.integers(1, 8), st.integers(1, 15),
       st.sampled_from([np.float64, np.complex128, np.float32]))
def test_tsqr_qr_reconstructs(m, n, rows, dtype):
    a = _rand((m, n), dtype)
    x = la.from_array(a, chunks=(rows, max(1, n // 2)))
    q, r = np.linalg.qr(x) if m >= n else la.linalg.tsqr(x)
    assert isinstance(q, la.Array) and isinstance(r, la.Array)
    tol = 1e-4 if dtype == np.float32 else 1e-9
    k = min(m, n)
    assert q.shape == (m, k) and r.shape == (k, n)
    qc, rc = q.compute(), r.compute()
    assert qc.dtype == np.linalg.qr(a)[0].dtype
    np.testing.assert_allclose(qc @ rc, a, rtol=tol, atol=tol)
    np.testing.assert_allclose(qc.conj().T @ qc, np.eye(k), rtol=tol, atol=tol)
    np.testing.assert_allclose(np.tril(rc, -1), np.zeros_like(rc), rtol=tol, atol=tol)


@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 12), st.sampled_from([np.float64, np.complex128]))
def test_svd_reduced(m, n, block, dtype):
    a = _rand((m, n), dtype, seed=m * 31 + n)
    x = la.from_array(a, chunks=block)
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    assert_eq(s, np.linalg.svd(a, compute_uv=False), **CLOSE)
    assert_eq((u * s[None, :]) @ vh, a, **CLOSE)
    assert_eq(la.linalg.svd(x, compute_uv=False), np.linalg.svd(a, compute_uv=False), **CLOSE)


@pytest.mark.parametrize("shape", [(4, 6), (6, 4), (2, 3, 3)])
def test_svd_full_matrices_and_stacks(shape):
    a = _rand(shape)
    u, s, vh = np.linalg.svd(la.from_array(a, chunks=2))
    eu, es, evh = np.linalg.svd(a)
    assert u.shape == eu.shape and vh.shape == evh.shape
    assert_eq(s, es, **CLOSE)
    k = min(shape[-2:])
    np.testing.assert_allclose(u.compute()[..., :k] * s.compute()[..., None, :] @ vh.compute()[..., :k, :], a, **CLOSE)


@pytest.mark.parametrize("mode", ["reduced", "complete", "r", "raw"])
@pytest.mark.parametrize("shape", [(9, 4), (4, 9), (3, 5, 4)])
def test_qr_modes(mode, shape):
    a = _rand(shape)
    got = np.linalg.qr(la.from_array(a, chunks=3), mode=mode)
    expected = np.linalg.qr(a, mode=mode)
    if mode == "r":
        np.testing.assert_allclose(abs(got.compute()), abs(expected), atol=1e-9)
    elif mode == "raw":
        assert got[0].shape == expected[0].shape and got[1].shape == expected[1].shape
    else:
        q, r = got
        assert q.shape == expected.Q.shape and r.shape == expected.R.shape
        assert_eq(q @ r, a, **CLOSE)


def test_svd_compressed_low_rank():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((300, 4)) @ rng.standard_normal((4, 80))
    u, s, vh = la.linalg.svd_compressed(la.from_array(a, chunks=(60, 40)), k=4, n_power_iter=1, seed=0)
    assert_eq(s, np.linalg.svd(a, compute_uv=False)[:4], rtol=1e-7, atol=1e-7)
    assert_eq((u * s) @ vh, a, rtol=1e-7, atol=1e-7)


def _well_conditioned(n, stack=(), dtype=np.float64, seed=0):
    return _rand((*stack, n, n), dtype, seed) + 2 * n * np.eye(n)


@given(st.integers(1, 9), st.integers(1, 5), st.sampled_from([(), (3,), (2, 1)]),
       st.sampled_from([np.float64, np.complex128]))
def test_square_matrix_functions(n, block, stack, dtype):
    a = _well_conditioned(n, stack, dtype)
    x = la.from_array(a, chunks=block)
    assert_eq(np.linalg.inv(x), np.linalg.inv(a), **CLOSE)
    assert_eq(np.linalg.det(x), np.linalg.det(a), rtol=1e-7, atol=1e-7)
    sign, logdet = np.linalg.slogdet(x)
    es, el = np.linalg.slogdet(a)
    assert_eq(sign, es, **CLOSE)
    assert_eq(logdet, el, **CLOSE)
    b = _rand((*stack, n, 2), dtype, 1)
    assert_eq(np.linalg.solve(x, b), np.linalg.solve(a, b), **CLOSE)
    assert_eq(np.linalg.solve(x, b[..., 0] if not stack else b),
              np.linalg.solve(a, b[..., 0] if not stack else b), **CLOSE)
    assert_eq(np.linalg.pinv(x), np.linalg.pinv(a), **CLOSE)
    assert_eq(np.linalg.cond(x), np.linalg.cond(a), rtol=1e-7, atol=1e-7)
    assert_eq(np.linalg.matrix_rank(x), np.linalg.matrix_rank(a), **CLOSE)
    h = a + np.swapaxes(a, -1, -2).conj()
    assert_eq(np.linalg.eigvalsh(la.from_array(h, chunks=block)), np.linalg.eigvalsh(h), **CLOSE)
    w, v = np.linalg.eigh(la.from_array(h, chunks=block))
    assert_eq(w, np.linalg.eigvalsh(h), **CLOSE)
    wc, vc = w.compute(), v.compute()
    np.testing.assert_allclose(vc * wc[..., None, :] @ np.swapaxes(vc, -1, -2).conj(), h, **CLOSE)
    ew, ev = np.linalg.eig(x)
    np.testing.assert_allclose(np.sort_complex(ew.compute()),
                               np.sort_complex(np.linalg.eigvals(a).astype(complex)), **CLOSE)
    evc = ev.compute()
    np.testing.assert_allclose(a @ evc, evc * ew.compute()[..., None, :], **CLOSE)
    np.testing.assert_allclose(np.sort_complex(np.linalg.eigvals(x).compute()),
                               np.sort_complex(np.linalg.eigvals(a).astype(complex)), **CLOSE)


@given(st.integers(1, 9), st.integers(1, 4), st.booleans(), st.sampled_from([np.float64, np.complex128]))
def test_blocked_cholesky(n, block, upper, dtype):
    a = _well_conditioned(n, dtype=dtype)
    spd = a @ a.conj().T
    got = np.linalg.cholesky(la.from_array(spd, chunks=block), upper=upper)
    assert_eq(got, np.linalg.cholesky(spd, upper=upper), rtol=1e-7, atol=1e-7)


@given(st.integers(1, 9), st.integers(1, 4), st.booleans(), st.sampled_from([0, 1, 2, "N", "T", "C"]),
       st.booleans(), st.booleans())
def test_blocked_solve_triangular(n, block, lower, trans, unit, vector):
    a = _well_conditioned(n, dtype=np.complex128)
    b = _rand((n,) if vector else (n, 3), np.complex128, 5)
    t = np.tril(a) if lower else np.triu(a)
    if unit:
        np.fill_diagonal(t, 1)
    op = {0: t, "N": t, 1: t.T, "T": t.T, 2: t.conj().T, "C": t.conj().T}[trans]
    got = la.linalg.solve_triangular(la.from_array(a, chunks=block), b, trans=trans, lower=lower, unit_diagonal=unit)
    assert_eq(got, np.linalg.solve(op, b), **CLOSE)


@pytest.mark.parametrize("shape,chunks", [((5, 5), 2), ((6, 4), 2), ((4, 6), 2), ((9, 9), 3), ((7, 7), (3, 4)),
                                          ((4, 4), 4)])
@pytest.mark.parametrize("p_indices", [False, True])
def test_lu(shape, chunks, p_indices):
    a = _rand(shape)
    p, low, up = la.linalg.lu(la.from_array(a, chunks=chunks), p_indices=p_indices)
    p, low, up = p.compute(), low.compute(), up.compute()
    recon = (low @ up)[p] if p_indices else p @ low @ up
    np.testing.assert_allclose(recon, a, **CLOSE)
    np.testing.assert_allclose(np.triu(low, 1), np.zeros_like(low), **CLOSE)
    np.testing.assert_allclose(np.tril(up, -1), np.zeros_like(up), **CLOSE)
    assert np.all(np.abs(low) <= 1 + 1e-12)  # partial pivoting bounds the multipliers
    pl, up2 = la.linalg.lu(la.from_array(a, chunks=chunks), permute_l=True)
    np.testing.assert_allclose(pl @ up2, a, **CLOSE)
    # blocked and single-block factorizations choose the same pivots
    single = la.linalg.lu(la.from_array(a), p_indices=p_indices)
    for g, e in zip((p, low, up), la.compute(*single)):
        np.testing.assert_allclose(g, e, **CLOSE)


@settings(max_examples=15)  # n/block up to 12 blocks: a few hundred small layers per example
@given(st.integers(2, 12), st.integers(1, 5), st.sampled_from([np.float64, np.complex128, np.int64]))
def test_blocked_lu_property(n, block, dtype):
    a = _rand((n, n), dtype, seed=n)
    a[:, 0] = 0  # a singular matrix: a zero pivot column must not break the factorization
    p, low, up = la.compute(*la.linalg.lu(la.from_array(a, chunks=block)))
    np.testing.assert_allclose(p @ low @ up, a, **CLOSE)


def test_lstsq():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((50, 4))
    b = rng.standard_normal((50, 2))
    got = np.linalg.lstsq(la.from_array(a, chunks=(10, 2)), la.from_array(b, chunks=10))
    expected = np.linalg.lstsq(a, b)
    for g, e in zip(got, expected):
        assert_eq(g, e, **CLOSE)
    got1 = la.linalg.lstsq(la.from_array(a, chunks=(10, 2)), b[:, 0])
    for g, e in zip(got1, np.linalg.lstsq(a, b[:, 0])):
        assert_eq(g, e, **CLOSE)


ORDS_MATRIX = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]
ORDS_VECTOR = [None, 0, 1, 2, 3, 0.5, -1, np.inf, -np.inf]


@pytest.mark.parametrize("ord", ORDS_MATRIX)
@pytest.mark.parametrize("axis", [None, (0, 1), (1, 0), (-1, -2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_matrix_norms(ord, axis, keepdims):
    a = _rand((7, 5), np.complex128)
    got = np.linalg.norm(la.from_array(a, chunks=3), ord=ord, axis=axis, keepdims=keepdims)
    assert isinstance(got, la.Array)
    assert_eq(got, np.linalg.norm(a, ord=ord, axis=axis, keepdims=keepdims), **CLOSE)


@pytest.mark.parametrize("ord", ORDS_VECTOR)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_vector_norms(ord, axis):
    a = _rand((6, 5))
    a[0, 0] = 0
    assert_eq(np.linalg.norm(la.from_array(a, chunks=2), ord=ord, axis=axis),
              np.linalg.norm(a, ord=ord, axis=axis), **CLOSE)
    assert_eq(np.linalg.norm(la.from_array(a[0], chunks=2), ord=ord), np.linalg.norm(a[0], ord=ord), **CLOSE)


def test_norm_stacks_and_ints():
    a = _rand((3, 4, 5))
    x = la.from_array(a, chunks=2)
    assert_eq(np.linalg.norm(x), np.linalg.norm(a), **CLOSE)
    assert_eq(np.linalg.norm(x, axis=(1, 2), ord=2), np.linalg.norm(a, axis=(1, 2), ord=2), **CLOSE)
    assert_eq(np.linalg.norm(x, axis=(2, 0), ord="nuc"), np.linalg.norm(a, axis=(2, 0), ord="nuc"), **CLOSE)
    i = np.arange(12).reshape(3, 4)
    got = np.linalg.norm(la.from_array(i, chunks=2), ord=1)
    assert got.dtype == np.float64
    assert_eq(got, np.linalg.norm(i, ord=1), **CLOSE)
    assert_eq(la.linalg.vector_norm(x, ord=3), np.linalg.vector_norm(a, ord=3), **CLOSE)
    assert_eq(la.linalg.matrix_norm(x, ord="nuc"), np.linalg.matrix_norm(a, ord="nuc"), **CLOSE)


def test_namespace():
    from lazyarr.api.registry import HANDLED_FUNCTIONS

    assert HANDLED_FUNCTIONS[np.linalg.qr] is la.linalg.qr
    import importlib

    mod = importlib.import_module("lazyarr.linalg")
    assert mod.svd is la.linalg.svd
    for name in ["qr", "svd", "inv", "solve", "det", "slogdet", "cholesky", "eigh", "eigvalsh", "eig", "norm",
                 "lstsq", "pinv", "matrix_rank", "cond", "svd_compressed", "tsqr", "lu", "solve_triangular"]:
        assert callable(getattr(mod, name)), name
        assert getattr(mod, name).__doc__


def test_errors():
    x = la.ones((3, 4), chunks=2)
    with pytest.raises(np.linalg.LinAlgError, match="inv: Last 2 dimensions of the array must be square"):
        np.linalg.inv(x)
    with pytest.raises(np.linalg.LinAlgError, match="det: 1-dimensional array given"):
        la.linalg.det(la.ones(3))
    with pytest.raises(ValueError, match="qr: Unrecognized mode 'full'"):
        la.linalg.qr(x, mode="full")
    with pytest.raises(ValueError, match="norm: Invalid norm order 'fro' for vectors"):
        la.linalg.norm(la.ones(3), ord="fro")
    with pytest.raises(ValueError, match="norm: Invalid norm order 3 for matrices"):
        la.linalg.norm(x, ord=3)
    with pytest.raises(ValueError, match="norm: Duplicate axes"):
        la.linalg.norm(x, axis=(1, 1))
    with pytest.raises(ValueError, match="norm: Improper number of dimensions"):
        la.linalg.norm(la.ones((2, 2, 2)), ord=1)
    with pytest.raises(ValueError, match="svd_compressed: k=9"):
        la.linalg.svd_compressed(x, 9)
    with pytest.raises(ValueError, match="solve: b has length 2"):
        la.linalg.solve(la.eye(3), la.ones(2))
    with pytest.raises(ValueError, match="eigh: UPLO argument must be 'L' or 'U'"):
        la.linalg.eigh(la.eye(3), UPLO="X")
    with pytest.raises(ValueError, match="solve_triangular: trans=5"):
        la.linalg.solve_triangular(la.eye(3), la.ones(3), trans=5)
    with pytest.raises(np.linalg.LinAlgError, match="lstsq: Incompatible dimensions"):
        la.linalg.lstsq(x, la.ones(4))


def test_singular_matrix_fails_at_compute():
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.inv(la.zeros((3, 3), chunks=2)).compute()


def test_array_api_and_tensor_functions():
    rng = np.random.default_rng(4)
    a = rng.standard_normal((3, 4, 5))
    x = la.from_array(a, chunks=2)
    m = rng.standard_normal((5, 5))
    y = la.from_array(m, chunks=2)
    assert_eq(np.linalg.matmul(y, y), np.linalg.matmul(m, m), **CLOSE)
    assert_eq(np.linalg.tensordot(x, y, axes=1), np.linalg.tensordot(a, m, axes=1), **CLOSE)
    assert_eq(np.linalg.vecdot(x, x, axis=1), np.linalg.vecdot(a, a, axis=1), **CLOSE)
    assert_eq(np.linalg.outer(y[0], y[1]), np.linalg.outer(m[0], m[1]), **CLOSE)
    assert_eq(np.linalg.trace(x, offset=1), np.linalg.trace(a, offset=1), **CLOSE)
    assert_eq(np.linalg.matrix_transpose(x), np.linalg.matrix_transpose(a), **CLOSE)
    for off in (-3, -1, 0, 2, 7):
        assert_eq(np.linalg.diagonal(x, offset=off), np.linalg.diagonal(a, offset=off), **CLOSE)
    v, w = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    assert_eq(np.linalg.cross(la.from_array(v, chunks=2), w), np.linalg.cross(v, w), **CLOSE)
    assert_eq(np.linalg.svdvals(x), np.linalg.svdvals(a), **CLOSE)
    chain = [rng.standard_normal(s) for s in [(6,), (6, 2), (2, 7), (7, 3), (3,)]]
    assert_eq(np.linalg.multi_dot([la.from_array(c, chunks=2) for c in chain]), np.linalg.multi_dot(chain), **CLOSE)
    assert_eq(np.linalg.multi_dot([la.from_array(c, chunks=2) for c in chain[1:4]]),
              np.linalg.multi_dot(chain[1:4]), **CLOSE)
    t = rng.standard_normal((6, 2, 3)) + 0
    t = (t.reshape(6, 6) + 6 * np.eye(6)).reshape(6, 2, 3)
    assert_eq(np.linalg.tensorinv(la.from_array(t, chunks=2), ind=1), np.linalg.tensorinv(t, ind=1), **CLOSE)
    bb = rng.standard_normal(6)
    assert_eq(np.linalg.tensorsolve(la.from_array(t, chunks=2), bb), np.linalg.tensorsolve(t, bb), **CLOSE)
    with pytest.raises(ValueError, match="outer: Input arrays must be one-dimensional"):
        np.linalg.outer(y, y)
    with pytest.raises(ValueError, match="multi_dot: Expecting at least two arrays"):
        la.linalg.multi_dot([y])


@pytest.mark.parametrize("n, chunks", [(6, 2), (10, 3), (25, ((7, 7, 7, 4), (10, 15)))])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128, np.int64])
def test_blocked_solve_and_inv_match_numpy(n, chunks, dtype):
    """A matrix in several blocks is solved through the blocked LU (pivoting needed here)."""
    rng = np.random.default_rng(n)
    a = rng.integers(-5, 6, (n, n)).astype(dtype) + np.diag(rng.integers(1, 3, n)).astype(dtype)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.random((n, n))
    a[[0, 1]] = a[[1, 0]]  # a zero-free but pivot-hungry start
    a[0, 0] = 0
    b = rng.random(n).astype(dtype)
    x = la.from_array(a, chunks=chunks)
    assert x.numblocks != (1, 1)
    tol = 1e-3 if dtype == np.float32 else 1e-8
    for got, want in [(la.linalg.solve(x, b), np.linalg.solve(a, b)),
                      (la.linalg.solve(x, a[:, :3]), np.linalg.solve(a, a[:, :3])),
                      (la.linalg.inv(x), np.linalg.inv(a)),
                      (np.linalg.inv(x), np.linalg.inv(a))]:
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_allclose(got.compute(), want, rtol=tol, atol=tol)
    # the result stays cut into row blocks: no task holds the whole matrix
    assert len(la.linalg.inv(x).chunks[0]) > 1
