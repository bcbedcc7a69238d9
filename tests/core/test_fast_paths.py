"""The performance shortcuts behave exactly like the plain code they replace."""

from __future__ import annotations

import itertools
import operator

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.api.random.generator import _FlatBlockId
from lazyarr.core.blockwise import Aligned, BlockRef, BlockwiseLayer, FusedFunction, PerBlock
from lazyarr.core.fused import IN, LIT, STEP
from lazyarr.core.graph import Key, Task, make_keys
from lazyarr.core.reduction import _Group
from lazyarr.core.tokenize import tokenize


# -- Task.from_parts and make_keys ----------------------------------------------------------------
def test_from_parts_matches_the_scanning_constructor():
    args = (Key("a", (0,)), 3, Key("b", (1, 2)))
    plain, fast = Task(max, args), Task.from_parts(max, args, {}, (Key("a", (0,)), Key("b", (1, 2))))
    assert fast.dependencies == plain.dependencies
    results = {Key("a", (0,)): 5, Key("b", (1, 2)): 9}
    assert fast.execute(results) == plain.execute(results) == 9


@given(st.text(max_size=5), st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=20))
def test_make_keys_makes_real_keys(name, indices):
    keys = make_keys(name, indices)
    assert keys == [Key(name, idx) for idx in indices]
    assert all(type(k) is Key and k.name == name for k in keys)
    assert {k: 1 for k in keys} == {Key(name, idx): 1 for idx in indices}


# -- BlockwiseLayer: the per-layer task maker builds the same tasks as the generic path -------------
def _reference_tasks(layer):
    """What the layer's tasks were before the fast path: resolve, then let Task scan."""
    out = {}
    for idx in itertools.product(*(range(n) for n in layer.numblocks)):
        args = tuple(a.resolve(idx) if type(a) in (BlockRef, PerBlock) else a for a in layer.args)
        out[Key(layer.name, idx)] = Task(layer.func, args, layer.kwargs)
    return out


def _same(tasks, reference):
    assert list(tasks) == list(reference)
    for k, t in tasks.items():
        r = reference[k]
        assert t.func is r.func and t.args == r.args and t.kwargs == r.kwargs
        assert t.dependencies == r.dependencies, k


@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.data())
def test_elementwise_layer_tasks_match_reference(numblocks, data):
    numblocks = tuple(numblocks)
    # A second input broadcast along some axes, a per-block value and a plain value.
    other = tuple(data.draw(st.sampled_from([n, 1])) for n in numblocks)
    args = [BlockRef("x", Aligned(numblocks, len(numblocks))), PerBlock(lambda idx: sum(idx)), "plain",
            BlockRef("y", Aligned(other, len(numblocks))), BlockRef("x", Aligned(numblocks, len(numblocks)))]
    layer = BlockwiseLayer("out", max, args, numblocks, {"k": 1})
    _same(layer.materialize(), _reference_tasks(layer))
    for key in layer:
        assert layer[key].dependencies == _reference_tasks(layer)[key].dependencies


def test_layer_with_block_lists_and_hidden_keys_uses_the_general_path():
    group = _Group((0,), {0: 2}, (5,))
    layer = BlockwiseLayer("out", max, [BlockRef("x", group), [Key("z", (0,))]], (3,))
    tasks = layer.materialize()
    _same(tasks, _reference_tasks(layer))
    assert tasks[Key("out", (2,))].dependencies == (Key("x", (4,)), Key("z", (0,)))


def test_layer_without_block_arguments():
    layer = BlockwiseLayer("c", max, [1, 2], (2, 2))
    _same(layer.materialize(), _reference_tasks(layer))


# -- FusedFunction: the register machine computes what a naive interpreter computes ---------------
def _naive(steps, inputs):
    values = []
    for func, specs, kwargs, _ in steps:
        args = [inputs[v] if k == IN else values[v] if k == STEP else v for k, v in specs]
        values.append(func(*args, **kwargs))
    return values[-1]


@st.composite
def programs(draw):
    n_in = draw(st.integers(1, 3))
    steps = []
    for j in range(draw(st.integers(1, 6))):
        specs = []
        for _ in range(2):
            kinds = [IN, LIT] + ([STEP] if j else [])
            kind = draw(st.sampled_from(kinds))
            v = (draw(st.integers(0, n_in - 1)) if kind == IN else draw(st.integers(0, j - 1)) if kind == STEP
                 else draw(st.integers(-3, 3)))
            specs.append((kind, v))
        func = draw(st.sampled_from([operator.add, operator.mul, operator.sub]))
        steps.append((func, tuple(specs), {}, func.__name__))
    used = {v for _, specs, _, _ in steps for k, v in specs if k == IN}
    inputs = tuple(draw(st.integers(-5, 5)) for _ in range(max(used, default=-1) + 1))
    return tuple(steps), inputs


@given(programs())
def test_fused_function_matches_naive_interpreter(program):
    steps, inputs = program
    assert FusedFunction(steps)(*inputs) == _naive(steps, inputs)


def test_fused_function_frees_intermediates_early():
    import weakref

    seen = []

    def make(x):
        out = np.full(3, x)
        seen.append(weakref.ref(out))
        return out

    def check_freed(a):
        # By now make's result was used by the last step that reads it (the add), so it is gone.
        assert seen[0]() is None
        return a

    steps = ((make, ((IN, 0),), {}, "make"), (np.add, ((STEP, 0), (LIT, 1)), {}, "add"),
             (check_freed, ((STEP, 1),), {}, "check"))
    assert FusedFunction(steps)(2).tolist() == [3, 3, 3]


def test_fused_function_error_keeps_type_and_names_the_step():
    steps = ((operator.truediv, ((IN, 0), (LIT, 0)), {}, "divide"),)
    with pytest.raises(ZeroDivisionError) as info:
        FusedFunction(steps)(1)
    assert any("fused step 'divide'" in n for n in info.value.__notes__)


def test_fused_chain_through_lazyarr(scheduler):
    x = la.random.random((30, 20), chunks=(7, 6))
    xn = x.compute()
    np.testing.assert_allclose(((x + 1) * 2 - x**2).sum(axis=1).compute(), ((xn + 1) * 2 - xn**2).sum(axis=1))


# -- small helpers that run once per block -----------------------------------------------------------
@given(st.lists(st.integers(1, 6), max_size=4), st.data())
def test_flat_block_id_is_ravel_multi_index(numblocks, data):
    idx = tuple(data.draw(st.integers(0, n - 1)) for n in numblocks)
    expected = int(np.ravel_multi_index(idx, numblocks)) if idx else 0
    assert _FlatBlockId(tuple(numblocks))(idx) == expected


def test_int_tuple_tokens_stay_distinct():
    assert tokenize((1, 2, 3)) == tokenize((1, 2, 3))
    assert len({tokenize((1, 2, 3)), tokenize([1, 2, 3]), tokenize((1, 2, 3.0)), tokenize((True, 2, 3)),
                tokenize((1, 2)), tokenize(((1, 2), 3))}) == 6


@given(st.lists(st.lists(st.integers(1, 4), min_size=1, max_size=4), min_size=1, max_size=3))
def test_assembled_result_matches_numpy_for_uneven_chunks(chunks):
    chunks = tuple(tuple(c) for c in chunks)
    shape = tuple(sum(c) for c in chunks)
    expected = np.arange(int(np.prod(shape))).reshape(shape)
    np.testing.assert_array_equal(la.from_array(expected, chunks=chunks).compute(), expected)


def test_wrong_block_shape_is_reported_when_assembling():
    x = la.ones(6, chunks=3)
    y = la.map_blocks(lambda b: b[:2], x, dtype=float)  # chunks still say (3, 3)
    with pytest.raises(ValueError, match=r"has shape \(2,\), but the array's chunks say \(3,\)"):
        y.compute(scheduler="sync")


def test_malloc_tuning_can_be_switched_off(scheduler):
    from lazyarr.core.malloc import fix_mmap_threshold

    assert fix_mmap_threshold(None) is False
    with la.config.set(malloc_mmap_threshold=None):
        assert float(la.ones(100, chunks=10).sum().compute()) == 100.0
    assert float(la.ones(100, chunks=10).sum().compute()) == 100.0


@pytest.mark.parametrize("chunks", [(2, 3), (2, 6)])  # (2, 6): a single block along axis 1
def test_producer_read_twice_is_computed_once_per_block(scheduler, chunks):
    calls = []

    def count(b):
        calls.append(1)
        return b * 2

    base = np.arange(24.0).reshape((4, 6))
    x = la.map_blocks(count, la.from_array(base, chunks=chunks), dtype=float)
    y = (x + 1) * x - x**2
    calls.clear()
    np.testing.assert_array_equal(y.compute(), (base * 2 + 1) * base * 2 - (base * 2) ** 2)
    assert len(calls) == x.npartitions  # one call per block, although the chain reads x three times


def test_equal_looking_but_different_maps_are_not_merged(scheduler):
    x = la.random.random((6, 6), chunks=3)
    xn = x.compute()
    np.testing.assert_allclose((x + x.T).compute(), xn + xn.T)
    np.testing.assert_allclose((x[:, :3] + x[:, 3:]).compute(), xn[:, :3] + xn[:, 3:])
