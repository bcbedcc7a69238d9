"""visualize(): shapes, fit, theme, files and errors, with the built-in layout and with Graphviz."""

import os
import re
import time
import webbrowser
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.core.order import order
from lazyarr.display import dot as dot_mod
from lazyarr.display import graph as graph_mod
from lazyarr.display.layout import Node, layered_svg, layout
from lazyarr.display.picture import GraphPicture

NS = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
HAS_DOT = dot_mod.find_dot() is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="needs Graphviz's dot")
engines = ["builtin", pytest.param("graphviz", marks=needs_dot)]
SHAPES = {NS + "ellipse": "ellipse", NS + "polygon": "box", NS + "rect": "box"}


def small():
    x = la.ones((4, 4), chunks=2)
    return (x + x.T).sum()


def lesson02_mean():
    """The graph lesson 02 draws first: a mean of a 3 x 3 grid of random blocks."""
    return la.random.default_rng(0).random((10000, 10000)).mean()


def lesson02_tree():
    """Lesson 02's tree reduction: 16 blocks, split_every=2."""
    return la.ones((8, 8), chunks=2).sum(split_every=2)


def nodes_of(svg):
    """Each node group of a picture (either engine) as a dict: shape, fill, classes, tooltip, text lines."""
    root = ET.fromstring(svg)
    out = []
    for g in root.iter(NS + "g"):
        classes = (g.get("class") or "").split()
        if "node" not in classes:
            continue
        shape = next(el for el in g.iter() if el.tag in SHAPES)
        texts = [t for t in g.iter() if t.tag in (NS + "text", NS + "tspan") and t.text and t.get("x")]
        title = g.find(NS + "title")
        anchor = next((el for el in g.iter() if el.get(XLINK_TITLE)), None)  # Graphviz puts tooltips here
        out.append({"shape": SHAPES[shape.tag], "element": shape, "fill": shape.get("fill"), "classes": classes,
                    "tooltip": anchor.get(XLINK_TITLE) if anchor is not None else title.text,
                    "lines": [t.text for t in texts], "texts": texts})
    return out


def font_size(svg_root, text):
    size = text.get("font-size") or svg_root.get("font-size")
    return float(size)


@pytest.fixture(scope="module")
def dejavu():
    """Text widths in DejaVu Sans, the widest common fallback for "Helvetica, Arial, sans-serif"."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font = FT2Font(font_manager.findfont("DejaVu Sans"))

    def width(text, size):
        font.set_size(size, 72)
        font.set_text(text, 0.0)
        return font.get_width_height()[0] / 64

    return width


def outline(node):
    """(contains(x, y), centre) of a node's shape."""
    el = node["element"]
    if node["shape"] == "ellipse":
        cx, cy, rx, ry = (float(el.get(k)) for k in ("cx", "cy", "rx", "ry"))
        return (lambda x, y: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0), (cx, cy)
    if el.tag == NS + "rect":
        x0, y0, w, h = (float(el.get(k)) for k in ("x", "y", "width", "height"))
    else:
        pts = [tuple(map(float, p.split(","))) for p in el.get("points").split()]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, y0, w, h = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
    return (lambda x, y: x0 <= x <= x0 + w and y0 <= y <= y0 + h), (x0 + w / 2, y0 + h / 2)


# -- what a picture is made of ------------------------------------------------------------------

@pytest.mark.parametrize("engine", engines)
@pytest.mark.parametrize("color", [None, "order", "op"])
@pytest.mark.parametrize("rankdir", ["BT", "LR"])
def test_valid_svg(engine, color, rankdir):
    y = small()
    pic = y.visualize(engine=engine, color=color, rankdir=rankdir)
    ET.fromstring(pic.svg)
    assert pic.engine == engine and pic.level == "tasks"
    nodes = nodes_of(pic.svg)
    assert pic.nnodes == len(y.graph)
    # Each task is drawn twice, as in dask: an ellipse for the work and a box for the block it makes.
    assert [n["shape"] for n in nodes].count("ellipse") == [n["shape"] for n in nodes].count("box") == len(y.graph)
    bundle = pic._repr_mimebundle_()
    assert bundle["image/svg+xml"] == pic.svg == pic._repr_svg_()
    assert pic.svg in bundle["text/html"]  # inline in the page, where the theme's CSS reaches it
    assert bundle["text/plain"] == repr(pic)


@pytest.mark.parametrize("engine", engines)
def test_tasks_are_ellipses_and_data_are_boxes(engine):
    x = la.from_array(np.arange(6), chunks=3) + 1
    pic = x.visualize(engine=engine)
    shapes = sorted((tuple(n["lines"]), n["shape"]) for n in nodes_of(pic.svg))
    # the blocks read from NumPy (boxes), the additions (ellipses) and the blocks they make (boxes)
    assert shapes == [(("(0,)",), "box"), (("(1,)",), "box"), (("add",), "ellipse"), (("add",), "ellipse"),
                      (("array", "(0,)"), "box"), (("array", "(1,)"), "box")]
    src = pic.dot_source
    assert len(re.findall(r'label="array\\n\(\d,\)", shape=box', src)) == 2
    assert len(re.findall(r'label="add", shape=ellipse', src)) == 2
    assert len(re.findall(r'label="\(\d,\)", shape=box', src)) == 2


@pytest.mark.parametrize("engine", ["builtin"])
def test_arrows_go_from_task_to_its_block_to_the_next_task(engine):
    x = la.ones(2, chunks=1) + 1  # per block: ones -> its block -> add -> its block
    src = x.visualize(engine=engine).dot_source
    labels = dict(re.findall(r'(n\d+) \[label="([^"]*)"', src))
    arrows = {(labels[a], labels[b]) for a, b in re.findall(r"(n\d+) -> (n\d+);", src)}
    assert arrows == {("ones", "(0,)"), ("ones", "(1,)"), ("(0,)", "add"), ("(1,)", "add"),
                      ("add", "(0,)"), ("add", "(1,)")}
    assert len(re.findall(r" -> ", src)) == 6  # 4 tasks to their blocks, 2 blocks to the additions


@pytest.mark.parametrize("engine", engines)
def test_operations_are_ellipses_and_persisted_data_boxes(engine):
    x = la.from_array(np.arange(40), chunks=1) + 1  # 80 tasks side by side: drawn per operation
    pic = x.visualize(engine=engine)
    assert pic.level == "ops"
    assert sorted((n["lines"][0], n["shape"]) for n in nodes_of(pic.svg)) == [("add", "ellipse"),
                                                                              ("array", "box")]


@pytest.mark.parametrize("engine", engines)
@pytest.mark.parametrize("make", [lesson02_mean, lesson02_tree, small])
def test_labels_fit_inside_their_shapes(engine, make, dejavu):
    """Every line of every label, measured in DejaVu Sans, lies inside its ellipse or box."""
    pic = make().visualize(engine=engine, color="order")
    root = ET.fromstring(pic.svg)
    for node in nodes_of(pic.svg):
        inside, _ = outline(node)
        for t in node["texts"]:
            size = font_size(root, t)
            w = dejavu(t.text, size)
            x, y = float(t.get("x")), float(t.get("y"))
            left = x - w / 2 if (t.get("text-anchor") or "middle") == "middle" else x
            corners = [(left, y - 0.76 * size), (left + w, y - 0.76 * size), (left, y + 0.24 * size),
                       (left + w, y + 0.24 * size)]
            assert all(inside(*c) for c in corners), (node["lines"], t.text)


def test_long_operation_names_wrap_at_separators():
    assert graph_mod.wrap_name("random_sample") == ("random_", "sample")
    assert graph_mod.wrap_name("mean-combine1") == ("mean-", "combine1")
    assert graph_mod.wrap_name("ones-slow-sum") == ("ones-", "slow-sum")
    assert graph_mod.wrap_name("transpose") == ("transpose",)  # words are never cut
    assert graph_mod.wrap_name("a-b") == ("a-b",)


@given(st.text(alphabet="ab-_", min_size=1, max_size=40))
def test_wrapping_keeps_every_character(name):
    lines = graph_mod.wrap_name(name)
    assert "".join(lines) == name and all(lines)


@pytest.mark.parametrize("engine", engines)
def test_scales_to_the_output_width(engine):
    pic = lesson02_tree().visualize(engine=engine)
    root = ET.fromstring(pic.svg)
    style = root.get("style").replace(" ", "")
    assert "max-width:100%" in style and "height:auto" in style
    w, h = float(root.get("width")), float(root.get("height"))
    vb = [float(v) for v in root.get("viewBox").split()]
    assert vb[2] == pytest.approx(w, abs=1) and vb[3] == pytest.approx(h, abs=1)  # pixels, not points
    assert pic.size == (w, h)


@pytest.mark.parametrize("engine", engines)
def test_transparent_background_and_theme_colours(engine):
    pic = small().visualize(engine=engine)
    root = ET.fromstring(pic.svg)
    w, h = float(root.get("width")), float(root.get("height"))
    for el in root.iter():
        fill = (el.get("fill") or "").lower()
        if fill in ("#ffffff", "white"):
            assert el.tag == NS + "text"  # no white panel, only (possibly) white text on a dark fill
    css = root.find(NS + "style").text
    for var in ("--jp-content-font-color1", "--jp-layout-color2", "--jp-content-font-color2"):
        assert f"var({var}," in css
    assert all("plain" in n["classes"] for n in nodes_of(pic.svg))
    coloured = small().visualize(engine=engine, color="op")
    assert not any("plain" in n["classes"] for n in nodes_of(coloured.svg))  # colour is the message
    assert w > 0 and h > 0


@pytest.mark.parametrize("engine", engines)
def test_no_ids_and_deterministic(engine):
    a, b = small().visualize(engine=engine, color="order"), small().visualize(engine=engine, color="order")
    assert a.svg == b.svg and a._repr_html_() == b._repr_html_()
    assert " id=" not in a._repr_html_() and "url(#" not in a.svg


def test_untrusted_html_falls_back_to_a_sentence():
    html = small().visualize(engine="builtin")._repr_html_()
    # Without the stylesheet (sanitized output) the picture's wrapper stays hidden, the sentence shows.
    assert '<div class="lazyarr-wrap" style="display:none"><svg' in html
    assert re.search(r'<pre class="lazyarr-text-fallback">GraphPicture: 18 tasks, drawn by builtin \(\d+ x \d+ px\)\. '
                     r"Run the cell \(or trust the notebook\) to see the picture\.</pre>", html)


# -- choosing the level --------------------------------------------------------------------------

def test_wide_graphs_are_drawn_per_operation():
    wide = la.ones(40, chunks=1) + 1
    for engine in ["builtin"] + (["graphviz"] if HAS_DOT else []):
        pic = wide.visualize(engine=engine)
        assert pic.level == "ops" and pic.nnodes == 2
        texts = " ".join(t.text or "" for t in ET.fromstring(pic.svg).iter(NS + "text"))
        assert "px wide, more than max_width=1200" in texts and "pass level='tasks'" in texts
    tasks = wide.visualize(engine="builtin", level="tasks")
    assert tasks.level == "tasks" and tasks.size[0] > 1200
    assert wide.visualize(engine="builtin", max_width=tasks.size[0] + 1).level == "tasks"


def test_lesson_pictures_stay_task_level_and_legible():
    # Lesson 02's pictures: drawn task by task, narrow enough that an output area of 968 px
    # (a 1400 px window with the file browser open) shows them at >= 80 % of full size.
    for make in (lesson02_mean, lesson02_tree):
        pic = make().visualize(engine="builtin")
        assert pic.level == "tasks"
        assert pic.size[0] * 0.8 <= 968


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
    # About 1 s on a quiet machine (benchmarks/cases_display.py), 3-4 s on two cores shared by several
    # busy processes; the limit catches anything quadratic (that would take minutes), not noise.
    assert time.perf_counter() - t < 8.0
    assert pic.nnodes == 10_000


def test_ops_level_labels():
    y = small()
    pic = y.visualize(level="ops", engine="builtin")
    texts = [t.text for t in ET.fromstring(pic.svg).iter(NS + "tspan")]
    assert "sum-chunk" in texts and "4 tasks" in texts and "shape (4, 4)" in texts and "128 B" in texts


# -- the built-in layout -------------------------------------------------------------------------

@st.composite
def dags(draw):
    n = draw(st.integers(1, 30))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))
    edges = sorted({(a, b) for a, b in edges if a < b})
    names = draw(st.lists(st.sampled_from(["a", "add", "random_sample", "(0, 0)", "sum-combine1"]),
                          min_size=n, max_size=n))
    kinds = draw(st.lists(st.sampled_from(["task", "data", "op"]), min_size=n, max_size=n))
    return [Node([name], kind) for name, kind in zip(names, kinds)], edges


@given(dags(), st.sampled_from(["BT", "TB", "LR", "RL"]))
def test_layout_nodes_never_overlap_and_edges_point_one_way(dag, rankdir):
    nodes, edges = dag
    lay = layout(nodes, edges, rankdir)
    vertical = rankdir in ("BT", "TB")
    a, c = (0, 1) if vertical else (1, 0)  # along a rank, across ranks
    for i in range(len(nodes)):
        (x, y), (w, h) = lay.centre[i], lay.sizes[i]
        assert -0.01 <= x - w / 2 and x + w / 2 <= lay.width + 0.01
        assert -0.01 <= y - h / 2 and y + h / 2 <= lay.height + 0.01
        for j in range(i):
            if lay.rank[i] == lay.rank[j]:
                gap = abs(lay.centre[i][a] - lay.centre[j][a])
                assert gap >= (lay.sizes[i][a] + lay.sizes[j][a]) / 2 + 9.99
    sign = {"BT": -1, "TB": 1, "LR": 1, "RL": -1}[rankdir]
    for u, v in edges:
        assert sign * (lay.centre[v][c] - lay.centre[u][c]) > 0
    ET.fromstring(layered_svg(nodes, edges, rankdir))


def test_results_sit_over_their_inputs():
    # A tree reduction drawn like a tree: each result centred over the blocks it is made from.
    y = lesson02_tree()
    tasks = y.graph.tasks()
    label = {f"{k.name} {graph_mod._fmt_index(k.index)}": k for k in tasks}
    x = {label[n["tooltip"]]: outline(n)[1][0] for n in nodes_of(y.visualize(engine="builtin").svg)}
    for key, task in tasks.items():
        deps = list(task.dependencies)
        if deps:
            assert x[key] == pytest.approx(sum(x[d] for d in deps) / len(deps), abs=0.5), key


# -- order and colours ---------------------------------------------------------------------------

def test_order_numbers_match_the_scheduler_order():
    y = small()
    pic = y.visualize(color="order", engine="builtin")
    graph = y.graph.cull(y.keys())
    tasks = graph.tasks()
    expected = {f"{k.name} {graph_mod._fmt_index(k.index)}": n for k, n in order(tasks, y.keys()).items()}
    seen = {n["tooltip"]: int(n["lines"][-1].lstrip("#")) for n in nodes_of(pic.svg) if n["shape"] == "ellipse"}
    assert seen == expected
    assert "execution order:" in pic.svg


def test_order_colours_follow_the_order():
    pic = small().visualize(color="order", engine="builtin")
    fills = {int(n["lines"][-1].lstrip("#")): n["fill"] for n in nodes_of(pic.svg) if n["shape"] == "ellipse"}
    assert fills[0] == graph_mod.VIRIDIS[0] and fills[max(fills)] == graph_mod.VIRIDIS[-1]
    assert len(set(fills.values())) == len(fills)


def test_op_colours_one_per_operation():
    y = small()
    pic = y.visualize(color="op", engine="builtin")
    by_op = {}
    for n in nodes_of(pic.svg):
        by_op.setdefault(n["tooltip"].rsplit("-", 1)[0], set()).add(n["fill"])
    assert all(len(f) == 1 for f in by_op.values())
    assert len({next(iter(f)) for f in by_op.values()}) == len(by_op) == len(y.graph.layers)


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
    nodes = [Node(['<b>"x"&\\'], "task"), Node(["y"], "data")]
    svg = layered_svg(nodes, [(0, 1)], header=["a < b"])
    ET.fromstring(svg)
    dot = dot_mod.to_dot(nodes, [(0, 1)], header=["a < b & c"], legend=[("#ffffff", "#000000", "<i>")])
    assert '\\"x\\"' in dot and "&lt;i&gt;" in dot and "a &lt; b &amp; c" in dot
    if HAS_DOT:
        ET.fromstring(dot_mod.clean_svg(dot_mod.run_dot(dot, "svg").decode()))


# -- files, terminals and errors -----------------------------------------------------------------

def test_repr_says_how_to_see_it():
    text = repr(small().visualize(engine="builtin"))
    first, *rest = text.splitlines()
    assert re.fullmatch(r"<GraphPicture: 18 tasks, drawn by builtin \(\d+ x \d+ px\)>", first)
    rest = " ".join(rest)
    assert ".open()" in rest and '.save("graph.svg")' in rest and 'filename="graph.svg"' in rest
    ops = (la.ones(40, chunks=1) + 1).visualize(engine="builtin")
    assert repr(ops).startswith("<GraphPicture: 2 operations, drawn by builtin")


def test_open_shows_the_picture_in_a_browser(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    pic = small().visualize(engine="builtin")
    path = pic.open(tmp_path / "g.svg")
    assert opened == [Path(path).resolve().as_uri()] and Path(path).read_text() == pic.svg
    path = pic.open()  # a temporary file
    try:
        assert os.path.basename(path).startswith("lazyarr-graph-") and path.endswith(".svg")
        assert opened[-1] == Path(path).resolve().as_uri() and Path(path).read_text() == pic.svg
    finally:
        os.remove(path)


def test_open_without_a_browser_says_where_the_file_is(tmp_path, monkeypatch):
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    with pytest.raises(RuntimeError, match="no web browser could be started; the picture is in .*g.svg"):
        small().visualize(engine="builtin").open(tmp_path / "g.svg")
    assert (tmp_path / "g.svg").exists()


def test_missing_dot_falls_back_and_errors_say_what_needs_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on PATH
    assert dot_mod.find_dot() is None
    pic = small().visualize()
    assert pic.engine == "builtin"
    ET.fromstring(pic.svg)
    with pytest.raises(RuntimeError, match=r"writing a \.png file needs Graphviz's `dot`") as png:
        pic.save(tmp_path / "g.png")
    with pytest.raises(RuntimeError, match=r"writing a \.pdf file needs .*apt install graphviz"):
        small().visualize(filename=tmp_path / "g.pdf")
    with pytest.raises(RuntimeError, match=r"engine='graphviz' needs Graphviz's `dot` program, which is not on PATH"
                       ) as engine:
        small().visualize(engine="graphviz")
    for exc in (png.value, engine.value):
        # Says exactly which outputs need dot; never that SVG output needs it.
        assert "Only engine='graphviz' and .png or .pdf files need it" in str(exc)
        assert "saved as .svg or .dot" in str(exc) and "'svg' output needs" not in str(exc)
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


@needs_dot
@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_png_pdf_with_dot(tmp_path, fmt, magic):
    assert small().visualize(filename=tmp_path / f"g.{fmt}") is not None
    assert (tmp_path / f"g.{fmt}").read_bytes().startswith(magic)


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


def test_picture_size_of_a_foreign_svg():
    assert GraphPicture("<svg></svg>", "", "builtin", "tasks", 0).size == (0.0, 0.0)
    assert GraphPicture('<svg width="3pt" height="4.5pt"/>', "", "graphviz", "ops", 1).size == (3.0, 4.5)


@needs_dot
def test_graphviz_pictures_choose_the_level_by_their_own_width():
    # Lesson 04's blocked matrix product: 36 tasks, but Graphviz draws them about 1,600 px wide.
    x = la.random.default_rng(0).random((1200, 1200), chunks=400)
    z = np.dot(x, x + x.T)
    assert z.visualize(engine="graphviz", level="tasks").size[0] > 1200
    pic = z.visualize(engine="graphviz")
    assert pic.level == "ops" and "px wide, more than max_width=1200" in pic.svg


def test_edges_from_one_node_share_their_way_through_ranks():
    # A block used two ranks up by several tasks: one placeholder per rank, not one per edge.
    nodes = [Node(["a"]), Node(["b"]), Node(["c"]), *[Node([f"t{i}"]) for i in range(4)]]
    edges = [(0, 1), (1, 2), *[(0, k) for k in range(3, 7)], *[(2, k) for k in range(3, 7)]]
    lay = layout(nodes, edges)
    bends = {tuple(map(tuple, lay.routes[e])) for e in range(2, 6)}
    assert len(bends) == 1  # all four edges take the same way ...
    assert len(next(iter(bends))) == 4  # ... across ranks 1 and 2 (in at one side of each, out at the other)
