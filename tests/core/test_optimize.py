"""Culling and blockwise fusion."""

import numpy as np

import lazyarr as la
from lazyarr.core.optimize import optimize
from lazyarr.testing import assert_eq


def _optimized_tasks(x):
    return optimize(x.graph, x.keys())


def test_elementwise_chain_fuses_into_one_task_per_block():
    a = np.arange(64.0).reshape(8, 8)
    x = la.from_array(a, chunks=4)
    y = la.from_array(a * 2, chunks=4)
    expr = ((x + 1) * 2 - y).sum()
    g = _optimized_tasks(expr)
    # 4 blocks of x, 4 of y, 4 fused (add-multiply-subtract-sum chunk) tasks, then the final combine.
    fused = [name for name in g.layers if "subtract" in g.layers[name].label]
    assert len(fused) == 1 and len(g.layers[fused[0]]) == 4
    assert len(g) == 4 + 4 + 4 + 1
    assert_eq(expr, ((a + 1) * 2 - a * 2).sum())


def test_fusion_keeps_requested_intermediates():
    x = la.ones(8, chunks=4)
    y = x + 1
    z = y * 2
    ry, rz = la.compute(y, z)
    np.testing.assert_array_equal(ry, np.full(8, 2.0))
    np.testing.assert_array_equal(rz, np.full(8, 4.0))


def test_creation_fuses_with_elementwise():
    x = la.ones(1000, chunks=10) + 1
    g = _optimized_tasks(x)
    assert len(g) == 100


def test_transposed_operand_fuses():
    a = np.arange(16.0).reshape(4, 4)
    x = la.from_array(a, chunks=2)
    expr = (x.T + 1).sum(axis=0)
    assert_eq(expr, (a.T + 1).sum(axis=0))


def test_graph_build_for_100k_blocks_is_compact():
    x = la.ones(1_000_000, chunks=10) + 1
    layer = x.graph.layers[x.name]
    assert len(layer) == 100_000
    assert not hasattr(layer, "_tasks")  # described, not materialized


def test_slicing_graph_is_culled():
    x = la.ones((1000, 1000), chunks=10)
    y = x[5, :10]
    assert len(y.graph) <= 4
