"""Issue 15: a reduction of a boolean selection holds blocks, not rows.

``x[x > 0.5].sum()`` on rows of 200,000 in blocks of (1000, 2000) peaked at 1.84 GB: the
selection was put in C order a whole band of blocks at a time before being summed. A reduction
over every axis does not depend on the order, so it now reads the selected pieces block by block.
Measured here at a small size with ``tracemalloc`` (``lazyarr.testing.memory.traced_peak``).
"""

import numpy as np
import pytest

import lazyarr as la
from lazyarr.testing.memory import traced_peak

ORDER_FREE = ["sum", "prod", "mean", "var", "std", "min", "max", "any", "all", "nansum", "nanmean", "nanmax"]


@pytest.fixture(scope="module")
def wide():
    return np.random.default_rng(0).random((50, 20_000))  # 8 MB: a band of 100 blocks of 80 kB


@pytest.mark.parametrize("name", ORDER_FREE)
def test_reductions_of_a_selection_match_numpy(wide, name):
    x = la.from_array(wide, chunks=(50, 200))
    # atol: the product of 500,000 numbers below 1 underflows to 0 or a denormal, depending on the order
    np.testing.assert_allclose(getattr(la, name)(x[x > 0.5]).compute(), getattr(np, name)(wide[wide > 0.5]),
                               atol=1e-300)


@pytest.mark.parametrize("shape, chunks", [((50, 20_000), (50, 200)), ((20_000, 50), (200, 50))],
                         ids=["wide rows", "tall columns"])
def test_a_reduction_of_a_selection_holds_a_few_blocks(wide, shape, chunks):
    x = la.from_array(wide.reshape(shape), chunks=chunks)
    block = 50 * 200 * 8
    total, peak = traced_peak(lambda: x[x > 0.5].sum().compute(scheduler="sync"))
    np.testing.assert_allclose(total, wide[wide > 0.5].sum())
    assert peak < 10 * block, f"peak {peak / 1e6:.1f} MB for blocks of {block / 1e6:.2f} MB"


def test_order_dependent_results_keep_numpys_order(wide):
    x = la.from_array(wide, chunks=(50, 200))
    y = x[x > 0.5]
    want = wide[wide > 0.5]
    np.testing.assert_array_equal(y.compute(), want)
    assert y.argmax().compute() == want.argmax()
    np.testing.assert_allclose(y.cumsum().compute(), want.cumsum())


def test_a_where_mask_reads_the_ordered_selection(wide):
    x = la.from_array(wide, chunks=(50, 200))
    y = x[x > 0.5]
    want = wide[wide > 0.5]
    y.compute_chunk_sizes()
    keep = la.from_array(np.arange(want.size) % 2 == 0, chunks=y.chunks)
    np.testing.assert_allclose(y.sum(where=keep).compute(), want.sum(where=np.arange(want.size) % 2 == 0))
