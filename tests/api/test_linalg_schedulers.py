"""The blocked algorithms give the same answers on every local scheduler."""

import numpy as np

import lazyarr as la


def test_blocked_algorithms_on_each_scheduler(scheduler):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((40, 40)) + 40 * np.eye(40)
    x = la.from_array(a, chunks=10)
    np.testing.assert_allclose((x @ x.T).compute(), a @ a.T)
    np.testing.assert_allclose(la.einsum("ij,jk,kl->il", x, x, x).compute(), a @ a @ a, rtol=1e-10)
    q, r = la.linalg.qr(x)
    np.testing.assert_allclose((q @ r).compute(), a, atol=1e-10)
    p, low, up = la.linalg.lu(x)
    np.testing.assert_allclose((p @ low @ up).compute(), a, atol=1e-10)
    spd = a @ a.T
    np.testing.assert_allclose(la.linalg.cholesky(la.from_array(spd, chunks=10)).compute(), np.linalg.cholesky(spd))
    h, e = la.histogram(x, bins=7)
    np.testing.assert_array_equal(h.compute(), np.histogram(a, bins=7)[0])
    np.testing.assert_allclose(la.median(x, axis=0).compute(), np.median(a, axis=0))
    np.testing.assert_allclose(la.fft.fft2(x).compute(), np.fft.fft2(a))
