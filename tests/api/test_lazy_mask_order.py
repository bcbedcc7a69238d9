"""``x[mask]`` with a lazy mask: elements in NumPy's (C) order whatever the blocks, and
histograms of a masked selection that skip putting it in order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.api.indexing.lazy_indices import unordered
from lazyarr.core.optimize import optimize
from lazyarr.testing.strategies import arrays_and_chunks, chunks_for


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_lazy_mask_over_leading_axes_matches_numpy(data):
    a, chunks = data.draw(arrays_and_chunks(kinds="if", min_dims=1, max_dims=3, max_side=6))
    k = data.draw(st.integers(1, a.ndim))
    threshold = data.draw(st.integers(-50, 50))
    x = la.from_array(a, chunks=chunks)
    mask_np = a[(Ellipsis,) + (0,) * (a.ndim - k)] < threshold if a.size else np.zeros(a.shape[:k], bool)
    mask = la.from_array(mask_np, chunks=data.draw(chunks_for(mask_np.shape)))
    expected = a[mask_np]
    got = x[mask]
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got.compute(), expected)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_lazy_mask_after_leading_axes_matches_numpy(data):
    a, chunks = data.draw(arrays_and_chunks(kinds="f", min_dims=3, max_dims=3, max_side=5))
    x = la.from_array(a, chunks=chunks)
    mask_np = a.sum(axis=0) > 0  # over axes 1 and 2
    mask = la.from_array(mask_np, chunks=data.draw(chunks_for(mask_np.shape)))
    np.testing.assert_array_equal(x[:, mask].compute(), a[:, mask_np])


@pytest.mark.parametrize("chunks", [(3, 4), (7, 2), (1, 1), (7, 9), (2, (1, 3, 5))])
def test_masked_selection_of_many_short_and_few_long_lines(chunks):
    # (1, 1) chunks: 63 blocks, one-element segments (the scatter path); (7, 2): long lines.
    a = np.arange(63.0).reshape(7, 9) % 5
    x = la.from_array(a, chunks=chunks)
    np.testing.assert_array_equal(x[x > 1].compute(), a[a > 1])
    np.testing.assert_array_equal(x[x > 10].compute(), a[a > 10])  # nothing selected


def test_many_blocks_per_line_use_the_scatter_path():
    a = np.random.default_rng(1).random((40, 600))
    x = la.from_array(a, chunks=(40, 7))  # 86 blocks across each line, short segments
    np.testing.assert_array_equal(x[x < 0.3].compute(), a[a < 0.3])


def test_histogram_of_a_masked_selection_reads_the_pieces_unordered():
    a = np.random.default_rng(2).normal(size=(30, 40))
    x = la.from_array(a, chunks=(7, 9))
    sel = x[x < 1]
    hist, edges = la.histogram(sel, bins=12, range=(-3, 1))
    expected, expected_edges = np.histogram(a[a < 1], bins=12, range=(-3, 1))
    np.testing.assert_array_equal(hist.compute(), expected)
    np.testing.assert_array_equal(edges.compute(), expected_edges)
    labels = {layer.label for layer in hist.graph.layers.values()}
    assert "getitem" in labels
    assert not any(name.startswith("getitem-mask-order") for name in hist.graph.layers)
    # ... and everything up to the per-block counts runs as one task per block.
    fused = optimize(hist.graph, hist.keys())
    programs = [layer.func.labels for layer in fused.layers.values() if hasattr(getattr(layer, "func", None), "labels")]
    assert any({"less", "getitem", "histogram"} <= set(labels) for labels in programs), programs


def test_unordered_returns_other_arrays_unchanged():
    x = la.ones(5, chunks=2)
    assert unordered(x) is x
