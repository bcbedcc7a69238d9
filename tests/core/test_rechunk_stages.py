"""Rechunk plans: intermediate blocks stay small; results equal the input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.core.rechunk import plan_rechunk_stages, stage_cost
from lazyarr.testing.strategies import block_sizes


def _block_bytes(chunks, itemsize):
    return itemsize * int(np.prod([max(c) for c in chunks]))


def _rechunk_layers(y):
    return [layer for name, layer in y.graph.layers.items() if name.startswith("rechunk-")]


def test_transpose_like_rechunk_is_staged():
    x = la.random.random((8000, 8000), chunks=(8000, 100))
    y = x.rechunk((100, 8000))
    layers = _rechunk_layers(y)
    assert len(layers) == 2
    limit = max(_block_bytes(x.chunks, 8), _block_bytes(y.chunks, 8))
    stages = plan_rechunk_stages(x.chunks, y.chunks, 8)
    steps = [x.chunks] + stages
    for a, b in zip(steps, steps[1:]):
        assert stage_cost(a, b, 8) <= 4 * limit
        assert _block_bytes(b, 8) <= limit  # no block bigger than the larger of old/new
    assert stage_cost(x.chunks, y.chunks, 8) > 50 * limit  # what a single step would read


def test_simple_rechunk_is_one_stage():
    x = la.ones((100, 100), chunks=10)
    assert len(_rechunk_layers(x.rechunk(20))) == 1
    assert x.rechunk(x.chunks) is x


def test_staged_rechunk_values():
    xn = np.arange(200 * 300).reshape(200, 300)
    y = la.from_array(xn, chunks=(200, 3)).rechunk((2, 300))
    assert len(_rechunk_layers(y)) == 2
    assert y.chunks == ((2,) * 100, (300,))
    np.testing.assert_array_equal(y.compute(), xn)


@given(st.data())
def test_any_rechunk_with_tight_limit(data):
    shape = tuple(data.draw(st.lists(st.integers(0, 12), min_size=1, max_size=3)))
    old = tuple(data.draw(block_sizes(n)) for n in shape)
    new = tuple(data.draw(block_sizes(n)) for n in shape)
    limit = max(_block_bytes(old, 8), _block_bytes(new, 8), 8)
    stages = plan_rechunk_stages(old, new, 8, limit=limit)
    assert stages[-1] == new and len(stages) <= 2
    for a, b in zip([old] + stages, stages):
        assert stage_cost(a, b, 8) <= limit
    xn = np.arange(int(np.prod(shape))).reshape(shape)
    y = la.from_array(xn, chunks=old).rechunk(new, block_size_limit=limit)
    assert y.chunks == new
    np.testing.assert_array_equal(y.compute(scheduler="sync"), xn)


def test_rechunk_unknown_sizes_error():
    x = la.arange(10, chunks=3)
    with pytest.raises(ValueError, match="axis 0.*unknown.*compute_chunk_sizes"):
        x[x > 3].rechunk(2)
