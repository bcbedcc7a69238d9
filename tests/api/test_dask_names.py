"""The names lazyarr adds for dask.array users (issue 16), against NumPy (the oracle) or dask.

Index tricks, insert/delete/shuffle, select/piecewise/isnull, moment/coarsen/push, the gufunc
helpers, unify_chunks, vindex, name=, from_array's keywords, the dask-style reduction, the new
Array methods, and the storage/interop functions (npy stacks, HDF5, dask.delayed).
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import chunks_for, lazy_arrays, shapes_and_chunks

# --------------------------------------------------------------------------------------------
# ravel_multi_index, unravel_index, tril/triu indices


@given(st.integers(0, 7), st.integers(-8, 8), st.one_of(st.none(), st.integers(0, 7)), st.integers(1, 6),
       st.booleans())
def test_triangle_indices_match_numpy(n, k, m, chunk, lower):
    ours = (la.tril_indices if lower else la.triu_indices)(n, k, m, chunks=chunk)
    theirs = (np.tril_indices if lower else np.triu_indices)(n, k, m)
    for got, want in zip(ours, theirs):
        assert_eq(got, want.astype(np.intp))


def test_triangle_indices_from():
    a = np.ones((3, 5))
    for ours, theirs in [(la.tril_indices_from, np.tril_indices_from), (la.triu_indices_from, np.triu_indices_from)]:
        for got, want in zip(ours(la.from_array(a, chunks=2), k=1), theirs(a, k=1)):
            assert_eq(got, want)
    with pytest.raises(ValueError, match="tril_indices_from: input array must be 2-d"):
        la.tril_indices_from(la.ones(3))
    with pytest.raises(TypeError, match="tril_indices: n must be an integer"):
        la.tril_indices(2.5)


@given(shapes_and_chunks(1, 3, 5, empty_blocks=True), st.data())
def test_unravel_then_ravel_round_trip(shape_chunks, data):
    dims, _ = shape_chunks
    assume(np.prod(dims) > 0)
    n = int(np.prod(dims))
    flat = data.draw(st.lists(st.integers(0, n - 1), max_size=12))
    idx = la.from_array(np.array(flat, dtype=np.intp), chunks=data.draw(chunks_for((len(flat),), empty_blocks=True)))
    order = data.draw(st.sampled_from(["C", "F"]))
    coords = la.unravel_index(idx, dims, order=order)
    want = np.unravel_index(np.array(flat, dtype=np.intp), dims, order=order)
    for got, w in zip(coords, want):
        assert_eq(got, w)
    assert_eq(la.ravel_multi_index(coords, dims, order=order), np.array(flat, dtype=np.intp))


def test_ravel_multi_index_modes_and_errors():
    rows, cols = np.array([0, 5, -1]), np.array([3, 1, 2])
    for mode in ("wrap", "clip", ("clip", "wrap")):
        assert_eq(la.ravel_multi_index((la.from_array(rows, chunks=2), cols), (4, 3), mode=mode),
                  np.ravel_multi_index((rows, cols), (4, 3), mode=mode))
    with pytest.raises(ValueError, match="ravel_multi_index: got 1 coordinate arrays for 2 dimensions"):
        la.ravel_multi_index((rows,), (4, 3))
    with pytest.raises(ValueError, match="ravel_multi_index: mode='bad'"):
        la.ravel_multi_index((rows, cols), (4, 3), mode="bad")
    with pytest.raises(TypeError, match="coordinates must be integers"):
        la.ravel_multi_index((rows * 1.0, cols), (4, 3))
    with pytest.raises(ValueError, match="invalid entry in coordinates array"):  # NumPy's, at compute time
        la.ravel_multi_index((la.from_array(rows), cols), (4, 3)).compute()
    with pytest.raises(TypeError, match="unravel_index: indices must be integers"):
        la.unravel_index(la.ones(2), (2, 2))


# --------------------------------------------------------------------------------------------
# insert, delete, shuffle, union1d


A = np.arange(30).reshape(5, 6)


@pytest.mark.parametrize("obj, values, axis", [
    (1, 5, 1), ([1, 3], [10, 30], 1), (slice(0, 4, 2), [[7], [8], [9], [1], [2]], 1),
    (2, np.arange(6), 0), (2, [[1], [2], [3], [4], [5]], 1), (-1, 9, None), ([0, 0, 6], [1, 2, 3], 1),
    (0, 2.5, 0), ([5, 0], 7, 0), (np.array([2]), [[1, 2, 3, 4, 5, 6]], 0),
])
def test_insert_matches_numpy(obj, values, axis):
    x = la.from_array(A, chunks=(2, 4))
    assert_eq(la.insert(x, obj, values, axis=axis), np.insert(A, obj, values, axis=axis))
    assert_eq(la.insert(x, obj, la.asarray(np.asarray(values)), axis=axis), np.insert(A, obj, values, axis=axis))


@given(lazy_arrays(shape=st.integers(0, 6).map(lambda n: (n, 3)), dtype=np.int64, empty_blocks=True), st.data())
def test_delete_matches_numpy(ax, data):
    a, x = ax
    n = a.shape[0]
    obj = data.draw(st.one_of(st.lists(st.integers(-n, n - 1), max_size=4) if n else st.just([]),
                              st.builds(slice, st.integers(-3, 3) | st.none(), st.integers(-3, 6) | st.none(),
                                        st.sampled_from([1, 2, -1]))))
    assert_eq(la.delete(x, obj, axis=0), np.delete(a, obj, axis=0))


def test_insert_delete_errors():
    x = la.from_array(A, chunks=2)
    with pytest.raises(IndexError, match="insert: index 7 is out of bounds for axis 1 with size 6"):
        la.insert(x, 7, 0, axis=1)
    with pytest.raises(IndexError, match="delete: "):
        la.delete(x, 9, axis=1)
    with pytest.raises(ValueError, match="insert: could not broadcast values of shape"):
        la.insert(x, [1, 2], [[1, 2, 3]], axis=1)
    with pytest.raises(TypeError, match="insert: obj must be an int, slice or sequence of ints, not a lazy array"):
        la.insert(x, la.arange(2), 0, axis=1)
    with pytest.raises(np.exceptions.AxisError):
        la.delete(x, 0, axis=2)
    with pytest.raises(ValueError, match="delete: the length of axis 0 is unknown"):
        la.delete(x[x[:, 0] > 3], 0, axis=0)


def test_shuffle_groups_and_chunks():
    x = la.from_array(A, chunks=(2, 3))
    indexer = [[4, 1], [0], [2, 3]]
    y = la.shuffle(x, indexer, axis=0)
    assert_eq(y, A[[4, 1, 0, 2, 3]])
    assert all(sum(y.chunks[0][:i]) in (0, 2, 3, 5) for i in range(len(y.chunks[0]) + 1))  # groups never split
    assert_eq(x.shuffle([[5, 0], [1, 2, 3, 4]], axis=1, chunks=(5, 3)), A[:, [5, 0, 1, 2, 3, 4]])
    with pytest.raises(IndexError, match="shuffle: positions must be in"):
        la.shuffle(x, [[9]], axis=0)
    with pytest.raises(ValueError, match="shuffle: indexer is empty"):
        la.shuffle(x, [], axis=0)


@given(lazy_arrays(dtype=np.int64, values="small", empty_blocks=True), lazy_arrays(dtype=np.int64, values="small"))
def test_union1d_matches_numpy(ax, by):
    (a, x), (b, y) = ax, by
    assert_eq(la.union1d(x, y), np.union1d(a, b), check_blocks=False)


# --------------------------------------------------------------------------------------------
# select, piecewise, isnull/notnull, allclose, i0, ndim/shape


@given(lazy_arrays(dtype=np.float64, empty_blocks=True))
def test_select_and_piecewise_match_numpy(ax):
    a, x = ax
    assert_eq(la.select([x < -0.5, x > 0.5], [x, x * 2], default=7.0), np.select([a < -0.5, a > 0.5], [a, a * 2], 7.0))
    assert_eq(la.select([x < -0.5], [x], default=-x), np.select([a < -0.5], [a], -a))  # an array default
    assert_eq(la.piecewise(x, [x < 0, x >= 1], [lambda v: -v, 5.0, lambda v: v * 10]),
              np.piecewise(a, [a < 0, a >= 1], [lambda v: -v, 5.0, lambda v: v * 10]))


def test_select_errors():
    x = la.arange(4)
    with pytest.raises(ValueError, match="select: list of cases must be same length"):
        la.select([x > 1], [x, x])
    with pytest.raises(TypeError, match="select: invalid entry 0 in condlist: should be boolean"):
        la.select([x], [x])
    with pytest.raises(ValueError, match="select: select with an empty condition list"):
        la.select([], [])
    with pytest.raises(ValueError, match="piecewise: with 1 condition"):
        la.piecewise(x, [x > 1], [1, 2, 3])


def test_isnull_notnull_allclose_i0():
    values = np.array([1.0, np.nan, 3.0, np.inf])
    assert_eq(la.isnull(la.from_array(values, chunks=3)), np.isnan(values))
    assert_eq(la.notnull(la.from_array(values, chunks=3)), ~np.isnan(values))
    objects = np.array([None, "a", np.nan, 3], dtype=object)
    assert_eq(la.isnull(la.from_array(objects, chunks=2)), np.array([True, False, True, False]))
    times = np.array(["2020-01-01", "NaT"], dtype="datetime64[D]")
    assert_eq(la.isnull(la.from_array(times)), np.isnat(times))
    assert_eq(la.isnull(la.arange(3)), np.zeros(3, dtype=bool))
    x = la.from_array(values[[0, 2]], chunks=1)
    assert bool(la.allclose(x, x + 1e-9)) and not bool(np.allclose(x, x + 1))
    assert bool(la.allclose(la.from_array(values), values, equal_nan=True))
    grid = np.linspace(-3, 3, 13)
    assert_eq(la.i0(la.from_array(grid, chunks=5)), np.i0(grid))
    with pytest.raises(TypeError, match="i0 not supported for complex values"):
        la.i0(la.ones(2) * 1j)
    y = la.ones((3, 4), chunks=2)
    assert (np.ndim(y), np.shape(y), la.ndim(5), la.shape([[1, 2]])) == (2, (3, 4), 0, (1, 2))
    assert np.isnan(np.shape(y[y[:, 0] > 0])[0])


# --------------------------------------------------------------------------------------------
# moment, coarsen, push


@given(lazy_arrays(dtype=st.sampled_from([np.float64, np.int64]), shape=st.tuples(st.integers(1, 6),
                                                                                    st.integers(1, 6))),
       st.integers(0, 4), st.sampled_from([None, 0, 1, (0, 1)]), st.integers(0, 1))
def test_moment_matches_the_definition(ax, order, axis, ddof):
    a, x = ax
    axes = tuple(range(a.ndim)) if axis is None else axis
    n = np.prod([a.shape[i] for i in np.atleast_1d(axes)])
    af = a.astype(float)
    if order == 0:
        want = np.ones_like(af.sum(axis=axis))
    elif order == 1:
        want = np.zeros_like(af.sum(axis=axis))
    else:
        assume(n - ddof > 0)
        want = ((af - af.mean(axis=axis, keepdims=True)) ** order).sum(axis=axis) / (n - ddof)
    assert_eq(la.moment(x, order, axis=axis, ddof=ddof), want, rtol=1e-9, atol=1e-9)
    assert_eq(x.moment(order, axis=axis, ddof=ddof), want, rtol=1e-9, atol=1e-9)


def test_moment_unknown_sizes():
    a = np.arange(10.0)
    x = la.from_array(a, chunks=3)
    kept = a[a > 2]
    want = ((kept - kept.mean()) ** 3).sum() / (len(kept) - 1)
    assert_eq(la.moment(x[x > 2], 3, ddof=1), want, rtol=1e-12)


def test_moment_errors():
    with pytest.raises(ValueError, match="moment: order must be an integer >= 0"):
        la.moment(la.ones(3), -1)
    with pytest.raises(ValueError, match="moment: order must be an integer >= 0"):
        la.moment(la.ones(3), 1.5)


def coarsen_reference(reduction, a, factors):
    shape = []
    for n, f in zip(a.shape, factors):
        shape += [n // f, f]
    trimmed = a[tuple(slice(0, n - n % f) for n, f in zip(a.shape, factors))]
    return reduction(trimmed.reshape(shape), axis=tuple(range(1, 2 * a.ndim, 2)))


@given(st.data(), st.sampled_from([np.mean, np.sum, np.max]), st.booleans())
def test_coarsen_matches_reshape_reduce(data, reduction, trim):
    factors = data.draw(st.tuples(st.integers(1, 3), st.integers(1, 3)))
    if trim:
        shape = data.draw(st.tuples(st.integers(0, 9), st.integers(0, 9)))
    else:
        shape = tuple(f * data.draw(st.integers(0, 3)) for f in factors)
    a = np.arange(np.prod(shape), dtype=float).reshape(shape) % 7
    x = la.from_array(a, chunks=data.draw(chunks_for(shape, empty_blocks=True)))
    got = la.coarsen(reduction, x, {0: factors[0], 1: factors[1]}, trim_excess=trim)
    assert_eq(got, coarsen_reference(reduction, a, factors))


def test_coarsen_errors():
    x = la.ones((6, 5), chunks=3)
    with pytest.raises(ValueError, match="coarsen: coarsening factor 2 does not divide the length 5 of axis 1"):
        la.coarsen(np.sum, x, {1: 2})
    with pytest.raises(ValueError, match="coarsen: factor for axis 0 must be a positive integer"):
        la.coarsen(np.sum, x, {0: 0})
    with pytest.raises(np.exceptions.AxisError, match="coarsen: axis 2 is out of bounds"):
        la.coarsen(np.sum, x, {2: 2})
    with pytest.raises(TypeError, match="coarsen: axes must be a dict"):
        la.coarsen(np.sum, x, [2])


def push_reference(a, n, axis):
    """Forward fill one line at a time, with a counter of steps since the last valid value."""
    out = np.moveaxis(a.copy(), axis, -1)
    for line in out.reshape(-1, out.shape[-1]) if out.size else []:
        last, steps = np.nan, 0
        for i, v in enumerate(line):
            if np.isnan(v):
                steps += 1
                if n is None or steps <= n:
                    line[i] = last
            else:
                last, steps = v, 0
    return np.moveaxis(out, -1, axis)


@given(lazy_arrays(dtype=np.float64, nan=0.5, shape=st.tuples(st.integers(0, 5), st.integers(0, 9)),
                   empty_blocks=True), st.one_of(st.none(), st.integers(0, 4)), st.sampled_from([0, 1, -1]))
def test_push_matches_a_loop(ax, n, axis):
    a, x = ax
    assert_eq(la.push(x, n, axis), push_reference(a, n, axis))


def test_push_unknown_sizes():
    a = np.array([1.0, np.nan, np.nan, 4, np.nan, 6, np.nan, np.nan, np.nan])
    x = la.from_array(a, chunks=3)
    kept = a != 6
    for n in (None, 0, 1, 2):
        assert_eq(la.push(x[x != 6], n, 0), push_reference(a[kept], n, 0), check_blocks=False)


def test_push_integers_and_errors():
    x = la.arange(5, chunks=2)
    assert la.push(x, None, 0) is x
    with pytest.raises(ValueError, match="push: n must be None or a non-negative integer"):
        la.push(la.ones(3), -1, 0)


# --------------------------------------------------------------------------------------------
# gufunc helpers, apply_over_axes, frompyfunc, unify_chunks


@pytest.mark.parametrize("kwargs", [dict(axis=0), dict(axis=1, keepdims=True), dict(axes=[(1,), (1,), ()]),
                                    dict(axes=[2, 2]), dict(keepdims=True), dict(axis=-1)])
def test_apply_gufunc_axes_match_numpy_gufunc(kwargs):
    rng = np.random.default_rng(0)
    a, b = rng.random((4, 5, 6)), rng.random((4, 5, 6))
    x, y = la.from_array(a, chunks=2), la.from_array(b, chunks=3)
    assert_eq(la.apply_gufunc(np.vecdot, "(i),(i)->()", x, y, allow_rechunk=True, **kwargs),
              np.vecdot(a, b, **kwargs))


def test_apply_gufunc_axes_with_two_core_dims_and_errors():
    m = np.random.default_rng(1).random((3, 4, 4))
    x = la.from_array(m, chunks=2)
    axes = [(0, 1), (1, 0), (2, 0)]
    assert_eq(la.apply_gufunc(np.matmul, "(i,j),(j,k)->(i,k)", x, x, axes=axes, allow_rechunk=True),
              np.matmul(m, m, axes=axes))
    with pytest.raises(TypeError, match="give axes= or axis=, not both"):
        la.apply_gufunc(np.vecdot, "(i),(i)->()", x, x, axis=0, axes=[0, 0])
    with pytest.raises(ValueError, match="axis= needs one and the same core dimension"):
        la.apply_gufunc(np.matmul, "(i,j),(j,k)->(i,k)", x, x, axis=0)
    with pytest.raises(ValueError, match="axes has 1 entries"):
        la.apply_gufunc(np.vecdot, "(i),(i)->()", x, x, axes=[0])
    assert la.apply_gufunc(np.vecdot, "(i),(i)->()", x, x, meta=np.array((), dtype=np.float32),
                           allow_rechunk=True).dtype == np.float32


def test_gufunc_and_as_gufunc():
    a = np.random.default_rng(2).random((5, 3))

    @la.as_gufunc("(i)->()", output_dtypes=float)
    def norm(v):
        return np.sqrt((v ** 2).sum(-1))

    assert isinstance(norm, la.gufunc)
    assert_eq(norm(la.from_array(a, chunks=(2, 3))), np.linalg.norm(a, axis=-1))
    assert_eq(norm(la.from_array(a.T, chunks=(3, 2)), axis=0), np.linalg.norm(a, axis=-1))
    g = la.gufunc(lambda v: np.linalg.norm(v, axis=-1), signature="(i)->()", output_dtypes=float, axis=0)
    assert_eq(g(la.from_array(a.T, chunks=1), allow_rechunk=True), np.linalg.norm(a, axis=-1))
    with pytest.raises(TypeError, match="gufunc: signature= is required"):
        la.gufunc(np.sum)
    with pytest.raises(TypeError, match="as_gufunc: unsupported keyword"):
        la.as_gufunc("(i)->()", bogus=1)


@given(lazy_arrays(dtype=np.float64, shape=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4))),
       st.lists(st.integers(-3, 2), min_size=1, max_size=3))
def test_apply_over_axes_matches_numpy(ax, axes):
    a, x = ax
    assert_eq(la.apply_over_axes(np.sum, x, axes), np.apply_over_axes(np.sum, a, axes), rtol=1e-9)
    assert_eq(np.apply_over_axes(np.max, x, axes), np.apply_over_axes(np.max, a, axes))


def test_apply_over_axes_errors():
    with pytest.raises(np.exceptions.AxisError, match="apply_over_axes: axis 3 is out of bounds"):
        la.apply_over_axes(np.sum, la.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="apply_over_axes: function is not returning an array of the correct shape"):
        la.apply_over_axes(lambda v, axis: v.sum(), la.ones((2, 2, 2)), 0)


def test_frompyfunc():
    f = la.frompyfunc(lambda a, b: a * 10 + b, 2, 1)
    a = np.arange(5)
    assert_eq(f(la.from_array(a, chunks=2), 3), np.frompyfunc(lambda a, b: a * 10 + b, 2, 1)(a, 3))
    q, r = la.frompyfunc(divmod, 2, 2)(la.from_array(a, chunks=2), 3)
    assert_eq(q, (a // 3).astype(object))
    assert_eq(r, (a % 3).astype(object))
    assert f(2, 3) == 23  # NumPy input: NumPy's ufunc


def test_unify_chunks():
    x, y = la.ones((10, 4), chunks=(5, 2)), la.ones((10,), chunks=3)
    chunkss, (x2, y2, c) = la.unify_chunks(x, "ij", y, "i", 7, None)
    assert chunkss == {"i": (3, 2, 1, 3, 1), "j": (2, 2)}
    assert x2.chunks == ((3, 2, 1, 3, 1), (2, 2)) and y2.chunks == ((3, 2, 1, 3, 1),) and c == 7
    assert_eq(x2, np.ones((10, 4)))
    _, (z,) = la.unify_chunks([1, 2, 3], "i")  # array-likes become lazy arrays
    assert_eq(z, np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="unify_chunks: axes with index 'i' have different lengths"):
        la.unify_chunks(x, "ij", la.ones(3), "i")
    with pytest.raises(ValueError, match="unify_chunks: arguments must alternate array, index"):
        la.unify_chunks(x)
    with pytest.raises(ValueError, match="unify_chunks: index 'i' has 1 letters"):
        la.unify_chunks(x, "i")


# --------------------------------------------------------------------------------------------
# vindex


@given(lazy_arrays(dtype=np.int64, shape=st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(0, 4)),
                   empty_blocks=True), st.data())
def test_vindex_matches_numpy_pointwise(ax, data):
    a, x = ax
    npts = data.draw(st.integers(0, 9))
    rows = np.array(data.draw(st.lists(st.integers(-a.shape[0], a.shape[0] - 1), min_size=npts, max_size=npts)),
                    dtype=np.intp)
    cols = np.array(data.draw(st.lists(st.integers(-a.shape[1], a.shape[1] - 1), min_size=npts, max_size=npts)),
                    dtype=np.intp)
    # dask's rule: the point axis first, then the sliced axes (for 2 adjacent lists NumPy agrees)
    assert_eq(x.vindex[rows, cols], a[rows, cols])
    assert_eq(x.vindex[rows.reshape(-1, 1)[:, :1], cols[:1]] if npts else x.vindex[rows, cols],
              a[rows.reshape(-1, 1)[:, :1], cols[:1]] if npts else a[rows, cols])
    if a.shape[2]:
        k = np.zeros(npts, dtype=np.intp)
        assert_eq(x.vindex[rows, :, k], np.moveaxis(a[rows, :, k], 0, 0))
        assert_eq(x.vindex[..., k[:1]], np.moveaxis(a[..., k[:1]], -1, 0))


def test_vindex_reads_each_block_once_and_never_the_whole_array():
    a = np.arange(400).reshape(20, 20)
    x = la.from_array(a, chunks=5)
    rows, cols = np.array([19, 0, 7, 7, 12]), np.array([0, 19, 3, 3, 18])
    y = x.vindex[rows, cols]
    assert_eq(y, a[rows, cols])
    picks = [k for k in y.graph.tasks() if k.name.startswith("vindex-pick")]
    assert len(picks) == 4  # only the 4 blocks holding points are read, each once
    assert_eq(x.vindex[[[1, 2], [3, 4]], [0, 1]], a[[[1, 2], [3, 4]], [0, 1]])


def test_vindex_errors():
    x = la.ones((4, 4), chunks=2)
    with pytest.raises(IndexError, match="vindex: index 4 is out of bounds for axis 0 with size 4"):
        x.vindex[[4], [0]]
    with pytest.raises(IndexError, match="vindex: shape mismatch"):
        x.vindex[[0, 1], [0, 1, 2]]
    with pytest.raises(IndexError, match="vindex: needs at least one integer array"):
        x.vindex[1:2]
    with pytest.raises(IndexError, match="vindex: too many indices"):
        x.vindex[[0], [0], [0]]
    with pytest.raises(IndexError, match="vindex: index for axis 0 must be integers"):
        x.vindex[[0.5], [0]]
    with pytest.raises(NotImplementedError, match="vindex: lazy index arrays are not supported"):
        x.vindex[la.arange(2), [0, 1]]
    with pytest.raises(ValueError, match="vindex: the chunk sizes along axis 0 are unknown"):
        x[x[:, 0] > 0].vindex[[0], [0]]


# --------------------------------------------------------------------------------------------
# name=, from_array's keywords, map_blocks/blockwise keywords, the dask-style reduction


@pytest.mark.parametrize("make", [
    lambda name: la.zeros(3, name=name), lambda name: la.ones((2, 2), name=name),
    lambda name: la.empty(2, name=name), lambda name: la.full(2, 7, name=name),
    lambda name: la.zeros_like(la.ones(2), name=name), lambda name: la.ones_like(la.ones(2), name=name),
    lambda name: la.empty_like(la.ones(2), name=name), lambda name: la.full_like(la.ones(2), 3, name=name),
    lambda name: la.arange(4, name=name), lambda name: la.linspace(0, 1, 3, name=name),
    lambda name: la.eye(2, name=name), lambda name: la.from_array(np.arange(3), name=name),
])
def test_name_keyword_names_the_result(make):
    x = make("my-array")
    assert x.name == "my-array"
    np.testing.assert_array_equal(x.compute().shape, make(None).compute().shape)


def test_from_array_keywords():
    a = np.arange(10)
    calls = []

    def reader(source, index):
        calls.append(index)
        return source[index] * 2

    x = la.from_array(a, chunks=4, getitem=reader, fancy=False, meta=np.empty(0), inline_array=True, asarray=True)
    np.testing.assert_array_equal(x.compute(), a * 2)
    assert sorted(calls, key=lambda i: i[0].start) == [(slice(0, 4),), (slice(4, 8),), (slice(8, 10),)]
    assert la.from_array(a, name=False).name != la.from_array(a, name=False).name  # fresh random names
    import threading

    lock = threading.Lock()
    assert_eq(la.from_array(a, chunks=3, lock=lock, getitem=reader), a * 2)
    with pytest.raises(ValueError, match="from_array: asarray=False is not supported"):
        la.from_array(a, asarray=False)


def test_map_blocks_and_blockwise_keywords():
    x = la.ones((4, 6), chunks=2)
    assert la.map_blocks(lambda b: b + 1, x, token="plus").name.startswith("plus-")
    assert x.map_blocks(lambda b: b, meta=np.array((), dtype="f4")).dtype == np.float32
    with pytest.raises(ValueError, match="map_blocks: the function returned a block with 0 dimensions"):
        la.map_blocks(lambda b: b.sum(), x, enforce_ndim=True).compute()
    y = la.blockwise(lambda b: b[:1], "ij", x, "ij", dtype=float, adjust_chunks={"i": 1})
    assert y.chunks == ((1, 1), (2, 2, 2))
    assert_eq(y, np.ones((2, 6)))
    z = la.blockwise(lambda b: b[:, :1], "ij", x, "ij", meta=np.array((), dtype=np.int8),
                     adjust_chunks={"j": lambda n: n // 2}, token="half")
    assert z.dtype == np.int8 and z.chunks[1] == (1, 1, 1) and z.name.startswith("half-")
    with pytest.raises(ValueError, match="blockwise: inputs have different chunks"):
        la.blockwise(np.add, "i", la.ones(6, chunks=2), "i", la.ones(6, chunks=3), "i", dtype=float,
                     align_arrays=False)
    with pytest.raises(ValueError, match="adjust_chunks gives 1 block lengths for 3 blocks"):
        la.blockwise(np.negative, "j", la.ones(6, chunks=2), "j", dtype=float, adjust_chunks={"j": (2,)})


def test_reduction_takes_dask_arguments():
    da = pytest.importorskip("dask.array")
    a = np.random.default_rng(3).random((6, 8))
    w = np.random.default_rng(4).random((6, 8))

    def chunk(x, weights=None, axis=None, keepdims=None):
        return np.sum(x if weights is None else x * weights, axis=axis, keepdims=keepdims)

    def agg(x, axis=None, keepdims=None):
        return np.sum(x, axis=axis, keepdims=keepdims)

    ours = la.reduction(la.from_array(a, chunks=2), chunk, agg, axis=0, weights=w, dtype=float, split_every=2)
    theirs = da.reduction(da.from_array(a, chunks=2), chunk, agg, axis=0, weights=w, dtype=float, split_every=2)
    assert_eq(ours, theirs.compute())

    def agg_list(parts, axis=None, keepdims=None):
        joined = np.concatenate(parts, axis=axis[0]) if isinstance(parts, list) else parts
        return np.sum(joined, axis=axis, keepdims=keepdims)

    assert_eq(la.reduction(la.from_array(a, chunks=3), chunk, agg_list, combine=agg_list, concatenate=False,
                           axis=1, meta=np.empty(0)), a.sum(axis=1))
    with pytest.raises(TypeError, match="reduction: out= is not supported"):
        la.reduction(la.ones(2), chunk, agg, out=np.empty(()))
    with pytest.raises(ValueError, match="reduction: weights of shape"):
        la.reduction(la.ones((2, 3)), chunk, agg, weights=np.ones(2))


def test_accepted_keywords_change_nothing():
    x = la.arange(12, chunks=5)
    assert_eq(x.reshape(3, 4, merge_chunks=False, limit="1MB"), np.arange(12).reshape(3, 4))
    assert_eq(la.reshape(x, (4, 3), merge_chunks=True), np.arange(12).reshape(4, 3))
    assert x.rechunk(4, method="tasks").chunks == ((4, 4, 4),)
    u = x[x > 3]
    assert_eq(la.concatenate([u, u], allow_unknown_chunksizes=True), np.r_[np.arange(4, 12), np.arange(4, 12)],
              check_blocks=False)
    assert_eq(la.bincount(la.from_array([0, 1, 1, 5], chunks=1), split_every=2), np.bincount([0, 1, 1, 5]),
              check_blocks=False)
    assert_eq(la.linalg.solve(la.eye(3, chunks=2) * 2, la.ones(3), assume_a="pos"), np.full(3, 0.5))
    v = np.arange(16.0)
    dot = la.einsum("i,i->", la.from_array(v, chunks=2), la.from_array(v, chunks=2), split_every=2)
    assert_eq(dot, v @ v)
    rounds = {k.name.rsplit("-", 1)[0] for k in dot.graph.tasks() if "combine" in k.name}
    assert len(rounds) == 3  # 8 partial products added 2 at a time: 3 rounds of the tree
    with pytest.raises(ValueError, match="solve: assume_a='bad'"):
        la.linalg.solve(la.eye(2), la.ones(2), assume_a="bad")
    import dask

    assert la.compute(x.sum(), get=dask.get) == (66,)
    with pytest.raises(TypeError, match="compute: give scheduler= or get=, not both"):
        la.compute(x, get=dask.get, scheduler="sync")


# --------------------------------------------------------------------------------------------
# Array methods and properties


def test_array_methods_from_dask():
    a = np.arange(24.0).reshape(4, 6)
    x = la.from_array(a, chunks=(3, 4))
    assert_eq(x.partitions[1, 0], a[3:, :4])
    assert_eq(x.trace(offset=1), np.trace(a, offset=1))
    assert_eq(la.from_array([1, 0, 1]).choose([[10, 11, 12], [20, 21, 22]]), np.array([20, 11, 22]))
    assert_eq(x.view(np.int64), a.view(np.int64))
    assert_eq(x.view("i4"), a.view("i4"))
    assert_eq(x.view("i4", order="F"), np.ascontiguousarray(a.T).view("i4").T)  # bytes along the first axis
    assert x.view() is x
    assert x.to_svg(size=120).startswith("<svg") and 'width="120"' in x.to_svg(size=120)
    with pytest.raises(ValueError, match="view: blocks along axis 1 have lengths"):
        la.from_array(a.astype(np.int8), chunks=(2, 3)).view(np.int16)
    with pytest.raises(ValueError, match="view: order='K'"):
        x.view("i4", order="K")


# --------------------------------------------------------------------------------------------
# storage and interop


def test_npy_stack_round_trip_and_dask_compatible(tmp_path):
    a = np.arange(24.0).reshape(4, 6)
    x = la.from_array(a, chunks=(3, 4))
    la.to_npy_stack(str(tmp_path / "ours"), x, axis=1)
    y = la.from_npy_stack(str(tmp_path / "ours"))
    assert y.chunks == ((4,), (4, 2))
    assert_eq(y, a)
    da = pytest.importorskip("dask.array")
    np.testing.assert_array_equal(da.from_npy_stack(str(tmp_path / "ours")).compute(), a)
    da.to_npy_stack(str(tmp_path / "theirs"), da.from_array(a, chunks=(2, 6)))
    assert_eq(la.from_npy_stack(str(tmp_path / "theirs"), mmap_mode=None), a)
    with pytest.raises(FileNotFoundError, match="from_npy_stack: .* has no 'info' file"):
        la.from_npy_stack(str(tmp_path))
    with pytest.raises(ValueError, match="to_npy_stack: a 0-d array has no axis"):
        la.to_npy_stack(str(tmp_path / "zero"), la.ones(()))


def test_to_hdf5(tmp_path):
    h5py = pytest.importorskip("h5py")
    a = np.arange(24.0).reshape(4, 6)
    x = la.from_array(a, chunks=(3, 4))
    path = str(tmp_path / "data.h5")
    la.to_hdf5(path, {"/a": x, "/b/c": x[0]}, compression="gzip")
    x.to_hdf5(path, "/d", chunks=None)
    with h5py.File(path) as f:
        np.testing.assert_array_equal(f["/a"][:], a)
        np.testing.assert_array_equal(f["/b/c"][:], a[0])
        np.testing.assert_array_equal(f["/d"][:], a)
        assert f["/a"].chunks == (3, 4) and f["/d"].chunks is None and f["/a"].compression == "gzip"
    with pytest.raises(ValueError, match="to_hdf5: give a dataset path and an array"):
        la.to_hdf5(path, x)
    with pytest.raises(TypeError, match="to_hdf5: '/e' maps to a ndarray"):
        la.to_hdf5(path, {"/e": a})


def test_delayed_interop():
    dask = pytest.importorskip("dask")
    value = dask.delayed(np.arange)(5)
    x = la.from_delayed(value, shape=(5,), dtype=int, name="from-d")
    assert x.name == "from-d"
    assert_eq(x * 2, np.arange(5) * 2)
    assert la.from_delayed(value, (5,), meta=np.empty(0, dtype=np.int8)).dtype == np.int8
    y = la.from_delayed(value, shape=(np.nan,), dtype=int)
    np.testing.assert_array_equal(y.compute(), np.arange(5))
    with pytest.raises(ValueError, match="from_delayed: the delayed value computed to shape"):
        la.from_delayed(value, shape=(4,), dtype=int).compute()
    with pytest.raises(TypeError, match="from_delayed: give dtype="):
        la.from_delayed(value, shape=(5,))
    with pytest.raises(TypeError, match="from_delayed: expected a dask.delayed value"):
        la.from_delayed(np.arange(3), shape=(3,), dtype=int)
    a = np.arange(12).reshape(3, 4)
    parts = la.from_array(a, chunks=2).to_delayed()
    assert parts.shape == (2, 2)
    np.testing.assert_array_equal(parts[1, 1].compute(), a[2:, 2:])
    np.testing.assert_array_equal(dask.compute(*parts.ravel().tolist())[3], a[2:, 2:])


def test_store_return_stored():
    x = la.arange(10, chunks=3)
    target = np.zeros(12, dtype=int)
    stored = la.store(x * 2, target, regions=(slice(1, 11),), compute=False, return_stored=True)
    assert target.sum() == 0  # nothing written yet
    assert_eq(stored, np.arange(10) * 2)
    np.testing.assert_array_equal(target[1:11], np.arange(10) * 2)
    target2 = np.zeros(10, dtype=int)
    (again,) = la.store([x], [target2], return_stored=True)
    np.testing.assert_array_equal(target2, np.arange(10))
    target2[:] = -1  # the returned array reads the target: it sees later writes (load_stored=False)
    assert_eq(again, np.full(10, -1))
    loaded = la.store(x, np.zeros(10, dtype=int), return_stored=True, load_stored=True)
    assert_eq(loaded, np.arange(10))


def test_to_zarr_dask_keywords(tmp_path):
    zarr = pytest.importorskip("zarr")
    x = la.arange(12, chunks=5)
    path = str(tmp_path / "x.zarr")
    assert_eq(la.to_zarr(x, path, return_stored=True), np.arange(12))
    la.to_zarr(la.full(4, -1, chunks=2), path, region=(slice(2, 6),))
    np.testing.assert_array_equal(zarr.open_array(path)[:], np.r_[0, 1, -1, -1, -1, -1, 6:12])
    later = str(tmp_path / "later.zarr")
    done = la.to_zarr(x * 10, later, compute=False)
    assert zarr.open_array(later)[:].sum() == 0  # created, not yet written
    done.compute()
    np.testing.assert_array_equal(zarr.open_array(later)[:], np.arange(12) * 10)
    with pytest.raises(FileExistsError):
        la.to_zarr(x, later)
    la.to_zarr(x, later, mode="w")
    np.testing.assert_array_equal(zarr.open_array(later)[:], np.arange(12))
    back = la.to_zarr(x + 1, later, mode="r+", compute=False, return_stored=True)
    assert_eq(back, np.arange(12) + 1)
    assert la.from_zarr(later, name="zz", inline_array=True).name == "zz"
    with pytest.raises(ValueError, match="to_zarr: mode='q'"):
        la.to_zarr(x, later, mode="q")
    with pytest.raises(FileNotFoundError, match="to_zarr: region= and mode='r\\+' write into an existing array"):
        la.to_zarr(x, str(tmp_path / "missing.zarr"), region=(slice(0, 12),))


def test_random_module_level_distributions():
    la.random.seed(5)
    assert la.random.beta(2, 3, size=(4, 2), chunks=2).compute().shape == (4, 2)
    assert la.random.gamma(2.0, size=3).compute().min() > 0
    assert la.random.standard_cauchy(3).dtype == np.float64
    ints = la.random.random_integers(3, size=200).compute()
    assert ints.min() >= 1 and ints.max() <= 3
    counts = la.random.multinomial(20, [0.2, 0.3, 0.5], size=(3, 2), chunks=2)
    assert counts.chunks == ((2, 1), (2,), (3,))
    assert (counts.compute().sum(axis=-1) == 20).all()
    la.random.seed(7)
    first = la.random.triangular(0, 1, 2, size=5).compute()
    la.random.seed(7)
    np.testing.assert_array_equal(la.random.triangular(0, 1, 2, size=5).compute(), first)
    with pytest.raises(ValueError, match="random.multinomial: pvals must be 1-d"):
        la.random.multinomial(3, [[0.5, 0.5]])
    with pytest.raises(ValueError, match="random.multinomial: n must be a scalar"):
        la.random.multinomial([3, 4], [0.5, 0.5])


def test_performance_warning_is_a_warning():
    assert issubclass(la.PerformanceWarning, Warning)
