"""The chunk explorer: sliders for an array's shape and chunk size, to feel the trade-off.

Move a slider and the explorer redraws, for ``x = la.random.default_rng(0).random(shape,
chunks=chunk)``: the repr of ``x``, how many blocks it has and how many tasks a reduction of
it needs, the graph of that reduction, and how long computing it takes here. Small chunks
mean many tasks (overhead); big chunks mean few tasks (less parallelism, more memory each).

The display carries the live widget and an HTML snapshot of the same panel, like the
progress bar: front ends with the widget manager show the widget, the others (GitHub, a
notebook opened without a kernel, nbval's comparison) show the snapshot of the state the
cell left behind.

>>> from lazyarr.teaching.explorer import ChunkExplorer
>>> ex = ChunkExplorer(shape=(1000, 1000), chunks=250, timed=False)
>>> ex.state.blocks, ex.state.tasks == len(ex.array.sum().graph)
(16, True)
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from typing import Any

from ..core.chunks import format_bytes

__all__ = ["ChunkExplorer", "explore_chunks", "SIZES", "CHUNK_SIZES", "REDUCTIONS"]

#: The choices on the sliders: array side lengths and chunk side lengths (square chunks).
SIZES = (1000, 2000, 4000, 8000)
CHUNK_SIZES = (50, 100, 250, 500, 1000, 2000, 4000, 8000)
REDUCTIONS = ("sum", "mean", "std")
#: Above this many tasks the explorer does not time the compute (it would take seconds of overhead alone).
TIME_LIMIT_TASKS = 20_000


def _fmt_seconds(seconds: float) -> str:
    """``0.25 s``, ``12 ms``, ``850 µs``: a duration as a person reads it."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f} ms"
    return f"{seconds * 1e6:.0f} µs"


def _validate(shape: Any, chunks: Any, reduction: Any) -> None:
    if not isinstance(shape, tuple) or len(shape) != 2 or any(s not in SIZES for s in shape):
        raise ValueError(f"ChunkExplorer: shape={shape!r} is not offered; use two of {SIZES}, e.g. shape=(4000, 4000)")
    if chunks not in CHUNK_SIZES:
        raise ValueError(f"ChunkExplorer: chunks={chunks!r} is not offered; use one of {CHUNK_SIZES}")
    if reduction not in REDUCTIONS:
        raise ValueError(f"ChunkExplorer: reduction={reduction!r} is not offered; use one of {REDUCTIONS}")


@dataclass(frozen=True)
class ExplorerState:
    """What the explorer shows for one setting of the sliders."""

    shape: tuple[int, int]
    chunks: int
    reduction: str
    blocks: int
    tasks: int
    block_bytes: int
    seconds: float | None  # None: not timed

    @property
    def code(self) -> str:
        return f"x = la.random.default_rng(0).random({self.shape}, chunks={self.chunks})"

    @property
    def summary(self) -> str:
        blocks = f"{self.blocks} block{'s' if self.blocks != 1 else ''}"
        return (f"ChunkExplorer: {self.shape[0]} x {self.shape[1]} array in chunks of {self.chunks}: "
                f"{blocks}, x.{self.reduction}() has {self.tasks} tasks")


class ChunkExplorer:
    """An interactive panel: choose the array's shape and chunk size, see what changes.

    Parameters
    ----------
    shape : tuple of two ints
        Rows and columns, each one of :data:`SIZES`.
    chunks : int
        Side of the square chunks, one of :data:`CHUNK_SIZES` (larger than the array: one block).
    reduction : {"sum", "mean", "std"}
        The reduction whose graph is drawn and timed.
    timed : bool
        Compute the reduction and show how long it took (skipped above
        :data:`TIME_LIMIT_TASKS` tasks).
    """

    def __init__(self, shape: tuple[int, int] = (4000, 4000), chunks: int = 1000, reduction: str = "sum",
                 timed: bool = True):
        _validate(shape, chunks, reduction)
        self.timed = timed
        self._widget: Any = None
        self._update(shape, chunks, reduction)

    # -- the state ---------------------------------------------------------------------------
    def _update(self, shape: tuple[int, int], chunks: int, reduction: str) -> None:
        import lazyarr as la

        self.array = la.random.default_rng(0).random(shape, chunks=chunks)
        self.result = getattr(self.array, reduction)()
        tasks = len(self.result.graph)
        seconds = None
        if self.timed and tasks <= TIME_LIMIT_TASKS:
            start = time.perf_counter()
            self.result.compute()
            seconds = time.perf_counter() - start
        block = self.array.chunksize
        self.state = ExplorerState(shape, chunks, reduction, self.array.npartitions, tasks,
                                   int(block[0] * block[1] * self.array.itemsize), seconds)

    def set(self, shape: tuple[int, int] | None = None, chunks: int | None = None,
            reduction: str | None = None) -> ExplorerState:
        """Change the setting, as the sliders do, and return the new state."""
        s = self.state
        shape, chunks, reduction = shape or s.shape, chunks or s.chunks, reduction or s.reduction
        _validate(shape, chunks, reduction)
        self._update(shape, chunks, reduction)
        if self._widget is not None:
            self._sync_widget()
        return self.state

    # -- the picture ---------------------------------------------------------------------------
    def snapshot_html(self) -> str:
        """The panel as static HTML: the code, the repr, the numbers and the graph."""
        s = self.state
        if s.seconds is not None:
            took = f"{_fmt_seconds(s.seconds)} ({_fmt_seconds(s.seconds / s.tasks)} per task)"
        elif self.timed:
            took = f"not timed: more than {TIME_LIMIT_TASKS:,} tasks"
        else:
            took = "not timed"
        rows = [("blocks", f"{s.blocks:,}"), ("one block", format_bytes(s.block_bytes)),
                (f"tasks of x.{s.reduction}()", f"{s.tasks:,}"), (f"x.{s.reduction}().compute()", took)]
        table = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:right'>"
                        f"{html.escape(v)}</td></tr>" for k, v in rows)
        graph = self.result.visualize()._repr_html_()  # the picture with its theme-aware stylesheet
        # The graph is scaled down to the panel's width (it can be much wider than the notebook).
        return (f"<div class='lazyarr-explorer'><style>.lazyarr-explorer-graph svg{{max-width:100%;"
                f"height:auto}}</style><p><code>{html.escape(s.code)}</code></p>"
                f"<div style='display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start'>"
                f"<div>{self.array._repr_html_()}</div><table>{table}</table></div>"
                f"<p>The graph of <code>x.{html.escape(s.reduction)}()</code>:</p>"
                f"<div class='lazyarr-explorer-graph' style='max-height:28em;overflow:auto'>{graph}</div></div>")

    def __repr__(self) -> str:
        return self.state.summary

    # -- the widget ----------------------------------------------------------------------------
    @property
    def widget(self) -> Any:
        """The ipywidgets panel (made on first use): sliders above an HTML view of the snapshot."""
        if self._widget is None:
            import ipywidgets as w

            s = self.state
            self.sliders = {
                "rows": w.SelectionSlider(options=SIZES, value=s.shape[0], description="rows"),
                "cols": w.SelectionSlider(options=SIZES, value=s.shape[1], description="columns"),
                "chunks": w.SelectionSlider(options=CHUNK_SIZES, value=s.chunks, description="chunk size"),
                "reduction": w.ToggleButtons(options=REDUCTIONS, value=s.reduction, description="reduction"),
            }
            for slider in self.sliders.values():
                slider.continuous_update = False
                slider.style = {"description_width": "6em"}
                slider.observe(self._on_change, names="value")
            self.view = w.HTML(self.snapshot_html())
            self._widget = w.VBox([w.HBox([self.sliders["rows"], self.sliders["cols"]]),
                                   w.HBox([self.sliders["chunks"], self.sliders["reduction"]]), self.view])
        return self._widget

    def _on_change(self, change: dict) -> None:
        sl = self.sliders
        self._update((sl["rows"].value, sl["cols"].value), sl["chunks"].value, sl["reduction"].value)
        self.view.value = self.snapshot_html()

    def _sync_widget(self) -> None:
        s, sl = self.state, self.sliders
        for name, value in (("rows", s.shape[0]), ("cols", s.shape[1]), ("chunks", s.chunks),
                            ("reduction", s.reduction)):
            sl[name].unobserve(self._on_change, names="value")
            sl[name].value = value
            sl[name].observe(self._on_change, names="value")
        self.view.value = self.snapshot_html()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = {"text/html": self.snapshot_html(), "text/plain": self.state.summary}
        try:
            bundle = {**self.widget._repr_mimebundle_(), **bundle, "text/plain": self.state.summary + " (live widget)"}
        except ImportError:  # no ipywidgets: the snapshot alone
            pass
        return bundle


def explore_chunks(shape: tuple[int, int] = (4000, 4000), chunks: int = 1000, reduction: str = "sum") -> ChunkExplorer:
    """Show a :class:`ChunkExplorer` in a notebook: ``explore_chunks()`` as the last line of a cell."""
    return ChunkExplorer(shape, chunks, reduction)
