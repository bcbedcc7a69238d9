"""Display code: reprs, chunk diagrams and graph pictures (never computes).

The "show" end of the pipeline. Everything here is a pure function of an array's
chunks, dtype and graph. ``methods.py`` attaches ``repr``, ``_repr_html_``,
``visualize``, ``explain`` and ``graph_summary`` to ``Array`` (the core never imports display).

=================  ==========================================================
module             role
=================  ==========================================================
``methods.py``     the display methods attached to ``Array``
``text.py``        the one-line ``repr``
``html.py``        the notebook table (``_repr_html_``) with a text fallback
``svg.py``         the chunk-grid diagram
``explain.py``     ``graph_table`` (``x.graph_summary()``) and ``explain``
``graph.py``       ``visualize``: describe nodes, render with Graphviz or ...
``layout.py``      ... the built-in layered layout that writes SVG
``static/``        the stylesheet (theme variables with fallbacks)
=================  ==========================================================

>>> import lazyarr as la
>>> print(graph_table(la.ones(4, chunks=2)))
  #  operation  tasks  shape  chunks    bytes
  0  ones           2  (4,)   (2,) x 2  32 B
1 operation, 2 tasks
"""

from .explain import explain, graph_table
from .graph import visualize

__all__ = ["explain", "graph_table", "visualize"]
