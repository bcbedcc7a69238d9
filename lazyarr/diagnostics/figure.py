"""The figure the profiler plots return: a matplotlib Figure that shows itself as an image.

A ``matplotlib.figure.Figure`` made without pyplot has no notebook display of its own:
IPython learns to draw figures only when pyplot switches the inline backend on, so in a
fresh kernel (and always under ``MPLBACKEND=Agg``) a bare Figure shows as the text
``<Figure size 800x300 with 1 Axes>``. :class:`PlotFigure` adds ``_repr_png_``, so every
front end (JupyterLab, the classic notebook, VS Code, nbconvert and nbviewer) shows a PNG
that is stored in the notebook, whatever the backend and with no ``%matplotlib`` magic.

It is still a matplotlib Figure (``fig.axes``, ``fig.savefig(...)`` and every other method
work as usual); :meth:`PlotFigure.save` is a shortcut that writes a file and returns its name.
This module imports matplotlib, so it is imported only when something is plotted.

>>> fig = PlotFigure(figsize=(2, 1))
>>> _ = fig.add_subplot().plot([0, 1], [1, 0])
>>> fig._repr_png_()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import io
import os
from typing import Any

from matplotlib.figure import Figure

__all__ = ["PlotFigure"]


class PlotFigure(Figure):
    """A matplotlib Figure that displays as a PNG image in notebooks and saves with ``.save(path)``.

    Examples
    --------
    >>> import lazyarr as la
    >>> from lazyarr.diagnostics import Profiler
    >>> with Profiler() as prof:
    ...     _ = la.ones(4, chunks=2).sum().compute()
    >>> fig = prof.plot()          # shows as an image when it is the value of a notebook cell
    >>> isinstance(fig, PlotFigure), len(fig.axes)
    (True, 1)
    >>> fig                        # what a terminal shows
    <PlotFigure size 800x300 with 1 Axes>
    In Jupyter it shows as a picture. Here: .save("profile.png") writes a file (.png, .svg, .pdf).
    """

    def __repr__(self) -> str:
        # What a terminal shows: matplotlib's summary, and how to see the picture there.
        return (f"{super().__repr__()}\n"
                'In Jupyter it shows as a picture. Here: .save("profile.png") writes a file (.png, .svg, .pdf).')

    def _repr_png_(self) -> bytes:
        # "tight" keeps the legend beside the axes inside the picture.
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def save(self, filename: str | os.PathLike, **savefig_kwargs: Any) -> str:
        """Write the figure to *filename* (format from the extension: png, svg, pdf, ...); returns the name.

        Keyword arguments go to :meth:`matplotlib.figure.Figure.savefig` (``dpi=``, ``transparent=``...).
        """
        savefig_kwargs.setdefault("bbox_inches", "tight")
        self.savefig(filename, **savefig_kwargs)
        return os.fspath(filename)
