"""The Array API standard's remaining gaps (issue 16), tested against the specification.

array-api-tests is not installable here (not on PyPI), so these tests check what its
signature and behaviour tests check for the functions below, with NumPy as the oracle
where NumPy agrees with the standard.
"""

from __future__ import annotations

import inspect
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import shapes_and_chunks

try:
    from .test_array_api import parse_signature, strict_differences
except ImportError:  # run as a plain module (pytest's rootdir without packages)
    from test_array_api import parse_signature, strict_differences

# -- signatures: the standard's parameters exactly, lazyarr's extras keyword-only after them ----------

STANDARD = [
    "zeros(shape, *, dtype=None, device=None)", "ones(shape, *, dtype=None, device=None)",
    "empty(shape, *, dtype=None, device=None)", "full(shape, fill_value, *, dtype=None, device=None)",
    "zeros_like(x, /, *, dtype=None, device=None)", "ones_like(x, /, *, dtype=None, device=None)",
    "empty_like(x, /, *, dtype=None, device=None)", "full_like(x, /, fill_value, *, dtype=None, device=None)",
    "clip(x, /, min=None, max=None)",
]


@pytest.mark.parametrize("text", STANDARD)
def test_signature_as_the_standard_writes_it(text):
    name, sig = parse_signature(text)
    impl = inspect.signature(getattr(la, name))
    assert not strict_differences(sig, impl), strict_differences(sig, impl)
    extras = [p for p in impl.parameters.values() if p.name not in sig.parameters]
    assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in extras), extras


def test_creation_keywords_still_work_as_numpy_and_dask():
    assert_eq(la.zeros((2, 3), dtype=np.int32, chunks=2), np.zeros((2, 3), dtype=np.int32))
    assert_eq(la.full(3, 7, dtype="f4", chunks=2), np.full(3, 7, dtype="f4"))
    x = la.ones((4,), chunks=2)
    assert_eq(np.zeros_like(x, dtype=int), np.zeros(4, dtype=int))  # through NumPy's dispatch
    assert_eq(la.full_like(x, 2.5, shape=(2, 2), chunks=1), np.full((2, 2), 2.5))
    assert la.zeros(3).dtype == np.float64 and la.empty_like(x, device="cpu").shape == (4,)
    with pytest.raises(TypeError):
        la.zeros((2,), np.int32)  # dtype is keyword-only, as the standard says


# -- finfo ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype, real", [("float32", "float32"), ("float64", "float64"),
                                         ("complex64", "float32"), ("complex128", "float64")])
def test_finfo_as_the_standard(dtype, real):
    info = la.finfo(getattr(la, dtype))
    expected = np.finfo(dtype)
    assert info.dtype == np.dtype(real)
    assert isinstance(info.bits, int) and info.bits == expected.bits
    for attr in ("eps", "max", "min", "smallest_normal"):
        value = getattr(info, attr)
        assert type(value) is float and value == float(getattr(expected, attr))
    assert info.resolution == expected.resolution  # NumPy's extras are still there
    assert la.finfo(la.ones(2, dtype=dtype)).dtype == np.dtype(real)


# -- linalg.matrix_power, repeat with an array of repeats, argsort(stable=True) -------------------------------


@pytest.mark.parametrize("n", [0, 1, 3, -2])
def test_matrix_power(n):
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    assert_eq(la.linalg.matrix_power(la.from_array(a, chunks=1), n), np.linalg.matrix_power(a, n), rtol=1e-10)


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_repeat_with_an_array_of_repeats(data):
    shape, chunks = data.draw(shapes_and_chunks(min_dims=1, max_dims=2, empty_blocks=True))
    a = np.arange(int(np.prod(shape))).reshape(shape)
    axis = data.draw(st.sampled_from([None, *range(len(shape))]))
    n = a.size if axis is None else shape[axis]
    counts = np.asarray(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), dtype=np.int64)
    x = la.from_array(a, chunks=chunks)
    got = la.repeat(x, la.from_array(counts, chunks=max(1, n // 2)), axis=axis)
    expected = np.repeat(a, counts, axis=axis)
    assert np.isnan(got.shape[0 if axis is None else axis]) or n == 0  # data-dependent: unknown
    np.testing.assert_array_equal(got.compute(), expected)


def test_repeat_with_a_one_element_array_and_errors():
    x = la.from_array(np.arange(6).reshape(2, 3), chunks=2)
    np.testing.assert_array_equal(la.repeat(x, la.asarray(np.array([2])), axis=1).compute(),
                                  np.repeat(np.arange(6).reshape(2, 3), 2, axis=1))
    with pytest.raises(ValueError, match="repeat: repeats of shape \\(2,\\) do not broadcast"):
        la.repeat(x, la.asarray(np.array([1, 2])), axis=1)
    with pytest.raises(TypeError, match="repeat: repeats must be integers"):
        la.repeat(x, la.asarray(np.array([1.5])), axis=1)
    with pytest.raises(ValueError, match="repeat: repeats may not contain negative values"):
        la.repeat(x, la.asarray(np.array([1, -1, 1])), axis=1).compute()


@pytest.mark.parametrize("descending", [False, True])
def test_argsort_stable_keeps_the_order_of_equal_elements(descending):
    a = np.array([3, 1, 3, 1, 2, 3, 1] * 3)
    x = la.from_array(a, chunks=4)
    got = la.argsort(x, stable=True, descending=descending).compute()
    expected = np.argsort(-a if descending else a, stable=True)
    np.testing.assert_array_equal(got, expected)


# -- data-dependent shapes: unique_*, nonzero on unknown sizes --------------------------------------------


def _unknown(a, chunks, keep):
    x = la.from_array(a, chunks=chunks)
    return x[la.from_array(keep, chunks=chunks[:keep.ndim])]


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_unique_functions_on_unknown_sizes(data):
    shape, chunks = data.draw(shapes_and_chunks(min_dims=1, max_dims=2, empty_blocks=True))
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    a = rng.integers(0, 4, size=shape)
    keep = rng.random(shape[0]) > 0.3
    y = _unknown(a, chunks, keep)
    b = a[keep]
    values, index, inverse, counts = np.unique(b, return_index=True, return_inverse=True, return_counts=True)
    r = la.unique_all(y)
    assert all(np.isnan(v.shape[0]) for v in (r.values, r.indices, r.counts))
    np.testing.assert_array_equal(r.values.compute(), values)
    np.testing.assert_array_equal(r.indices.compute(), index)
    np.testing.assert_array_equal(r.inverse_indices.compute(), inverse.reshape(b.shape))
    np.testing.assert_array_equal(r.counts.compute(), counts)
    np.testing.assert_array_equal(la.unique_values(y).compute(), values)  # sorted (the standard allows any order)
    np.testing.assert_array_equal(la.unique_counts(y).counts.compute(), counts)
    np.testing.assert_array_equal(la.unique_inverse(y).inverse_indices.compute(), inverse.reshape(b.shape))
    np.testing.assert_array_equal(la.unique(y, return_index=True)[1].compute(), index)
    for got, want in zip(la.nonzero(y), np.nonzero(b)):
        np.testing.assert_array_equal(got.compute(), want)
    np.testing.assert_array_equal(la.argwhere(y).compute(), np.argwhere(b))
    if y.ndim == 1:  # (flattening several dimensions of unknown size needs the sizes)
        np.testing.assert_array_equal(la.flatnonzero(y).compute(), np.flatnonzero(b))


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_unique_index_in_c_order_of_several_dimensions(data):
    shape, chunks = data.draw(shapes_and_chunks(min_dims=2, max_dims=3, empty_blocks=True))
    a = np.random.default_rng(data.draw(st.integers(0, 99))).integers(0, 5, size=shape)
    got = la.unique(la.from_array(a, chunks=chunks), return_index=True)
    for g, w in zip(got, np.unique(a, return_index=True)):
        np.testing.assert_array_equal(g.compute(), w)


# -- boolean masks: x[mask] and x[mask] = other[mask] -----------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(data=st.data(), lazy_mask=st.booleans(), rows_only=st.booleans())
def test_mask_setitem_of_the_same_selection(data, lazy_mask, rows_only):
    shape, chunks = data.draw(shapes_and_chunks(min_dims=1, max_dims=3, empty_blocks=True))
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    a, o = rng.random(shape), rng.random(shape)
    m = rng.random(shape[:1] if rows_only else shape) > 0.5
    x = la.from_array(a, chunks=chunks)
    other = la.from_array(o, chunks=data.draw(st.sampled_from([chunks, tuple((n,) for n in shape)])))
    mask = la.from_array(m, chunks=chunks[:m.ndim]) if lazy_mask else m
    x[mask] = other[mask]
    expected = a.copy()
    expected[m] = o[m]
    assert_eq(x, expected)
    assert_eq(la.from_array(a, chunks=chunks)[mask], a[m])


def test_mask_setitem_of_another_selection():
    x = la.from_array(np.arange(6.0), chunks=4)
    other = la.from_array(np.arange(6.0) * 10, chunks=4)
    x[x > 2] = other[other > 20]  # 3, 4, 5 <- 30, 40, 50
    expected = np.arange(6.0)
    expected[expected > 2] = np.arange(6.0)[3:] * 10
    assert_eq(x, expected)
    y = la.from_array(np.arange(6.0), chunks=4)
    v = other[y > 2]
    np.add(v, 1, out=v)  # v is rebound to v + 1: no longer "other[mask]", so the general plan
    y[y > 2] = v
    assert_eq(y, np.where(np.arange(6) > 2, np.arange(6.0) * 10 + 1, np.arange(6.0)))
    assert_eq(pickle.loads(pickle.dumps(y)), y.compute())  # the graph pickles (for process schedulers)


def _values_for(draw, n_true, rest, rng):
    """Values for x[mask] = values: one per True (known or unknown length, NumPy or lazy), one for all,
    with the trailing axes given in full or as length 1 (broadcast)."""
    vrest = tuple(draw(st.sampled_from([n, 1])) for n in rest)
    count = draw(st.sampled_from([n_true, n_true, 1]))
    kind = draw(st.sampled_from(["numpy", "lazy", "unknown"]))
    extra = draw(st.integers(0, 3))
    full = rng.integers(-99, 0, size=(count + extra,) + vrest)
    values = full[extra:]
    if kind == "numpy":
        return values, values
    chunks = draw(st.integers(1, 4))
    if kind == "lazy":
        return values, la.from_array(values, chunks=chunks)
    keep = np.arange(count + extra) >= extra  # a lazy selection: the length is unknown (nan)
    return values, la.from_array(full, chunks=chunks)[la.from_array(keep, chunks=chunks)]


@settings(max_examples=40, deadline=None)
@given(data=st.data(), lazy_mask=st.booleans())
def test_mask_setitem_with_one_value_per_true(data, lazy_mask):
    shape, chunks = data.draw(shapes_and_chunks(min_dims=0, max_dims=3, empty_blocks=True))
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    k = data.draw(st.integers(0, len(shape)))
    a = rng.integers(0, 100, size=shape)
    m = rng.random(shape[:k]) > 0.5
    expected_values, values = _values_for(data.draw, int(m.sum()), shape[k:], rng)
    if not lazy_mask and not isinstance(values, la.Array):
        values = la.from_array(values, chunks=-1)  # a NumPy mask with NumPy values is the build-time plan
    x = la.from_array(a, chunks=chunks)
    x[la.from_array(m, chunks=chunks[:k]) if lazy_mask else m] = values
    expected = a.copy()
    expected[m] = expected_values
    assert_eq(x, expected)


def test_mask_setitem_value_count_mismatch_is_numpys_error():
    x = la.from_array(np.arange(6), chunks=4)
    x[x > 2] = la.arange(5, chunks=2)  # 3 Trues, 5 values: known only when computed
    with pytest.raises(ValueError, match="cannot assign 5 input values to the 3 output values"):
        x.compute()
    y = la.from_array(np.arange(6), chunks=4)
    with pytest.raises(ValueError, match="cannot assign 5 input values to the 3 output values"):
        y[np.arange(6) > 2] = la.arange(5, chunks=2)  # a NumPy mask: known at once


def test_mask_setitem_value_shape_mismatch():
    x = la.ones((4, 3), chunks=2)
    with pytest.raises(ValueError, match=r"setitem: shape mismatch: value array of shape \(2, 2\)"):
        x[la.arange(4, chunks=3) > 1] = la.ones((2, 2))
    with pytest.raises(ValueError, match=r"setitem: shape mismatch: value array of shape \(2, 2, 2\)"):
        x[la.arange(4, chunks=3) > 1] = np.ones((2, 2, 2))


def test_mask_setitem_on_a_later_axis_is_refused_clearly():
    x = la.ones((4, 3), chunks=2)
    with pytest.raises(NotImplementedError, match="leading entries of the index.*la.where"):
        x[:, la.arange(3) > 0] = la.arange(8.0)
