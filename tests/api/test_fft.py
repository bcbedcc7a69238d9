"""lazyarr.fft against numpy.fft: values, dtypes, chunks, round trips, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq, tolerance
from lazyarr.testing.strategies import dtypes, lazy_arrays, shapes

SHAPES = shapes(1, 3, 6, min_side=1)
DATA = lazy_arrays(shape=SHAPES, dtype=dtypes(choices=[np.float64, np.complex128, np.float32, np.int64]), scale=3)
DOUBLES = lazy_arrays(shape=SHAPES, dtype=dtypes(choices=[np.float64, np.complex128]), scale=3)
FLOAT64 = lazy_arrays(shape=SHAPES, dtype=np.float64, scale=3)


CLOSE = tolerance(np.float64)  # also for the shifts, which are exact for every dtype


ONE_D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]


@given(DATA, st.sampled_from(ONE_D), st.sampled_from([None, 1, 4, 7]), st.sampled_from([0, -1]),
       st.sampled_from([None, "ortho", "forward", "backward"]))
def test_one_axis(data, name, n, axis, norm):
    a, x = data
    if name in ("rfft", "ihfft") and np.iscomplexobj(a):
        return
    if name in ("irfft", "hfft") and n is None and a.shape[axis] == 1:
        with pytest.raises(ValueError, match="Invalid number of FFT data points"):
            getattr(la.fft, name)(x, n=n, axis=axis, norm=norm)
        return
    close = tolerance(a)
    expected = getattr(np.fft, name)(a, n=n, axis=axis, norm=norm)
    got = getattr(la.fft, name)(x, n=n, axis=axis, norm=norm)
    assert_eq(got, expected, **close)
    assert_eq(getattr(np.fft, name)(x, n=n, axis=axis, norm=norm), expected, **close)
    other = [c for d, c in enumerate(x.chunks) if d != axis % x.ndim]
    assert [c for d, c in enumerate(got.chunks) if d != axis % x.ndim] == other  # other axes keep their blocks


N_D = ["fftn", "ifftn", "rfftn", "irfftn", "fft2", "ifft2", "rfft2", "irfft2"]


@given(DOUBLES, st.sampled_from(N_D), st.data())
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
    assert_eq(getattr(la.fft, name)(x, **kwargs), getattr(np.fft, name)(a, **kwargs), **CLOSE)
    assert_eq(getattr(np.fft, name)(x, **kwargs), getattr(np.fft, name)(a, **kwargs), **CLOSE)


@given(FLOAT64)
def test_round_trips(data):
    a, x = data
    assert_eq(la.fft.ifft(la.fft.fft(x)).real, a, **CLOSE)
    assert_eq(la.fft.irfft(la.fft.rfft(x), n=a.shape[-1]), a, **CLOSE)
    assert_eq(la.fft.ifftn(la.fft.fftn(x)).real, a, **CLOSE)
    assert_eq(la.fft.irfftn(la.fft.rfftn(x), s=a.shape), a, **CLOSE)
    assert_eq(la.fft.ifftshift(la.fft.fftshift(x)), a, **CLOSE)


@pytest.mark.parametrize("n", [1, 2, 5, 8])
@pytest.mark.parametrize("d", [1.0, 0.1])
def test_freqs(n, d):
    assert_eq(la.fft.fftfreq(n, d, chunks=2), np.fft.fftfreq(n, d), **CLOSE)
    assert_eq(la.fft.rfftfreq(n, d, chunks=2), np.fft.rfftfreq(n, d), **CLOSE)


@given(DATA, st.sampled_from([None, 0, -1, (0, -1), (0, 0)]))
def test_shifts(data, axes):
    a, x = data
    assert_eq(la.fft.fftshift(x, axes), np.fft.fftshift(a, axes), **CLOSE)
    assert_eq(np.fft.ifftshift(x, axes), np.fft.ifftshift(a, axes), **CLOSE)


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
