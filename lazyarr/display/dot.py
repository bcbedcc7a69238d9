"""Graphviz output of graph pictures: DOT source, running ``dot``, and tidying its SVG.

Part of the "show" stage, used by ``display/graph.py`` when Graphviz's ``dot`` program is
installed (``engine="graphviz"`` or ``"auto"``) and to write PNG and PDF files. The DOT
describes the same :class:`~lazyarr.display.layout.Node` objects the built-in layout draws,
with the same shapes (ellipses for tasks, boxes for data) and sizes: each node's width and
height are given to ``dot`` as minimums measured with generous character widths, so a label
such as ``random_sample`` stays inside its shape whichever font the browser substitutes
for the one ``dot`` measured. :func:`clean_svg` then makes ``dot``'s SVG behave like the
built-in one: pixel units, scaled to fit its container, a transparent background, the
theme stylesheet, and no version comments or element ids (stable, clash-free output).

>>> src = to_dot([Node(["a"]), Node(["b"], "data")], [(0, 1)])
>>> "shape=ellipse" in src and "shape=box" in src and "n0 -> n1;" in src
True
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from html import escape

from .layout import FONT_SIZE, Node
from .theme import EDGE, GRAPH_CSS, OUTLINE, PLAIN_FILL, PLAIN_TEXT, SVG_CLASS

__all__ = ["INSTALL_GRAPHVIZ", "clean_svg", "find_dot", "missing_dot_message", "run_dot", "to_dot"]

INSTALL_GRAPHVIZ = ("install Graphviz (Debian/Ubuntu: `apt install graphviz`, conda: `conda install graphviz`, "
                    "macOS: `brew install graphviz`, others: https://graphviz.org/download/)")
_FONTS = "Helvetica,Arial,sans-serif"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _legend_table(header: Sequence[str], legend: Sequence[tuple[str | None, str | None, str]]) -> str:
    # The title and legend go in the graph's HTML-like label (escaped: it is markup).
    span = max(len(legend), 1)
    rows = "".join(f'<tr><td align="left" colspan="{span}">{escape(h)}</td></tr>' for h in header)
    if legend:
        cells = "".join(f"<td>{escape(label)}</td>" if fill is None else
                        f'<td bgcolor="{fill}"><font color="{text}">{escape(label)}</font></td>'
                        for fill, text, label in legend)
        rows += f"<tr>{cells}</tr>"
    return f'<table border="0" cellspacing="1" cellpadding="3">{rows}</table>'


def to_dot(nodes: Sequence[Node], edges: Sequence[tuple[int, int]], rankdir: str = "BT",
           header: Sequence[str] = (), legend: Sequence[tuple[str | None, str | None, str]] = ()) -> str:
    """Graphviz DOT source for the same nodes and edges the built-in layout draws."""
    out = ["digraph lazyarr {",
           # The header's text keeps dot's default black, written without a fill: the stylesheet finds it so.
           f'  graph [rankdir={rankdir}, bgcolor="transparent", fontname="{_FONTS}", fontsize={FONT_SIZE:g}, '
           f'labelloc=t, labeljust=l, nodesep=0.14, ranksep=0.4];',
           # Plain nodes get the literal light colours (the stylesheet switches them to the theme's).
           f'  node [fontname="{_FONTS}", fontsize={FONT_SIZE:g}, margin=0, color="{OUTLINE}", style=filled, '
           f'fillcolor="{PLAIN_FILL}", fontcolor="{PLAIN_TEXT}"];',
           f'  edge [color="{EDGE}", arrowsize=0.6];']
    if header or legend:
        out.append(f"  label=<{_legend_table(header, legend)}>;")
    for i, n in enumerate(nodes):
        w, h = n.size()
        shape = {"data": "box", "op": "ellipse, penwidth=1.6", "task": "ellipse"}[n.kind]
        label = "\\n".join(_quote(line)[1:-1] for line in n.lines)
        # Sizes in inches (72 points); one point becomes one pixel in clean_svg.
        colours = 'class="plain"' if n.fill is None else f'fillcolor="{n.fill}", fontcolor="{n.text}"'
        out.append(f'  n{i} [label="{label}", shape={shape}, width={w / 72:.3f}, height={h / 72:.3f}, '
                   f"{colours}, tooltip={_quote(n.tooltip)}];")
    out += [f"  n{a} -> n{b};" for a, b in edges]
    out.append("}")
    return "\n".join(out) + "\n"


def find_dot() -> str | None:
    """Path of Graphviz's ``dot`` program, or None."""
    return shutil.which("dot")


def missing_dot_message(need: str) -> str:
    """The error for when ``dot`` is missing; *need* says what asked for it.

    >>> missing_dot_message("engine='graphviz'").split(".")[0]
    "visualize: engine='graphviz' needs Graphviz's `dot` program, which is not on PATH"
    """
    return (f"visualize: {need} needs Graphviz's `dot` program, which is not on PATH. Only engine='graphviz' "
            f"and .png or .pdf files need it: without it the picture is drawn by lazyarr's own layout "
            f"(engine='builtin', which engine='auto' picks) and saved as .svg or .dot. To fix, {INSTALL_GRAPHVIZ}.")


def run_dot(source: str, fmt: str, need: str | None = None) -> bytes:
    """Render DOT *source* to *fmt* bytes with the ``dot`` program.

    *need* names what asked for ``dot`` in the error raised when it is missing
    (default: "a .<fmt> file").
    """
    dot = find_dot()
    if dot is None:
        raise RuntimeError(missing_dot_message(need or f"writing a .{fmt} file"))
    proc = subprocess.run([dot, f"-T{fmt}"], input=source.encode(), capture_output=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"visualize: dot failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


_PT = re.compile(r'(width|height)="([0-9.]+)pt"')


def clean_svg(svg: str) -> str:
    """``dot``'s SVG made stable and notebook-friendly (see the module docstring)."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)  # comments carry the Graphviz version
    svg = svg[svg.index("<svg"):].strip()
    svg = re.sub(r'\s+id="[^"]*"', "", svg)  # "graph0", "node1"...: the same in every picture on a page
    end = svg.index(">")
    root = _PT.sub(r'\1="\2"', svg[:end])  # points -> pixels: fonts show at FONT_SIZE px, like the built-in
    root = root.replace("<svg", f'<svg class="{SVG_CLASS}" style="max-width:100%;height:auto" role="img"', 1)
    return f"{root}><style>{GRAPH_CSS}</style>{svg[end + 1:]}"
