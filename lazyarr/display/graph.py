"""``visualize()``: a picture of the task graph, with or without Graphviz.

Part of the "show" stage; never computes. The steps:

1. Collect the graph of the arrays (culled to what they need, or optimized with
   ``optimize_graph=True`` to show what will really run).
2. Describe nodes (text lines, kind, colour) and edges once. As in the textbook
   pictures (and dask's), a task is an ellipse and a piece of data is a box: the
   block each task makes, a block read from a source, a persisted block.
3. Choose the level: one node per task, or one node per operation (layer) when there
   are more tasks than ``node_limit`` (a 10,000-task picture teaches nothing) or the
   tasks side by side would be wider than ``max_width`` pixels (a notebook would
   shrink the picture until its labels cannot be read).
4. Render with Graphviz's ``dot`` (``display/dot.py``) if it is installed, else with
   the built-in layered layout (``display/layout.py``). Both give SVG with the same
   shapes, sizes and theme-aware colours (``display/theme.py``).

The result is a :class:`~lazyarr.display.picture.GraphPicture` that shows inline in
notebooks and tells a terminal user how to see it; a file is written only when
``filename=`` is given.

>>> import lazyarr as la
>>> pic = la.visualize(la.ones(4, chunks=2) + 1, engine="builtin")
>>> pic.level, pic.svg.startswith("<svg")
('tasks', True)
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from ..core.graph import Graph, Key, Layer
from ..core.optimize import optimize
from ..core.order import order
from .dot import clean_svg, find_dot, missing_dot_message, run_dot, to_dot
from .explain import layer_facts, op_name
from .layout import Node, layered_svg
from .picture import GraphPicture

__all__ = ["GraphPicture", "visualize", "OKABE_ITO", "VIRIDIS"]

#: Colour-blind-safe categorical palette (Okabe & Ito) for ``color="op"``.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
#: Samples of the viridis map (perceptually uniform, colour-blind-safe) for ``color="order"``.
VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58",
           "#b5de2b", "#fde725")
_NAME_WIDTH = 8  # characters per line of an operation name inside a task's ellipse


def _ramp(t: float) -> str:
    """Interpolate the viridis samples at 0 <= t <= 1."""
    t = min(max(t, 0.0), 1.0) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    frac = t - i
    a, b = VIRIDIS[i], VIRIDIS[i + 1]
    rgb = [round(int(a[k:k + 2], 16) * (1 - frac) + int(b[k:k + 2], 16) * frac) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


@lru_cache(maxsize=256)
def _text_on(fill: str) -> str:
    """Dark or light text, whichever reads better on *fill*."""
    r, g, b = (int(fill[k:k + 2], 16) / 255 for k in (1, 3, 5))
    return "#1a1a1a" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "#ffffff"


@lru_cache(maxsize=256)
def wrap_name(name: str, width: int = _NAME_WIDTH) -> tuple[str, ...]:
    """An operation name in lines of about *width* characters, broken after ``-`` or ``_``.

    Short lines make a task's ellipse round instead of a long flat one, so more tasks
    fit side by side. Words are never cut.

    >>> wrap_name("random_sample"), wrap_name("sum-combine1"), wrap_name("getitem")
    (('random_', 'sample'), ('sum-', 'combine1'), ('getitem',))
    """
    words, word = [], ""
    for c in name:
        word += c
        if c in "-_":
            words.append(word)
            word = ""
    if word:
        words.append(word)
    lines = [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + len(w) > width:
            lines.append(w)
        else:
            lines[-1] += w
    return tuple(lines)


def _is_data_layer(layer: Layer) -> bool:
    info = getattr(layer, "info", {}) or {}
    if "source" in info or getattr(layer, "label", "") == "persisted":
        return True
    first = next(iter(layer.values()), None)
    return first is not None and first.is_data


def _is_data_task(task: Any, layer: Layer) -> bool:
    # Data: a task holding a value, or a dependency-free read from a source (from_array).
    return task.is_data or (not task.dependencies and "source" in (getattr(layer, "info", {}) or {}))


def _fmt_index(index: tuple) -> str:
    return "(" + ", ".join(map(str, index)) + ("," if len(index) == 1 else "") + ")"


Legend = list[tuple[str | None, str | None, str]]


def _order_legend(n: int) -> Legend:
    steps = min(n, 6)
    marks = sorted({round(j * (n - 1) / max(steps - 1, 1)) for j in range(steps)})
    out: Legend = [(None, None, "execution order:")]
    out += [(_ramp(m / max(n - 1, 1)), _text_on(_ramp(m / max(n - 1, 1))), str(m)) for m in marks]
    return out


def _op_legend(ops: list[str]) -> Legend:
    return [(OKABE_ITO[i % len(OKABE_ITO)], _text_on(OKABE_ITO[i % len(OKABE_ITO)]), op) for i, op in enumerate(ops)]


def _colour(color: str | None, position: float, op_index: int) -> tuple[str | None, str | None]:
    """(fill, text colour) of a node; (None, None) is the theme's plain node."""
    if color == "order":
        fill = _ramp(position)
    elif color == "op":
        fill = OKABE_ITO[op_index % len(OKABE_ITO)]
    else:
        return None, None
    return fill, _text_on(fill)


def _describe_tasks(graph: Graph, outputs: list[Key], color: str | None):
    """Nodes and edges of the task-level picture, drawn as in dask and the textbook.

    Each task is two nodes: an ellipse for the work (its operation's name) and a box for
    the piece of data it makes (its block index), with an arrow from the one to the other.
    Arrows leave the box, so the picture says "this task reads that block". A task that
    only holds data (a block read with ``from_array``, a persisted block) is a box alone.
    """
    tasks = graph.tasks()
    priority = order(tasks, outputs)
    keys = sorted(priority, key=priority.__getitem__)
    names = {name: op_name(name) for name in graph.layers}
    ops = list(dict.fromkeys(names[k.name] for k in keys))
    op_index = {op: i for i, op in enumerate(ops)}
    nodes: list[Node] = []
    work: dict[Key, int] = {}  # key -> its ellipse
    data: dict[Key, int] = {}  # key -> the box of its result
    edges = []
    for k in keys:
        layer = graph.layers[k.name]
        idx = _fmt_index(k.index)
        tooltip = f"{k.name} {idx}"
        if _is_data_task(tasks[k], layer):
            data[k] = len(nodes)
            nodes.append(Node([*wrap_name(names[k.name]), idx], "data", tooltip=tooltip))
            continue
        lines = list(wrap_name(names[k.name]))
        if color == "order":
            lines.append(f"#{priority[k]}")  # the number, so colour is never the only cue
        fill, text = _colour(color, priority[k] / max(len(keys) - 1, 1), op_index[names[k.name]])
        work[k] = len(nodes)
        nodes.append(Node(lines, "task", fill, text, tooltip=tooltip))
        data[k] = len(nodes)
        nodes.append(Node([idx], "data", fill, text, tooltip=tooltip))  # coloured as the task that makes it
        edges.append((work[k], data[k]))
    edges += [(data[d], work[k]) for k in work for d in tasks[k].dependencies if d in data]
    legend = _order_legend(len(keys)) if color == "order" else _op_legend(ops) if color == "op" else []
    return nodes, edges, legend


def _describe_ops(graph: Graph, color: str | None):
    names = graph.layer_order()
    index = {name: i for i, name in enumerate(names)}
    ops = list(dict.fromkeys(layer_facts(graph.layers[n])["operation"] for n in names))
    nodes = []
    for i, name in enumerate(names):
        layer = graph.layers[name]
        f = layer_facts(layer)
        lines = [f["operation"], f"{f['tasks']} task{'s' if f['tasks'] != '1' else ''}"]
        lines += [f"shape {f['shape']}", f"chunks {f['chunks']}", f["bytes"]] if f["shape"] else []
        if color == "order":
            lines[0] = f"#{i} {lines[0]}"
        fill, text = _colour(color, i / max(len(names) - 1, 1), ops.index(f["operation"]))
        kind = "data" if _is_data_layer(layer) else "op"
        nodes.append(Node(lines, kind, fill, text, tooltip=name))
    edges = [(index[d], index[n]) for n in names for d in sorted(graph.dependencies[n]) if d in index]
    legend = _order_legend(len(names)) if color == "order" else _op_legend(ops) if color == "op" else []
    return nodes, edges, legend


def visualize(*arrays: Any, filename: str | os.PathLike | None = None, format: str | None = None,
              rankdir: str = "BT", color: str | None = None, optimize_graph: bool = False,
              level: str | None = None, engine: str = "auto", node_limit: int = 300,
              max_width: float = 1200) -> GraphPicture:
    """Draw the task graph of one or more arrays.

    As in dask and the textbook, each task is an ellipse labelled with its operation,
    and the piece of data it makes is a box labelled with its block index; so is a block
    read with ``from_array`` or persisted. Arrows point from a task to its block and
    from a block to each task that reads it. In a notebook the picture shows
    inline, shrinks to the width of the output and follows the light or dark theme.

    Parameters
    ----------
    *arrays : Array
        What to draw; shared work appears once.
    filename : str or path, optional
        Write the picture there (svg, png, pdf or dot, by extension; png and pdf need
        Graphviz's ``dot``); nothing is written without it.
    format : {"svg", "png", "pdf", "dot"}, optional
        File format when the filename has no extension.
    rankdir : {"BT", "TB", "LR", "RL"}
        Direction of the arrows; "BT" puts the inputs at the bottom.
    color : {None, "order", "op"}
        ``"order"``: colour tasks by the order the scheduler runs them (the number is
        printed on each node, with a legend); ``"op"``: colour by operation.
    optimize_graph : bool
        Draw the optimized (fused) graph that compute would run.
    level : {None, "tasks", "ops"}
        One node per task or per operation. None draws tasks unless there are more
        than *node_limit* of them or they would be wider than *max_width*; a note on
        the picture then says so.
    engine : {"auto", "graphviz", "builtin"}
        "auto" uses Graphviz's ``dot`` when installed, else the built-in layout;
        "graphviz" needs ``dot``; "builtin" never uses it.
    node_limit : int
        Most tasks drawn one by one when *level* is None.
    max_width : float
        Widest task-level picture, in pixels at full size, drawn when *level* is None.
        A notebook output is about 700 to 1000 pixels wide and shrinks wider pictures;
        below about 80 % the labels become hard to read.

    Returns
    -------
    GraphPicture
        Shows inline in notebooks; ``.open()`` shows it in a web browser and
        ``.save("graph.svg")`` writes a file. ``.svg`` and ``.dot_source`` hold the text.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.ones((4, 4), chunks=2)
    >>> pic = (x + x.T).visualize(color="order", engine="builtin")
    >>> pic.nnodes, pic.level
    (12, 'tasks')
    >>> plain = (x + x.T).visualize(engine="builtin").svg
    >>> plain.count("<ellipse"), plain.count("<rect")  # 12 tasks, each making a block
    (12, 12)
    >>> wide = la.ones(40, chunks=1) + 1                     # 40 tasks side by side ...
    >>> wide.visualize(engine="builtin").level               # ... are drawn per operation
    'ops'
    >>> wide.visualize(engine="builtin", level="tasks").nnodes
    80
    """
    from ..core.array import Array

    if not arrays or not all(isinstance(a, Array) for a in arrays):
        got = [type(a).__name__ for a in arrays]
        raise TypeError(f"visualize: expected one or more lazyarr arrays, got {got}; pass arrays, e.g. "
                        f"la.visualize(x, y)")
    if rankdir not in ("BT", "TB", "LR", "RL"):
        raise ValueError(f"visualize: rankdir={rankdir!r} is not a direction; use 'BT', 'TB', 'LR' or 'RL'")
    if color not in (None, "order", "op"):
        raise ValueError(f"visualize: color={color!r} is not supported; use None, 'order' or 'op'")
    if level not in (None, "tasks", "ops"):
        raise ValueError(f"visualize: level={level!r} is not supported; use None, 'tasks' or 'ops'")
    if engine not in ("auto", "graphviz", "builtin"):
        raise ValueError(f"visualize: engine={engine!r} is not supported; use 'auto', 'graphviz' or 'builtin'")
    use_dot = engine == "graphviz" or (engine == "auto" and find_dot() is not None)
    if engine == "graphviz" and find_dot() is None:
        raise RuntimeError(missing_dot_message("engine='graphviz'"))
    outputs = list(dict.fromkeys(k for a in arrays for k in a.keys()))
    graph = Graph.merge(*(a.graph for a in arrays))
    graph = optimize(graph, outputs) if optimize_graph else graph.cull(outputs)
    ntasks = len(graph)

    def draw(level: str, header: list[str]) -> GraphPicture:
        nodes, edges, legend = (_describe_tasks(graph, outputs, color) if level == "tasks"
                                else _describe_ops(graph, color))

        def source() -> str:
            return to_dot(nodes, edges, rankdir, header, legend)

        count = ntasks if level == "tasks" else len(nodes)  # what the picture's summary counts
        if use_dot:
            text = source()
            return GraphPicture(clean_svg(run_dot(text, "svg").decode()), text, "graphviz", level, count)
        return GraphPicture(layered_svg(nodes, edges, rankdir, header, legend), source, "builtin", level, count)

    more = "(pass level='tasks' to draw every task)"
    if level is not None:
        picture = draw(level, [])
    elif ntasks > node_limit:
        picture = draw("ops", [f"operation-level graph: {ntasks:,} tasks is more than node_limit={node_limit}", more])
    else:
        picture = draw("tasks", [])
        width = picture.size[0]  # as the engine drew it
        if width > max_width:
            picture = draw("ops", [f"operation-level graph: drawn task by task it would be {width:,.0f} px wide, "
                                   f"more than max_width={max_width:g}", more])
    if filename is not None:
        picture.save(filename, format)
    return picture
