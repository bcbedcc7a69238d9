"""visualize(): valid SVG with and without Graphviz, order/op colouring, big graphs, files."""

import os
import re
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import lazyarr as la
from lazyarr.core.order import order
from lazyarr.display import graph as graph_mod

NS = "{http://www.w3.org/2000/svg}"
HAS_DOT = graph_mod.find_dot() is not None
engines = ["builtin", pytest.param("graphviz", marks=pytest.mark.skipif(not HAS_DOT, reason="no dot"))]


def small():
    x = la.ones((4, 4), chunks=2)
    return (x + x.T).sum()


def builtin_nodes(svg):
    """(tooltip, [text lines]) for each node group of the built-in SVG."""
    root = ET.fromstring(svg)
    out = []
    for g in root.iter(NS + "g"):
        title = g.find(NS + "title")
        if title is not None:
            out.append((title.text, [t.text for t in g.findall(f".//{NS}tspan")]))
    return out


@pytest.mark.parametrize("engine", engines)
@pytest.mark.parametrize("color", [None, "order", "op"])
@pytest.mark.parametrize("rankdir", ["BT", "LR"])
def test_valid_svg(engine, color, rankdir):
    y = small()
    pic = y.visualize(engine=engine, color=color, rankdir=rankdir)
    ET.fromstring(pic.svg)
    assert pic.engine == engine and pic.level == "tasks"
    assert pic.nnodes == len(y.graph)
    assert pic._repr_mimebundle_()["image/svg+xml"] == pic.svg == pic._repr_svg_()
    if engine == "graphviz":
        assert pic.svg.count('class="node"') == len(y.graph)
    else:
        assert len(builtin_nodes(pic.svg)) == len(y.graph)


def test_missing_dot_falls_back_and_png_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on PATH
    assert graph_mod.find_dot() is None
    pic = small().visualize()
    assert pic.engine == "builtin"
    ET.fromstring(pic.svg)
    with pytest.raises(RuntimeError, match="install Graphviz"):
        pic.save(tmp_path / "g.png")
    with pytest.raises(RuntimeError, match="apt install graphviz"):
        small().visualize(filename=tmp_path / "g.pdf")
    with pytest.raises(RuntimeError, match="not on PATH"):
        small().visualize(engine="graphviz")
    pic.save(tmp_path / "g.svg")
    pic.save(tmp_path / "g.dot")
    ET.parse(tmp_path / "g.svg")
    assert (tmp_path / "g.dot").read_text().startswith("digraph")


def test_files_only_with_filename(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    small().visualize()
    small().visualize(format="png")
    assert os.listdir(tmp_path) == []
    small().visualize(filename="graph", format="dot", engine="builtin")
    assert os.listdir(tmp_path) == ["graph.dot"]


@pytest.mark.skipif(not HAS_DOT, reason="needs Graphviz's dot")
@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_png_pdf_with_dot(tmp_path, fmt, magic):
    small().visualize(filename=tmp_path / f"g.{fmt}")
    assert (tmp_path / f"g.{fmt}").read_bytes().startswith(magic)


def test_order_numbers_match_the_scheduler_order():
    y = small()
    pic = y.visualize(color="order", engine="builtin")
    graph = y.graph.cull(y.keys())
    tasks = graph.tasks()
    expected = {f"{k.name} {graph_mod._fmt_index(k.index)}": n for k, n in order(tasks, y.keys()).items()}
    seen = {tooltip: int(lines[-1].lstrip("#")) for tooltip, lines in builtin_nodes(pic.svg)}
    assert seen == expected
    assert "execution order:" in pic.svg


def test_order_colours_follow_the_order():
    pic = small().visualize(color="order", engine="builtin")
    root = ET.fromstring(pic.svg)
    fills = {}
    for g in root.iter(NS + "g"):
        if g.find(NS + "title") is not None:
            n = int(g.findall(f".//{NS}tspan")[-1].text.lstrip("#"))
            fills[n] = g.find(NS + "rect").get("fill")
    assert fills[0] == graph_mod.VIRIDIS[0] and fills[max(fills)] == graph_mod.VIRIDIS[-1]
    assert len(set(fills.values())) == len(fills)


def test_op_colours_one_per_operation():
    y = small()
    pic = y.visualize(color="op", engine="builtin")
    root = ET.fromstring(pic.svg)
    by_op = {}
    for g in root.iter(NS + "g"):
        if g.find(NS + "title") is not None:
            by_op.setdefault(g.findall(f".//{NS}tspan")[0].text, set()).add(g.find(NS + "rect").get("fill"))
    assert all(len(f) == 1 for f in by_op.values())
    assert len({next(iter(f)) for f in by_op.values()}) == len(by_op) == len(y.graph.layers)


def test_data_nodes_are_drawn_differently():
    x = la.from_array(np.arange(6), chunks=3) + 1
    pic = x.visualize(engine="builtin")
    src = pic.dot_source
    assert len(re.findall(r'label="array\\n\(\d,\)", shape=cylinder', src)) == 2
    assert len(re.findall(r'label="add\\n\(\d,\)", shape=box, style="rounded', src)) == 2
    root = ET.fromstring(pic.svg)
    kinds = {}
    for g in root.iter(NS + "g"):
        if g.find(NS + "title") is not None:
            kinds[g.findall(f".//{NS}tspan")[0].text] = "path" if g.find(NS + "path") is not None else "rect"
    assert kinds == {"array": "path", "add": "rect"}


def test_big_graph_switches_to_operations_quickly():
    x = la.ones((100, 100), chunks=1) + 1  # 20,000 tasks
    for engine in ["builtin"] + (["graphviz"] if HAS_DOT else []):
        t = time.perf_counter()
        pic = x.visualize(engine=engine)
        assert time.perf_counter() - t < 1.0
        assert pic.level == "ops" and pic.nnodes == 2
        texts = [t.text for t in ET.fromstring(pic.svg).iter(NS + "text")]
        assert "operation-level graph: 20,000 tasks is more than node_limit=300" in texts
    assert x.visualize(level="ops", engine="builtin").nnodes == 2
    assert (la.ones(20, chunks=1) + 1).visualize(level="ops", engine="builtin").nnodes == 2


def test_ten_thousand_tasks_drawn_one_by_one():
    x = la.ones((100, 50), chunks=1) + 1  # 10,000 tasks
    t = time.perf_counter()
    pic = x.visualize(level="tasks", engine="builtin")
    # ~0.3-0.5 s on a quiet machine (benchmarks/cases_display.py); generous for busy CI.
    assert time.perf_counter() - t < 2.5
    assert pic.nnodes == 10_000


def test_ops_level_labels():
    y = small()
    pic = y.visualize(level="ops", engine="builtin")
    texts = [t.text for t in ET.fromstring(pic.svg).iter(NS + "tspan")]
    assert "sum-chunk" in texts and "4 tasks" in texts and "shape (4, 4)" in texts and "128 B" in texts


def test_several_arrays_share_work():
    x = la.ones(4, chunks=2)
    a, b = x + 1, x * 2
    pic = la.visualize(a, b, engine="builtin")
    assert pic.nnodes == 6  # ones twice, add twice, multiply twice


def test_optimize_graph_shows_fused_tasks():
    x = (la.ones(4, chunks=2) + 1) * 2
    assert x.visualize(engine="builtin").nnodes == 6
    assert x.visualize(engine="builtin", optimize_graph=True).nnodes < 6


def test_labels_are_escaped():
    nodes = [graph_mod.Node(['<b>"x"&\\'], "task"), graph_mod.Node(["y"], "data")]
    svg = graph_mod.layered_svg(nodes, [(0, 1)], header=["a < b"])
    ET.fromstring(svg)
    dot = graph_mod.to_dot(nodes, [(0, 1)], header=["a < b & c"], legend=[("#ffffff", "#000000", "<i>")])
    assert '\\"x\\"' in dot and "&lt;i&gt;" in dot and "a &lt; b &amp; c" in dot
    if HAS_DOT:
        ET.fromstring(graph_mod._clean_dot_svg(graph_mod.run_dot(dot, "svg").decode()))


@pytest.mark.parametrize("kwargs,exc,match", [
    ({"rankdir": "XY"}, ValueError, "rankdir='XY' is not a direction"),
    ({"color": "rainbow"}, ValueError, "color='rainbow' is not supported"),
    ({"level": "blocks"}, ValueError, "level='blocks' is not supported"),
    ({"engine": "neato"}, ValueError, "engine='neato' is not supported"),
    ({"filename": "x.jpg"}, ValueError, "unknown output format 'jpg'"),
])
def test_bad_arguments(kwargs, exc, match, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(exc, match=match):
        small().visualize(**{"engine": "builtin", **kwargs})


def test_not_an_array():
    with pytest.raises(TypeError, match="expected one or more lazyarr arrays"):
        la.visualize(np.ones(3))
    with pytest.raises(TypeError, match="expected one or more lazyarr arrays"):
        la.visualize()
