"""Products (dot, matmul, tensordot, einsum, ...) against NumPy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing.strategies import block_sizes

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.complex128, np.bool_]


def _data(rng, shape, dtype):
    if dtype == np.bool_:
        return rng.random(shape) > 0.5
    if np.issubdtype(dtype, np.integer):
        return rng.integers(-5, 5, shape).astype(dtype)
    x = rng.standard_normal(shape)
    if np.issubdtype(dtype, np.complexfloating):
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def _check(lazy, expected):
    assert isinstance(lazy, la.Array)
    got = lazy.compute()
    assert got.shape == np.shape(expected)
    assert got.dtype == np.asarray(expected).dtype
    tol = 1e-4 if np.asarray(expected).dtype in (np.float32, np.complex64) else 1e-10
    np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@st.composite
def chunked(draw, shape, dtype):
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    x = _data(rng, shape, dtype)
    chunks = tuple(draw(st.integers(1, max(n, 1))) for n in shape)
    return x, la.from_array(x, chunks=chunks)


dims = st.integers(0, 6)


@given(st.data(), dims, dims, dims, st.sampled_from(DTYPES))
def test_dot_2d(data, m, k, n, dtype):
    a, x = data.draw(chunked((m, k), dtype))
    b, y = data.draw(chunked((k, n), dtype))
    _check(la.dot(x, y), np.dot(a, b))
    _check(x @ y, a @ b)
    _check(np.dot(x, y), np.dot(a, b))


@given(st.data(), st.lists(st.integers(1, 3), max_size=2), st.lists(st.integers(1, 3), max_size=2),
       st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.sampled_from(DTYPES))
def test_matmul_stacks_broadcast(data, sa, sb, m, k, n, dtype):
    # make the stacks broadcast-compatible: equal or 1
    sb = [b if i >= len(sa) or sa[-1 - i] == b or b == 1 else 1 for i, b in enumerate(sb[::-1])][::-1]
    a, x = data.draw(chunked((*sa, m, k), dtype))
    b, y = data.draw(chunked((*sb, k, n), dtype))
    _check(x @ y, a @ b)
    _check(np.matmul(x, y), np.matmul(a, b))


@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((3,), (3, 2)), ((2, 3), (3,)), ((4, 2, 3), (3,)),
                                   ((3,), (4, 3, 2))])
def test_matmul_1d(sa, sb):
    rng = np.random.default_rng(0)
    a, b = rng.random(sa), rng.random(sb)
    _check(la.from_array(a, chunks=2) @ la.from_array(b, chunks=2), a @ b)


@given(st.data(), st.lists(st.integers(0, 4), min_size=0, max_size=4), st.sampled_from(DTYPES))
def test_dot_nd(data, shape_a, dtype):
    rng_k = data.draw(st.integers(1, 4))
    shape_a = [*shape_a, rng_k]
    shape_b = data.draw(st.lists(st.integers(0, 3), max_size=2))
    shape_b = [rng_k] if not shape_b else [*shape_b[:-1], rng_k, shape_b[-1]]
    a, x = data.draw(chunked(tuple(shape_a), dtype))
    b, y = data.draw(chunked(tuple(shape_b), dtype))
    _check(la.dot(x, y), np.dot(a, b))
    _check(la.inner(x, y.swapaxes(-1, -2) if y.ndim > 1 else y),
           np.inner(a, b.swapaxes(-1, -2) if b.ndim > 1 else b))


@given(st.data(), st.sampled_from(DTYPES),
       st.sampled_from([0, 1, 2, ([1, 0], [0, 1]), ([2], [0]), (1, 1), ([0, 2], [2, 0])]))
def test_tensordot(data, dtype, axes):
    a, x = data.draw(chunked((3, 4, 2), dtype))
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
    b, y = data.draw(chunked(shape_b, dtype))
    _check(la.tensordot(x, y, axes=axes), np.tensordot(a, b, axes=axes))
    _check(np.tensordot(x, y, axes=axes), np.tensordot(a, b, axes=axes))


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
    rng = np.random.default_rng(1)
    arrays = [_data(rng, s, dtype) for s in shapes]
    lazy = [la.from_array(a, chunks=2) for a in arrays]
    _check(la.einsum(subscripts, *lazy), np.einsum(subscripts, *arrays))
    _check(np.einsum(subscripts, *lazy), np.einsum(subscripts, *arrays))


def test_einsum_sublists():
    a = np.arange(12.0).reshape(3, 4)
    x = la.from_array(a, chunks=2)
    _check(la.einsum(x, [0, 1], x, [0, 1], [1]), np.einsum(a, [0, 1], a, [0, 1], [1]))
    _check(la.einsum(x, [Ellipsis, 1], [Ellipsis]), np.einsum(a, [Ellipsis, 1], [Ellipsis]))


@given(st.data(), st.sampled_from(DTYPES))
def test_vdot_outer_vecdot(data, dtype):
    a, x = data.draw(chunked((3, 4), dtype))
    b, y = data.draw(chunked((3, 4), dtype))
    _check(la.vdot(x, y), np.vdot(a, b))
    _check(la.outer(x, y), np.outer(a, b))
    _check(la.vecdot(x, y), np.vecdot(a, b))
    _check(np.vecdot(x, y, axis=0), np.vecdot(a, b, axis=0))
    _check(np.matvec(x, y[0]), np.matvec(a, b[0]))
    _check(np.vecmat(x[:, 0], y), np.vecmat(a[:, 0], b))


@given(st.data(), st.sampled_from([np.float64, np.int64, np.complex128]))
def test_kron(data, dtype):
    a, x = data.draw(chunked((3, 4), dtype))
    b, y = data.draw(chunked((2, 3), dtype))
    _check(la.kron(x, y), np.kron(a, b))
    _check(np.kron(x, y[0]), np.kron(a, b[0]))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, -1, -2])
def test_matrix_power(n):
    rng = np.random.default_rng(2)
    a = rng.standard_normal((2, 4, 4)) + 4 * np.eye(4)
    _check(np.linalg.matrix_power(la.from_array(a, chunks=2), n), np.linalg.matrix_power(a, n))


@given(st.data(), st.integers(-5, 5), st.sampled_from([(0, 1), (1, 0), (0, 2), (2, 1)]),
       st.sampled_from([np.float64, np.int32, np.bool_]))
def test_trace(data, offset, axes, dtype):
    a, x = data.draw(chunked((4, 5, 3), dtype))
    _check(la.trace(x, offset, *axes), np.trace(a, offset, *axes))
    _check(np.trace(x, offset, *axes), np.trace(a, offset, *axes))


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
    a, x = data.draw(chunked((m, 3), dt1))
    b, _ = data.draw(chunked((3, n), dt2))
    _check(x @ b, a @ b)  # a NumPy operand on the right
    _check(b.T @ x.T, b.T @ a.T)  # ... and on the left (__rmatmul__)
    _check(x.dot(b), a.dot(b))
    _check(la.einsum("ij,jk->ik", x, b), np.einsum("ij,jk->ik", a, b))


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
