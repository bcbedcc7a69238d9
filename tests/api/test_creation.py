"""Creation functions against NumPy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import chunks_for, shapes


@given(shape=shapes(max_dims=3), dtype=st.sampled_from([None, "int32", "float32", "bool", "complex128"]),
       data=st.data())
def test_filled_arrays(shape, dtype, data):
    chunks = data.draw(chunks_for(shape))
    kw = {} if dtype is None else {"dtype": dtype}
    assert_eq(la.zeros(shape, chunks=chunks, **kw), np.zeros(shape, **kw))
    assert_eq(la.ones(shape, chunks=chunks, **kw), np.ones(shape, **kw))
    assert_eq(la.full(shape, 3, chunks=chunks, **kw), np.full(shape, 3, **kw))
    e = la.empty(shape, chunks=chunks, **kw)
    assert e.shape == shape and e.dtype == np.empty(shape, **kw).dtype


def test_like_functions_keep_chunks():
    x = la.ones((6, 4), chunks=(2, 3), dtype=np.int16)
    for f, npf in [(la.zeros_like, np.zeros_like), (la.ones_like, np.ones_like)]:
        y = f(x)
        assert y.chunks == x.chunks
        assert_eq(y, npf(np.ones((6, 4), dtype=np.int16)))
    assert_eq(la.full_like(x, 7.9), np.full_like(np.ones((6, 4), np.int16), 7.9))
    assert la.empty_like(x, dtype=float).dtype == np.float64
    assert_eq(np.zeros_like(x), np.zeros((6, 4), np.int16))  # NEP 18


@given(start=st.integers(-20, 20), stop=st.integers(-20, 40), step=st.sampled_from([1, 2, 3, -1, -2]),
       chunk=st.integers(1, 7))
def test_arange_ints(start, stop, step, chunk):
    assert_eq(la.arange(start, stop, step, chunks=chunk), np.arange(start, stop, step))


@given(start=st.floats(-5, 5), stop=st.floats(-5, 5), num=st.integers(0, 30), endpoint=st.booleans(),
       chunk=st.integers(1, 7))
def test_linspace(start, stop, num, endpoint, chunk):
    assert_eq(la.linspace(start, stop, num, endpoint=endpoint, chunks=chunk),
              np.linspace(start, stop, num, endpoint=endpoint), rtol=1e-12, atol=1e-12)


def test_arange_floats_and_dtype():
    assert_eq(la.arange(0, 1, 0.1, chunks=3), np.arange(0, 1, 0.1))
    assert_eq(la.arange(5, dtype=np.float32, chunks=2), np.arange(5, dtype=np.float32))
    with pytest.raises(ValueError, match="step must not be zero"):
        la.arange(0, 5, 0)


@pytest.mark.parametrize("k", [-3, -1, 0, 2, 5])
def test_eye_tri_diag(k):
    assert_eq(la.eye(5, 7, k=k, chunks=2), np.eye(5, 7, k=k))
    assert_eq(la.tri(5, 4, k=k, chunks=3), np.tri(5, 4, k=k))
    v = np.arange(1, 5)
    assert_eq(la.diag(la.from_array(v, chunks=3), k=k), np.diag(v, k=k))
    m = np.arange(30).reshape(5, 6)
    assert_eq(la.diag(la.from_array(m, chunks=2), k=k), np.diag(m, k=k))
    assert_eq(la.identity(3, chunks=2), np.identity(3))


def test_fromfunction_indices_meshgrid():
    assert_eq(la.fromfunction(lambda i, j: i * 10 + j, (4, 5), dtype=int, chunks=2),
              np.fromfunction(lambda i, j: i * 10 + j, (4, 5), dtype=int))
    assert_eq(la.indices((3, 4), chunks=2), np.indices((3, 4)))
    for indexing in ("xy", "ij"):
        for got, want in zip(la.meshgrid(np.arange(3), np.arange(4), np.arange(2), indexing=indexing),
                             np.meshgrid(np.arange(3), np.arange(4), np.arange(2), indexing=indexing)):
            assert_eq(got, want)


def test_from_array_reads_blocks_lazily():
    reads = []

    class Store:
        shape, dtype = (10, 10), np.dtype("float64")

        def __getitem__(self, index):
            reads.append(index)
            return np.ones((10, 10))[index]

    x = la.from_array(Store(), chunks=5)
    assert reads == []
    assert x[:5, :5].sum().compute() == 25
    assert len(reads) == 1


def test_asarray_array_ndmin():
    assert_eq(la.asarray([[1, 2], [3, 4]]), np.asarray([[1, 2], [3, 4]]))
    assert_eq(la.array([1, 2], ndmin=3), np.array([1, 2], ndmin=3))
    x = la.ones(3)
    assert la.asarray(x) is x
    assert_eq(la.asarray([la.ones(2), la.zeros(2)]), np.array([[1.0, 1], [0, 0]]))


def test_shape_errors():
    with pytest.raises(ValueError, match="negative dimensions"):
        la.zeros((-1, 3))
    with pytest.raises(TypeError, match="shape must be"):
        la.ones("abc")
    with pytest.raises(ValueError, match="fill_value must be a scalar"):
        la.full(3, [1, 2])


@pytest.mark.parametrize("fname", ["zeros", "ones", "empty"])
def test_unknown_keywords_are_refused_as_numpy_does(fname):
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'") as ours:
        getattr(la, fname)(3, colour="red")
    with pytest.raises(TypeError) as theirs:
        getattr(np, fname)(3, colour="red")
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        getattr(la, fname + "_like")(la.ones(2), colour="red")
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        la.full(3, 1.0, colour="red")
    assert getattr(la, fname)(3, device="cpu").shape == (3,)
