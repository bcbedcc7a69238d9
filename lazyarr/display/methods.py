"""The display side of :class:`~lazyarr.core.array.Array`: reprs, the notebook view and pictures.

``import lazyarr`` calls :func:`install` once; the drawing itself lives in the modules
next door (``text.py``, ``html.py``, ``explain.py``, ``graph.py``).
"""

from __future__ import annotations

import re
from typing import Any

from ..core.attach import add_method, attach, delegate
from .explain import explain, graph_table
from .graph import visualize
from .html import array_html
from .svg import chunks_svg
from .text import array_repr

__all__ = ["install"]


class _Display:
    """The display hooks; :func:`install` copies them onto ``Array``."""

    def __repr__(self) -> str:
        """One line: name, shape, dtype, chunk size (never computes)."""
        return array_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter's rich view: a table of sizes and a picture of the chunks (never computes)."""
        return array_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        """Jupyter's display protocol: the text and HTML reprs together."""
        return {"text/plain": repr(self), "text/html": array_html(self)}


def install(cls: type) -> None:
    """Attach ``repr``, the notebook view, ``visualize``, ``explain`` and ``graph_summary`` to *cls*."""
    attach(cls, _Display)
    add_method(cls, "visualize", delegate("visualize", visualize))
    add_method(cls, "explain", delegate("explain", explain, "lazyarr.display.explain"))
    add_method(cls, "graph_summary", delegate("graph_summary", graph_table, "lazyarr.display.graph_table"))
    add_method(cls, "to_svg", to_svg)


def to_svg(self: Any, size: int = 500) -> str:
    """The picture of the chunks as an SVG string, its larger side *size* pixels (dask's ``to_svg``).

    >>> import lazyarr as la
    >>> la.ones((10, 10), chunks=5).to_svg(size=200)[:4]
    '<svg'
    """
    svg = chunks_svg(self.chunks)
    match = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    if match is None:  # no picture (e.g. too many dimensions): the text fallback as it is
        return svg
    width, height = float(match.group(1)), float(match.group(2))
    scale = size / max(width, height, 1)
    return svg.replace(match.group(0), f'width="{width * scale:.0f}" height="{height * scale:.0f}"', 1)
