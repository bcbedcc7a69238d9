"""lazyarr.overlap, map_overlap and sliding_window_view against NumPy (np.pad and sliding windows).

The oracle for a halo is NumPy's ``np.pad`` of the whole array, axis by axis (``"none"``: no
padding): an overlapped block must equal the window of the padded array around it. The oracle
for ``map_overlap`` is a stencil run on the whole padded array: a weighted sum over the window
``[i - before, i + after]`` of every element (zero where the window leaves the array it is
given), so wrong, missing or mirrored halos change the result.
"""

import numpy as np
import pytest
import xarray as xr
from hypothesis import assume, given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.overlap import ensure_minimum_chunksize, overlap, trim_internal, trim_overlap
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import chunks_for, dtypes, shapes

NP_MODE = {"periodic": "wrap", "reflect": "symmetric", "nearest": "edge"}
BOUNDARIES = st.sampled_from(["none", "periodic", "reflect", "nearest", 0, -7, 2.5])


def values(shape, dtype, seed=0):
    """Small integers of *dtype* (sums of them are exact in float64)."""
    rng = np.random.default_rng(seed)
    return rng.integers(-20, 20, size=shape).astype(dtype) if np.dtype(dtype).kind != "b" \
        else rng.integers(0, 2, size=shape).astype(bool)


def pad(xn, depths, boundaries):
    """*xn* padded axis by axis, as overlap pads the whole array ('none': not at all)."""
    for axis, ((before, after), b) in enumerate(zip(depths, boundaries)):
        if b == "none" or before == after == 0:
            continue
        width = [(0, 0)] * xn.ndim
        width[axis] = (before, after)
        xn = np.pad(xn, width, mode=NP_MODE[b]) if isinstance(b, str) else np.pad(xn, width, constant_values=b)
    return xn


def offsets(depths, boundaries):
    return [0 if b == "none" else before for (before, _), b in zip(depths, boundaries)]


def merged_chunks(chunks, depths):
    """The chunks overlap works on: blocks shorter than the depth merged (ensure_minimum_chunksize)."""
    out = []
    for c, (before, after) in zip(chunks, depths):
        need, n = max(before, after), sum(c)
        out.append(c if need == 0 or min(c) >= need else (n,) if n <= need else ensure_minimum_chunksize(need, c))
    return tuple(out)


def expected_overlap(xn, chunks, depths, boundaries):
    """The blocks of overlap(x) glued together: each block's window of the padded array."""
    padded = pad(xn, depths, boundaries)
    index = []
    for c, (before, after), b, off in zip(chunks, depths, boundaries, offsets(depths, boundaries)):
        bounds = np.cumsum((0, *c))
        parts = []
        for i in range(len(c)):
            lo = bounds[i] - (0 if (b == "none" and i == 0) else before)
            hi = bounds[i + 1] + (0 if (b == "none" and i == len(c) - 1) else after)
            parts.append(np.arange(lo + off, hi + off))
        index.append(np.concatenate(parts).astype(int))
    return padded[np.ix_(*index)] if xn.ndim else padded


def stencil(depths):
    """A weighted sum over the window [i - before, i + after] per axis; zero where it leaves the block."""
    window = tuple(b + a + 1 for b, a in depths)
    weights = np.ones(window)
    for axis, w in enumerate(window):
        shape = [1] * len(window)
        shape[axis] = w
        weights = weights * np.arange(1, w + 1).reshape(shape) ** (axis + 1)

    def f(block):
        out = np.zeros(block.shape)
        if any(n < w for n, w in zip(block.shape, window)):
            return out
        views = np.lib.stride_tricks.sliding_window_view(block.astype(float), window)
        sums = (views * weights).sum(axis=tuple(range(block.ndim, 2 * block.ndim)))
        out[tuple(slice(b, n - a) for (b, a), n in zip(depths, block.shape))] = sums
        return out

    return f


@st.composite
def overlap_cases(draw, max_dims=3, kinds="biufc"):
    """(numpy array, chunks with small and zero-length blocks, depths per axis, boundaries per axis)."""
    shape = draw(shapes(0, max_dims, max_side=6))
    chunks = draw(chunks_for(shape, empty_blocks=True, max_blocks=None))
    depths = [(draw(st.integers(0, 3)), draw(st.integers(0, 3))) for _ in shape]
    boundaries = [draw(BOUNDARIES) for _ in shape]
    dtype = draw(dtypes(kinds))
    assume(all(not isinstance(b, float) or dtype.kind in "fc" for b in boundaries))  # 2.5 cannot fill ints
    return values(shape, dtype, draw(st.integers(0, 9))), chunks, depths, boundaries


def invalid(xn, depths, boundaries):
    """Depths NumPy's padding cannot honour as overlap does: these must raise ValueError."""
    for n, (before, after), b in zip(xn.shape, depths, boundaries):
        if max(before, after) == 0:
            continue
        if b in ("periodic", "reflect") and max(before, after) > n or b == "nearest" and n == 0:
            return True
    return False


def depth_arg(depths, draw_dict):
    """The same depths spelled as a dict of (before, after) pairs or a tuple with one entry per axis."""
    if draw_dict:
        return {axis: d for axis, d in enumerate(depths) if d != (0, 0)}
    return tuple(d if d[0] != d[1] else d[0] for d in depths)


# -- overlap and trim -------------------------------------------------------------------------------
@given(overlap_cases(), st.booleans())
def test_overlap_is_the_window_of_the_padded_array(case, as_dict):
    xn, chunks, depths, boundaries = case
    x = la.from_array(xn, chunks=chunks)
    if invalid(xn, depths, boundaries):
        with pytest.raises(ValueError, match="overlap: "):
            overlap(x, depth_arg(depths, as_dict), tuple(boundaries))
        return
    got = overlap(x, depth_arg(depths, as_dict), tuple(boundaries))
    assert_eq(got, expected_overlap(xn, merged_chunks(chunks, depths), depths, boundaries), exact=True)
    back = trim_internal(got, depth_arg(depths, as_dict), tuple(boundaries))
    assert_eq(back, xn, exact=True)
    assert back.chunks == merged_chunks(chunks, depths)


@given(overlap_cases(kinds="if"))
def test_map_overlap_stencil_against_numpy(case):
    xn, chunks, depths, boundaries = case
    assume(not invalid(xn, depths, boundaries))
    x = la.from_array(xn, chunks=chunks)
    f = stencil(depths)
    got = la.map_overlap(f, x, depth={a: d for a, d in enumerate(depths)}, boundary=tuple(boundaries), dtype=float)
    start = offsets(depths, boundaries)
    expected = f(pad(xn, depths, boundaries))[tuple(slice(o, o + n) for o, n in zip(start, xn.shape))]
    assert_eq(got, expected, exact=True)
    assert got.chunks == merged_chunks(chunks, depths)


def test_overlap_matches_dask_documented_example():
    x = la.from_array(np.arange(64).reshape(8, 8), chunks=(4, 4))
    g = overlap(x, depth={0: 2, 1: 1}, boundary={0: 100, 1: "reflect"})
    assert g.chunks == ((8, 8), (6, 6))
    expected = np.pad(np.pad(np.arange(64).reshape(8, 8), ((2, 2), (0, 0)), constant_values=100),
                      ((0, 0), (1, 1)), mode="symmetric")
    rows = np.r_[0:8, 4:12]
    cols = np.r_[0:6, 4:10]
    np.testing.assert_array_equal(g.compute(), expected[np.ix_(rows, cols)])


def test_overlap_asymmetric_with_every_boundary():
    xn = np.arange(10)
    x = la.from_array(xn, chunks=5)
    for b in ["none", "periodic", "reflect", "nearest", -1]:
        got = overlap(x, {0: (1, 3)}, b).compute()
        if b == "none":
            np.testing.assert_array_equal(got, np.r_[xn[0:8], xn[4:10]])
        else:
            p = pad(xn, [(1, 3)], [b])
            np.testing.assert_array_equal(got, np.r_[p[0:9], p[5:14]])


def test_blocks_smaller_than_depth_are_merged_or_refused():
    x = la.from_array(np.arange(10), chunks=((3, 3, 4),))
    assert overlap(x, 4, "none").chunks == ((10, 8),)  # merged to (6, 4), then extended
    with pytest.raises(ValueError, match=r"overlap: depth 4 along axis 0 is larger than its smallest block "
                                         r"\(3\).*allow_rechunk=True"):
        overlap(x, 4, "none", allow_rechunk=False)
    with pytest.raises(ValueError, match="map_overlap: depth 4 along axis 0"):
        la.map_overlap(lambda b: b, x, depth=4, allow_rechunk=False)
    # an axis shorter than the depth becomes one block; only the boundary can fill its halo
    assert_eq(overlap(x, 12, "none"), np.arange(10))
    assert_eq(overlap(x, 12, 0), np.pad(np.arange(10), 12))
    assert_eq(overlap(x, 12, "nearest"), np.pad(np.arange(10), 12, mode="edge"))


def test_zero_length_blocks_and_empty_axes():
    x = la.from_array(np.arange(12.0).reshape(3, 4), chunks=((0, 2, 0, 1), (2, 0, 2)))
    y = x.map_overlap(lambda b: b * 2, depth={1: 1}, boundary="periodic")
    assert y.chunks == ((0, 2, 0, 1), (2, 2))  # axis 0 has no halo: its zero-length blocks stay
    assert_eq(y, np.arange(12.0).reshape(3, 4) * 2)
    e = la.zeros((0, 5), chunks=((0,), (2, 3)))
    assert_eq(e.map_overlap(lambda b: b + 1, depth=1, boundary=0), np.zeros((0, 5)))
    with pytest.raises(ValueError, match="boundary='nearest' along axis 0 needs an element"):
        overlap(e, 1, "nearest")
    with pytest.raises(ValueError, match=r"depth 1 along axis 0 is larger than the axis \(0 elements\)"):
        overlap(e, 1, "reflect")


def test_zero_dimensional_and_depth_zero():
    s = la.from_array(np.array(5.0))
    assert_eq(la.map_overlap(lambda b: b + 1, s, depth=0), np.array(6.0))
    x = la.ones((4, 4), chunks=2)
    assert overlap(x, 0, "reflect") is x
    assert overlap(x, {1: 0}, None) is x


def test_unknown_sizes_only_where_there_is_no_halo():
    x = la.from_array(np.arange(12.0).reshape(3, 4), chunks=(1, 2))
    y = x[x[:, 0] > 0]  # rows of unknown length
    with pytest.raises(ValueError, match="overlap: the chunk sizes along axis 0 are unknown"):
        overlap(y, 1, "none")
    z = overlap(y, {1: 1}, "reflect")
    np.testing.assert_array_equal(trim_internal(z, {1: 1}, "reflect").compute(), np.arange(12.0).reshape(3, 4)[1:])


def test_trim_overlap_after_untrimmed_map_overlap():
    xn = np.arange(20.0).reshape(4, 5)
    x = la.from_array(xn, chunks=(2, 3))
    y = x.map_overlap(lambda b: -b, depth=(1, 1), boundary="nearest", trim=False)
    assert y.chunks == ((4, 4), (5, 4))
    assert_eq(trim_overlap(y, 1, "nearest"), -xn)
    with pytest.raises(ValueError, match="trim_internal: block 0 along axis 1 has 3 elements, fewer than the 4"):
        trim_internal(x, {1: 2}, 0)


def test_map_overlap_several_arrays_and_per_array_depths():
    xn, yn = np.arange(12.0).reshape(3, 4), np.arange(4.0) * 10
    x, y = la.from_array(xn, chunks=(1, 2)), la.from_array(yn, chunks=2)
    got = la.map_overlap(lambda a, b: a + b, x, y, depth=1, boundary="reflect")
    assert_eq(got, xn + yn)
    got = la.map_overlap(lambda a, b, c: a * c + b, x, la.from_array(xn, chunks=3), 2.0,
                         depth=[{1: 1}, {1: 1}], boundary=["periodic", "periodic"])
    assert_eq(got, xn * 2 + xn)
    with pytest.raises(ValueError, match="map_overlap: depth is a list of 1 entries for 2 arrays"):
        la.map_overlap(lambda a, b: a + b, x, y, depth=[1])
    with pytest.raises(ValueError, match="align_arrays=False the arrays' block grids must agree"):
        la.map_overlap(lambda a, b: a + b, x, la.from_array(xn, chunks=3), depth=1, align_arrays=False)


def test_map_overlap_drop_axis_and_new_axis():
    xn = np.arange(24.0).reshape(4, 6)
    x = la.from_array(xn, chunks=(4, 3))
    # dask's documented example: the halo of the dropped axis is inside the sums
    s = la.map_overlap(lambda b: b.sum(axis=0), x, depth={0: 1}, boundary="reflect", drop_axis=0)
    assert_eq(s, np.pad(xn, ((1, 1), (0, 0)), mode="symmetric").sum(axis=0))
    n = la.map_overlap(lambda b: b[None] * 2, x, depth={1: 1}, boundary=0, new_axis=0, chunks=((1,), (4,), (5, 5)))
    assert_eq(n, xn[None] * 2)


def test_map_overlap_method_has_dasks_signature():
    import inspect

    import dask.array as da

    assert list(inspect.signature(la.Array.map_overlap).parameters)[:5] == \
        list(inspect.signature(da.Array.map_overlap).parameters)[:5]
    for name in ["overlap", "trim_internal", "trim_overlap", "ensure_minimum_chunksize", "map_overlap"]:
        ours, theirs = inspect.signature(getattr(la.overlap, name)), inspect.signature(getattr(da.overlap, name))
        assert list(theirs.parameters) == [p for p in ours.parameters if p in theirs.parameters], name
    x = la.from_array(np.array([1, 1, 2, 3, 3, 3, 2, 1, 1]), chunks=5)
    assert_eq(x.map_overlap(lambda b: b - np.roll(b, 1), 1, 0), np.array([1, 0, 1, 1, 0, 0, -1, -1, 0]))


@pytest.mark.parametrize("bad, kind, message", [
    ({"depth": -1}, ValueError, "depth must be non-negative"),
    ({"depth": {0: (1, -2)}}, ValueError, "depth must be non-negative"),
    ({"depth": 1.5}, TypeError, "depth must be an integer"),
    ({"depth": True}, TypeError, "depth must be an integer"),
    ({"depth": (1, 1, 1)}, ValueError, "has 3 entries for an array with 2 dimensions"),
    ({"depth": {0: (1, 2, 3)}}, ValueError, r"an int or a \(before, after\) pair"),
    ({"depth": {2: 1}}, np.exceptions.AxisError, "axis 2 is out of bounds"),
    ({"depth": {"x": 1}}, TypeError, "depth keys must be axis numbers"),
    ({"depth": 1, "boundary": "bogus"}, ValueError, "boundary='bogus'"),
    ({"depth": 1, "boundary": object()}, TypeError, "boundary must be"),
    ({"depth": 1, "boundary": {0: "wrap"}}, ValueError, "boundary='wrap'"),
    ({"depth": 1, "boundary": np.nan}, ValueError, "boundary=nan cannot fill an array of dtype int64"),
    ({"depth": 5, "boundary": "periodic"}, ValueError, r"depth 5 along axis 0 is larger than the axis \(4"),
])
def test_bad_depth_and_boundary(bad, kind, message):
    x = la.from_array(np.arange(20).reshape(4, 5), chunks=2)
    with pytest.raises(kind, match=message):
        overlap(x, bad["depth"], bad.get("boundary", "none"))
    with pytest.raises(kind, match=message):
        x.map_overlap(lambda b: b, bad["depth"], bad.get("boundary", "none"))


# -- ensure_minimum_chunksize -------------------------------------------------------------------------
@given(st.lists(st.integers(0, 6), min_size=1, max_size=8).map(tuple), st.integers(0, 12))
def test_ensure_minimum_chunksize(chunks, size):
    if size > sum(chunks):
        with pytest.raises(ValueError, match="ensure_minimum_chunksize: size"):
            ensure_minimum_chunksize(size, chunks)
        return
    out = ensure_minimum_chunksize(size, chunks)
    assert sum(out) == sum(chunks) and len(out) <= len(chunks)
    assert min(out) >= size
    assert out == chunks or min(chunks) < size  # already long enough: left alone
    # block borders stay where they were (only merges, no cuts)
    assert set(np.cumsum(out)) <= set(np.cumsum(chunks))


# -- sliding_window_view -------------------------------------------------------------------------------
@st.composite
def window_cases(draw):
    shape = draw(shapes(1, 3, max_side=7))
    chunks = draw(chunks_for(shape, empty_blocks=True, max_blocks=None))
    ndim = len(shape)
    if draw(st.booleans()):
        axis = None
        window = tuple(draw(st.integers(0, n + 1)) for n in shape)
    else:
        axis = tuple(draw(st.lists(st.integers(-ndim, ndim - 1), min_size=1, max_size=3)))
        window = tuple(draw(st.integers(0, 4)) for _ in axis)
    dtype = draw(dtypes())
    return values(shape, dtype, draw(st.integers(0, 9))), chunks, window, axis


@given(window_cases())
def test_sliding_window_view_against_numpy(case):
    xn, chunks, window, axis = case
    x = la.from_array(xn, chunks=chunks)
    try:
        expected = np.lib.stride_tricks.sliding_window_view(xn, window, axis)
    except ValueError:
        with pytest.raises(ValueError, match="sliding_window_view: "):
            la.lib.stride_tricks.sliding_window_view(x, window, axis)
        return
    got = la.lib.stride_tricks.sliding_window_view(x, window, axis)
    assert_eq(got, expected, exact=True)
    assert_eq(np.lib.stride_tricks.sliding_window_view(x, window, axis), expected, exact=True)


def test_sliding_window_view_windows_cross_blocks_and_errors():
    xn = np.arange(20.0)
    x = la.from_array(xn, chunks=4)
    v = la.lib.stride_tricks.sliding_window_view(x, 5)
    assert v.chunks == ((4, 4, 4, 4, 0), (5,))
    assert_eq(v.mean(-1), np.lib.stride_tricks.sliding_window_view(xn, 5).mean(-1))
    with pytest.raises(ValueError, match=r"sliding_window_view: depth 4 along axis 0 is larger than its smallest "
                                         r"block \(2\)"):
        la.lib.stride_tricks.sliding_window_view(la.from_array(xn, chunks=3), 5, automatic_rechunk=False)
    with pytest.raises(TypeError, match="window_shape must be integers"):
        la.lib.stride_tricks.sliding_window_view(x, 2.0)
    with pytest.raises(NotImplementedError, match="writeable=True"):
        la.lib.stride_tricks.sliding_window_view(x, 2, writeable=True)
    with pytest.raises(np.exceptions.AxisError):
        la.lib.stride_tricks.sliding_window_view(x, 2, axis=1)
    with pytest.raises(ValueError, match="sliding_window_view: .*unknown"):
        la.lib.stride_tricks.sliding_window_view(x[x > 3], 2)


def test_xarray_rolling_on_a_lazy_dataarray():
    xn = np.arange(30.0).reshape(3, 10) ** 1.5
    lazy = xr.DataArray(la.from_array(xn, chunks=(2, 4)), dims=("y", "x"))
    plain = xr.DataArray(xn, dims=("y", "x"))
    got = lazy.rolling(x=3).mean()
    assert isinstance(got.data, la.Array)  # still lazy
    np.testing.assert_allclose(np.asarray(got.data), plain.rolling(x=3).mean().values, equal_nan=True)
    got = lazy.rolling(x=4, center=True, min_periods=2).sum()
    np.testing.assert_allclose(np.asarray(got.data), plain.rolling(x=4, center=True, min_periods=2).sum().values,
                               equal_nan=True)


# -- map_blocks(drop_axis) over several blocks -----------------------------------------------------
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_map_blocks_drop_axis_sees_whole_bands(n, m, data):
    xn = values((n, m), float)
    chunks = data.draw(chunks_for((n, m), empty_blocks=True))
    x = la.from_array(xn, chunks=chunks)
    drop = data.draw(st.sampled_from([0, 1, -1, (0, 1)]))
    axes = tuple(np.atleast_1d(drop) % 2)
    got = la.map_blocks(lambda b: b.sum(axis=axes), x, drop_axis=drop, dtype=float)
    assert_eq(got, xn.sum(axis=axes))
    # the kept axis keeps its blocks
    if len(axes) == 1:
        assert got.chunks == (x.chunks[1 - axes[0]],)


def test_map_blocks_drop_axis_broadcast_operand():
    xn, yn = values((4, 6), float), values((6,), float, 1)
    x, y = la.from_array(xn, chunks=(2, 3)), la.from_array(yn, chunks=2)
    assert_eq(la.map_blocks(lambda a, b: (a * b).sum(axis=1), x, y, drop_axis=1), (xn * yn).sum(axis=1))
    assert_eq(la.map_blocks(lambda a, b: (a * b).sum(axis=0), x, y, drop_axis=0), (xn * yn).sum(axis=0))


def test_every_local_scheduler(scheduler):
    xn = values((9, 7), float)
    x = la.from_array(xn, chunks=(2, 3))
    assert_eq(x.map_overlap(stencil([(1, 1), (0, 2)]), depth={0: 1, 1: (0, 2)}, boundary="reflect"),
              stencil([(1, 1), (0, 2)])(np.pad(xn, ((1, 1), (0, 2)), mode="symmetric"))[1:-1, :-2])
    assert_eq(la.lib.stride_tricks.sliding_window_view(x, (2, 3)).sum((-1, -2)),
              np.lib.stride_tricks.sliding_window_view(xn, (2, 3)).sum((-1, -2)))
