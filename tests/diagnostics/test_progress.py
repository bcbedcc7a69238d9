"""ProgressBar: text mode (stderr in terminals, stdout in notebooks), widget mode updated in-process, errors,
throttling."""

import io
import re
import time
import types
from html.parser import HTMLParser
from typing import NamedTuple

import numpy as np
import pytest

import lazyarr as la
from lazyarr.diagnostics import ProgressBar


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def slow(block, delay=0.01):
    # The workload, not synchronisation: tasks that take a while give the throttling and
    # `minimum` tests a compute long enough to measure.
    time.sleep(delay)
    return block


def boom(block):
    raise ValueError("boom")


def interrupt(block):
    raise KeyboardInterrupt


def test_text_mode_writes_to_stderr_in_a_terminal(capsys, scheduler):
    with ProgressBar(minimum=0, mode="text"):
        x = la.ones(10, chunks=5).sum().compute()
    assert x == 10
    captured = capsys.readouterr()
    last = captured.err.splitlines()[-1]
    assert last.startswith("[" + "#" * 40 + "] 100% | ")
    assert last.endswith(" s")
    assert "\r" not in captured.err  # captured stderr is not a terminal: plain lines only
    assert captured.out == ""  # a program's own output stays clean


def test_text_mode_writes_to_stdout_in_a_notebook(capsys, monkeypatch):
    # Jupyter shows stderr as an error (a pink box): in a kernel the bar goes to stdout.
    from lazyarr.diagnostics import progress

    monkeypatch.setattr(progress, "_in_kernel", lambda: True)
    with ProgressBar(minimum=0, mode="text"):
        la.ones(10, chunks=5).sum().compute(scheduler="sync")
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines()[-1].startswith("[" + "#" * 40 + "] 100% | ")


def test_explicit_out_wins_everywhere(monkeypatch):
    from lazyarr.diagnostics import progress

    for in_kernel in (True, False):
        monkeypatch.setattr(progress, "_in_kernel", lambda in_kernel=in_kernel: in_kernel)
        out = io.StringIO()
        with ProgressBar(minimum=0, mode="text", out=out):
            la.ones(4, chunks=2).sum().compute(scheduler="sync")
        assert "100%" in out.getvalue()


def test_text_mode_counts_every_task(scheduler):
    out = io.StringIO()
    x = la.ones((6, 6), chunks=2) + 1
    with ProgressBar(minimum=0, mode="text", out=out):
        x.compute(optimize_graph=False)
    assert f"| {len(x.graph)}/{len(x.graph)} tasks |" in out.getvalue()


def test_tty_redraws_in_place_and_is_throttled():
    out = FakeTTY()
    x = la.ones(40, chunks=1).map_blocks(slow, dtype=float)
    t = time.perf_counter()
    with ProgressBar(minimum=0, mode="text", out=out, dt=0.05):
        x.compute(scheduler="sync")
    elapsed = time.perf_counter() - t
    text = out.getvalue()
    assert text.count("\r") >= 2
    assert text.count("\r") <= elapsed / 0.05 + 3  # redraws are throttled to dt, not one per task
    assert text.endswith(" s\n") and "100%" in text.split("\r")[-1]


def test_non_tty_writes_periodic_plain_lines(monkeypatch):
    from lazyarr.diagnostics import progress

    monkeypatch.setattr(progress._TextView, "line_every", 0.1)
    out = io.StringIO()
    with ProgressBar(minimum=0, mode="text", out=out, dt=0.02):
        la.ones(30, chunks=1).map_blocks(slow, dtype=float).compute(scheduler="sync")
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert 2 <= len(lines) <= 6  # ~0.3 s of work, one line per 0.1 s and the final one
    assert "100%" in lines[-1] and all("100%" not in line for line in lines[:-1])


def test_minimum_hides_short_computes():
    out = io.StringIO()
    with ProgressBar(minimum=30, mode="text", out=out):
        la.ones(10, chunks=5).sum().compute()
    assert out.getvalue() == ""


def test_minimum_shows_long_computes():
    out = io.StringIO()
    with ProgressBar(minimum=0.05, mode="text", out=out):
        la.ones(12, chunks=1).map_blocks(slow, dtype=float).compute(scheduler="sync")
    assert "100%" in out.getvalue()


def test_error_leaves_a_clear_final_state(scheduler):
    out = io.StringIO()
    x = la.ones(4, chunks=1).map_blocks(boom, dtype=float)
    with pytest.raises(ValueError, match="boom"):
        with ProgressBar(minimum=0, mode="text", out=out):
            x.compute()
    last = out.getvalue().splitlines()[-1]
    assert "failed: ValueError" in last and "100%" not in last


def test_ctrl_c_leaves_a_clear_final_state(scheduler):
    out = io.StringIO()
    x = la.ones(4, chunks=1).map_blocks(interrupt, dtype=float)
    with pytest.raises(KeyboardInterrupt):
        with ProgressBar(minimum=0, mode="text", out=out):
            x.compute()
    assert "interrupted (KeyboardInterrupt)" in out.getvalue().splitlines()[-1]


def test_register_unregister():
    out = io.StringIO()
    pbar = ProgressBar(minimum=0, mode="text", out=out)
    pbar.register()
    try:
        la.ones(4, chunks=2).compute()
    finally:
        pbar.unregister()
    first = out.getvalue()
    assert "100%" in first
    la.ones(4, chunks=2).compute()
    assert out.getvalue() == first


def test_bad_mode():
    with pytest.raises(ValueError, match="mode='gui' is not supported"):
        ProgressBar(mode="gui")


# -- widget and HTML modes ------------------------------------------------------------------
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class Published(NamedTuple):
    at: float  # time.perf_counter() when published
    data: dict
    display_id: str | None
    update: bool


class FakeDisplayPublisher:
    """Stands in for the kernel's display publisher: records every display and update_display."""

    def __init__(self):
        self.messages = []

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        self.messages.append(Published(time.perf_counter(), dict(data), (transient or {}).get("display_id"),
                                       update))


@pytest.fixture
def published(monkeypatch):
    """What the progress bar publishes, through IPython's real display() / update_display() code.

    IPython only publishes when a shell exists, so a fake shell with a recording display
    publisher stands in for the kernel's.
    """
    pytest.importorskip("ipywidgets")
    from IPython.core.interactiveshell import InteractiveShell

    pub = FakeDisplayPublisher()
    shell = types.SimpleNamespace(display_pub=pub)
    monkeypatch.setattr(InteractiveShell, "initialized", classmethod(lambda cls: True))
    monkeypatch.setattr(InteractiveShell, "instance", classmethod(lambda cls, *a, **k: shell))
    return pub.messages


class ProgressTable(HTMLParser):
    """Reads the progress HTML back: every tag, the rows (name, value, max, count) and the status line."""

    def __init__(self, html):
        super().__init__()  # convert_charrefs: escaped text comes back as the original characters
        self.tags, self.rows, self.status = [], [], ""
        self._cells = self._cell = self._bar = None
        self._after_table = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "tr":
            self._cells, self._bar = [], None
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "progress":
            attrs = dict(attrs)
            self._bar = (int(attrs["value"]), int(attrs["max"]))

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cells.append("".join(self._cell))
            self._cell = None
        elif tag == "tr":
            name, _, count = self._cells
            self.rows.append((name, *self._bar, count))
        elif tag == "table":
            self._after_table = True

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._after_table:
            self.status += data


def test_widget_mode_publishes_widget_html_and_text(published, scheduler):
    x = la.ones((4, 4), chunks=2).sum()
    ntasks = len(x.graph)
    with ProgressBar(minimum=0, mode="widget") as pbar:
        x.compute(optimize_graph=False)
    view = pbar.view
    first, last = published[0], published[-1]
    # One display, then only updates of that same display.
    assert not first.update and first.display_id
    assert all(m.update and m.display_id == first.display_id for m in published[1:])
    summary = f"lazyarr ProgressBar: {ntasks} tasks in 2 operations (live widget)"
    for bundle in (first.data, last.data):
        assert set(bundle) == {WIDGET_MIME, "text/html", "text/plain"}
        assert bundle[WIDGET_MIME]["model_id"] == view.widget.model_id  # the VBox, not one of its bars
        assert bundle[WIDGET_MIME]["version_major"] == 2
        assert bundle[WIDGET_MIME] == view.widget._repr_mimebundle_()[WIDGET_MIME]  # as ipywidgets builds it
        assert bundle["text/plain"] == summary
    # Published before any task ran: the initial HTML shows nothing done yet.
    table = ProgressTable(first.data["text/html"])
    assert [(name, value, count) for name, value, _, count in table.rows] == [
        ("all tasks", 0, f"0/{ntasks}"), ("ones", 0, "0/4"), ("sum", 0, f"0/{ntasks - 4}")]
    assert "running" in table.status
    # The final HTML (what a stored notebook keeps): every count complete, and "done".
    table = ProgressTable(last.data["text/html"])
    assert table.rows == [("all tasks", ntasks, ntasks, f"{ntasks}/{ntasks}"), ("ones", 4, 4, "4/4"),
                          ("sum", ntasks - 4, ntasks - 4, f"{ntasks - 4}/{ntasks - 4}")]
    assert "✔ done" in table.status and "running" not in table.status
    assert table.status.split(" · ")[0].endswith(" s")  # the elapsed time
    # ... and the widget agrees.
    assert view.overall.value == view.overall.max == ntasks
    assert view.overall_count.value == f"{ntasks}/{ntasks}"
    rows = {row[0].children[0].value: row[1].value for row in view.op_rows}
    assert rows == {"ones": 4, "sum": ntasks - 4}
    assert all(p.bar_style == "success" for p in [view.overall] + [r[1] for r in view.op_rows])
    assert "done" in view.status.value
    assert view.elapsed.value.endswith(" s")
    assert view.widget.layout.display is None  # visible
    # Displaying the widget object itself shows the same sentence, not "VBox(children=...":
    assert view.widget._repr_mimebundle_()["text/plain"] == summary


def test_widget_mode_html_is_deterministic_apart_from_elapsed(published):
    x = la.ones((4, 4), chunks=2).sum()
    finals = []
    for _ in range(2):
        with ProgressBar(minimum=0, mode="widget"):
            x.compute(scheduler="sync")
        finals.append(re.sub(r"\d+\.\d\d s", "TIME", published[-1].data["text/html"]))
    assert finals[0] == finals[1]
    assert "TIME" in finals[0]


def test_widget_mode_error(published):
    x = la.ones(4, chunks=1).map_blocks(boom, dtype=float)
    with pytest.raises(ValueError):
        with ProgressBar(minimum=0, mode="widget") as pbar:
            x.compute(scheduler="sync")
    assert pbar.view.overall.bar_style == "danger"
    assert "failed: ValueError" in pbar.view.status.value
    assert pbar.view.overall.value < pbar.view.overall.max
    table = ProgressTable(published[-1].data["text/html"])
    assert "✘ failed: ValueError" in table.status and "done" not in table.status
    name, value, maximum, _ = table.rows[0]
    assert name == "all tasks" and value < maximum


def test_widget_mode_ctrl_c(published):
    x = la.ones(4, chunks=1).map_blocks(interrupt, dtype=float)
    with pytest.raises(KeyboardInterrupt):
        with ProgressBar(minimum=0, mode="widget") as pbar:
            x.compute(scheduler="sync")
    assert "interrupted (KeyboardInterrupt)" in pbar.view.status.value
    table = ProgressTable(published[-1].data["text/html"])
    assert "✘ interrupted (KeyboardInterrupt)" in table.status and "done" not in table.status


def hostile(block):
    return block


HOSTILE = "<img src=x onerror=alert(1)>&amp;\"'</table>"
hostile.__name__ = HOSTILE


@pytest.mark.parametrize("mode", ["widget", "html"])
def test_operation_names_are_escaped(published, mode):
    x = la.ones(4, chunks=2).map_blocks(hostile, dtype=float)
    with ProgressBar(minimum=0, mode=mode):
        x.compute(scheduler="sync", optimize_graph=False)
    for message in published:
        html = message.data["text/html"]
        table = ProgressTable(html)
        assert set(table.tags) <= {"div", "table", "tr", "th", "td", "progress", "b"}
        assert [row[0] for row in table.rows] == ["all tasks", "ones", HOSTILE]
        assert "<img" not in html and "</table>" in html and html.count("</table>") == 1


def test_widget_mode_throttles_html_updates(published, monkeypatch):
    from lazyarr.diagnostics import progress

    monkeypatch.setattr(progress._WidgetView, "html_every", 0.1)
    monkeypatch.setattr(progress._WidgetView, "html_every_max", 0.1)
    x = la.ones(60, chunks=1).map_blocks(slow, dtype=float)
    with ProgressBar(minimum=0, mode="widget", dt=0.01):
        t0 = time.perf_counter()
        x.compute(scheduler="sync")
        elapsed = time.perf_counter() - t0
    updates = published[1:-1]  # between the first display and the final state
    times = [published[0].at] + [m.at for m in updates]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert 2 <= len(updates) <= elapsed / 0.1 + 1
    assert min(gaps) >= 0.1 - 0.01  # never more often than html_every (up to one dt of jitter)
    assert "done" in published[-1].data["text/html"]  # and always once at the end
    assert "done" not in updates[-1].data["text/html"]


def test_html_refresh_schedule_bounds_rerenders():
    """Each HTML refresh makes JupyterLab build a new widget view: few for long computes, never stale > 30 s."""
    from lazyarr.diagnostics import progress

    def refreshes(duration, dt=0.1):
        view = progress._WidgetView.__new__(progress._WidgetView)
        view.html_at, times = 0.0, []
        for i in range(1, int(duration / dt) + 1):
            elapsed = i * dt
            if view._html_due(elapsed):
                view.html_at = elapsed
                times.append(elapsed)
        return times

    minute, hour = refreshes(60), refreshes(3600)
    assert 10 <= len(minute) <= 20
    assert 100 <= len(hour) <= 150  # one refresh a second would be 3,600
    assert minute[:3] == pytest.approx([1.0, 2.0, 3.0])  # about every second at first
    gaps = [b - a for a, b in zip([0.0] + hour, hour)]
    assert max(gaps) <= 30.0 + 0.2 and 3600 - hour[-1] <= 30.0 + 0.2  # (0.1: one tick of dt)


def test_widget_hidden_until_minimum(published):
    with ProgressBar(minimum=30, mode="widget") as pbar:
        la.ones(4, chunks=2).compute()
    assert pbar.view.widget.layout.display == "none"
    assert pbar.view.overall.value == 0  # never drawn: a short compute shows nothing
    (only,) = published  # no update: the HTML fallback stays empty too
    assert only.data["text/html"] == ""
    assert only.data[WIDGET_MIME]["model_id"] == pbar.view.widget.model_id


def test_widget_html_appears_with_the_widget(published):
    x = la.ones(30, chunks=1).map_blocks(slow, dtype=float)
    with ProgressBar(minimum=0.1, dt=0.02, mode="widget"):
        x.compute(scheduler="sync")
    assert published[0].data["text/html"] == ""
    shown = published[1]  # the first redraw after `minimum`, not html_every later
    assert shown.at - published[0].at < 0.1 + 0.2
    assert ProgressTable(shown.data["text/html"]).rows[0][0] == "all tasks"
    assert "done" in published[-1].data["text/html"]


def test_widget_groups_many_operations(published):
    from lazyarr.diagnostics import progress

    x = la.ones(4, chunks=2)
    for f in (np.sin, np.cos, np.exp, np.sqrt, np.abs, np.negative, np.tan, np.arctan, np.sign, np.square,
              np.floor, np.ceil, np.trunc, np.rint):
        x = f(x)
    with ProgressBar(minimum=0, mode="widget") as pbar:
        x.compute(optimize_graph=False)
    rows = pbar.view.op_rows
    assert len(rows) == progress._MAX_OPS
    assert rows[-1][0].children[0].value == "other operations"
    assert sum(r[1].value for r in rows) == len(x.graph)
    html_rows = ProgressTable(published[-1].data["text/html"]).rows
    assert len(html_rows) == 1 + progress._MAX_OPS  # the same grouping in the HTML fallback
    assert html_rows[-1][0] == "other operations"
    assert sum(row[1] for row in html_rows[1:]) == len(x.graph)


def test_html_mode(published):
    with ProgressBar(minimum=0, mode="html"):
        (la.ones(4, chunks=2) + 1).compute(optimize_graph=False)
    first, last = published[0], published[-1]
    assert set(first.data) == set(last.data) == {"text/html", "text/plain"}  # no widget
    assert last.update and last.display_id == first.display_id
    assert first.data["text/plain"] == "lazyarr ProgressBar: 4 tasks in 2 operations"
    table = ProgressTable(last.data["text/html"])
    assert table.rows[0] == ("all tasks", 4, 4, "4/4")
    assert "✔ done" in table.status
