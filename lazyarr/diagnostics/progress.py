"""A progress bar for computes: a live widget (or HTML) in Jupyter, a text bar in terminals.

:class:`ProgressBar` is a :class:`~lazyarr.callbacks.Callback`, so every scheduler
drives it the same way: ``start`` tells it how many tasks each operation has,
``task_end`` (called on worker threads) only increments counters, and a small timer
thread redraws at most every ``dt`` seconds. Drawing is therefore never on the
tasks' path and a compute is not slowed down by its progress bar.

Views (chosen by ``mode``):

* ``"widget"`` (Jupyter with ipywidgets): an overall bar, one bar per operation,
  elapsed time, and a final state (green when done, red with the exception type on
  error or Ctrl-C). It is displayed when the compute starts, hidden until ``minimum``
  seconds have passed (a short compute leaves nothing visible). The kernel cannot
  know whether the front end has the widget manager (JupyterLab without
  ``@jupyter-widgets/jupyterlab-manager``, GitHub, nbviewer without saved widget
  state and some VS Code set-ups don't), so the display carries three representations: the widget (front ends with
  the widget manager rank it first), the progress table as HTML (what the others
  render; refreshed every second or so at first, less often as the compute goes on,
  and always once at the end, so a stored notebook keeps the final state: counts and
  done / the exception type), and a one-line text summary.
* ``"html"``: the same HTML table alone, updated in place every ``dt`` seconds.
* ``"text"``: a bar ending with ``100%`` and the elapsed time. In a terminal it goes
  to stderr, like other progress bars (tqdm, pip), so that it never mixes with what a
  program prints to stdout (``python job.py > out.txt`` still shows the bar); in a
  Jupyter kernel it goes to stdout, because notebooks show stderr as an error (a pink
  box) and a healthy compute is not one. When the stream is not a terminal (CI logs,
  files, notebooks) it writes a plain line every few seconds instead of ``\\r`` updates.

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
        "auto": a widget (with an HTML fallback for front ends without the widget
        manager) in a Jupyter kernel with ipywidgets, HTML in a kernel without it,
        text elsewhere.
    out : file-like, optional
        Where text mode writes. Default, looked up at compute time: ``sys.stdout`` in a
        Jupyter kernel (stderr would show as an error box), ``sys.stderr`` elsewhere (the
        bar never mixes with a program's own output).

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


def default_text_stream() -> Any:
    """Where text mode writes when ``out`` is not given: stdout in a Jupyter kernel, else stderr.

    >>> default_text_stream() is sys.stderr  # not in a kernel here
    True
    """
    return sys.stdout if _in_kernel() else sys.stderr


class _TextView:
    """A text bar: ``\\r`` redraws on a terminal, a plain line every few seconds otherwise."""

    line_every = 5.0  # seconds between plain lines when the stream is not a terminal

    def __init__(self, bar: ProgressBar):
        self.bar = bar
        self.out = bar.out if bar.out is not None else default_text_stream()
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


# Colours come from the notebook theme (JupyterLab's --jp-*, VS Code's --vscode-*) with literal
# fallbacks, like lazyarr.display's stylesheet; states are also spelled out in words and symbols,
# so colour is never the only signal.
_TEXT = "var(--jp-content-font-color1, var(--vscode-editor-foreground, currentColor))"
_OK = "var(--jp-success-color1, var(--vscode-testing-iconPassed, #2e7d32))"
_ERR = "var(--jp-error-color1, var(--vscode-errorForeground, #c62828))"

_MAX_OPS = 12  # more operations are summed into one "other operations" row


def _group_ops(ops: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """At most ``_MAX_OPS`` rows: the operations after the first ones are summed into one row."""
    if len(ops) <= _MAX_OPS:
        return ops
    head, rest = ops[: _MAX_OPS - 1], ops[_MAX_OPS - 1:]
    return head + [("other operations", sum(d for _, d, _ in rest), sum(t for _, _, t in rest))]


def _summary(total: int, nops: int, suffix: str = "") -> str:
    # The text/plain of the display: what text-only front ends (and nbval) see. ipywidgets cuts
    # widget text reprs at 110 characters, so keep it short.
    return f"lazyarr ProgressBar: {total} tasks in {nops} operations{suffix}"


def _progress_html(snap: tuple, elapsed: float, error: BaseException | None = None, final: bool = False) -> str:
    """The progress table as HTML: one row per operation (and one for all tasks), the elapsed time, the state.

    Shared by the ``"html"`` view and the HTML fallback of the widget view. Everything taken from the
    graph (operation names) or the error is escaped. Apart from the elapsed time the output is a pure
    function of the counts and the state: no random ids, so stored notebooks compare cleanly.

    Examples
    --------
    >>> html = _progress_html((3, 3, [("ones", 2, 2), ("sum", 1, 1)]), 0.5, final=True)
    >>> "<progress value='2' max='2'" in html and "3/3" in html and "done" in html
    True
    """
    done, total, ops = snap
    rows = [("all tasks", done, total), *_group_ops(ops)]
    # The bars take the widget's colours at the end: green when done, red on an error.
    accent = "" if not final else f";accent-color:{_OK if error is None else _ERR}"
    # Borders and row stripes are left to the front end's own table style (theme-aware in JupyterLab).
    cell = "padding:1px 8px"
    body = "".join(
        f"<tr><th style='{cell};text-align:left;font-weight:{'bold' if i == 0 else 'normal'}'>{escape(name)}</th>"
        f"<td style='{cell}'><progress value='{d}' max='{max(t, 1)}' style='width:16em{accent}'></progress></td>"
        f"<td style='{cell};text-align:right'>{d}/{t}</td></tr>"
        for i, (name, d, t) in enumerate(rows))
    if not final:
        state = "running"
    elif error is None:
        state = f"<b style='color:{_OK}'>&#10004; done</b>"
    else:
        state = f"<b style='color:{_ERR}'>&#10008; {escape(_error_text(error))}</b>"
    return (f"<div class='lazyarr-progress' style='color:{_TEXT};font-size:12px'>"
            f"<table style='border-collapse:collapse;margin:0'>{body}</table>"
            f"<div style='margin-top:2px'>{escape(_fmt_time(elapsed))} &middot; {state}</div></div>")


class _HtmlView:
    """The table of :func:`_progress_html` as a display updated in place (no widget front end needed)."""

    suffix = ""  # appended to the text/plain summary

    def __init__(self, bar: ProgressBar):
        self.bar = bar

    def _bundle(self, html: str) -> dict[str, Any]:
        return {"text/html": html, "text/plain": self.summary}

    def begin(self, state: _State, visible: bool) -> None:
        from IPython.display import display

        snap = state.snapshot()
        self.summary = _summary(snap[1], len(snap[2]), self.suffix)
        # Hidden until `minimum` seconds have passed: an empty HTML output, so a short compute
        # leaves nothing visible behind.
        html = _progress_html(snap, 0.0) if visible else ""
        self.handle = display(self._bundle(html), raw=True, display_id=True)

    def _publish(self, html: str) -> None:
        self.handle.update(self._bundle(html), raw=True)

    def update(self, snap: tuple, elapsed: float) -> None:
        self._publish(_progress_html(snap, elapsed))

    def final(self, snap: tuple, elapsed: float, error: BaseException | None) -> None:
        self._publish(_progress_html(snap, elapsed, error, final=True))


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


class _WidgetView(_HtmlView):
    """ipywidgets: an overall bar, one bar per operation, elapsed time and a status line.

    The widget is published in one display together with the HTML table and a text summary. Front
    ends with the widget manager render the widget (its mimetype ranks first); the others (JupyterLab
    without @jupyter-widgets/jupyterlab-manager, GitHub, nbviewer when no widget state was saved,
    some VS Code set-ups) render the HTML, which is refreshed now and then and always once at the
    end, so a stored notebook keeps the final state as HTML.
    """

    suffix = " (live widget)"
    # How often the HTML fallback is refreshed: every `html_every` seconds at first, then every
    # `html_growth` x the elapsed time, but never less often than every `html_every_max` seconds.
    # Why not simply every second: each refresh is an update_display of the widget's own output
    # (the kernel cannot tell which front ends show it), and JupyterLab's widget renderer
    # (jupyterlab_widgets 3, WidgetRenderer.renderModel) answers it by building a NEW view of the
    # VBox and all its children without disposing of the old one. Nothing flickers (checked in
    # Chromium: the new view replaces the old one before the next paint) but the old views stay
    # alive and keep following every change of the bars: a refresh a second would leave ~3,600
    # view trees behind after an hour. With this schedule an hour-long compute leaves ~130 and a
    # minute-long one ~13, while the HTML in a front end without widgets is never staler than 30 s
    # (and exact once the compute ends). Separate outputs for the widget and the HTML would avoid
    # the re-render, but then every front end with widgets (and nbconvert's HTML export, which
    # embeds the widget state) would show the progress twice.
    html_every = 1.0
    html_growth = 0.25
    html_every_max = 30.0

    def begin(self, state: _State, visible: bool) -> None:
        import ipywidgets as w

        done, total, ops = state.snapshot()
        label_w = w.Layout(width="14em")
        bar_w = w.Layout(width="22em")

        def row(name: str, n: int) -> tuple:
            prog = w.IntProgress(value=0, min=0, max=max(n, 1), layout=bar_w)
            count = w.Label(f"0/{n}")
            return w.HBox([w.Label(name, layout=label_w), prog, count]), prog, count

        self.overall_row, self.overall, self.overall_count = row("all tasks", total)
        self.op_rows = []
        for name, _, n in _group_ops(ops):
            self.op_rows.append(row(name, n))
        self.elapsed = w.Label("")
        self.status = w.HTML("")
        self.widget = _box_class()([self.overall_row, *(r[0] for r in self.op_rows),
                                    w.HBox([self.elapsed, self.status])],
                                   layout=w.Layout(display=None if visible else "none"))
        # Displaying the widget itself (not only the bundle below) shows this sentence, not "VBox(children=...".
        self.widget.summary = _summary(total, len(ops), self.suffix)
        # Elapsed time of the last HTML refresh; None until the bar is visible, so the HTML
        # appears together with the widget once `minimum` seconds have passed.
        self.html_at: float | None = 0.0 if visible else None
        super().begin(state, visible)

    def _bundle(self, html: str) -> dict[str, Any]:
        # The widget-view entry exactly as ipywidgets builds it (model id and protocol version),
        # plus the HTML fallback and the summary.
        return {**self.widget._repr_mimebundle_(), **super()._bundle(html)}

    def _html_due(self, elapsed: float) -> bool:
        if self.html_at is None:
            return True
        wait = min(max(self.html_every, self.html_growth * elapsed), self.html_every_max)
        return elapsed - self.html_at >= wait

    def update(self, snap: tuple, elapsed: float) -> None:
        self._update_widget(snap, elapsed)
        if self._html_due(elapsed):
            self.html_at = elapsed
            super().update(snap, elapsed)

    def _update_widget(self, snap: tuple, elapsed: float) -> None:
        done, total, ops = snap
        self.widget.layout.display = None
        self.overall.value = done
        self.overall_count.value = f"{done}/{total}"
        for (_, prog, count), (_, d, t) in zip(self.op_rows, _group_ops(ops)):
            prog.value = d
            count.value = f"{d}/{t}"
        self.elapsed.value = _fmt_time(elapsed)

    def final(self, snap: tuple, elapsed: float, error: BaseException | None) -> None:
        self._update_widget(snap, elapsed)
        style = "success" if error is None else "danger"
        for prog in [self.overall] + [r[1] for r in self.op_rows]:
            prog.bar_style = style
        if error is None:
            self.status.value = f"<b style='color:{_OK}'>&#10004; done</b>"
        else:
            self.status.value = f"<b style='color:{_ERR}'>&#10008; {escape(_error_text(error))}</b>"
        super().final(snap, elapsed, error)
