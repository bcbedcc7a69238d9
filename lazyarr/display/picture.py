"""The result of ``visualize()``: a picture that shows itself in notebooks and says how to see it elsewhere.

Part of the "show" stage. A :class:`GraphPicture` holds the SVG (from the built-in
layout or from Graphviz) and the DOT source, and offers every way to look at it:

* **in a notebook** it displays inline. The display carries three representations:
  HTML with the SVG inside the page (so the theme's CSS variables reach it: a dark
  theme gets light text and lines on a transparent background; front ends rank HTML
  first), the same SVG as ``image/svg+xml`` (for front ends and converters without
  HTML), and a text line. Where the HTML is sanitized (a JupyterLab notebook that is
  not trusted yet) the SVG is removed, so the HTML's visible part is then a sentence
  saying to run the cell; the stylesheet that hides that sentence is removed with it.
* **in a terminal** its repr says how to see it: :meth:`GraphPicture.open` shows it in
  the web browser, :meth:`GraphPicture.save` writes a file (``visualize(filename=...)``
  does the same).

Nothing here is random (no generated ids), so stored notebooks compare cleanly.

>>> pic = GraphPicture('<svg width="20" height="10"></svg>', "digraph {}", "builtin", "tasks", 1)
>>> print(repr(pic).splitlines()[0])
<GraphPicture: 1 task, drawn by builtin (20 x 10 px)>
"""

from __future__ import annotations

import os
import re
import tempfile
import webbrowser
from html import escape
from pathlib import Path
from typing import Any

from .dot import run_dot
from .html import stylesheet

__all__ = ["FORMATS", "GraphPicture"]

#: File formats of :meth:`GraphPicture.save`; png and pdf are made by Graphviz's ``dot``.
FORMATS = ("svg", "png", "pdf", "dot")
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([0-9.]+)[a-z]*"[^>]*?\bheight="([0-9.]+)[a-z]*"')


class GraphPicture:
    """A drawn task graph: shows inline in notebooks; ``.open()`` and ``.save(filename)`` elsewhere.

    Attributes
    ----------
    svg : str
        The picture as an SVG document.
    dot_source : str
        The same graph as Graphviz DOT text.
    engine : {"builtin", "graphviz"}
        What drew :attr:`svg`.
    level : {"tasks", "ops"}
        One node per task, or one per operation.
    nnodes : int
        Number of tasks (``level="tasks"``) or operations (``level="ops"``) drawn; a
        task-level picture also draws a box for each task's result.

    Examples
    --------
    >>> import lazyarr as la
    >>> pic = (la.ones(4, chunks=2) + 1).visualize(engine="builtin")
    >>> print(pic)  # what a terminal shows  # doctest: +ELLIPSIS
    <GraphPicture: 4 tasks, drawn by builtin (... x ... px)>
    In Jupyter it shows as a picture. Here: .open() shows it in your web browser;
    .save("graph.svg") writes a file (.svg, .png, .pdf or .dot), as does visualize(filename="graph.svg").
    """

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

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of the picture at full size, in pixels (a notebook shrinks it to fit)."""
        m = _SIZE.search(self.svg)
        return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)

    def _summary(self) -> str:
        what = "operation" if self.level == "ops" else "task"
        w, h = self.size
        return f"{self.nnodes} {what}{'s' if self.nnodes != 1 else ''}, drawn by {self.engine} ({w:.0f} x {h:.0f} px)"

    def __repr__(self) -> str:
        return (f"<GraphPicture: {self._summary()}>\n"
                "In Jupyter it shows as a picture. Here: .open() shows it in your web browser;\n"
                '.save("graph.svg") writes a file (.svg, .png, .pdf or .dot), as does visualize(filename="graph.svg").')

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        # The same trick as the array repr (display/html.py): the stylesheet reveals the picture and
        # hides the sentence; where HTML is sanitized both the stylesheet and the <svg> are dropped.
        note = (f"GraphPicture: {self._summary()}. Run the cell (or trust the notebook) to see the picture.")
        return (f"<div><style>{stylesheet()}</style>"
                f'<pre class="lazyarr-text-fallback">{escape(note)}</pre>'
                f'<div class="lazyarr-wrap" style="display:none">{self.svg}</div></div>')

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return {"text/html": self._repr_html_(), "image/svg+xml": self.svg, "text/plain": repr(self)}

    def save(self, filename: str | os.PathLike, format: str | None = None) -> str:
        """Write the picture; the format comes from *format* or the file extension. Returns the file name.

        ``.svg`` is the picture as drawn; ``.dot`` is the Graphviz source; ``.png`` and ``.pdf``
        are drawn by Graphviz's ``dot`` from that source (they need Graphviz installed).
        """
        filename = os.fspath(filename)
        ext = os.path.splitext(filename)[1].lstrip(".").lower()
        fmt = (format or ext or "svg").lower()
        if fmt not in FORMATS:
            raise ValueError(f"visualize: unknown output format {fmt!r}; use one of {list(FORMATS)}. "
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

    def open(self, filename: str | os.PathLike | None = None) -> str:
        """Show the picture in the default web browser; returns the SVG file it opened.

        The file is *filename* if given, else a new temporary ``lazyarr-graph-*.svg``.
        Raises RuntimeError (naming the file) when no browser can be started, e.g. over SSH.
        """
        if filename is None:
            fd, filename = tempfile.mkstemp(prefix="lazyarr-graph-", suffix=".svg")
            os.close(fd)
        path = self.save(filename, "svg")
        if not webbrowser.open(Path(path).resolve().as_uri()):
            raise RuntimeError(f"GraphPicture.open: no web browser could be started; the picture is in {path}. "
                               f"Open that file in a browser, or copy it to a machine that has one")
        return path
