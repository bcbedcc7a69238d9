"""A small layered graph layout that writes SVG, for when Graphviz is not installed.

Part of the "show" stage, used by ``display/graph.py``. It is the classic
Sugiyama-style recipe, cut down to what fits on one screen:

1. **Ranks**: a node sits one rank above its highest dependency (longest path from
   the inputs), so every edge points the same way.
2. **Order within a rank**: start from the given (topological) order, then a few
   sweeps of the *barycenter* heuristic: sort each rank by the average position of
   its neighbours in the rank before it. This removes most edge crossings in the
   grid-shaped graphs chunked arrays make.
3. **Coordinates**: ranks are rows (``rankdir="TB"``/``"BT"``) or columns
   (``"LR"``/``"RL"``), each centred; edges are straight lines clipped to the node
   boxes.

Everything is linear in the number of nodes and edges (plus a sort per rank), so a
10,000-node graph lays out in a fraction of a second. Output is deterministic.

>>> svg = layered_svg([Node(["a"]), Node(["b"])], [(0, 1)])
>>> svg.count("<rect") >= 2 and svg.count("<line") == 1
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["Node", "layered_svg", "ranks"]

_CHAR_W = 6.4  # average width of an 11px sans-serif character
_LINE_H = 13.0
_RANK_GAP = 44.0
_NODE_GAP = 12.0


class Node:
    """One box of the picture: text lines, a kind (``task``, ``data`` or ``op``) and colours."""

    __slots__ = ("lines", "kind", "fill", "text", "tooltip")

    def __init__(self, lines: Sequence[str], kind: str = "task", fill: str = "#e8eef5",
                 text: str = "#1a1a1a", tooltip: str = ""):
        self.lines = list(lines)
        self.kind = kind
        self.fill = fill
        self.text = text
        self.tooltip = tooltip

    def size(self) -> tuple[float, float]:
        width = max((len(s) for s in self.lines), default=1) * _CHAR_W + 16
        return width, len(self.lines) * _LINE_H + 10 + (6 if self.kind == "data" else 0)


def ranks(n: int, edges: Sequence[tuple[int, int]]) -> list[int]:
    """Longest-path rank of each node; edges go from dependency to dependent.

    >>> ranks(3, [(0, 1), (1, 2), (0, 2)])
    [0, 1, 2]
    """
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        preds[b].append(a)
        succs[a].append(b)
    waiting = [len(p) for p in preds]
    rank = [0] * n
    ready = [i for i in range(n) if waiting[i] == 0]
    while ready:  # Kahn's algorithm: a node is ranked once all its inputs are
        i = ready.pop()
        for j in succs[i]:
            rank[j] = max(rank[j], rank[i] + 1)
            waiting[j] -= 1
            if waiting[j] == 0:
                ready.append(j)
    return rank


def _order_within_ranks(rank: list[int], edges: Sequence[tuple[int, int]], sweeps: int = 4) -> list[list[int]]:
    nranks = max(rank, default=-1) + 1
    rows: list[list[int]] = [[] for _ in range(nranks)]
    for i, r in enumerate(rank):
        rows[r].append(i)
    preds: list[list[int]] = [[] for _ in rank]
    succs: list[list[int]] = [[] for _ in rank]
    for a, b in edges:
        preds[b].append(a)
        succs[a].append(b)
    pos = [0.0] * len(rank)
    for row in rows:
        for k, i in enumerate(row):
            pos[i] = k / max(len(row), 1)
    for sweep in range(sweeps):
        # Alternate upward (look at inputs) and downward (look at users) sweeps.
        up = sweep % 2 == 0
        seq = rows[1:] if up else rows[-2::-1]
        for row in seq:
            def key(i: int) -> tuple[float, float]:
                nbrs = preds[i] if up else succs[i]
                return (sum(pos[j] for j in nbrs) / len(nbrs) if nbrs else pos[i], pos[i])

            row.sort(key=key)
            for k, i in enumerate(row):
                pos[i] = k / max(len(row), 1)
    return rows


def _f(v: float) -> str:
    return f"{v:.1f}"


def _clip(cx: float, cy: float, hw: float, hh: float, dx: float, dy: float) -> tuple[float, float]:
    """Where the ray from a box centre in direction (dx, dy) leaves the box."""
    tx = hw / abs(dx) if dx else float("inf")
    ty = hh / abs(dy) if dy else float("inf")
    t = min(tx, ty)
    return cx + dx * t, cy + dy * t


def _shape(node: Node, x: float, y: float, w: float, h: float) -> str:
    style = f'fill="{node.fill}" stroke="#3b4a5a"'
    if node.kind == "data":  # a cylinder: data at rest
        ry = 4.0
        body = (f"M{_f(x)},{_f(y + ry)} L{_f(x)},{_f(y + h - ry)} A{_f(w / 2)},{_f(ry)} 0 0 0 {_f(x + w)},"
                f"{_f(y + h - ry)} L{_f(x + w)},{_f(y + ry)}")
        top = (f"M{_f(x)},{_f(y + ry)} A{_f(w / 2)},{_f(ry)} 0 0 1 {_f(x + w)},{_f(y + ry)} "
               f"A{_f(w / 2)},{_f(ry)} 0 0 1 {_f(x)},{_f(y + ry)}")
        return f'<path d="{body}" {style}/><path d="{top}" {style}/>'
    rx = 3.0 if node.kind == "op" else min(h / 2, 10.0)
    width = "1.6" if node.kind == "op" else "1"
    return (f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" rx="{_f(rx)}" '
            f'{style} stroke-width="{width}"/>')


def layered_svg(nodes: Sequence[Node], edges: Sequence[tuple[int, int]], rankdir: str = "BT",
                header: Sequence[str] = (), legend: Sequence[tuple[str, str, str]] = ()) -> str:
    """Lay out *nodes* and *edges* (dependency -> dependent) and return an SVG document.

    Parameters
    ----------
    nodes : sequence of Node
    edges : sequence of (int, int)
        Indices into *nodes*; the arrow points at the second one.
    rankdir : {"BT", "TB", "LR", "RL"}
        Direction in which edges point: "BT" puts inputs at the bottom.
    header : sequence of str
        Lines of text above the picture (title, notes).
    legend : sequence of (fill colour, text colour, label)
        Swatches drawn in a row under the header.
    """
    sizes = [n.size() for n in nodes]
    rank = ranks(len(nodes), edges)
    rows = _order_within_ranks(rank, edges)
    vertical = rankdir in ("TB", "BT")
    # "main" runs along the ranks, "cross" along a rank.
    thickness = [max((sizes[i][1 if vertical else 0] for i in row), default=0) for row in rows]
    extents = [sum(sizes[i][0 if vertical else 1] for i in row) + _NODE_GAP * max(len(row) - 1, 0) for row in rows]
    span = max(extents, default=0)
    main_total = sum(thickness) + _RANK_GAP * max(len(rows) - 1, 0)
    centre: list[tuple[float, float]] = [(0.0, 0.0)] * len(nodes)
    main = 0.0
    for r, row in enumerate(rows):
        cross = (span - extents[r]) / 2
        m = main + thickness[r] / 2
        if rankdir in ("BT", "RL"):
            m = main_total - m
        for i in row:
            size = sizes[i][0 if vertical else 1]
            c = cross + size / 2
            centre[i] = (c, m) if vertical else (m, c)
            cross += size + _NODE_GAP
        main += thickness[r] + _RANK_GAP
    width, height = (span, main_total) if vertical else (main_total, span)

    pad = 10.0
    top = pad + len(header) * 16 + (22 if legend else 0)
    out: list[str] = []
    for k, line in enumerate(header):
        out.append(f'<text x="{_f(pad)}" y="{_f(pad + 12 + 16 * k)}" font-size="{13 if k == 0 else 11}" '
                   f'fill="#1a1a1a">{escape(line)}</text>')
    lx = pad
    for fill, text, label in legend:
        w = max(len(label) * _CHAR_W + 10, 22)
        y = pad + len(header) * 16 + 2
        out.append(f'<rect x="{_f(lx)}" y="{_f(y)}" width="{_f(w)}" height="16" fill="{fill}" stroke="#3b4a5a" '
                   f'stroke-width="0.5"/><text x="{_f(lx + w / 2)}" y="{_f(y + 12)}" font-size="10" '
                   f'text-anchor="middle" fill="{text}">{escape(label)}</text>')
        lx += w + 2
    ox, oy = pad, top
    out.append(f'<g stroke="#5b6b7b" stroke-width="1" fill="none" transform="translate({_f(ox)},{_f(oy)})">')
    widest = max((sizes[i][0 if vertical else 1] for i in range(len(nodes))), default=0.0)
    bend = widest + 16.0  # a quadratic curve strays half this far: past the widest node
    for a, b in edges:
        (ax, ay), (bx, by) = centre[a], centre[b]
        dx, dy = bx - ax, by - ay
        if dx == 0 and dy == 0:
            continue
        span = rank[b] - rank[a]
        if span <= 1:
            x1, y1 = _clip(ax, ay, sizes[a][0] / 2, sizes[a][1] / 2, dx, dy)
            x2, y2 = _clip(bx, by, sizes[b][0] / 2 + 1, sizes[b][1] / 2 + 1, -dx, -dy)
            out.append(f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
                       f'marker-end="url(#lazyarr-arrow)"/>')
            continue
        # An edge skipping ranks would run straight through the nodes in between: bend it
        # sideways (a quadratic curve whose control point is pushed off the straight line).
        # Always towards +x (ranks in rows) or +y (ranks in columns); the canvas has room there.
        qx, qy = (ax + bx) / 2, (ay + by) / 2
        if vertical:
            qx += bend
        else:
            qy += bend
        x1, y1 = _clip(ax, ay, sizes[a][0] / 2, sizes[a][1] / 2, qx - ax, qy - ay)
        x2, y2 = _clip(bx, by, sizes[b][0] / 2 + 1, sizes[b][1] / 2 + 1, qx - bx, qy - by)
        out.append(f'<path d="M{_f(x1)},{_f(y1)} Q{_f(qx)},{_f(qy)} {_f(x2)},{_f(y2)}" '
                   f'marker-end="url(#lazyarr-arrow)"/>')
    out.append("</g>")
    out.append(f'<g font-size="11" text-anchor="middle" transform="translate({_f(ox)},{_f(oy)})">')
    for i, node in enumerate(nodes):
        (cx, cy), (w, h) = centre[i], sizes[i]
        x, y = cx - w / 2, cy - h / 2
        title = f"<title>{escape(node.tooltip)}</title>" if node.tooltip else ""
        y0 = y + 16 + (6 if node.kind == "data" else 0)
        bold = ' font-weight="bold"' if node.kind == "op" else ""
        # One <text> with a <tspan> per line: fewer, shorter elements for big graphs.
        spans = "".join(f'<tspan x="{cx:.1f}" y="{y0 + _LINE_H * k:.1f}"{bold if k == 0 else ""}>{escape(line)}</tspan>'
                        for k, line in enumerate(node.lines))
        out.append(f'<g>{title}{_shape(node, x, y, w, h)}<text fill="{node.text}">{spans}</text></g>')
    out.append("</g>")
    if any(rank[b] - rank[a] > 1 for a, b in edges):  # room for the bent edges
        if vertical:
            width += bend / 2 + 4
        else:
            height += bend / 2 + 4
    total_w = max(width + 2 * pad, lx + pad, max((len(s) * 7.5 for s in header), default=0) + 2 * pad)
    total_h = height + top + pad
    defs = ('<defs><marker id="lazyarr-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6b7b"/>'
            "</marker></defs>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(total_w)}" height="{_f(total_h)}" '
            f'viewBox="0 0 {_f(total_w)} {_f(total_h)}" font-family="Helvetica, Arial, sans-serif">{defs}'
            f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(out)}</svg>')
