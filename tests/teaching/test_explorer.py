"""The chunk explorer: its numbers agree with lazyarr, its HTML snapshot follows the sliders,
bad settings get clear errors, and a notebook stores its final state."""

import builtins
import os
from pathlib import Path

import pytest

import lazyarr as la
from lazyarr.teaching import explorer
from lazyarr.teaching.explorer import CHUNK_SIZES, SIZES, ChunkExplorer, explore_chunks


@pytest.mark.parametrize("shape,chunks", [((1000, 1000), 250), ((2000, 1000), 500), ((1000, 2000), 8000),
                                          ((1000, 1000), 50)])
@pytest.mark.parametrize("reduction", ["sum", "mean", "std"])
def test_numbers_agree_with_the_array(shape, chunks, reduction):
    ex = ChunkExplorer(shape, chunks, reduction, timed=False)
    x = la.random.default_rng(0).random(shape, chunks=chunks)
    s = ex.state
    assert s.blocks == x.npartitions
    assert s.tasks == len(getattr(x, reduction)().graph)
    assert s.block_bytes == x.blocks[0, 0].nbytes
    assert s.seconds is None
    assert f"{s.tasks:,}" in ex.snapshot_html() and str(s.tasks) in repr(ex)


def test_timing_is_measured_below_the_limit_and_skipped_above(monkeypatch):
    ex = ChunkExplorer((1000, 1000), 500)
    assert ex.state.seconds is not None and ex.state.seconds > 0
    assert " per task)" in ex.snapshot_html()
    monkeypatch.setattr(explorer, "TIME_LIMIT_TASKS", 10)
    ex = ChunkExplorer((1000, 1000), 250)
    assert ex.state.seconds is None
    assert "not timed: more than 10 tasks" in ex.snapshot_html()


def test_snapshot_shows_code_repr_table_and_graph():
    ex = ChunkExplorer((1000, 2000), 500, "mean", timed=False)
    page = ex.snapshot_html()
    assert "<code>x = la.random.default_rng(0).random((1000, 2000), chunks=500)</code>" in page
    assert ex.array._repr_html_() in page
    assert ex.result.visualize()._repr_html_() in page
    assert "tasks of x.mean()" in page and "<th" in page


def test_seconds_are_formatted_for_people():
    assert explorer._fmt_seconds(2.5) == "2.50 s"
    assert explorer._fmt_seconds(0.0123) == "12 ms"
    assert explorer._fmt_seconds(0.000085) == "85 µs"


def test_widget_follows_the_sliders_and_set():
    pytest.importorskip("ipywidgets")
    ex = ChunkExplorer((1000, 1000), 500, timed=False)
    panel = ex.widget
    assert ex.widget is panel  # made once
    ex.sliders["chunks"].value = 250
    ex.sliders["reduction"].value = "std"
    assert (ex.state.chunks, ex.state.reduction, ex.state.blocks) == (250, "std", 16)
    assert ex.view.value == ex.snapshot_html()
    ex.set(shape=(2000, 1000), chunks=1000)
    assert ex.sliders["rows"].value == 2000 and ex.sliders["chunks"].value == 1000
    assert ex.state.blocks == 2 and ex.view.value == ex.snapshot_html()


def test_display_bundle_has_widget_html_and_text():
    pytest.importorskip("ipywidgets")
    bundle = ChunkExplorer((1000, 1000), 500, timed=False)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith("<div class='lazyarr-explorer'>")
    assert bundle["text/plain"].endswith("(live widget)")


def test_without_ipywidgets_the_snapshot_alone(monkeypatch):
    real_import = builtins.__import__

    def no_widgets(name, *args, **kwargs):
        if name == "ipywidgets":
            raise ImportError("no ipywidgets here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_widgets)
    bundle = ChunkExplorer((1000, 1000), 500, timed=False)._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert "live widget" not in bundle["text/plain"]


@pytest.mark.parametrize("kwargs,fragment", [
    ({"shape": (1000,)}, "shape=(1000,) is not offered"),
    ({"shape": (1000, 1234)}, "shape=(1000, 1234) is not offered"),
    ({"shape": [1000, 1000]}, "shape=[1000, 1000] is not offered"),
    ({"chunks": 300}, "chunks=300 is not offered"),
    ({"reduction": "max"}, "reduction='max' is not offered"),
])
def test_bad_settings_raise_value_error(kwargs, fragment):
    with pytest.raises(ValueError, match="ChunkExplorer: ") as info:
        ChunkExplorer(**kwargs, timed=False)
    assert fragment in str(info.value)
    ex = ChunkExplorer((1000, 1000), 500, timed=False)
    with pytest.raises(ValueError, match="ChunkExplorer: "):
        ex.set(**kwargs)


def test_choices_are_sorted_and_explore_chunks_defaults():
    assert list(SIZES) == sorted(SIZES) and list(CHUNK_SIZES) == sorted(CHUNK_SIZES)
    assert explore_chunks.__defaults__ == ((4000, 4000), 1000, "sum")


@pytest.mark.slow
def test_a_notebook_stores_the_final_state(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("from lazyarr.teaching.explorer import explore_chunks\n"
                                           "explore_chunks((1000, 1000), 250)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("PYTHONPATH", str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    (output,) = nb.cells[0].outputs
    assert "ChunkExplorer: 1000 x 1000 array in chunks of 250: 16 blocks" in output["data"]["text/plain"]
    assert "tasks of x.sum()" in output["data"]["text/html"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    views = [m["state"]["value"] for m in state.values() if m["model_name"] == "HTMLModel"]
    assert any("chunks=250)" in v and "tasks of x.sum()" in v for v in views)
    sliders = {m["state"]["description"]: m["state"] for m in state.values()
               if m["model_name"] == "SelectionSliderModel"}
    assert sliders["chunk size"]["_options_labels"][sliders["chunk size"]["index"]] == "250"
