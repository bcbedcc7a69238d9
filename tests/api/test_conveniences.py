"""The Python and NumPy conveniences users reach for, each as NumPy's.

Where NumPy returns an array the lazyarr version is lazy (``isclose``); where NumPy returns
a Python or NumPy value (``tolist``, ``item``, ``allclose``, ``iscomplexobj``,
``may_share_memory``, formatting and rounding a scalar) lazyarr returns that value too,
computing only what it needs. Iteration yields NumPy rows, as NumPy's does, and computes
each block at most once.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

import lazyarr as la
from lazyarr.testing import CountComputes, assert_eq
from lazyarr.testing.strategies import arrays_and_chunks


@pytest.fixture
def counter():
    c = CountComputes()
    with c:
        yield c


# -- tolist, item --------------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(arrays_and_chunks(max_side=4, empty_blocks=True))
def test_tolist_is_numpys(a_chunks):
    a, chunks = a_chunks
    got = la.from_array(a, chunks=chunks).tolist()
    assert got == a.tolist() or (a.dtype.kind in "fc" and np.array_equal(np.asarray(got), a, equal_nan=True))
    assert type(got) is type(a.tolist())


@pytest.mark.parametrize("args", [(), (3,), (-1,), (1, 2), ((1, 2),), (0, -1)])
def test_item_is_numpys(args):
    a = np.arange(6).reshape(2, 3)
    x = la.from_array(a, chunks=(1, 2))
    if args == ():
        a, x = a[:1, :1], x[:1, :1]
    got = x.item(*args)
    assert got == a.item(*args) and type(got) is int


@pytest.mark.parametrize("args, error", [((), ValueError), ((6,), IndexError), ((-7,), IndexError),
                                         ((2, 0), IndexError), ((0, 3), IndexError), ((0, 0, 0), ValueError),
                                         ((1.5,), TypeError)])
def test_item_errors_are_numpys(args, error):
    a = np.arange(6).reshape(2, 3)
    with pytest.raises(error):
        a.item(*args)
    with pytest.raises(error):
        la.from_array(a, chunks=2).item(*args)


def test_item_computes_only_the_block_it_needs(counter):
    x = la.arange(100, chunks=10)
    assert x.item(55) == 55
    assert counter.tasks <= 2  # the one block (and its slice), not ten


# -- __format__, __round__ -----------------------------------------------------------------------------
def test_format_with_a_spec_on_a_0d_array():
    x = la.arange(10, chunks=3)
    assert f"{x.sum():.2f}" == f"{np.arange(10).sum():.2f}" == "45.00"
    assert f"{x.mean():>8.3f}" == f"{np.arange(10).mean():>8.3f}"
    assert format(x[3], "04d") == "0003"
    assert f"{x}" == str(x)  # no spec: the lazy repr, nothing computed


def test_format_spec_on_an_array_with_axes_is_a_type_error():
    with pytest.raises(TypeError):
        format(np.arange(3), ".2f")
    with pytest.raises(TypeError, match="__format__"):
        format(la.arange(3), ".2f")


def test_round_of_a_0d_array_is_numpys_scalar_round():
    x = la.from_array(np.array([1.0, 2.3456]), chunks=1)
    s = np.array([1.0, 2.3456]).sum()
    assert round(x.sum(), 2) == round(s, 2) and type(round(x.sum(), 2)) is type(round(s, 2))
    assert round(x.sum()) == round(s) == 3 and type(round(x.sum())) is int
    with pytest.raises(TypeError):
        round(np.arange(3))
    with pytest.raises(TypeError, match="round"):
        round(la.arange(3))


# -- dtype and memory queries -------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["int8", "float32", "complex64", "bool", "complex128"])
def test_iscomplexobj_isrealobj_from_the_dtype(dtype, counter):
    x = la.ones(3, dtype=dtype)
    assert np.iscomplexobj(x) is la.iscomplexobj(x) is np.iscomplexobj(np.ones(3, dtype))
    assert np.isrealobj(x) is la.isrealobj(x) is np.isrealobj(np.ones(3, dtype))
    assert counter.computes == 0


def test_may_share_memory_says_whether_a_write_can_reach_the_other(counter):
    a = np.arange(6.0)
    shared, copied = la.asarray(a), la.asarray(a, copy=True)
    assert np.may_share_memory(shared, a) and np.shares_memory(a[2:], shared)
    assert not np.may_share_memory(copied, a) and not la.shares_memory(copied, a)
    assert not np.shares_memory(la.from_array(a[:3]), a[3:])
    assert np.may_share_memory(shared + 1, a)  # the sum still reads a when computed
    # Two lazy arrays never: a write to one rebinds it to a new graph.
    assert not np.may_share_memory(shared, shared) and not la.shares_memory(shared, shared[::-1])
    assert counter.computes == 0
    # And the answer is right: a write to a reaches the array that shares it.
    a[0] = 42.0
    assert shared[0].compute() == 42.0 and copied[0].compute() == 0.0


# -- allclose, isclose, array_equal, array_equiv ------------------------------------------------------
def test_isclose_is_lazy_and_the_yes_no_comparisons_are_bools():
    a = np.array([1.0, np.nan, 3.0])
    x = la.from_array(a, chunks=2)
    assert isinstance(np.isclose(x, a), la.Array)
    for got, want in [(np.allclose(x, a), np.allclose(a, a)), (la.allclose(x, a, equal_nan=True), True),
                      (np.array_equal(x, a), False), (la.array_equal(x, a, equal_nan=True), True),
                      (np.array_equiv(x, x[:1]), np.array_equiv(a, a[:1])),
                      (np.array_equiv(la.ones((2, 3)), [1, 1, 1]), True)]:
        assert type(got) is bool and got == want


def test_comparisons_of_mismatched_shapes_answer_without_computing(counter):
    x = la.ones((2, 3), chunks=1)
    assert np.array_equal(x, x[:1]) is False
    assert np.array_equiv(x, la.ones(2)) is False
    assert counter.computes == 0
    with pytest.raises(ValueError):  # as np.allclose(np.ones((2, 3)), np.ones(2))
        la.allclose(x, la.ones(2))


def test_array_equal_with_unknown_sizes():
    a = np.arange(6.0)
    x = la.from_array(a, chunks=2)
    assert la.array_equal(x[x > 2], a[a > 2])


# -- iteration ----------------------------------------------------------------------------------------
# the first row of blocks alone, then the rest together / one compute per row of blocks
@pytest.mark.parametrize("chunk_size", ["128 MiB", "100 B"])
def test_iteration_computes_each_block_once(counter, chunk_size):
    a = np.random.default_rng(0).random(1000)
    x = la.from_array(a, chunks=100)
    with la.config.set(chunk_size=chunk_size):
        for values in (list(x), sorted(x), [v for v in x]):
            assert len(values) == 1000
        assert sorted(x) == sorted(a)
        assert next(iter(x)) == a[0]  # the first element: one compute of the first block only
    per_pass = 2 if chunk_size == "128 MiB" else 10
    assert counter.computes == 4 * per_pass + 1
    assert counter.tasks <= 4 * 10 * 2 + 2  # each block once per pass (a read and maybe a slice)


def test_iteration_yields_numpy_rows_as_numpy_does():
    a = np.arange(12).reshape(4, 3)
    x = la.from_array(a, chunks=(3, 2))
    for how in ["128 MiB", "20 B"]:
        with la.config.set(chunk_size=how):
            rows = list(x)
            assert len(rows) == 4 and all(type(r) is np.ndarray for r in rows)
            np.testing.assert_array_equal(np.stack(rows), a)
            assert [type(v) for v in la.arange(3)] == [type(v) for v in np.arange(3)]
    with pytest.raises(TypeError, match="iteration over a 0-d array"):
        iter(la.ones(()))


def test_plt_hist_of_a_lazy_array_computes_once_and_matches_numpy(counter):
    plt = pytest.importorskip("matplotlib.pyplot")
    x = la.random.random(1000, chunks=100)
    values = x.compute()
    counter.computes = 0
    fig, ax = plt.subplots()
    try:
        n, bins, _ = ax.hist(x)
    finally:
        plt.close(fig)
    want_n, want_bins = np.histogram(values)
    np.testing.assert_array_equal(n, want_n)
    np.testing.assert_allclose(bins, want_bins)
    assert counter.computes <= x.numblocks[0]


def test_iterating_unknown_sizes_works():
    a = np.arange(10)
    x = la.from_array(a, chunks=3)
    assert [int(v) for v in x[x % 2 == 0]] == [0, 2, 4, 6, 8]
    assert_eq(x, a)
