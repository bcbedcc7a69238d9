"""matplotlib draws lazy arrays computing each one once (counted with a lazyarr Callback, Agg backend).

matplotlib converts its inputs with ``np.asarray`` (one compute of the whole array) but
its unit detection first reads the first element (``x[0]``: a compute of one block).
The rule checked here: exactly one compute runs every block of each array, and any
other compute runs at most one of its blocks.
"""

from collections import Counter

import numpy as np
import pytest

import lazyarr as la

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


class BlocksPerCompute(la.Callback):
    """For each compute, the blocks of the watched arrays it ran."""

    def __init__(self, *arrays):
        super().__init__()
        self.names = {a.name: a.npartitions for a in arrays}
        self.runs: list[Counter] = []

    def start(self, event):
        self.runs.append(Counter())

    def task_end(self, key, event):
        if key.name in self.names:
            self.runs[-1][key.name] += 1


def assert_each_computed_once(seen, *arrays):
    for a in arrays:
        full = [run for run in seen.runs if run[a.name] == a.npartitions]
        assert len(full) == 1, f"{a.name}: {len(full)} full computes out of {len(seen.runs)}"
        assert all(run[a.name] <= 1 for run in seen.runs if run is not full[0])


@pytest.fixture(autouse=True)
def figure():
    fig = plt.figure()
    yield fig
    plt.close("all")


@pytest.fixture
def x():
    return la.arange(1000, chunks=100) * 0.01


def test_plot(x):
    with BlocksPerCompute(x) as seen:
        (line,) = plt.plot(x)
    assert_each_computed_once(seen, x)
    np.testing.assert_allclose(line.get_ydata(), np.arange(1000) * 0.01)


def test_plot_xy(x):
    y = np.sin(x)
    with BlocksPerCompute(x, y) as seen:
        (line,) = plt.plot(x, y)
    assert_each_computed_once(seen, x, y)
    np.testing.assert_allclose(line.get_xdata(), np.arange(1000) * 0.01)
    np.testing.assert_allclose(line.get_ydata(), np.sin(np.arange(1000) * 0.01))


def test_scatter(x):
    y = x + 1
    with BlocksPerCompute(x, y) as seen:
        points = plt.scatter(x, y)
    assert_each_computed_once(seen, x, y)
    np.testing.assert_allclose(points.get_offsets(), np.c_[np.arange(1000) * 0.01, np.arange(1000) * 0.01 + 1])


def test_imshow():
    img = la.ones((20, 30), chunks=10) * np.arange(30)
    with BlocksPerCompute(img) as seen:
        image = plt.imshow(img)
    assert_each_computed_once(seen, img)
    np.testing.assert_allclose(image.get_array(), np.ones((20, 30)) * np.arange(30))


def test_hist():
    x = la.arange(200, chunks=50) * 0.01
    with BlocksPerCompute(x) as seen:
        counts, _, _ = plt.hist(x, bins=10)
    # hist iterates its input: fine if every block is computed once in all (one compute per block)
    assert sum(run[x.name] for run in seen.runs) == x.npartitions
    np.testing.assert_array_equal(counts, np.histogram(np.arange(200) * 0.01, bins=10)[0])


def test_lazy_histogram_then_stairs(x):
    # What docs/ecosystem.md recommends: count lazily, draw the (small) result.
    counts, edges = la.histogram(x, bins=10, range=(0, 10))
    with BlocksPerCompute(x) as seen:
        plt.stairs(counts.compute(), np.asarray(edges))
    assert len(seen.runs) == 1 + isinstance(edges, la.Array)
    np.testing.assert_array_equal(counts.compute(), np.histogram(np.arange(1000) * 0.01, 10, (0, 10))[0])
