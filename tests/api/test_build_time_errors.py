"""Bad arguments fail when the graph is built, with NumPy's exception type and a message naming
the function and the argument (never an internal helper such as ``parse_bytes``).

Each reproducer of issue 15's "Errors at the right time" section is here; NumPy 2.4 is the
oracle for the type. ``tests/properties/test_bad_input_fuzz.py`` draws many more.
"""

from __future__ import annotations

import numpy as np
import pytest

import lazyarr as la
from lazyarr.core.validate import check_axes, check_axis, check_fill_value, check_integer, check_shape

AxisError = np.exceptions.AxisError
a1 = np.arange(6.0)
a2 = np.arange(12.0).reshape(3, 4)


def x1():
    return la.from_array(a1, chunks=2)


def x2():
    return la.from_array(a2, chunks=2)


def numpy_raises(call):
    try:
        call()
    except Exception as exc:
        return type(exc)
    return None


def assert_like_numpy(np_call, la_call, match):
    """NumPy raises some type; lazyarr raises that type (a subclass is fine) while building."""
    expected = numpy_raises(np_call)
    assert expected is not None
    with pytest.raises(expected, match=match):
        la_call()  # no .compute(): the error must come at build time


def test_full_with_a_fill_value_that_does_not_fit_is_an_overflow_error():
    assert_like_numpy(lambda: np.full((3,), 1000, dtype=np.int8), lambda: la.full((3,), 1000, dtype=np.int8),
                      "full: fill_value 1000 does not fit in int8")
    assert_like_numpy(lambda: np.full((3,), -1, dtype=np.uint8), lambda: la.full((3,), -1, dtype=np.uint8), "full")
    assert_like_numpy(lambda: np.full_like(a1, 1000, dtype=np.int8),
                      lambda: la.full_like(x1(), 1000, dtype=np.int8), "full_like")
    # What NumPy accepts (a float cast unsafely) lazyarr accepts too.
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(la.full(2, 3.7, dtype=np.int8).compute(), np.full(2, 3.7, dtype=np.int8))


@pytest.mark.parametrize("func", ["partition", "argpartition"])
@pytest.mark.parametrize("kth", [10, -7, [1, 6]])
def test_partition_kth_out_of_bounds(func, kth):
    assert_like_numpy(lambda: getattr(np, func)(a1, kth), lambda: getattr(la, func)(x1(), kth),
                      rf"{func}: kth\(=-?\d+\) out of bounds \(6\)")


def test_take_along_axis_with_a_concrete_out_of_range_index():
    assert_like_numpy(lambda: np.take_along_axis(a2, np.array([[9]]), axis=1),
                      lambda: la.take_along_axis(x2(), np.array([[9]]), axis=1),
                      "take_along_axis: index 9 is out of bounds for axis 1 with size 4")
    assert_like_numpy(lambda: np.take_along_axis(a2, np.array([[-5]]), axis=1),
                      lambda: la.take_along_axis(x2(), np.array([[-5]]), axis=1), "take_along_axis")
    np.testing.assert_array_equal(la.take_along_axis(x2(), np.array([[-1]]), axis=1).compute(),
                                  np.take_along_axis(a2, np.array([[-1]]), axis=1))


@pytest.mark.parametrize("chunks", ["-1 MiB", "0 B", "0.5 B", "big", "-5"])
@pytest.mark.parametrize("make", ["ones", "zeros", "random", "from_array", "rechunk", "arange"])
def test_chunk_byte_sizes_must_be_positive_and_errors_name_the_function(chunks, make):
    calls = {"ones": lambda: la.ones((100, 100), chunks=chunks), "zeros": lambda: la.zeros(100, chunks=chunks),
             "random": lambda: la.random.random((10, 10), chunks=chunks),
             "from_array": lambda: la.from_array(np.ones(10), chunks=chunks),
             "rechunk": lambda: la.ones(100, chunks=10).rechunk(chunks), "arange": lambda: la.arange(10, chunks=chunks)}
    with pytest.raises(ValueError) as info:
        calls[make]()
    msg = str(info.value)
    assert "parse_bytes" not in msg and "normalize_chunks" not in msg
    assert msg.startswith("random." if make == "random" else make), msg
    assert "chunks" in msg


def test_chunks_errors_name_the_function_not_normalize_chunks():
    with pytest.raises(ValueError, match=r"^ones: block sizes \(3, 3\) along axis 0 sum to 6"):
        la.ones(10, chunks=(3, 3))
    with pytest.raises(ValueError, match=r"^rechunk: block size 0"):
        la.ones(10).rechunk(0)
    with pytest.raises(ValueError, match=r"^rechunk: block_size_limit='0 B' is not a positive size"):
        la.ones(10).rechunk("auto", block_size_limit="0 B")


FUNCS_WITH_AXIS = {
    "cumsum": lambda m, x, ax: m.cumsum(x, axis=ax),
    "cumprod": lambda m, x, ax: m.cumprod(x, axis=ax),
    "cumulative_sum": lambda m, x, ax: m.cumulative_sum(x, axis=ax),
    "sort": lambda m, x, ax: m.sort(x, axis=ax),
    "argsort": lambda m, x, ax: m.argsort(x, axis=ax),
    "take": lambda m, x, ax: m.take(x, [0], axis=ax),
    "diff": lambda m, x, ax: m.diff(x, axis=ax),
    "repeat": lambda m, x, ax: m.repeat(x, 2, axis=ax),
    "concatenate": lambda m, x, ax: m.concatenate([x, x], axis=ax),
    "stack": lambda m, x, ax: m.stack([x, x], axis=ax),
    "swapaxes": lambda m, x, ax: m.swapaxes(x, ax, 0),
    "split": lambda m, x, ax: m.split(x, 1, axis=ax),
    "expand_dims": lambda m, x, ax: m.expand_dims(x, axis=ax),
    "squeeze": lambda m, x, ax: m.squeeze(x, axis=ax),
    "sum": lambda m, x, ax: m.sum(x, axis=ax),
    "mean": lambda m, x, ax: m.mean(x, axis=ax),
    "roll": lambda m, x, ax: m.roll(x, 1, axis=ax),
    "unique": lambda m, x, ax: m.unique(x, axis=ax),
}


@pytest.mark.parametrize("axis", [1.0, (0,), "0", 5, -3, True, np.float64(0)])
@pytest.mark.parametrize("name", FUNCS_WITH_AXIS)
def test_bad_axis_is_numpys_error_and_names_function_and_axis(name, axis):
    call = FUNCS_WITH_AXIS[name]
    expected = numpy_raises(lambda: call(np, a2, axis))
    if expected is None:
        if name == "unique":
            pytest.skip("unique(axis=) with a valid axis is not supported lazily (NotImplementedError)")
        result = call(la, x2(), axis)
        for r in result if isinstance(result, list) else [result]:
            r.compute()  # accepted as NumPy accepts it, and computes
        return
    with pytest.raises(expected) as info:
        call(la, x2(), axis)
    msg = str(info.value)
    if name not in ("split", "squeeze") or expected is not ValueError:
        assert msg.startswith(name + ":"), msg
        assert "axis" in msg


@pytest.mark.parametrize("shape", [(2.0, 6), ("3", 4), (np.float64(3), 4), (-1, -1), (-3, -2), (True, 12),
                                   (2.0,), (-2, 3), (-5, 2), 12.0])
def test_reshape_sizes_as_numpy(shape):
    args = shape if isinstance(shape, tuple) else (shape,)
    expected = numpy_raises(lambda: a2.reshape(*args))
    if expected is None:
        np.testing.assert_array_equal(x2().reshape(*args).compute(), a2.reshape(*args))
        np.testing.assert_array_equal(la.reshape(x2(), shape).compute(), np.reshape(a2, shape))
        return
    with pytest.raises(expected, match="reshape"):
        x2().reshape(*args)
    with pytest.raises(expected, match="reshape"):
        la.reshape(x2(), shape)


@pytest.mark.parametrize("shift, axis", [(1, "0"), (1, 1.0), (1.5, None), ("1", 0), (True, 0), (1, True),
                                         ([1, 2], [0, 0]), ([[1]], 0), (1, (0, 5))])
def test_roll_arguments_as_numpy(shift, axis):
    expected = numpy_raises(lambda: np.roll(a1, shift, axis=axis))
    if expected is None:
        np.testing.assert_array_equal(la.roll(x1(), shift, axis=axis).compute(), np.roll(a1, shift, axis=axis))
    else:
        with pytest.raises(expected, match="roll"):
            la.roll(x1(), shift, axis=axis)


@pytest.mark.parametrize("func", ["sum", "prod", "min", "max", "any", "all", "nansum", "nanmax", "nanmean",
                                  "nanvar", "mean", "std", "var", "ptp", "count_nonzero"])
@pytest.mark.parametrize("axis", [0, -1, 1, (0,)])
def test_reductions_of_a_0d_array_with_an_axis_as_numpy(func, axis):
    a = np.asarray(5.0)
    expected = numpy_raises(lambda: getattr(np, func)(a, axis=axis))
    if expected is None:
        np.testing.assert_array_equal(getattr(la, func)(la.asarray(a), axis=axis).compute(),
                                      getattr(np, func)(a, axis=axis))
    else:
        with pytest.raises(expected):
            getattr(la, func)(la.asarray(a), axis=axis)


def test_unique_with_an_out_of_range_axis_is_an_axis_error():
    with pytest.raises(AxisError, match="unique: axis 5"):
        la.unique(x1(), axis=5)
    with pytest.raises(NotImplementedError):  # a valid axis: not supported lazily (yet)
        la.unique(x2(), axis=0)


def test_diff_order_must_be_an_integer():
    assert_like_numpy(lambda: np.diff(a1, n=1.0), lambda: la.diff(x1(), n=1.0), "diff: n must be an integer")
    assert_like_numpy(lambda: np.diff(a1, n=-1), lambda: la.diff(x1(), n=-1), "diff: order must be non-negative")


def test_validation_helpers():
    assert check_axis("f", -1, 3) == 2
    assert check_axes("f", (0, -1), 3) == (0, 2)
    assert check_integer("f", "n", np.int32(4)) == 4 and check_integer("f", "n", True, bools=True) == 1
    assert check_shape("reshape", (3, -4), unknown_ok=True) == (3, -1)
    with pytest.raises(ValueError, match="f: repeated axis"):
        check_axes("f", (0, 0), 2)
    with pytest.raises(TypeError, match="f: axis must be an integer, got True"):
        check_axis("f", True, 2)
    with pytest.raises(AxisError, match="f: axis1=3 is out of bounds"):
        check_axis("f", 3, 2, name="axis1")
    with pytest.raises(ValueError, match="zeros: negative dimensions"):
        check_shape("zeros", (2, -1))
    with pytest.raises(ValueError):
        check_fill_value("full", "abc", np.int8)
    check_fill_value("full", 127, np.int8)


@pytest.mark.parametrize("shape, axis", [((0, 0), 0), ((0, 0), 1), ((3, 0), 1), ((0, 0, 2), 1), ((2, 0, 0), 2)])
def test_take_from_an_empty_axis_checks_indices_as_numpy(shape, axis):
    # NumPy checks no index when there is nothing before the axis to loop over (found by the fuzz test)
    a = np.zeros(shape)
    try:
        want = np.take(a, [0], axis=axis)
    except IndexError:
        with pytest.raises(IndexError, match="^take: "):
            la.take(la.from_array(a), [0], axis=axis)
    else:
        got = la.take(la.from_array(a), [0], axis=axis)
        assert got.shape == want.shape and got.compute().shape == want.shape
