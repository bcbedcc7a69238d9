"""Profiler and ResourceProfiler records, and their matplotlib plots."""

import time

import matplotlib
import pytest

import lazyarr as la
from lazyarr import diagnostics
from lazyarr.diagnostics import Profiler, ResourceProfiler

matplotlib.use("Agg")


def slow(block):
    time.sleep(0.01)  # the workload: the profiles must show time spent in tasks
    return block


def test_profiler_records_every_task(scheduler):
    x = (la.ones((4, 4), chunks=2) + 1).sum()
    with Profiler() as prof:
        x.compute(optimize_graph=False)
    assert len(prof.results) == len(x.graph)
    assert {r.key for r in prof.results} == set(x.graph)
    assert {r.operation for r in prof.results} == {"ones", "add", "sum"}
    assert all(r.start <= r.end for r in prof.results)
    (start, end), = prof.computes
    assert all(start <= r.start and r.end <= end for r in prof.results)


def test_profiler_summary_and_plot():
    x = la.ones(8, chunks=1).map_blocks(slow, dtype=float)
    with Profiler() as prof:
        x.compute(scheduler="threads", num_workers=2)
    s = prof.summary()
    assert s["in_tasks"] >= 8 * 0.01
    assert 0 <= s["overhead_fraction"] < 1
    fig = prof.plot()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["ones-slow"]
    bars = sum(len(c.get_paths()) for c in ax.collections)
    # one bar per task plus one grey background span per thread
    assert bars == 8 + len({r.thread for r in prof.results})


def test_resource_profiler_and_stacked_plot(tmp_path):
    pytest.importorskip("psutil")
    x = la.ones(10, chunks=1).map_blocks(slow, dtype=float)
    with Profiler() as prof, ResourceProfiler(dt=0.01) as rprof:
        x.compute(scheduler="sync")
    assert len(rprof.results) >= 3
    assert all(r.memory > 0 for r in rprof.results)
    times = [r.time for r in rprof.results]
    assert times == sorted(times)
    fig = diagnostics.visualize([prof, rprof], filename=tmp_path / "p.png")
    assert (tmp_path / "p.png").read_bytes().startswith(b"\x89PNG")
    top, bottom = fig.axes[0], fig.axes[1]
    assert top.get_shared_x_axes().joined(top, bottom)
    assert top.get_xlabel() == "" and bottom.get_xlabel() == "time (s)"  # the shared axis is labelled once


@pytest.fixture(scope="module")
def profiled():
    pytest.importorskip("psutil")
    x = la.ones(10, chunks=1).map_blocks(slow, dtype=float)
    with Profiler() as prof, ResourceProfiler(dt=0.01) as rprof:
        x.compute(scheduler="threads", num_workers=2)
    return prof, rprof


@pytest.mark.parametrize("plot", ["tasks", "resources", "stacked"])
def test_plots_display_as_images_without_pyplot(profiled, plot, tmp_path):
    """IPython's display of each plot holds a PNG, with no %matplotlib and no pyplot import."""
    from IPython.core.formatters import DisplayFormatter
    from matplotlib.figure import Figure

    prof, rprof = profiled
    fig = {"tasks": prof.plot, "resources": rprof.plot, "stacked": lambda: diagnostics.visualize([prof, rprof])}[plot]()
    data, _ = DisplayFormatter().format(fig)
    assert data["image/png"][:4] == b"\x89PNG"
    assert isinstance(fig, Figure) and fig.axes  # still a matplotlib Figure, for those who want one
    assert fig.save(tmp_path / "p.png") == str(tmp_path / "p.png")
    assert (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"
    fig.savefig(tmp_path / "p.svg")
    assert b"<svg" in (tmp_path / "p.svg").read_bytes()[:500]


def test_plot_into_given_axes_returns_that_figure(profiled):
    from matplotlib.figure import Figure

    prof, rprof = profiled
    fig = Figure()
    ax = fig.add_subplot()
    assert prof.plot(ax=ax) is fig and rprof.plot(ax=fig.add_subplot()) is fig


def test_visualize_needs_profilers():
    with pytest.raises(ValueError, match="got no profilers"):
        diagnostics.visualize([])
