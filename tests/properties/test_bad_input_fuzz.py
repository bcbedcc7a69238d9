"""A differential fuzz test against NumPy over bad (and borderline) arguments.

Hypothesis draws a small array, a function and an argument from a pool of the values users
get wrong: axes that are floats, strings, bools, tuples or out of range; shapes with floats
and negative lengths; indices out of range; dtypes that do not exist; fill values that do not
fit; ``chunks=`` that are zero, negative or unreadable. For each call:

* where NumPy raises, lazyarr raises an exception of the same type (a subclass is fine:
  ``AxisError`` is an ``IndexError``) *while building the graph*, before any compute;
* where NumPy succeeds, lazyarr succeeds too and computes NumPy's values.

``chunks=`` has no NumPy counterpart: a bad one must fail at build time with ValueError or
TypeError naming the function (never ``parse_bytes``/``normalize_chunks``), a good one must
cover the shape with a sensible number of blocks.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.core.array import is_array
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import shapes

# -- the arguments users get wrong -------------------------------------------------------------------
AXES = st.one_of(st.integers(-4, 4), st.sampled_from([1.0, 0.5, "0", "-1", True, False, None, (0,), (0, 0),
                                                      (0, -1), [0], (1.0,), np.int64(1), np.float64(0)]))
SIZES = st.one_of(st.integers(-3, 13), st.sampled_from([2.0, "3", True, np.int32(2), np.float32(2.0), None]))
SHAPES = st.one_of(SIZES, st.lists(SIZES, max_size=3).map(tuple))
INDICES = st.one_of(st.integers(-6, 6), st.sampled_from([1.5, "1", True, None, (0, 0), [0, 5], [-7], [1.0],
                                                         np.array([0, 9]), np.array([], dtype=float)]))
DTYPES = st.sampled_from([None, "int8", "float32", "complex64", "bool", "U3", "foo", "i9", int, float])
FILLS = st.sampled_from([0, 1000, -1, 2**70, 1.5, "a", None, np.nan, 1j])
KTH = st.one_of(st.integers(-7, 7), st.sampled_from([1.0, (0, 2), [1, 9], "1"]))

#: name -> (argument strategy, call(xp, x, arg)); xp is numpy or lazyarr, x an array of that module
CALLS = {
    # axes
    **{name: (AXES, (lambda name: lambda xp, x, arg: getattr(xp, name)(x, axis=arg))(name))
       for name in ["sum", "prod", "max", "any", "mean", "var", "nanmax", "nansum", "cumsum", "cumprod", "sort",
                    "argsort", "diff", "expand_dims", "squeeze", "flip", "count_nonzero", "ptp", "median"]},
    "take": (AXES, lambda xp, x, arg: xp.take(x, [0], axis=arg)),
    "repeat": (AXES, lambda xp, x, arg: xp.repeat(x, 2, axis=arg)),
    "concatenate": (AXES, lambda xp, x, arg: xp.concatenate([x, x], axis=arg)),
    "stack": (AXES, lambda xp, x, arg: xp.stack([x, x], axis=arg)),
    "swapaxes": (AXES, lambda xp, x, arg: xp.swapaxes(x, arg, 0)),
    "moveaxis": (AXES, lambda xp, x, arg: xp.moveaxis(x, arg, 0)),
    "split": (AXES, lambda xp, x, arg: xp.split(x, 1, axis=arg)),
    "roll axis": (AXES, lambda xp, x, arg: xp.roll(x, 1, axis=arg)),
    "cumulative_sum": (AXES, lambda xp, x, arg: xp.cumulative_sum(x, axis=arg)),
    # sizes, shapes and other integers
    "reshape": (SHAPES, lambda xp, x, arg: xp.reshape(x, arg)),
    "reshape method": (SHAPES, lambda xp, x, arg: x.reshape(*arg) if isinstance(arg, tuple) else x.reshape(arg)),
    "zeros": (SHAPES, lambda xp, x, arg: xp.zeros(arg)),
    "ones dtype": (DTYPES, lambda xp, x, arg: xp.ones((2, 3), dtype=arg)),
    "astype": (DTYPES, lambda xp, x, arg: x.astype(arg)),
    "full int8": (FILLS, lambda xp, x, arg: xp.full((3,), arg, dtype=np.int8)),
    "full uint8 like": (FILLS, lambda xp, x, arg: xp.full_like(x, arg, dtype=np.uint8)),
    "diff n": (SIZES, lambda xp, x, arg: xp.diff(x, n=arg)),
    "roll shift": (INDICES, lambda xp, x, arg: xp.roll(x, arg)),
    "partition": (KTH, lambda xp, x, arg: xp.partition(x, arg, axis=None)),
    # indices
    "take indices": (INDICES, lambda xp, x, arg: xp.take(x, arg)),
    "getitem": (INDICES, lambda xp, x, arg: x[arg]),
    "take_along_axis": (INDICES, lambda xp, x, arg: xp.take_along_axis(
        x, np.full((1,) * x.ndim, arg if isinstance(arg, int) else 0), axis=-1)),
}

def _outcome(call):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return call(), None
        except Exception as exc:
            return None, exc


def _compute(result):
    if isinstance(result, (list, tuple)):
        return [_compute(r) for r in result]
    return result.compute() if is_array(result) else result


def _same(lazy, expected):
    if isinstance(expected, (list, tuple)):
        assert isinstance(lazy, (list, tuple)) and len(lazy) == len(expected)
        for a, b in zip(lazy, expected):
            _same(a, b)
    elif is_array(lazy):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            assert_eq(lazy, np.asarray(expected), equal_nan=True)
    else:
        assert lazy == expected or (lazy != lazy and expected != expected)


#: where NumPy itself fails and lazyarr answers: (function, when) -> why
NUMPY_FAILS = {
    "median": (lambda shape, arg: 0 in shape,
               "NumPy's median of an empty array over a tuple of axes fails reshaping ('cannot reshape array of "
               "size 0'); lazyarr returns the empty result"),
}


def check_call(name, shape, arg):
    """Call *name* with *arg* on an array of *shape* in NumPy and lazyarr; compare outcomes."""
    args, call = CALLS[name]
    if name in NUMPY_FAILS and NUMPY_FAILS[name][0](shape, arg):
        return
    a = np.arange(int(np.prod(shape)), dtype=float).reshape(shape) - 3
    chunks = tuple(max(1, n // 2) for n in shape)
    expected, np_error = _outcome(lambda: call(np, a, arg))
    x = la.from_array(a, chunks=chunks)
    built, la_error = _outcome(lambda: call(la, x, arg))
    if np_error is not None:
        assert la_error is not None, f"NumPy raised {np_error!r}; lazyarr built {built!r} without an error"
        assert isinstance(la_error, type(np_error)), f"NumPy raised {np_error!r}, lazyarr {la_error!r}"
        return
    if isinstance(la_error, NotImplementedError):
        return  # a documented "not yet"
    assert la_error is None, f"NumPy succeeded; lazyarr raised {la_error!r}"
    computed, compute_error = _outcome(lambda: _compute(built))
    assert compute_error is None, f"NumPy succeeded; lazyarr failed at compute: {compute_error!r}"
    _same(built, expected)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bad_arguments_fail_like_numpy_at_build_time(data):
    name = data.draw(st.sampled_from(sorted(CALLS)), label="function")
    shape = data.draw(shapes(max_dims=3, max_side=4), label="shape")
    check_call(name, shape, data.draw(CALLS[name][0], label="argument"))


@pytest.mark.parametrize("name, shape, arg", [
    ("cumsum", (3, 4), 1.0), ("sort", (3, 4), (0,)), ("take", (3, 4), "0"), ("concatenate", (3, 4), 1.0),
    ("reshape method", (3, 4), (2.0, 6)), ("reshape method", (3, 4), ("3", 4)), ("reshape", (6,), (-2, 3)),
    ("roll axis", (6,), "0"), ("sum", (), 0), ("full int8", (3,), 1000), ("partition", (6,), 10),
    ("take_along_axis", (3, 4), 9), ("squeeze", (1, 3), True), ("getitem", (3,), 3),
])
def test_issue_reproducers(name, shape, arg):
    check_call(name, shape, arg)


CHUNKS = st.one_of(st.integers(-3, 6), st.sampled_from(["auto", "0 B", "-1 MiB", "1 B", "16 B", "1 KiB", "big", "",
                                                         "1e2", "-5", None, -1, 2.0, 2.5, (2, 2), (0,), ((2, 2),),
                                                         ((1, 1, 1, 1),), {0: 3}, {5: 1}, [2], "2", object()]))
MAKERS = {
    "ones": lambda shape, chunks: la.ones(shape, chunks=chunks),
    "arange": lambda shape, chunks: la.arange(int(np.prod(shape)), chunks=chunks).reshape(shape),
    "from_array": lambda shape, chunks: la.from_array(np.ones(shape), chunks=chunks),
    "random": lambda shape, chunks: la.random.default_rng(0).random(shape, chunks=chunks),
    "rechunk": lambda shape, chunks: la.ones(shape, chunks=1).rechunk(chunks),
}


@settings(max_examples=150, deadline=None)
@given(shape=shapes(min_dims=1, max_dims=2, max_side=6), chunks=CHUNKS, maker=st.sampled_from(sorted(MAKERS)))
def test_bad_chunks_fail_at_build_time_naming_the_function(shape, chunks, maker):
    result, error = _outcome(lambda: MAKERS[maker](shape, chunks))
    if error is not None:
        assert isinstance(error, (ValueError, TypeError)), repr(error)
        msg = str(error)
        assert "parse_bytes" not in msg and "normalize_chunks" not in msg, msg
        return
    assert tuple(sum(c) for c in result.chunks) == shape
    if isinstance(chunks, str) and 0 not in shape:
        # A byte-size string never makes more blocks than elements (the '-1 MiB' bug made millions).
        assert result.npartitions <= int(np.prod(shape))
    assert result.compute().shape == shape
