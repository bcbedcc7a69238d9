"""lazyarr.random: determinism, independence of blocks, distributions."""

import numpy as np
import pytest

import lazyarr as la


def test_same_seed_same_chunks_same_numbers(scheduler):
    a = la.random.default_rng(42).normal(size=(50, 50), chunks=10).compute()
    b = la.random.default_rng(42).normal(size=(50, 50), chunks=10).compute()
    np.testing.assert_array_equal(a, b)


def test_two_calls_give_different_streams():
    rng = la.random.default_rng(0)
    a, b = rng.random(100, chunks=10), rng.random(100, chunks=10)
    assert a.name != b.name
    assert not np.array_equal(a.compute(), b.compute())


def test_blocks_are_independent_streams():
    x = la.random.default_rng(1).random(1000, chunks=100).compute()
    blocks = x.reshape(10, 100)
    assert len({tuple(b[:5]) for b in blocks}) == 10


def test_module_seed_resets_the_global_stream():
    la.random.seed(3)
    a = la.random.random((4, 4), chunks=2).compute()
    la.random.seed(3)
    b = la.random.random((4, 4), chunks=2).compute()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "call, dtype",
    [
        (lambda: la.random.random((100, 100)), np.float64),
        (lambda: la.random.random_sample(10), np.float64),
        (lambda: la.random.rand(10, 3), np.float64),
        (lambda: la.random.randn(10, 3), np.float64),
        (lambda: la.random.randint(0, 5, size=100), np.int64),
        (lambda: la.random.randint(5, size=100, dtype=np.int8), np.int8),
        (lambda: la.random.normal(9, 1, size=(20, 20)), np.float64),
        (lambda: la.random.uniform(-1, 1, size=10), np.float64),
        (lambda: la.random.standard_normal(10), np.float64),
        (lambda: la.random.exponential(2.0, size=10), np.float64),
        (lambda: la.random.poisson(3.0, size=10), np.int64),
        (lambda: la.random.binomial(10, 0.3, size=10), np.int64),
        (lambda: la.random.choice(5, size=10), np.int64),
        (lambda: la.random.default_rng(0).gamma(2.0, size=10), np.float64),
        (lambda: la.random.default_rng(0).integers(0, 10, size=10), np.int64),
        (lambda: la.random.default_rng(0).random(10, dtype=np.float32), np.float32),
    ],
)
def test_distributions_have_numpy_dtypes(call, dtype):
    x = call()
    assert x.dtype == dtype
    assert x.compute().dtype == dtype


def test_distribution_statistics():
    rng = la.random.default_rng(7)
    x = rng.normal(9, 2, size=200_000, chunks=50_000)
    assert abs(x.mean().compute() - 9) < 0.05
    assert abs(x.std().compute() - 2) < 0.05
    u = rng.uniform(2, 3, size=10_000, chunks=3000).compute()
    assert u.min() >= 2 and u.max() < 3
    r = la.random.randint(0, 5, size=10_000).compute()
    assert set(np.unique(r)) == {0, 1, 2, 3, 4}


def test_array_parameters_broadcast_per_block():
    loc = np.arange(4.0) * 100
    x = la.random.default_rng(0).normal(loc, 0.001, size=(3, 4), chunks=2).compute()
    np.testing.assert_allclose(x.mean(axis=0), loc, atol=0.01)


def test_choice_without_replacement_and_permutation():
    rng = la.random.default_rng(0)
    s = rng.choice(10, size=10, replace=False, chunks=3).compute()
    assert sorted(s) == list(range(10))
    assert sorted(la.random.permutation(7).compute()) == list(range(7))
    with pytest.raises(ValueError, match="larger sample than population"):
        rng.choice(3, size=5, replace=False)


def test_bad_parameters_are_build_time_errors():
    with pytest.raises(ValueError, match="random.normal"):
        la.random.normal(0, -1, size=3)
    with pytest.raises(ValueError, match="negative dimensions"):
        la.random.random((-2, 3))
