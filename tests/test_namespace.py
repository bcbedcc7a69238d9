"""NumPy's protocols on lazy arrays, scalar conversions and attributes.

Namespace, registry and docstrings: tests/api/test_registry.py; layering: tests/test_layers.py.
"""

import numpy as np
import pytest

import lazyarr as la


def test_numpy_functions_dispatch_and_stay_lazy():
    x = la.ones((4, 4), chunks=2)
    for func in (np.sum, np.mean, np.transpose, np.concatenate, np.where, np.clip, np.cumsum):
        args = ([x, x],) if func is np.concatenate else (x > 0, x, 0) if func is np.where else (x,)
        kwargs = {"a_min": 0, "a_max": 1} if func is np.clip else {}
        assert isinstance(func(*args, **kwargs), la.Array), func.__name__


def test_unimplemented_numpy_function_names_itself():
    with pytest.raises(NotImplementedError, match=r"numpy\.polyfit is not implemented for lazyarr"):
        np.polyfit(la.ones(3), la.ones(3), 1)


def test_asarray_computes():
    x = la.arange(5, chunks=2)
    np.testing.assert_array_equal(np.asarray(x), np.arange(5))
    assert float(la.ones(()) * 2) == 2.0 and int(la.arange(1)[0]) == 0
    for convert in (int, float, complex):  # like NumPy 2.4: only 0-d arrays become Python scalars
        with pytest.raises(TypeError, match="only 0-dimensional arrays") as ours:
            convert(la.arange(1))
        with pytest.raises(TypeError, match="only 0-dimensional arrays"):
            convert(np.arange(1))
        assert "x[0]" in str(ours.value)  # and says what to do
    assert bool(la.ones(1))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(la.ones(3))
    with pytest.raises(TypeError, match="len\\(\\) of unsized object"):
        len(la.ones(()))


def test_array_attributes():
    x = la.ones((10, 6), chunks=(4, 3), dtype=np.complex64)
    assert (x.shape, x.ndim, x.size, x.itemsize, x.nbytes) == ((10, 6), 2, 60, 8, 480)
    assert (x.numblocks, x.npartitions, x.chunksize) == ((3, 2), 6, (4, 3))
    assert x.T.shape == (6, 10) and x.mT.shape == (6, 10)
    assert x.real.dtype == np.float32 and x.imag.dtype == np.float32
    assert [b.shape for b in x] == [(6,)] * 10
    assert x.blocks[2, 1].shape == (2, 3)


def test_repr_is_one_line():
    r = repr(la.random.random((10000, 10000)))
    assert r == ("lazyarr.Array<random_sample, shape=(10000, 10000), dtype=float64, chunksize=(4096, 4096), "
                 "chunktype=numpy.ndarray>")
