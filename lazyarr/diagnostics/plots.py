"""Matplotlib plots of the profilers (static images: they render offline anywhere).

Figures are made without ``pyplot`` so that plotting never changes global state or
opens windows, and a notebook shows each figure exactly once, as the value of the cell.
They are :class:`~lazyarr.diagnostics.figure.PlotFigure` objects: matplotlib Figures
that show themselves as PNG images in every notebook front end with no ``%matplotlib``
magic, and save with ``.save("profile.png")`` (or ``.savefig``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..display.graph import OKABE_ITO

__all__ = ["plot_resources", "plot_tasks", "visualize"]


def _axes(ax: Any, height: float = 3.0) -> tuple[Any, Any]:
    if ax is not None:
        return ax.figure, ax
    from .figure import PlotFigure

    fig = PlotFigure(figsize=(8, height), layout="constrained")
    return fig, fig.add_subplot()


def plot_tasks(prof: Any, ax: Any = None, t0: float | None = None) -> Any:
    """Draw a :class:`~lazyarr.diagnostics.Profiler` as a task stream.

    Returns a new :class:`~lazyarr.diagnostics.figure.PlotFigure` (shown as an image in a
    notebook), or the figure of *ax* when one is given.
    """
    fig, ax = _axes(ax)
    t0 = prof.start_time if t0 is None else t0
    threads = list(dict.fromkeys(r.thread for r in prof.results))
    row = {t: i for i, t in enumerate(threads)}
    ops = list(dict.fromkeys(r.operation for r in prof.results))
    colour = {op: OKABE_ITO[i % len(OKABE_ITO)] for i, op in enumerate(ops)}
    # The compute spans in grey behind the bars: where grey shows, no task was running
    # on that thread (scheduler overhead, waiting for inputs, or idle).
    for start, end in prof.computes:
        for i in range(len(threads)):
            ax.broken_barh([(start - t0, end - start)], (i - 0.4, 0.8), facecolors="#dddddd", zorder=1)
    by_op: dict[str, dict[int, list[tuple[float, float]]]] = {}
    for r in prof.results:
        by_op.setdefault(r.operation, {}).setdefault(row[r.thread], []).append((r.start - t0, r.end - r.start))
    for op, rows in by_op.items():
        for i, spans in rows.items():
            ax.broken_barh(spans, (i - 0.4, 0.8), facecolors=colour[op], edgecolors="white", linewidth=0.3,
                           label=op if i == min(rows) else None, zorder=2)
    ax.set_yticks(range(len(threads)), [f"thread {i}" for i in range(len(threads))])
    ax.set_xlabel("time (s)")
    s = prof.summary()
    ax.set_title(f"task stream: {len(prof.results)} tasks; {s['overhead_fraction']:.0%} of thread time "
                 f"outside tasks (grey)", fontsize=10)
    if ops:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


def plot_resources(rprof: Any, ax: Any = None, t0: float | None = None) -> Any:
    """Draw a :class:`~lazyarr.diagnostics.ResourceProfiler`: memory and CPU over time.

    Returns a new :class:`~lazyarr.diagnostics.figure.PlotFigure`, or the figure of *ax*.
    """
    fig, ax = _axes(ax)
    t0 = rprof.start_time if t0 is None else t0
    times = [r.time - t0 for r in rprof.results]
    ax.plot(times, [r.memory for r in rprof.results], color=OKABE_ITO[4], label="memory (MiB)")
    ax.set_ylabel("memory (MiB)", color=OKABE_ITO[4])
    ax.set_xlabel("time (s)")
    cpu = ax.twinx()
    cpu.plot(times, [r.cpu for r in rprof.results], color=OKABE_ITO[5], linestyle="--", label="CPU (%)")
    cpu.set_ylabel("CPU (% of one core)", color=OKABE_ITO[5])
    ax.set_title("resources", fontsize=10)
    return fig


def visualize(profilers: Sequence[Any], filename: str | os.PathLike | None = None) -> Any:
    """Stack the plots of several profilers on one shared time axis.

    Parameters
    ----------
    profilers : sequence of Profiler / ResourceProfiler
    filename : str or path, optional
        Also save the figure there (format from the extension, e.g. ``.png``).

    Returns
    -------
    PlotFigure
        A matplotlib Figure that shows as a PNG image in a notebook (no ``%matplotlib``
        needed); ``.save("profile.png")`` or ``.savefig(...)`` writes it to a file.

    Examples
    --------
    >>> import lazyarr as la
    >>> from lazyarr.diagnostics import Profiler, ResourceProfiler
    >>> with Profiler() as prof, ResourceProfiler() as rprof:
    ...     _ = la.ones(100, chunks=10).sum().compute()
    >>> fig = visualize([prof, rprof])
    >>> len(fig.axes) >= 2
    True
    >>> fig._repr_png_()[:4]  # what a notebook stores and shows
    b'\\x89PNG'
    """
    from .figure import PlotFigure

    profilers = list(profilers)
    if not profilers:
        raise ValueError("diagnostics.visualize: got no profilers; pass a list such as [prof, rprof]")
    fig = PlotFigure(figsize=(8, 2.6 * len(profilers)), layout="constrained")
    axes = fig.subplots(len(profilers), 1, sharex=True, squeeze=False)[:, 0]
    starts = [p.start_time for p in profilers if getattr(p, "results", None)]
    t0 = min(starts) if starts else 0.0
    for p, ax in zip(profilers, axes):
        p.plot(ax=ax, t0=t0)
    for ax in axes[:-1]:  # one time axis, labelled once at the bottom
        ax.set_xlabel("")
    if filename is not None:
        fig.save(filename)
    return fig
