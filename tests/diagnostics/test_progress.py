"""ProgressBar: text mode on stderr, widget mode updated in-process, errors, throttling."""

import io
import time

import numpy as np
import pytest

import lazyarr as la
from lazyarr.diagnostics import ProgressBar


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def slow(block, delay=0.01):
    time.sleep(delay)
    return block


def boom(block):
    raise ValueError("boom")


def interrupt(block):
    raise KeyboardInterrupt


def test_text_mode_writes_to_stderr(capsys, scheduler):
    with ProgressBar(minimum=0, mode="text"):
        x = la.ones(10, chunks=5).sum().compute()
    assert x == 10
    err = capsys.readouterr().err
    last = err.splitlines()[-1]
    assert last.startswith("[" + "#" * 40 + "] 100% | ")
    assert last.endswith(" s")
    assert "\r" not in err  # captured stderr is not a terminal: plain lines only


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


# -- widget mode -------------------------------------------------------------------------
@pytest.fixture
def displayed(monkeypatch):
    """Capture what the progress bar displays (and its state at that moment)."""
    pytest.importorskip("ipywidgets")
    import IPython.display

    shown = []

    def fake_display(obj, **kwargs):
        snapshot = None
        if hasattr(obj, "children"):
            snapshot = obj.children[0].children[1].value  # the overall bar at display time
        shown.append((obj, snapshot))

        class Handle:
            updates = []

            def update(self, new):
                self.updates.append(new)
                shown.append((new, None))

        return Handle()

    monkeypatch.setattr(IPython.display, "display", fake_display)
    return shown


def test_widget_mode_final_values(displayed, scheduler):
    x = la.ones((4, 4), chunks=2).sum()
    ntasks = len(x.graph)
    with ProgressBar(minimum=0, mode="widget") as pbar:
        x.compute(optimize_graph=False)
    (widget, at_display), = displayed
    assert at_display == 0  # displayed before any task ran
    view = pbar.view
    assert widget is view.widget
    assert view.overall.value == view.overall.max == ntasks
    assert view.overall_count.value == f"{ntasks}/{ntasks}"
    rows = {row[0].children[0].value: row[1].value for row in view.op_rows}
    assert rows == {"ones": 4, "sum": ntasks - 4}
    assert all(r[1].value == r[1].max for r in view.op_rows)
    assert all(p.bar_style == "success" for p in [view.overall] + [r[1] for r in view.op_rows])
    assert "done" in view.status.value
    assert view.elapsed.value.endswith(" s")
    assert widget.layout.display is None  # visible
    # Without the widget front end, readers see this text instead of "VBox(children=...":
    text = widget._repr_mimebundle_()["text/plain"]
    assert text == f"lazyarr ProgressBar: {ntasks} tasks in 2 operations (live widget)"


def test_widget_mode_error(displayed):
    x = la.ones(4, chunks=1).map_blocks(boom, dtype=float)
    with pytest.raises(ValueError):
        with ProgressBar(minimum=0, mode="widget") as pbar:
            x.compute(scheduler="sync")
    assert pbar.view.overall.bar_style == "danger"
    assert "failed: ValueError" in pbar.view.status.value
    assert pbar.view.overall.value < pbar.view.overall.max


def test_widget_hidden_until_minimum(displayed):
    with ProgressBar(minimum=30, mode="widget") as pbar:
        la.ones(4, chunks=2).compute()
    assert pbar.view.widget.layout.display == "none"
    assert pbar.view.overall.value == 0  # never drawn: a short compute shows nothing


def test_widget_groups_many_operations(displayed):
    x = la.ones(4, chunks=2)
    for f in (np.sin, np.cos, np.exp, np.sqrt, np.abs, np.negative, np.tan, np.arctan, np.sign, np.square,
              np.floor, np.ceil, np.trunc, np.rint):
        x = f(x)
    with ProgressBar(minimum=0, mode="widget") as pbar:
        x.compute(optimize_graph=False)
    rows = pbar.view.op_rows
    assert len(rows) == pbar.view.max_ops
    assert rows[-1][0].children[0].value == "other operations"
    assert sum(r[1].value for r in rows) == len(x.graph)


def test_html_mode(displayed):
    with ProgressBar(minimum=0, mode="html"):
        (la.ones(4, chunks=2) + 1).compute(optimize_graph=False)
    final = displayed[-1][0].data
    assert "done" in final and "<progress value='4' max='4'>" in final
