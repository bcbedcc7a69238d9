"""Products (dot, matmul, tensordot, einsum, ...) against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq, tolerance
from lazyarr.testing.strategies import block_sizes, lazy_arrays, random_values

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.complex128, np.bool_]
CLOSE = tolerance(np.float64)


dims = st.integers(0, 6)


@given(st.data(), dims, dims, dims, st.sampled_from(DTYPES))
def test_dot_2d(data, m, k, n, dtype):
    close = tolerance(dtype)
    a, x = data.draw(lazy_arrays(shape=(m, k), dtype=dtype))
    b, y = data.draw(lazy_arrays(shape=(k, n), dtype=dtype))
    assert_eq(la.dot(x, y), np.dot(a, b), **close)
    assert_eq(x @ y, a @ b, **close)
    assert_eq(np.dot(x, y), np.dot(a, b), **close)


@given(st.data(), st.lists(st.integers(1, 3), max_size=2), st.lists(st.integers(1, 3), max_size=2),
       st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.sampled_from(DTYPES))
def test_matmul_stacks_broadcast(data, sa, sb, m, k, n, dtype):
    close = tolerance(dtype)
    # make the stacks broadcast-compatible: equal or 1
    sb = [b if i >= len(sa) or sa[-1 - i] == b or b == 1 else 1 for i, b in enumerate(sb[::-1])][::-1]
    a, x = data.draw(lazy_arrays(shape=(*sa, m, k), dtype=dtype))
    b, y = data.draw(lazy_arrays(shape=(*sb, k, n), dtype=dtype))
    assert_eq(x @ y, a @ b, **close)
    assert_eq(np.matmul(x, y), np.matmul(a, b), **close)


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((3,), (3, 2)), ((2, 3), (3,)), ((4, 2, 3), (3,)),
                                   ((3,), (4, 3, 2))])
def test_matmul_1d(sa, sb):
    rng = np.random.default_rng(0)
    a, b = rng.random(sa), rng.random(sb)
    assert_eq(la.from_array(a, chunks=2) @ la.from_array(b, chunks=2), a @ b, **CLOSE)


@given(st.data(), st.lists(st.integers(0, 4), min_size=0, max_size=4), st.sampled_from(DTYPES))
def test_dot_nd(data, shape_a, dtype):
    close = tolerance(dtype)
    rng_k = data.draw(st.integers(1, 4))
    shape_a = [*shape_a, rng_k]
    shape_b = data.draw(st.lists(st.integers(0, 3), max_size=2))
    shape_b = [rng_k] if not shape_b else [*shape_b[:-1], rng_k, shape_b[-1]]
    a, x = data.draw(lazy_arrays(shape=tuple(shape_a), dtype=dtype))
    b, y = data.draw(lazy_arrays(shape=tuple(shape_b), dtype=dtype))
    assert_eq(la.dot(x, y), np.dot(a, b), **close)
    assert_eq(la.inner(x, y.swapaxes(-1, -2) if y.ndim > 1 else y),
              np.inner(a, b.swapaxes(-1, -2) if b.ndim > 1 else b), **close)


@given(st.data(), st.sampled_from(DTYPES),
       st.sampled_from([0, 1, 2, ([1, 0], [0, 1]), ([2], [0]), (1, 1), ([0, 2], [2, 0])]))
def test_tensordot(data, dtype, axes):
    close = tolerance(dtype)
    a, x = data.draw(lazy_arrays(shape=(3, 4, 2), dtype=dtype))
    if axes == 0 or axes == 1:
        shape_b = (2, 3)
    elif axes == 2:
        shape_b = (4, 2, 3)
    elif axes == ([1, 0], [0, 1]):
        shape_b = (4, 3, 2)
    elif axes == ([2], [0]):
        shape_b = (2, 5)
    elif axes == (1, 1):
        shape_b = (2, 4)
    else:
        shape_b = (2, 3, 3)
    b, y = data.draw(lazy_arrays(shape=shape_b, dtype=dtype))
    assert_eq(la.tensordot(x, y, axes=axes), np.tensordot(a, b, axes=axes), **close)
    assert_eq(np.tensordot(x, y, axes=axes), np.tensordot(a, b, axes=axes), **close)


EINSUM_CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("ii", [(4, 4)]), ("ii->i", [(4, 4)]),
    ("ij->ji", [(3, 4)]), ("ij->", [(3, 4)]), ("ij", [(3, 4)]), ("ba", [(3, 4)]), ("i,i", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]), ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]), ("...i,...i", [(3, 4), (4,)]),
    ("ijk,jil->kl", [(3, 4, 5), (4, 3, 2)]), ("i...->...", [(3, 4, 2)]), ("aB,Bc->ac", [(2, 3), (3, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]), ("iij->j", [(3, 3, 2)]), ("i,i,i->", [(4,), (4,), (4,)]),
    ("ij,ij->i", [(3, 0), (3, 0)]), ("...", [()]), (",i->i", [(), (3,)]),
]


@pytest.mark.parametrize("subscripts,shapes", EINSUM_CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.complex128])
def test_einsum(subscripts, shapes, dtype):
    close = tolerance(dtype)
    rng = np.random.default_rng(1)
    arrays = [random_values(rng, s, dtype) for s in shapes]
    lazy = [la.from_array(a, chunks=2) for a in arrays]
    assert_eq(la.einsum(subscripts, *lazy), np.einsum(subscripts, *arrays), **close)
    assert_eq(np.einsum(subscripts, *lazy), np.einsum(subscripts, *arrays), **close)


def test_einsum_sublists():
    a = np.arange(12.0).reshape(3, 4)
    x = la.from_array(a, chunks=2)
    assert_eq(la.einsum(x, [0, 1], x, [0, 1], [1]), np.einsum(a, [0, 1], a, [0, 1], [1]), **CLOSE)
    assert_eq(la.einsum(x, [Ellipsis, 1], [Ellipsis]), np.einsum(a, [Ellipsis, 1], [Ellipsis]), **CLOSE)


@given(st.data(), st.sampled_from(DTYPES))
def test_vdot_outer_vecdot(data, dtype):
    close = tolerance(dtype)
    a, x = data.draw(lazy_arrays(shape=(3, 4), dtype=dtype))
    b, y = data.draw(lazy_arrays(shape=(3, 4), dtype=dtype))
    assert_eq(la.vdot(x, y), np.vdot(a, b), **close)
    assert_eq(la.outer(x, y), np.outer(a, b), **close)
    assert_eq(la.vecdot(x, y), np.vecdot(a, b), **close)
    assert_eq(np.vecdot(x, y, axis=0), np.vecdot(a, b, axis=0), **close)
    assert_eq(np.matvec(x, y[0]), np.matvec(a, b[0]), **close)
    assert_eq(np.vecmat(x[:, 0], y), np.vecmat(a[:, 0], b), **close)


@given(st.data(), st.sampled_from([np.float64, np.int64, np.complex128]))
def test_kron(data, dtype):
    close = tolerance(dtype)
    a, x = data.draw(lazy_arrays(shape=(3, 4), dtype=dtype))
    b, y = data.draw(lazy_arrays(shape=(2, 3), dtype=dtype))
    assert_eq(la.kron(x, y), np.kron(a, b), **close)
    assert_eq(np.kron(x, y[0]), np.kron(a, b[0]), **close)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, -1, -2])
def test_matrix_power(n):
    rng = np.random.default_rng(2)
    a = rng.standard_normal((2, 4, 4)) + 4 * np.eye(4)
    assert_eq(np.linalg.matrix_power(la.from_array(a, chunks=2), n), np.linalg.matrix_power(a, n), **CLOSE)


@given(st.data(), st.integers(-5, 5), st.sampled_from([(0, 1), (1, 0), (0, 2), (2, 1)]),
       st.sampled_from([np.float64, np.int32, np.bool_]))
def test_trace(data, offset, axes, dtype):
    close = tolerance(dtype)
    a, x = data.draw(lazy_arrays(shape=(4, 5, 3), dtype=dtype))
    assert_eq(la.trace(x, offset, *axes), np.trace(a, offset, *axes), **close)
    assert_eq(np.trace(x, offset, *axes), np.trace(a, offset, *axes), **close)


def test_products_are_lazy_and_tree_summed():
    x = la.ones((8, 8), chunks=2)
    y = x @ x
    assert isinstance(y, la.Array) and y.chunks == ((2,) * 4, (2,) * 4)
    np.testing.assert_array_equal(y.compute(), np.full((8, 8), 8.0))


def test_errors():
    x = la.ones((3, 4), chunks=2)
    with pytest.raises(ValueError, match="matmul: Input operand 1 has a mismatch"):
        x @ x
    with pytest.raises(ValueError, match="matmul: Input operand 0 does not have enough"):
        la.matmul(la.ones(()), x)
    with pytest.raises(ValueError, match="dot: shapes"):
        la.dot(x, x)
    with pytest.raises(ValueError, match="tensordot: shape-mismatch"):
        la.tensordot(x, x, axes=([0], [0, 1]))
    with pytest.raises(ValueError, match="tensordot: shape-mismatch"):
        la.tensordot(x, x, axes=([1], [1]) if False else ([0], [1]))
    with pytest.raises(ValueError, match="einsum: subscripts 'ij,jk' name 2 operands"):
        la.einsum("ij,jk", x)
    with pytest.raises(ValueError, match="einsum: size of label"):
        la.einsum("ij,ij->", x, x.T)
    with pytest.raises(ValueError, match="einsum: output subscript 'k'"):
        la.einsum("ij->k", x)
    with pytest.raises(ValueError, match="einsum: term 'i' has 1 subscripts"):
        la.einsum("i", x)
    with pytest.raises(ValueError, match="matmul: operands could not be broadcast"):
        la.ones((2, 3, 3)) @ la.ones((4, 3, 3))
    with pytest.raises(np.linalg.LinAlgError, match="matrix_power: Last 2 dimensions"):
        la.matrix_power(x, 2)
    with pytest.raises(TypeError, match="matrix_power: exponent must be an integer"):
        la.matrix_power(la.eye(3), 1.5)
    with pytest.raises(ValueError, match="trace: axis1 and axis2"):
        la.trace(x, axis1=1, axis2=1)
    with pytest.raises(ValueError, match="vdot: vectors have different lengths"):
        la.vdot(x, la.ones(3))


@given(st.data(), st.sampled_from(DTYPES), st.sampled_from(DTYPES), st.integers(0, 5), st.integers(0, 5))
def test_mixed_dtypes_and_numpy_operands(data, dt1, dt2, m, n):
    close = tolerance(np.result_type(dt1, dt2))
    a, x = data.draw(lazy_arrays(shape=(m, 3), dtype=dt1))
    b, _ = data.draw(lazy_arrays(shape=(3, n), dtype=dt2))
    assert_eq(x @ b, a @ b, **close)  # a NumPy operand on the right
    assert_eq(b.T @ x.T, b.T @ a.T, **close)  # ... and on the left (__rmatmul__)
    assert_eq(x.dot(b), a.dot(b), **close)
    assert_eq(la.einsum("ij,jk->ik", x, b), np.einsum("ij,jk->ik", a, b), **close)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_products_summed_inside_each_output_task_match_numpy(data):
    # Random small chunkings take both paths: sums inside each output task (few contracted
    # blocks, several output blocks) and the tree of separate product tasks.
    dtype = data.draw(st.sampled_from([np.float64, np.int64, np.complex128, np.float32]))
    m, k, n = (data.draw(st.integers(2, 9)) for _ in range(3))
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    a_np = rng.integers(-5, 5, (m, k)).astype(dtype)
    b_np = rng.integers(-5, 5, (k, n)).astype(dtype)
    a = la.from_array(a_np, chunks=(data.draw(block_sizes(m)), data.draw(block_sizes(k))))
    b = la.from_array(b_np, chunks=(data.draw(block_sizes(k)), data.draw(block_sizes(n))))
    product = la.dot(a, b)
    expected = np.dot(a_np, b_np)
    assert product.dtype == expected.dtype
    np.testing.assert_array_equal(product.compute(), expected)
    np.testing.assert_array_equal(a.compute(), a_np)  # the in-place sums never touch an input block
    np.testing.assert_array_equal(b.compute(), b_np)


def _sums_in_tasks(x):
    return not any(layer.label.startswith("sum-products") for layer in x.graph.layers.values())


def test_which_products_sum_inside_their_output_tasks():
    a_np = np.arange(36.0).reshape(6, 6)
    y = la.dot(la.from_array(a_np, chunks=2), la.from_array(a_np.T, chunks=2))
    assert _sums_in_tasks(y)  # 9 output blocks, 3 terms each
    np.testing.assert_array_equal(y.compute(), a_np @ a_np.T)
    tall = la.dot(la.from_array(a_np, chunks=(6, 1)), la.from_array(a_np, chunks=(1, 6)))
    assert not _sums_in_tasks(tall)  # one output block: its 6 terms run as separate tasks
    np.testing.assert_array_equal(tall.compute(), a_np @ a_np)
    many = la.dot(la.from_array(a_np, chunks=(3, 1)), la.from_array(a_np, chunks=(1, 3)))
    assert _sums_in_tasks(many)  # 4 output blocks, 6 terms each
    np.testing.assert_array_equal(many.compute(), a_np @ a_np)


def test_einsum_bool_operand_summed_axis_matches_numpy():
    # NumPy's optimize=True path (used per block) would sum the bool axis with logical or.
    m = np.ones((6, 4, 5), bool)
    w = np.arange(1.0, 5.0)
    got = la.einsum("abc,b->a", la.from_array(m, chunks=(2, 3, 5)), w)
    np.testing.assert_array_equal(got.compute(), np.einsum("abc,b->a", m, w))
