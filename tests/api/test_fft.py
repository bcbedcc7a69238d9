"""lazyarr.fft against numpy.fft: values, dtypes, chunks, round trips, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la


def _check(lazy, expected, tol=1e-10):
    assert isinstance(lazy, la.Array)
    got = lazy.compute()
    assert got.shape == expected.shape and got.dtype == expected.dtype, (got.shape, expected.shape, got.dtype,
                                                                         expected.dtype)
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@st.composite
def arrays(draw, dtypes=(np.float64, np.complex128, np.float32, np.int64)):
    shape = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    dtype = draw(st.sampled_from(dtypes))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    a = rng.standard_normal(shape)
    if np.issubdtype(dtype, np.complexfloating):
        a = a + 1j * rng.standard_normal(shape)
    a = (a * 3).astype(dtype)
    chunks = tuple(draw(st.integers(1, n)) for n in shape)
    return a, la.from_array(a, chunks=chunks)


ONE_D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]


@given(arrays(), st.sampled_from(ONE_D), st.sampled_from([None, 1, 4, 7]), st.sampled_from([0, -1]),
       st.sampled_from([None, "ortho", "forward", "backward"]))
def test_one_axis(data, name, n, axis, norm):
    a, x = data
    if name in ("rfft", "ihfft") and np.iscomplexobj(a):
        return
    if name in ("irfft", "hfft") and n is None and a.shape[axis] == 1:
        with pytest.raises(ValueError, match="Invalid number of FFT data points"):
            getattr(la.fft, name)(x, n=n, axis=axis, norm=norm)
        return
    tol = 1e-4 if a.dtype in (np.float32, np.complex64) else 1e-10
    expected = getattr(np.fft, name)(a, n=n, axis=axis, norm=norm)
    got = getattr(la.fft, name)(x, n=n, axis=axis, norm=norm)
    _check(got, expected, tol)
    _check(getattr(np.fft, name)(x, n=n, axis=axis, norm=norm), expected, tol)
    other = [c for d, c in enumerate(x.chunks) if d != axis % x.ndim]
    assert [c for d, c in enumerate(got.chunks) if d != axis % x.ndim] == other  # other axes keep their blocks


N_D = ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2", "irfft2"]


@given(arrays(dtypes=(np.float64, np.complex128)), st.sampled_from(N_D), st.data())
def test_n_axes(data, name, draw):
    a, x = data
    if name.startswith("rfft") and np.iscomplexobj(a):
        return
    if name.endswith("2") and a.ndim < 2:
        return
    axes = draw.draw(st.sampled_from([None, (0,), (-1,), tuple(range(a.ndim))]))
    if name.endswith("2"):
        axes = (-2, -1)
    use_s = draw.draw(st.booleans())
    kwargs = {}
    if axes is not None and not name.endswith("2"):
        kwargs["axes"] = axes
    if use_s:
        ax = axes if axes is not None else tuple(range(a.ndim))
        kwargs["s"] = tuple(3 + i for i in range(len(ax)))
    if name.startswith("irfft") and not use_s:
        last = (axes if axes is not None else (a.ndim - 1,))[-1]
        if a.shape[last] == 1:
            return
    _check(getattr(la.fft, name)(x, **kwargs), getattr(np.fft, name)(a, **kwargs))
    _check(getattr(np.fft, name)(x, **kwargs), getattr(np.fft, name)(a, **kwargs))


@given(arrays(dtypes=(np.float64,)))
def test_round_trips(data):
    a, x = data
    _check(la.fft.ifft(la.fft.fft(x)).real, a)
    _check(la.fft.irfft(la.fft.rfft(x), n=a.shape[-1]), a)
    _check(la.fft.ifftn(la.fft.fftn(x)).real, a)
    _check(la.fft.irfftn(la.fft.rfftn(x), s=a.shape), a)
    _check(la.fft.ifftshift(la.fft.fftshift(x)), a)


@pytest.mark.parametrize("n", [1, 2, 5, 8])
@pytest.mark.parametrize("d", [1.0, 0.1])
def test_freqs(n, d):
    _check(la.fft.fftfreq(n, d, chunks=2), np.fft.fftfreq(n, d))
    _check(la.fft.rfftfreq(n, d, chunks=2), np.fft.rfftfreq(n, d))


@given(arrays(), st.sampled_from([None, 0, -1, (0, -1), (0, 0)]))
def test_shifts(data, axes):
    a, x = data
    _check(la.fft.fftshift(x, axes), np.fft.fftshift(a, axes))
    _check(np.fft.ifftshift(x, axes), np.fft.ifftshift(a, axes))


def test_namespace_and_laziness():
    import importlib

    assert importlib.import_module("lazyarr.fft") is la.fft
    for name in la.fft.__all__:
        assert getattr(la.fft, name).__doc__
    x = la.ones((4, 6), chunks=2)
    y = np.fft.fft(x, axis=1)
    assert isinstance(y, la.Array) and y.chunks == ((2, 2), (6,))


def test_errors():
    x = la.ones(4, chunks=2)
    with pytest.raises(ValueError, match="fft: Invalid number of FFT data points \\(0\\)"):
        la.fft.fft(x, n=0)
    with pytest.raises(ValueError, match='fft: Invalid norm value \'bad\''):
        la.fft.fft(x, norm="bad")
    with pytest.raises(ValueError, match="fftn: Shape and axes have different lengths"):
        la.fft.fftn(la.ones((2, 2)), s=(2,), axes=(0, 1))
    with pytest.raises(ValueError, match="fftfreq: n=0 must be positive"):
        la.fft.fftfreq(0)
    with pytest.raises(ValueError, match="fft: the input must have at least one dimension"):
        la.fft.fft(la.ones(()))
    with pytest.raises(np.exceptions.AxisError):
        la.fft.fft(x, axis=3)
