"""A progress bar for computes: a live widget in Jupyter, a text bar in terminals.

:class:`ProgressBar` is a :class:`~lazyarr.callbacks.Callback`, so every scheduler
drives it the same way: ``start`` tells it how many tasks each operation has,
``task_end`` (called on worker threads) only increments counters, and a small timer
thread redraws at most every ``dt`` seconds. Drawing is therefore never on the
tasks' path and a compute is not slowed down by its progress bar.

Views (chosen by ``mode``):

* ``"widget"`` (Jupyter with ipywidgets): an overall bar, one bar per operation,
  elapsed time, and a final state (green when done, red with the exception type on
  error or Ctrl-C). The widget is displayed when the compute starts (hidden until
  ``minimum`` seconds have passed), so a notebook stores its initial state.
* ``"html"``: the same information as an HTML display updated in place, for
  front ends without the widget extension.
* ``"text"``: a bar on stderr ending with ``100%`` and the elapsed time; when stderr
  is not a terminal (CI logs, files) it writes a plain line every few seconds
  instead of ``\\r`` updates.

>>> import io, lazyarr as la
>>> out = io.StringIO()
>>> with ProgressBar(minimum=0, out=out, mode="text"):
...     _ = la.ones(10, chunks=5).sum().compute(scheduler="sync")
>>> out.getvalue().splitlines()[-1].split("|")[0]
'[########################################] 100% '
"""

from __future__ import annotations

import sys
import threading
import time
from html import escape
from typing import Any

from ..callbacks import Callback, ComputeEnd, ComputeStart

__all__ = ["ProgressBar"]


def _fmt_time(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)} min {seconds:.0f} s"


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and hasattr(ip, "kernel")


class _State:
    """Counters shared by the worker threads (writers) and the drawing thread (reader)."""

    def __init__(self, event: ComputeStart):
        self.total = event.ntasks
        self.done = 0
        self.op_of_layer = {name: label for name, (label, _) in event.layers.items()}
        self.ops: dict[str, list[int]] = {}  # label -> [done, total]
        # Schedulers list layers outputs-first (the order culling walks the graph);
        # reversed, the rows read like the computation: inputs at the top.
        for label, n in reversed(list(event.layers.values())):
            self.ops.setdefault(label, [0, 0])[1] += n
        self.lock = threading.Lock()

    def snapshot(self) -> tuple[int, int, list[tuple[str, int, int]]]:
        with self.lock:
            return self.done, self.total, [(op, d, t) for op, (d, t) in self.ops.items()]


class ProgressBar(Callback):
    """Show the progress of computes, per operation.

    Parameters
    ----------
    minimum : float
        Seconds a compute must run before anything is shown (0: always show).
    dt : float
        Seconds between redraws (updates are throttled to this).
    width : int
        Characters in the text bar.
    mode : {"auto", "widget", "html", "text"}
        "auto": a widget in a Jupyter kernel with ipywidgets, HTML in a kernel
        without it, text elsewhere.
    out : file-like, optional
        Where text mode writes (default: ``sys.stderr`` at compute time).

    Examples
    --------
    >>> import lazyarr as la
    >>> pbar = ProgressBar(mode="text", minimum=1000)  # nothing is shown for short computes
    >>> pbar.register()
    >>> _ = la.ones(4, chunks=2).sum().compute(scheduler="sync")
    >>> pbar.unregister()
    """

    def __init__(self, minimum: float = 0.1, dt: float = 0.1, width: int = 40, mode: str = "auto",
                 out: Any = None):
        if mode not in ("auto", "widget", "html", "text"):
            raise ValueError(f"ProgressBar: mode={mode!r} is not supported; use 'auto', 'widget', 'html' or "
                             f"'text'")
        self.minimum = minimum
        self.dt = dt
        self.width = width
        self.mode = mode
        self.out = out
        self.view: Any = None
        self._state: _State | None = None
        self._stop = threading.Event()
        self._timer: threading.Thread | None = None

    # -- callback hooks -------------------------------------------------------------
    def start(self, event: ComputeStart) -> None:
        self._state = _State(event)
        self._t0 = time.perf_counter()
        self._shown = False
        mode = self.mode
        if mode == "auto":
            mode = "text"
            if _in_kernel():
                try:
                    import ipywidgets  # noqa: F401
                    mode = "widget"
                except ImportError:
                    mode = "html"
        self.view = {"widget": _WidgetView, "html": _HtmlView, "text": _TextView}[mode](self)
        self.view.begin(self._state, visible=self.minimum <= 0)
        if self.minimum <= 0:
            self._shown = True
        self._stop.clear()
        self._timer = threading.Thread(target=self._run_timer, name="lazyarr-progress", daemon=True)
        self._timer.start()

    def task_end(self, key: Any, event: Any) -> None:
        state = self._state
        if state is None:
            return
        name = getattr(key, "name", None) or key[0]
        label = state.op_of_layer.get(name)
        with state.lock:
            state.done += 1
            if label is not None:
                state.ops[label][0] += 1

    def finish(self, event: ComputeEnd) -> None:
        self._stop.set()
        if self._timer is not None:
            self._timer.join()
            self._timer = None
        if self._state is None:
            return
        elapsed = time.perf_counter() - self._t0
        if self._shown or elapsed >= self.minimum or event.error is not None:
            self.view.final(self._state.snapshot(), elapsed, event.error)
        self._state = None

    # -- drawing thread ---------------------------------------------------------------
    def _run_timer(self) -> None:
        while not self._stop.wait(self.dt):
            elapsed = time.perf_counter() - self._t0
            if not self._shown and elapsed >= self.minimum:
                self._shown = True
            if self._shown and self._state is not None:
                try:
                    self.view.update(self._state.snapshot(), elapsed)
                except Exception:  # a broken display must never break the compute
                    return


def _error_text(error: BaseException | None) -> str:
    if error is None:
        return ""
    if isinstance(error, KeyboardInterrupt):
        return "interrupted (KeyboardInterrupt)"
    return f"failed: {type(error).__name__}"


class _TextView:
    """A bar on stderr: ``\\r`` redraws on a terminal, a plain line every few seconds otherwise."""

    line_every = 5.0  # seconds between plain lines when stderr is not a terminal

    def __init__(self, bar: ProgressBar):
        self.bar = bar
        self.out = bar.out if bar.out is not None else sys.stderr
        isatty = getattr(self.out, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.last_line = 0.0  # the first plain line comes after line_every seconds
        self.started = False

    def begin(self, state: _State, visible: bool) -> None:
        pass

    def _line(self, done: int, total: int, elapsed: float, tail: str = "") -> str:
        frac = done / total if total else 1.0
        filled = int(round(frac * self.bar.width))
        bar = "#" * filled + " " * (self.bar.width - filled)
        return f"[{bar}] {int(frac * 100):3d}% | {done}/{total} tasks | {_fmt_time(elapsed)}{tail}"

    def update(self, snap: tuple, elapsed: float) -> None:
        done, total, _ = snap
        if self.tty:
            self.out.write("\r" + self._line(done, total, elapsed))
        elif elapsed - self.last_line >= self.line_every:
            self.last_line = elapsed
            self.out.write(self._line(done, total, elapsed) + "\n")
        else:
            return
        self.started = True
        self.out.flush()

    def final(self, snap: tuple, elapsed: float, error: BaseException | None) -> None:
        done, total, _ = snap
        tail = f" | {_error_text(error)}" if error is not None else ""
        prefix = "\r" if self.tty else ""
        self.out.write(prefix + self._line(done, total, elapsed, tail) + "\n")
        self.out.flush()


_BOX: Any = None


def _box_class() -> Any:
    """An ipywidgets VBox whose text repr is a summary (made once, on first use)."""
    global _BOX
    if _BOX is None:
        import ipywidgets as w

        class ProgressBox(w.VBox):
            summary = ""

            def __repr__(self) -> str:
                return self.summary or super().__repr__()

        _BOX = ProgressBox
    return _BOX


class _WidgetView:
    """ipywidgets: an overall bar, one bar per operation, elapsed time and a status line."""

    max_ops = 12  # more operations are summed into one "other operations" row

    def __init__(self, bar: ProgressBar):
        self.bar = bar

    def begin(self, state: _State, visible: bool) -> None:
        import ipywidgets as w
        from IPython.display import display

        done, total, ops = state.snapshot()
        label_w = w.Layout(width="14em")
        bar_w = w.Layout(width="22em")

        def row(name: str, n: int) -> tuple:
            prog = w.IntProgress(value=0, min=0, max=max(n, 1), layout=bar_w)
            count = w.Label(f"0/{n}")
            return w.HBox([w.Label(name, layout=label_w), prog, count]), prog, count

        self.overall_row, self.overall, self.overall_count = row("all tasks", total)
        self.op_rows = []
        for name, _, n in self._grouped(ops):
            self.op_rows.append(row(name, n))
        self.elapsed = w.Label("")
        self.status = w.HTML("")
        self.widget = _box_class()([self.overall_row, *(r[0] for r in self.op_rows),
                                    w.HBox([self.elapsed, self.status])],
                                   layout=w.Layout(display=None if visible else "none"))
        # What front ends without the widget extension show instead of the widget (and
        # what a stored notebook keeps as text): a readable sentence, not "VBox(children=...".
        # (ipywidgets cuts text reprs at 110 characters: keep it short.)
        self.widget.summary = f"lazyarr ProgressBar: {total} tasks in {len(ops)} operations (live widget)"
        display(self.widget)

    def _grouped(self, ops: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        if len(ops) <= self.max_ops:
            return ops
        head, rest = ops[: self.max_ops - 1], ops[self.max_ops - 1:]
        return head + [("other operations", sum(d for _, d, _ in rest), sum(t for _, _, t in rest))]

    def update(self, snap: tuple, elapsed: float) -> None:
        done, total, ops = snap
        self.widget.layout.display = None
        self.overall.value = done
        self.overall_count.value = f"{done}/{total}"
        for (_, prog, count), (_, d, t) in zip(self.op_rows, self._grouped(ops)):
            prog.value = d
            count.value = f"{d}/{t}"
        self.elapsed.value = _fmt_time(elapsed)

    def final(self, snap: tuple, elapsed: float, error: BaseException | None) -> None:
        self.update(snap, elapsed)
        style = "success" if error is None else "danger"
        for prog in [self.overall] + [r[1] for r in self.op_rows]:
            prog.bar_style = style
        if error is None:
            self.status.value = "<b style='color:var(--jp-success-color1, #2e7d32)'>&#10004; done</b>"
        else:
            self.status.value = (f"<b style='color:var(--jp-error-color1, #c62828)'>&#10008; "
                                 f"{escape(_error_text(error))}</b>")


class _HtmlView:
    """An HTML display updated in place (no widget front end needed)."""

    def __init__(self, bar: ProgressBar):
        self.bar = bar

    def begin(self, state: _State, visible: bool) -> None:
        from IPython.display import HTML, display

        self.HTML = HTML
        self.handle = display(HTML(self._html(state.snapshot(), 0.0) if visible else ""), display_id=True)

    def _html(self, snap: tuple, elapsed: float, error: BaseException | None = None, final: bool = False) -> str:
        done, total, ops = snap
        rows = [("all tasks", done, total)] + ops
        body = "".join(f"<tr><td>{escape(name)}</td><td><progress value='{d}' max='{max(t, 1)}'></progress></td>"
                       f"<td>{d}/{t}</td></tr>" for name, d, t in rows)
        status = ""
        if final:
            status = " &#10004; done" if error is None else f" &#10008; {escape(_error_text(error))}"
        return f"<table>{body}</table><div>{_fmt_time(elapsed)}{status}</div>"

    def update(self, snap: tuple, elapsed: float) -> None:
        self.handle.update(self.HTML(self._html(snap, elapsed)))

    def final(self, snap: tuple, elapsed: float, error: BaseException | None) -> None:
        self.handle.update(self.HTML(self._html(snap, elapsed, error, final=True)))
