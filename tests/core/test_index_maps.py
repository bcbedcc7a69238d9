"""Index maps keep their promises: ``single``, ``covering`` and ``injective_for`` are checked
against the blocks the maps actually return, over every block of random grids."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.core.blockwise import BlockRef, blockwise_array
from lazyarr.core.graph import Key
from lazyarr.core.index_maps import (
    Aligned,
    AllBlocks,
    FirstBlock,
    FromAxes,
    IndexFunction,
    IndexMap,
    Lookup,
    Permuted,
    Previous,
)
from lazyarr.core.optimize import optimize
from lazyarr.testing import assert_eq


def _flatten(found):
    if type(found) is tuple:
        return [found]
    return [b for f in found for b in _flatten(f)]


def check_promises(index_map, out_numblocks, in_numblocks):
    """Call the map on every output block; every declaration must hold for what it returns."""
    results = [index_map(idx) for idx in itertools.product(*(range(n) for n in out_numblocks))]
    used = [b for r in results for b in _flatten(r)]
    grid = set(itertools.product(*(range(n) for n in in_numblocks)))
    assert set(used) <= grid, f"{index_map!r} reads blocks outside the input grid {in_numblocks}"
    if index_map.single:
        assert all(type(r) is tuple for r in results), f"{index_map!r} promised single blocks"
    if index_map.covering:
        assert set(used) == grid, f"{index_map!r} promised to read every input block"
    if index_map.injective_for(tuple(out_numblocks)):
        assert len(set(results)) == len(results), f"{index_map!r} promised distinct blocks on {out_numblocks}"
    return results


@st.composite
def from_axes_cases(draw):
    """A random FromAxes with an output grid and the input grid it reads."""
    out = tuple(draw(st.lists(st.integers(1, 3), max_size=3)))
    nin = draw(st.integers(0, 4))
    axes = [draw(st.none() | st.integers(0, len(out) - 1)) if out else None for _ in range(nin)]
    in_numblocks = tuple(1 if a is None else out[a] for a in axes)
    return FromAxes(axes, fuse=draw(st.booleans())), out, in_numblocks


@given(from_axes_cases())
def test_from_axes_keeps_its_promises(case):
    index_map, out, in_numblocks = case
    check_promises(index_map, out, in_numblocks)


@given(from_axes_cases())
def test_from_axes_promises_injectivity_whenever_it_holds(case):
    index_map, out, in_numblocks = case
    results = check_promises(index_map, out, in_numblocks)
    one_to_one = len(set(results)) == len(results)
    assert index_map.injective_for(out) == (one_to_one and index_map.fuse)


def test_from_axes_examples():
    assert FromAxes((1, None, 0))((4, 7)) == (7, 0, 4)
    assert FromAxes.dropped((0, 2), 3)((5,)) == (0, 5, 0)
    diagonal = FromAxes((0, 0))
    assert not diagonal.covering and diagonal.injective_for((3,))
    assert Permuted((2, 0, 1))((7, 8, 9)) == (8, 9, 7)
    check_promises(Permuted((2, 0, 1)), (2, 3, 4), (3, 4, 2))


@pytest.mark.parametrize("ndim, out", [(0, ()), (1, (3,)), (2, (1, 1)), (2, (2, 2))])
def test_first_block_never_promises_injectivity(ndim, out):
    m = FirstBlock(ndim)
    assert check_promises(m, out, (1,) * ndim)[0] == (0,) * ndim
    assert not m.injective_for(out)


@given(st.lists(st.integers(1, 3), max_size=3), st.data())
def test_all_blocks_keeps_its_promises(numblocks, data):
    fixed = {k: k for k in range(len(numblocks)) if data.draw(st.booleans())}
    m = AllBlocks(numblocks, fixed)
    out = tuple(n if k in fixed else 1 for k, n in enumerate(numblocks))
    results = check_promises(m, out, numblocks)
    # C order along the free axes, the output's block along the fixed ones
    for idx, r in zip(itertools.product(*(range(n) for n in out)), results):
        free = [range(n) if k not in fixed else (idx[k],) for k, n in enumerate(numblocks)]
        assert r == list(itertools.product(*free))


def test_lookup_tables():
    picks = Lookup([[2, 0, 0], [1, 0]], in_numblocks=(3, 2))
    assert picks.single and not picks.covering  # block 1 of axis 0 is never read
    check_promises(picks, (3, 2), (3, 2))
    glued = Lookup([[[0, 1], [1, 2]], [[0]]], in_numblocks=(3, 1))
    assert glued.covering and not glued.single
    assert glued((1, 0)) == [[(1, 0)], [(2, 0)]]
    check_promises(glued, (2, 1), (3, 1))


def test_previous_reads_the_block_before():
    m = Previous(0)
    assert [m((i, 5)) for i in range(3)] == [[], (0, 5), (1, 5)]
    assert not (m.single or m.covering or m.injective_for((3, 6)))


def test_index_function_declares_what_it_is_told():
    m = IndexFunction(lambda idx: [idx], covering=True)
    assert m.covering and not m.single and not m.injective_for((4,))
    check_promises(m, (4,), (4,))


def test_base_class_promises_nothing_and_must_be_called():
    m = IndexMap()
    assert not (m.covering or m.single or m.injective_for((2,)))
    with pytest.raises(NotImplementedError, match="IndexMap must define __call__"):
        m((0,))


def test_tokens_are_equal_exactly_for_equal_maps():
    def token(m):
        return m.__lazyarr_token__()

    assert token(FromAxes((0, None))) == token(FromAxes((0, None)))
    assert token(FromAxes((0, None))) != token(FromAxes((None, 0)))
    assert token(FromAxes((0,))) != token(FromAxes((0,), fuse=False))
    assert token(AllBlocks((2, 3))) == token(AllBlocks((2, 3))) != token(AllBlocks((3, 2)))
    assert token(AllBlocks((2, 3), {1: 0})) != token(AllBlocks((2, 3)))
    assert token(Lookup([[0, 1]])) != token(Lookup([[1, 0]]))
    assert token(Aligned((2, 1), 2)) == token(Aligned((2, 1), 2)) != token(Aligned((2, 2), 2))
    hash(token(AllBlocks((2,), {0: 0})))  # the optimizer uses tokens as dict keys


# --------------------------------------------------------------------------------------
# A layer that reads its own earlier blocks (a scan's carries)
# --------------------------------------------------------------------------------------
def _running_total(before, block):
    return block if type(before) is list else before + block


def _chain(x):
    name = "chain-" + x.name
    return blockwise_array(_running_total, [BlockRef(name, Previous(0)), BlockRef(x.name, Aligned(x.numblocks, 1))],
                           x.chunks, x.dtype, name=name, inputs=[x], label="chain")


def test_layer_reading_its_own_blocks_computes_a_chain():
    a = np.arange(1.0, 7.0)
    y = _chain(la.from_array(a, chunks=2) * 2)
    blocks = [(a * 2)[i:i + 2] for i in range(0, 6, 2)]
    expected = np.concatenate([sum(blocks[:i + 1]) for i in range(3)])
    assert_eq(y, expected)
    assert y.name not in y.graph.dependencies[y.name]


def test_layer_reading_its_own_blocks_is_never_fused():
    y = _chain(la.ones(6, chunks=2) + 1) * 3
    g = optimize(y.graph, y.keys())
    # The producer (ones + 1) fuses into the chain; the chain itself stays a layer of its own
    # (its blocks are read by its own later blocks), so `* 3` is a separate layer.
    assert sorted(layer.label for layer in g.layers.values()) == ["multiply", "ones-add-chain"]
    assert_eq(y, np.array([2.0, 2.0, 4.0, 4.0, 6.0, 6.0]) * 3)


def test_culling_a_chain_keeps_the_blocks_before():
    x = la.from_array(np.arange(8.0), chunks=2)
    y = _chain(x)
    last = y.graph.cull([Key(y.name, (3,))])
    assert sorted(k.index for k in last.layers[y.name]) == [(0,), (1,), (2,), (3,)]
    first = y.graph.cull([Key(y.name, (0,))])
    assert sorted(k.index for k in first.layers[y.name]) == [(0,)]
    assert len(first.layers[x.name]) == 1
    assert_eq(y[6:], np.cumsum(np.arange(8.0).reshape(4, 2), axis=0).reshape(-1)[6:])
