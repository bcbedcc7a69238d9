"""A small layered graph layout that writes SVG, for when Graphviz is not installed.

Part of the "show" stage, used by ``display/graph.py``. It is the classic
Sugiyama-style recipe, cut down to what fits on one screen:

1. **Ranks**: a node sits one rank above its highest dependency (longest path from
   the inputs), so every edge points the same way.
2. **Order within a rank**: start from the given (topological) order, then a few
   sweeps of the *barycenter* heuristic: sort each rank by the average position of
   its neighbours in the rank before it. This removes most edge crossings in the
   grid-shaped graphs chunked arrays make.
   An edge that skips ranks gets a thin placeholder in every rank it crosses, so the
   nodes of that rank make way for it.
3. **Coordinates**: ranks are rows (``rankdir="TB"``/``"BT"``) or columns
   (``"LR"``/``"RL"``). Along a rank, each node goes as near as it can to the mean
   position of its neighbours, keeping the order and the gaps (a least-squares fit,
   solved exactly by pooling adjacent violators), so a result sits over its inputs as
   in a drawn tree. Edges are lines clipped to the node outlines (through the
   placeholders for long ones), each ending in an arrowhead of its own (no
   ``<marker>``, so no ids that could clash between pictures on one page).

The shapes follow the textbook convention: a task (work) is an ellipse, a piece of
data is a box. :class:`Node` sizes each shape from its text with generous character
widths, so labels fit whichever sans-serif font the browser picks; the Graphviz output
uses the same sizes. The picture's colours come from ``theme.py``.

Everything is linear in the number of nodes and edges (plus a sort per rank), so a
10,000-node graph lays out in a fraction of a second. Output is deterministic.

>>> svg = layered_svg([Node(["a"]), Node(["b"], "data")], [(0, 1)])
>>> svg.count("<ellipse"), svg.count("<rect"), svg.count("<polygon")  # a task, a box, an arrowhead
(1, 1, 1)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from typing import NamedTuple

from .theme import EDGE, GRAPH_CSS, NOTE, OUTLINE, PLAIN_FILL, PLAIN_TEXT, SVG_CLASS

__all__ = ["FONT_SIZE", "Layout", "Node", "layered_svg", "layout", "ranks", "text_width"]

FONT_SIZE = 11.0  # px; Graphviz output uses the same size
_LINE_H = 13.0
_RANK_GAP = 40.0
_NODE_GAP = 10.0
_PAD = 10.0
_ARROW = 7.0  # arrowhead length (its half-width is 3)
_VIRTUAL = 4.0  # room an edge takes in a rank it passes through
_FONTS = "Helvetica, Arial, sans-serif"

# Character widths in em, on the wide side of common sans-serif fonts (DejaVu Sans is the
# widest usual fallback): a label measured with these fits inside its shape in any of them.
_EM = {**dict.fromkeys("il.,:;'|!()[]{} ", 0.36), **dict.fromkeys("fjrt-_\"`/\\", 0.45),
       **dict.fromkeys("mwMW@%#", 0.95), **dict.fromkeys("ABCDEFGHIJKLNOPQRSTUVXYZ", 0.72)}
_EM_OTHER = 0.64  # lower-case letters, digits and the rest


@lru_cache(maxsize=4096)
def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Width of *text* in pixels at font *size*, estimated generously.

    >>> text_width("(0, 0)") < text_width("random_sample") < 13 * 0.65 * 11
    True
    """
    return sum(_EM.get(c, _EM_OTHER) for c in text) * size


class Node:
    """One node of the picture: text lines, a kind, colours and a tooltip.

    *kind* is ``"task"`` (an ellipse), ``"op"`` (an ellipse with a bold outline and title:
    an operation, i.e. a group of tasks) or ``"data"`` (a box). *fill* ``None`` means the
    theme's plain colours; otherwise *text* is the text colour on that fill.
    """

    __slots__ = ("lines", "kind", "fill", "text", "tooltip")

    def __init__(self, lines: Sequence[str], kind: str = "task", fill: str | None = None,
                 text: str | None = None, tooltip: str = ""):
        self.lines = list(lines)
        self.kind = kind
        self.fill = fill
        self.text = text
        self.tooltip = tooltip

    def text_size(self) -> tuple[float, float]:
        """Width and height of the text block."""
        return max((text_width(s) for s in self.lines), default=6.0), len(self.lines) * _LINE_H

    def size(self) -> tuple[float, float]:
        """Width and height of the shape around the text."""
        w, h = self.text_size()
        if self.kind == "data":
            return w + 16, h + 10
        # The ellipse through the corners of the (padded) text block with the least area has
        # semi-axes sqrt(2) times the block's half-sizes: the text always fits inside.
        return (w + 8) * math.sqrt(2), (h + 2) * math.sqrt(2)


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


def _monotone_fit(values: list[float]) -> list[float]:
    """The non-decreasing sequence closest to *values* in least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [sum, count] of runs sharing one value
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    out: list[float] = []
    for total, count in blocks:
        out += [total / count] * int(count)
    return out


def _cross_positions(rows: list[list[int]], along: list[float], edges: Sequence[tuple[int, int]],
                     nreal: int | None = None, sweeps: int = 3) -> list[float]:
    """Position of each node along its rank: near its neighbours, in order, never overlapping.

    Each rank starts packed and centred. Then sweeps alternate upwards and downwards (the last
    one upwards, so a result sits over its inputs, as in a drawn tree): every node wants the
    mean position of its neighbours in the direction of the sweep, and the rank takes the
    placement closest to those wishes (least squares) that keeps the order and the gaps. With
    gaps taken out, that placement is a monotone regression, solved exactly in linear time.
    Nodes from *nreal* on are edge placeholders: a smaller gap is enough beside them.
    """
    n = len(along)
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        preds[b].append(a)
        succs[a].append(b)
    x = [0.0] * n
    offsets = []  # each node's offset from the first of its rank when packed
    for row in rows:
        off = [0.0]
        for prev, i in zip(row, row[1:]):
            gap = _NODE_GAP if nreal is None or (prev < nreal and i < nreal) else _NODE_GAP / 2
            off.append(off[-1] + (along[prev] + along[i]) / 2 + gap)
        offsets.append(off)
        middle = (off[-1] if off else 0.0) / 2
        for i, o in zip(row, off):
            x[i] = o - middle
    for sweep in range(sweeps):
        up = sweep % 2 == 0
        for r in range(1, len(rows)) if up else range(len(rows) - 2, -1, -1):
            row, off = rows[r], offsets[r]
            wishes = []
            for i in row:
                nbrs = preds[i] if up else succs[i]
                wishes.append(sum(x[j] for j in nbrs) / len(nbrs) if nbrs else x[i])
            fitted = _monotone_fit([w - o for w, o in zip(wishes, off)])
            for i, f, o in zip(row, fitted, off):
                x[i] = f + o
    return x


class Layout(NamedTuple):
    """Where everything goes: node centres and sizes, ranks, the drawing's extent, and edge routes."""

    centre: list[tuple[float, float]]
    sizes: list[tuple[float, float]]
    rank: list[int]
    width: float
    height: float
    routes: dict[int, list[tuple[float, float]]]  # edge index -> where an edge that skips ranks crosses them


def layout(nodes: Sequence[Node], edges: Sequence[tuple[int, int]], rankdir: str = "BT") -> Layout:
    """Place *nodes* in ranks (see the module docstring); the origin is the top-left corner.

    An edge that skips ranks gets a thin placeholder in each rank it crosses (the usual
    "virtual nodes" of a layered layout): placed like the nodes, they keep the rank's nodes
    out of the edge's way, and the edge is drawn through them.

    >>> lay = layout([Node(["a"]), Node(["b"])], [(0, 1)])
    >>> lay.centre[0][1] > lay.centre[1][1]  # "BT": the input is below
    True
    """
    n = len(nodes)
    sizes = [node.size() for node in nodes]
    rank = ranks(n, edges)
    vertical = rankdir in ("TB", "BT")
    # "main" runs along the ranks, "cross" along a rank.
    along = [size[0 if vertical else 1] for size in sizes]
    thick = [size[1 if vertical else 0] for size in sizes]
    chain: list[tuple[int, int]] = []  # edges between adjacent ranks, through the placeholders
    placeholders: dict[int, list[int]] = {}
    shared: dict[int, dict[int, int]] = {}  # source -> rank -> placeholder: long edges from one node share them
    for e, (a, b) in enumerate(edges):
        previous = a
        own = shared.setdefault(a, {}) if rank[b] - rank[a] > 1 else {}
        for r in range(rank[a] + 1, rank[b]):
            v = own.get(r)
            if v is None:
                v = own[r] = len(rank)
                rank.append(r)
                along.append(_VIRTUAL)
                thick.append(0.0)
                chain.append((previous, v))
            placeholders.setdefault(e, []).append(v)
            previous = v
        chain.append((previous, b))
    rows = _order_within_ranks(rank, chain)
    cross = _cross_positions(rows, along, chain, n)
    low = min((c - w / 2 for c, w in zip(cross, along)), default=0.0)
    span = max((c + w / 2 for c, w in zip(cross, along)), default=0.0) - low
    thickness = [max((thick[i] for i in row), default=0) for row in rows]
    main_total = sum(thickness) + _RANK_GAP * max(len(rows) - 1, 0)
    centre: list[tuple[float, float]] = [(0.0, 0.0)] * len(rank)
    main = 0.0
    for r, row in enumerate(rows):
        m = main + thickness[r] / 2
        if rankdir in ("BT", "RL"):
            m = main_total - m
        for i in row:
            c = cross[i] - low
            centre[i] = (c, m) if vertical else (m, c)
        main += thickness[r] + _RANK_GAP
    width, height = (span, main_total) if vertical else (main_total, span)
    # An edge crosses a rank straight along the main axis, from one side of the rank's band to the
    # other (it may only run sideways between ranks, where there are no nodes).
    half = [thickness[r] / 2 for r in range(len(rows))]
    towards = -1.0 if rankdir in ("BT", "RL") else 1.0  # which way the edges point along the main axis
    routes = {}
    for e, vs in placeholders.items():
        points = []
        for v in vs:
            c, m = centre[v] if vertical else centre[v][::-1]
            for t in (-half[rank[v]] * towards, half[rank[v]] * towards):
                points.append((c, m + t) if vertical else (m + t, c))
        routes[e] = points

    return Layout(centre[:n], sizes, rank[:n], width, height, routes)


def _f(v: float) -> str:
    return f"{v:.1f}"


def _clip(node: Node, cx: float, cy: float, w: float, h: float, dx: float, dy: float,
          gap: float = 0.0) -> tuple[float, float]:
    """Where the ray from a node's centre in direction (dx, dy) leaves its outline (plus *gap*)."""
    hw, hh = w / 2, h / 2
    if node.kind == "data":
        tx = hw / abs(dx) if dx else math.inf
        ty = hh / abs(dy) if dy else math.inf
        t = min(tx, ty)
    else:
        t = 1 / math.hypot(dx / hw, dy / hh)
    t += gap / math.hypot(dx, dy)
    return cx + dx * t, cy + dy * t


def _arrowhead(x: float, y: float, dx: float, dy: float) -> tuple[str, float, float]:
    """An arrowhead with its tip at (x, y) pointing along (dx, dy); returns it and its base centre."""
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    bx, by = x - ux * _ARROW, y - uy * _ARROW
    px, py = -uy * 3, ux * 3
    points = f"{_f(x)},{_f(y)} {_f(bx + px)},{_f(by + py)} {_f(bx - px)},{_f(by - py)}"
    return f'<polygon points="{points}"/>', bx, by


def _shape(node: Node, cx: float, cy: float, w: float, h: float) -> str:
    fill = node.fill or PLAIN_FILL
    width = "1.6" if node.kind == "op" else "1"
    if node.kind == "data":
        return (f'<rect x="{_f(cx - w / 2)}" y="{_f(cy - h / 2)}" width="{_f(w)}" height="{_f(h)}" '
                f'fill="{fill}" stroke="{OUTLINE}" stroke-width="{width}"/>')
    return (f'<ellipse cx="{_f(cx)}" cy="{_f(cy)}" rx="{_f(w / 2)}" ry="{_f(h / 2)}" fill="{fill}" '
            f'stroke="{OUTLINE}" stroke-width="{width}"/>')


def _edges_svg(lay: Layout, nodes: Sequence[Node], edges: Sequence[tuple[int, int]]) -> str:
    lines, heads = [], []
    for e, (a, b) in enumerate(edges):
        (ax, ay), (bx, by) = lay.centre[a], lay.centre[b]
        bends = lay.routes.get(e, [])
        # Leave the first node towards the next point, enter the last one from the point before.
        (nx, ny), (px, py) = (bends[0] if bends else (bx, by)), (bends[-1] if bends else (ax, ay))
        if (ax, ay) == (bx, by):
            continue
        x1, y1 = _clip(nodes[a], ax, ay, *lay.sizes[a], nx - ax, ny - ay)
        x2, y2 = _clip(nodes[b], bx, by, *lay.sizes[b], px - bx, py - by, gap=1.0)
        head, hx, hy = _arrowhead(x2, y2, x2 - (px if bends else x1), y2 - (py if bends else y1))
        heads.append(head)
        if not bends:
            lines.append(f'<path d="M{_f(x1)},{_f(y1)}L{_f(hx)},{_f(hy)}"/>')
            continue
        # Through the placeholders with rounded corners: straight to the middle of each stretch,
        # then a quadratic curve around the bend to the middle of the next.
        points = [(x1, y1), *bends, (hx, hy)]
        mids = [((xa + xb) / 2, (ya + yb) / 2) for (xa, ya), (xb, yb) in zip(points, points[1:])]
        d = [f"M{_f(x1)},{_f(y1)}L{_f(mids[0][0])},{_f(mids[0][1])}"]
        d += [f"Q{_f(bx_)},{_f(by_)} {_f(mx)},{_f(my)}" for (bx_, by_), (mx, my) in zip(bends, mids[1:])]
        d.append(f"L{_f(hx)},{_f(hy)}")
        lines.append(f'<path d="{"".join(d)}"/>')
    return (f'<g class="edge" fill="none" stroke="{EDGE}" stroke-width="1">{"".join(lines)}</g>'
            f'<g class="edge" fill="{EDGE}" stroke="{EDGE}" stroke-width="0.5">{"".join(heads)}</g>')


def _nodes_svg(lay: Layout, nodes: Sequence[Node]) -> str:
    out = []
    for i, node in enumerate(nodes):
        (cx, cy), (w, h) = lay.centre[i], lay.sizes[i]
        title = f"<title>{escape(node.tooltip)}</title>" if node.tooltip else ""
        top = cy - len(node.lines) * _LINE_H / 2
        bold = ' font-weight="bold"' if node.kind == "op" else ""
        # One <text> with a <tspan> per line: fewer, shorter elements for big graphs.
        spans = "".join(f'<tspan x="{cx:.1f}" y="{top + _LINE_H * k + 9.5:.1f}"{bold if k == 0 else ""}>'
                        f"{escape(line)}</tspan>" for k, line in enumerate(node.lines))
        cls = "node" if node.fill else "node plain"
        out.append(f'<g class="{cls}">{title}{_shape(node, cx, cy, w, h)}'
                   f'<text fill="{node.text or PLAIN_TEXT}">{spans}</text></g>')
    return "".join(out)


def svg_root(width: float, height: float, body: str) -> str:
    """The ``<svg>`` element of a graph picture: scales down to fit its container, keeps its proportions.

    Carries the theme stylesheet (``theme.py``) and no background, so it is transparent.
    """
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{SVG_CLASS}" width="{_f(width)}" '
            f'height="{_f(height)}" viewBox="0 0 {_f(width)} {_f(height)}" '
            f'style="max-width:100%;height:auto" font-family="{_FONTS}" font-size="{FONT_SIZE:g}" role="img">'
            f"<style>{GRAPH_CSS}</style>{body}</svg>")


def header_svg(header: Sequence[str], legend: Sequence[tuple[str | None, str | None, str]]) -> tuple[str, float, float]:
    """The notes and the legend above a picture; returns (SVG, width, height)."""
    out = []
    for k, line in enumerate(header):
        out.append(f'<text class="note" x="{_f(_PAD)}" y="{_f(_PAD + 12 + 16 * k)}" '
                   f'font-size="{13 if k == 0 else 11}" fill="{NOTE}">{escape(line)}</text>')
    width = max((text_width(s, 13 if k == 0 else 11) for k, s in enumerate(header)), default=0.0)
    lx = _PAD
    y = _PAD + len(header) * 16 + 2
    for fill, text, label in legend:
        w = text_width(label, 10) + 10
        if fill is None:  # a note, such as the legend's title
            out.append(f'<text class="note" x="{_f(lx)}" y="{_f(y + 12)}" font-size="10" fill="{NOTE}">'
                       f"{escape(label)}</text>")
        else:
            w = max(w, 22)
            out.append(f'<rect x="{_f(lx)}" y="{_f(y)}" width="{_f(w)}" height="16" fill="{fill}" '
                       f'stroke="{OUTLINE}" stroke-width="0.5"/><text x="{_f(lx + w / 2)}" y="{_f(y + 12)}" '
                       f'font-size="10" text-anchor="middle" fill="{text}">{escape(label)}</text>')
        lx += w + 2
    height = len(header) * 16 + (22 if legend else 0) + (6 if header or legend else 0)
    return "".join(out), max(width + 2 * _PAD, lx + _PAD if legend else 0.0), height


def layered_svg(nodes: Sequence[Node], edges: Sequence[tuple[int, int]], rankdir: str = "BT",
                header: Sequence[str] = (), legend: Sequence[tuple[str | None, str | None, str]] = ()) -> str:
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
        Swatches drawn in a row under the header; a ``None`` fill is a plain note.
    """
    lay = layout(nodes, edges, rankdir)
    head, head_w, head_h = header_svg(header, legend)
    top = _PAD + head_h
    body = (f'{head}<g transform="translate({_f(_PAD)},{_f(top)})" text-anchor="middle">'
            f"{_edges_svg(lay, nodes, edges)}{_nodes_svg(lay, nodes)}</g>")
    return svg_root(max(lay.width + 2 * _PAD, head_w), lay.height + top + _PAD, body)
