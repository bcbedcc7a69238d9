"""``visualize()``: a picture of the task graph, with or without Graphviz.

Part of the "show" stage; never computes. The steps:

1. Collect the graph of the arrays (culled to what they need, or optimized with
   ``optimize_graph=True`` to show what will really run).
2. Choose the level: one node per task, or one node per operation (layer) when
   there are more tasks than ``node_limit`` (a 10,000-task picture teaches nothing).
3. Describe nodes (text lines, kind, colour) and edges once, then render with
   Graphviz's ``dot`` if it is installed, else with the built-in layered layout in
   ``display/layout.py``. Both give SVG.

The result is a :class:`GraphPicture` that shows inline in notebooks; a file is
written only when ``filename=`` is given.

>>> import lazyarr as la
>>> pic = la.visualize(la.ones(4, chunks=2) + 1, engine="builtin")
>>> pic.level, pic.svg.startswith("<svg")
('tasks', True)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from typing import Any

from ..core.graph import Graph, Key, Layer
from ..core.optimize import optimize
from ..core.order import order
from .explain import layer_facts, op_name
from .layout import Node, layered_svg

__all__ = ["GraphPicture", "visualize", "OKABE_ITO", "VIRIDIS"]

#: Colour-blind-safe categorical palette (Okabe & Ito) for ``color="op"``.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
#: Samples of the viridis map (perceptually uniform, colour-blind-safe) for ``color="order"``.
VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58",
           "#b5de2b", "#fde725")
_PLAIN = "#e8eef5"
_FORMATS = ("svg", "png", "pdf", "dot")
_INSTALL = ("install Graphviz (Debian/Ubuntu: `apt install graphviz`, conda: `conda install graphviz`, "
            "macOS: `brew install graphviz`, others: https://graphviz.org/download/)")


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


def _describe_tasks(graph: Graph, outputs: list[Key], color: str | None):
    tasks = graph.tasks()
    priority = order(tasks, outputs)
    keys = sorted(priority, key=priority.__getitem__)
    index = {k: i for i, k in enumerate(keys)}
    names = {name: op_name(name) for name in graph.layers}
    ops = list(dict.fromkeys(names[k.name] for k in keys))
    nodes, legend = [], []
    for k in keys:
        layer = graph.layers[k.name]
        idx = _fmt_index(k.index)
        lines = [names[k.name], idx]
        fill = _PLAIN
        if color == "order":
            fill = _ramp(priority[k] / max(len(keys) - 1, 1))
            lines.append(f"#{priority[k]}")  # the number, so colour is never the only cue
        elif color == "op":
            fill = OKABE_ITO[ops.index(lines[0]) % len(OKABE_ITO)]
        kind = "data" if _is_data_task(tasks[k], layer) else "task"
        nodes.append(Node(lines, kind, fill, _text_on(fill), tooltip=f"{k.name} {idx}"))
    edges = [(index[d], index[k]) for k in keys for d in tasks[k].dependencies if d in index]
    if color == "order":
        legend = _order_legend(len(keys))
    elif color == "op":
        legend = [(OKABE_ITO[i % len(OKABE_ITO)], _text_on(OKABE_ITO[i % len(OKABE_ITO)]), op)
                  for i, op in enumerate(ops)]
    return nodes, edges, legend


def _order_legend(n: int) -> list[tuple[str, str, str]]:
    steps = min(n, 6)
    marks = sorted({round(j * (n - 1) / max(steps - 1, 1)) for j in range(steps)})
    out = [("#ffffff", "#1a1a1a", "execution order:")]
    out += [(_ramp(m / max(n - 1, 1)), _text_on(_ramp(m / max(n - 1, 1))), str(m)) for m in marks]
    return out


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
        fill = _PLAIN
        if color == "order":
            fill = _ramp(i / max(len(names) - 1, 1))
            lines[0] = f"#{i} {lines[0]}"
        elif color == "op":
            fill = OKABE_ITO[ops.index(f["operation"]) % len(OKABE_ITO)]
        kind = "data" if _is_data_layer(layer) else "op"
        nodes.append(Node(lines, kind, fill, _text_on(fill), tooltip=name))
    edges = [(index[d], index[n]) for n in names for d in sorted(graph.dependencies[n]) if d in index]
    legend: list[tuple[str, str, str]] = []
    if color == "order":
        legend = _order_legend(len(names))
    elif color == "op":
        legend = [(OKABE_ITO[i % len(OKABE_ITO)], _text_on(OKABE_ITO[i % len(OKABE_ITO)]), op)
                  for i, op in enumerate(ops)]
    return nodes, edges, legend


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(nodes: Sequence[Node], edges: Sequence[tuple[int, int]], rankdir: str = "BT",
           header: Sequence[str] = (), legend: Sequence[tuple[str, str, str]] = ()) -> str:
    """Graphviz DOT source for the same nodes and edges the built-in layout draws."""
    out = ["digraph lazyarr {",
           f'  graph [rankdir={rankdir}, bgcolor="#ffffff", fontname="Helvetica,Arial,sans-serif", labelloc=t, '
           "labeljust=l, nodesep=0.15, ranksep=0.35];",
           '  node [fontname="Helvetica,Arial,sans-serif", fontsize=10, margin="0.06,0.03", height=0.3];',
           '  edge [color="#5b6b7b", arrowsize=0.6];']
    if header or legend:
        # The title and legend go in the graph's HTML-like label (escaped: it is markup).
        rows = "".join(f'<tr><td align="left" colspan="{max(len(legend), 1)}">{escape(h)}</td></tr>' for h in header)
        if legend:
            cells = "".join(f'<td bgcolor="{fill}"><font color="{text}">{escape(label)}</font></td>'
                            for fill, text, label in legend)
            rows += f"<tr>{cells}</tr>"
        out.append(f'  label=<<table border="0" cellspacing="1" cellpadding="3">{rows}</table>>;')
    for i, n in enumerate(nodes):
        shape = {"data": 'shape=cylinder, style="filled"', "op": 'shape=box, style="filled", penwidth=1.6',
                 "task": 'shape=box, style="rounded,filled"'}[n.kind]
        label = "\\n".join(_dot_quote(line)[1:-1] for line in n.lines)
        out.append(f'  n{i} [label="{label}", {shape}, '
                   f'fillcolor="{n.fill}", fontcolor="{n.text}", tooltip={_dot_quote(n.tooltip)}];')
    out += [f"  n{a} -> n{b};" for a, b in edges]
    out.append("}")
    return "\n".join(out) + "\n"


def find_dot() -> str | None:
    """Path of Graphviz's ``dot`` program, or None."""
    return shutil.which("dot")


def run_dot(source: str, fmt: str) -> bytes:
    """Render DOT *source* to *fmt* bytes with the ``dot`` program."""
    dot = find_dot()
    if dot is None:
        raise RuntimeError(f"visualize: {fmt!r} output needs Graphviz's `dot` program, which is not on PATH; "
                           f"SVG and DOT output work without it. To fix, {_INSTALL}.")
    proc = subprocess.run([dot, f"-T{fmt}"], input=source.encode(), capture_output=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"visualize: dot failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def _clean_dot_svg(svg: str) -> str:
    # Drop the XML prolog and comments (they carry the Graphviz version): stable output.
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return svg[svg.index("<svg"):].strip()


class GraphPicture:
    """A rendered graph: shows inline as SVG; ``.save(filename)`` writes svg/png/pdf/dot."""

    def __init__(self, svg: str, dot_source: Any, engine: str, level: str, nnodes: int):
        self.svg = svg
        self._dot_source = dot_source  # the text, or a function making it on first use
        self.engine = engine
        self.level = level
        self.nnodes = nnodes

    @property
    def dot_source(self) -> str:
        """The Graphviz DOT text of the picture."""
        if callable(self._dot_source):
            self._dot_source = self._dot_source()
        return self._dot_source

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return {"image/svg+xml": self.svg, "text/plain": repr(self)}

    def __repr__(self) -> str:
        what = "operations" if self.level == "ops" else "tasks"
        return f"<GraphPicture: {self.nnodes} {what}, drawn by {self.engine}>"

    def save(self, filename: str | os.PathLike, format: str | None = None) -> str:
        """Write the picture; the format comes from *format* or the file extension."""
        filename = os.fspath(filename)
        ext = os.path.splitext(filename)[1].lstrip(".").lower()
        fmt = (format or ext or "svg").lower()
        if fmt not in _FORMATS:
            raise ValueError(f"visualize: unknown output format {fmt!r}; use one of {list(_FORMATS)}. "
                             f"Give a filename ending in .svg, .png, .pdf or .dot, or pass format=")
        if not ext:
            filename = f"{filename}.{fmt}"
        if fmt == "svg":
            data = self.svg.encode()
        elif fmt == "dot":
            data = self.dot_source.encode()
        else:
            data = run_dot(self.dot_source, fmt)
        with open(filename, "wb") as f:
            f.write(data)
        return filename


def visualize(*arrays: Any, filename: str | os.PathLike | None = None, format: str | None = None,
              rankdir: str = "BT", color: str | None = None, optimize_graph: bool = False,
              level: str | None = None, engine: str = "auto", node_limit: int = 300) -> GraphPicture:
    """Draw the task graph of one or more arrays.

    Parameters
    ----------
    *arrays : Array
        What to draw; shared work appears once.
    filename : str or path, optional
        Write the picture there (svg, png, pdf or dot, by extension); nothing is
        written without it.
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
        One node per task or per operation; None chooses "ops" above *node_limit* tasks.
    engine : {"auto", "graphviz", "builtin"}
        "auto" uses Graphviz's ``dot`` when installed, else the built-in layout.
    node_limit : int
        Most tasks drawn one by one when *level* is None.

    Returns
    -------
    GraphPicture
        Displays inline as SVG; ``.svg`` and ``.dot_source`` hold the text.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.ones((4, 4), chunks=2)
    >>> pic = (x + x.T).visualize(color="order", engine="builtin")
    >>> pic.nnodes
    12
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
    outputs = list(dict.fromkeys(k for a in arrays for k in a.keys()))
    graph = Graph.merge(*(a.graph for a in arrays))
    graph = optimize(graph, outputs) if optimize_graph else graph.cull(outputs)
    ntasks = len(graph)
    header: list[str] = []
    if level is None:
        level = "tasks" if ntasks <= node_limit else "ops"
        if level == "ops":
            header = [f"operation-level graph: {ntasks:,} tasks is more than node_limit={node_limit}",
                      "(pass level='tasks' to draw every task)"]
    if level == "tasks":
        nodes, edges, legend = _describe_tasks(graph, outputs, color)
    else:
        nodes, edges, legend = _describe_ops(graph, color)
    def source() -> str:
        return to_dot(nodes, edges, rankdir, header, legend)

    use_dot = engine == "graphviz" or (engine == "auto" and find_dot() is not None)
    if use_dot:
        source = source()  # type: ignore[assignment]
        svg = _clean_dot_svg(run_dot(source, "svg").decode())
    else:
        svg = layered_svg(nodes, edges, rankdir, header, legend)
    picture = GraphPicture(svg, source, "graphviz" if use_dot else "builtin", level, len(nodes))
    if filename is not None:
        picture.save(filename, format)
    return picture
