"""Colours of graph pictures: light literal colours, replaced by the notebook theme's through CSS.

Part of the "show" stage, shared by the built-in layout (``layout.py``) and the Graphviz
output (``dot.py``). Every SVG that ``visualize()`` writes carries the small stylesheet
:data:`GRAPH_CSS`. Its rules use the front end's theme variables (JupyterLab's ``--jp-*``,
VS Code's ``--vscode-*``) with the literal colours below as fallbacks, so:

* in a notebook, where the SVG is part of the page (the HTML output), uncoloured nodes,
  outlines, arrows and notes follow the light or dark theme;
* as a file or an ``<img>`` (no theme variables there) the fallbacks apply: the light
  colours, which are also written as presentation attributes for SVG renderers without CSS.

The background is transparent, so no white panel shows in a dark theme. Nodes coloured
by ``color="order"`` or ``color="op"`` keep their colours in every theme (the colour is
the message; their text colour is chosen for contrast with the fill).

>>> "var(--jp-content-font-color1" in GRAPH_CSS and GRAPH_CSS.count("{") == GRAPH_CSS.count("}")
True
"""

from __future__ import annotations

__all__ = ["EDGE", "GRAPH_CSS", "NOTE", "OUTLINE", "PLAIN_FILL", "PLAIN_TEXT", "SVG_CLASS"]

#: Fill of an uncoloured node, and its text.
PLAIN_FILL = "#e8eef5"
PLAIN_TEXT = "#1a1a1a"
#: Node outlines, edges (lines and arrowheads) and the notes above the picture.
OUTLINE = "#3b4a5a"
EDGE = "#5b6b7b"
NOTE = "#1a1a1a"
#: The class of the ``<svg>`` element; every rule is scoped to it, because a ``<style>`` inside
#: an inline SVG applies to the whole page.
SVG_CLASS = "lazyarr-graph"


def _theme(jupyterlab: str, vscode: str, fallback: str) -> str:
    return f"var(--jp-{jupyterlab}, var(--vscode-{vscode}, {fallback}))"


def _rule(selectors: str, declarations: str) -> str:
    scoped = ",".join(f"svg.{SVG_CLASS} {s.strip()}" for s in selectors.split(","))
    return f"{scoped}{{{declarations}}}"


# Class names shared by both engines (Graphviz writes class="node", "edge" and "graph" itself):
# "plain" marks an uncoloured node, "note" the text of the header and legend.
GRAPH_CSS = "".join([
    _rule(".node ellipse, .node polygon, .node rect",
          f"stroke:{_theme('content-font-color1', 'editor-foreground', OUTLINE)}"),
    _rule(".plain ellipse, .plain polygon, .plain rect",
          f"fill:{_theme('layout-color2', 'editorWidget-background', PLAIN_FILL)}"),
    _rule(".plain text", f"fill:{_theme('content-font-color1', 'editorWidget-foreground', PLAIN_TEXT)}"),
    _rule(".edge path, .edge polygon", f"stroke:{_theme('content-font-color2', 'editor-foreground', EDGE)}"),
    _rule(".edge polygon", f"fill:{_theme('content-font-color2', 'editor-foreground', EDGE)}"),
    # Graphviz writes no fill for default-coloured text: that is the header's.
    _rule(".note, g.graph > text:not([fill])", f"fill:{_theme('content-font-color1', 'editor-foreground', NOTE)}"),
])
