"""Text pictures of a graph: a table of its operations and an ``explain()`` tree.

Part of the "show" stage. Both are pure functions of the graph: they read each
layer's name, label, number of tasks and its display facts (``layer.info``: chunks and
dtype), and never compute. They are the terminal companions of ``visualize()``:

* :func:`graph_table` (also ``x.graph_summary()``) lists the operations (layers) in
  the order they run, with their task counts and output shape, chunks and bytes. It
  returns an object that prints as a text table and shows as an HTML table in a
  notebook.
* :func:`explain` (also ``x.explain()``) prints the operations as a tree from the
  result down to the inputs, plus an estimate of the peak memory the synchronous
  scheduler holds while running it (found by replaying its task order and adding
  up block sizes: no block is computed).

>>> import lazyarr as la
>>> print(graph_table(la.ones(6, chunks=3) + 1))  # doctest: +NORMALIZE_WHITESPACE
  #  operation  tasks  shape  chunks      bytes
  0  ones           2  (6,)   (3,) x 2    48 B
  1  add            2  (6,)   (3,) x 2    48 B
2 operations, 4 tasks
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from ..core.chunks import format_bytes
from ..core.graph import Graph, Key, Layer
from ..core.order import order
from .text import fmt_shape

__all__ = ["GraphTable", "block_nbytes", "explain", "graph_table", "layer_facts", "peak_memory"]


def op_name(layer_name: str) -> str:
    """A layer name without its hex token: ``"sum-combine1-3f2a" -> "sum-combine1"``."""
    head, _, tail = layer_name.rpartition("-")
    return head if head and all(c in "0123456789abcdef" for c in tail) else layer_name


def layer_facts(layer: Layer) -> dict[str, str]:
    """Display strings for one layer: operation, tasks, shape, chunks, bytes."""
    info = getattr(layer, "info", {}) or {}
    chunks, dtype = info.get("chunks"), info.get("dtype")
    facts = {"operation": op_name(layer.name), "tasks": f"{len(layer):,}", "shape": "", "chunks": "",
             "bytes": ""}
    if chunks is not None:
        shape = tuple(math.fsum(c) if c else 0 for c in chunks)
        shape = tuple(s if s != s else int(s) for s in shape)
        chunksize = tuple(max(c) if c else 0 for c in chunks)
        facts["shape"] = fmt_shape(shape)
        facts["chunks"] = f"{fmt_shape(chunksize)} x {math.prod(len(c) for c in chunks):,}"
        if dtype is not None:
            facts["bytes"] = format_bytes(math.prod(shape) * dtype.itemsize)
    return facts


_COLUMNS = ("operation", "tasks", "shape", "chunks", "bytes")


class GraphTable:
    """The operations of a graph as a table; prints as text, shows as HTML in notebooks."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.rows = [layer_facts(graph.layers[name]) for name in graph.layer_order()]

    def __repr__(self) -> str:
        cells = [("#", *_COLUMNS)] + [(str(i), *(r[c] for c in _COLUMNS)) for i, r in enumerate(self.rows)]
        widths = [max(len(row[j]) for row in cells) for j in range(len(cells[0]))]
        right = {0, 2}  # numbers are right-aligned
        lines = ["  ".join(c.rjust(w) if j in right else c.ljust(w) for j, (c, w) in enumerate(zip(row, widths)))
                 for row in cells]
        lines = ["  " + line.rstrip() for line in lines]
        ntasks = len(self.graph)
        lines.append(f"{len(self.rows)} operation{'s' if len(self.rows) != 1 else ''}, "
                     f"{ntasks:,} task{'s' if ntasks != 1 else ''}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{escape(c)}</th>" for c in ("#", *_COLUMNS))
        body = "".join("<tr>" + f"<td>{i}</td>" + "".join(f"<td>{escape(r[c])}</td>" for c in _COLUMNS) + "</tr>"
                       for i, r in enumerate(self.rows))
        return (f'<table class="lazyarr-graph"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
                f"<p>{len(self.rows)} operations, {len(self.graph):,} tasks</p>")


def graph_table(x: Any) -> GraphTable:
    """A table of the operations in ``x.graph`` (an array or a graph), in running order.

    Examples
    --------
    >>> import lazyarr as la
    >>> t = graph_table(la.ones((4, 4), chunks=2).sum())
    >>> [row["operation"] for row in t.rows][0]
    'ones'
    """
    return GraphTable(x if isinstance(x, Graph) else x.graph)


def block_nbytes(layer: Layer, key: Key) -> float:
    """Bytes of one block according to the layer's chunks and dtype (0 if unknown)."""
    info = getattr(layer, "info", {}) or {}
    chunks, dtype = info.get("chunks"), info.get("dtype")
    if chunks is None or dtype is None or len(key.index) != len(chunks):
        return 0.0
    n = math.prod(chunks[a][i] for a, i in enumerate(key.index))
    return 0.0 if n != n else float(n * dtype.itemsize)


def peak_memory(graph: Graph, outputs: list[Key]) -> float:
    """Most bytes held at once when the sync scheduler runs *graph* (results + outputs).

    Replays :func:`lazyarr.core.order.order` like ``schedulers/sync.py`` does:
    a result is held from the moment its task ran until its last consumer ran;
    outputs are held until the end (they become the result array).
    """
    tasks = graph.tasks()
    priority = order(tasks, outputs)
    consumers: dict[Key, int] = dict.fromkeys(priority, 0)
    for key in priority:
        for dep in tasks[key].dependencies:
            consumers[dep] += 1
    keep = set(outputs)
    held = peak = 0.0
    for key in sorted(priority, key=priority.__getitem__):
        held += block_nbytes(graph.layers[key.name], key)
        peak = max(peak, held)
        for dep in tasks[key].dependencies:
            consumers[dep] -= 1
            if consumers[dep] == 0 and dep not in keep:
                held -= block_nbytes(graph.layers[dep.name], dep)
    return peak


def explain(x: Any, file: Any = None, max_tasks: int = 200_000) -> str:
    """Print (and return) a tree of the operations that make *x*, result first.

    Each line shows an operation with its output shape, chunks, bytes and task count.
    The last line estimates the peak memory held by the synchronous scheduler (skipped
    for graphs above *max_tasks* tasks, where the replay itself would be slow).

    Examples
    --------
    >>> import lazyarr as la
    >>> text = explain(la.ones(6, chunks=3) + 1, file=False)
    >>> print(text)
    add      shape (6,)  chunks (3,) x 2  48 B  2 tasks
    └─ ones  shape (6,)  chunks (3,) x 2  48 B  2 tasks
    peak memory (sync scheduler, estimated): 72 B

    The peak is three blocks: the result keeps both ``add`` blocks, and one ``ones``
    block is alive while its ``add`` block is being made.
    """
    graph = x.graph.cull(x.keys())
    facts = {name: layer_facts(layer) for name, layer in graph.layers.items()}
    rows: list[tuple[str, str]] = []  # (tree part, facts part), aligned at the end
    seen: set[str] = set()

    def visit(name: str, prefix: str, branch: str) -> None:
        f = facts[name]
        head = f"{prefix}{branch}{f['operation']}"
        if name in seen:  # shared inputs are printed once; later uses point back
            rows.append((head, "(shown above)"))
            return
        seen.add(name)
        parts = [f"shape {f['shape']}" if f["shape"] else "", f"chunks {f['chunks']}" if f["chunks"] else "",
                 f["bytes"], f"{f['tasks']} task{'s' if f['tasks'] != '1' else ''}"]
        rows.append((head, "  ".join(p for p in parts if p)))
        deps = sorted(graph.dependencies.get(name, ()))
        child_prefix = prefix + ("" if not branch else ("   " if branch == "└─ " else "│  "))
        for i, dep in enumerate(deps):
            visit(dep, child_prefix, "└─ " if i == len(deps) - 1 else "├─ ")

    visit(x.name, "", "")
    width = max(len(head) for head, _ in rows)
    lines = [f"{head.ljust(width)}  {rest}" for head, rest in rows]
    if len(graph) <= max_tasks:
        lines.append(f"peak memory (sync scheduler, estimated): {format_bytes(peak_memory(graph, x.keys()))}")
    else:
        lines.append(f"peak memory: not estimated for {len(graph):,} tasks (more than max_tasks={max_tasks:,})")
    text = "\n".join(lines)
    if file is not False:
        print(text, file=file)
    return text
