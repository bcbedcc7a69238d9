"""The notebook repr of an array: a table beside a chunk diagram.

Part of the "show" stage; a pure function of the array's chunks, dtype and graph
sizes (it never computes). The output is deterministic (no random ids), escaped,
and carries a plain-text fallback: the CSS that shows the table also hides the
``<pre>`` fallback, so where CSS is stripped (untrusted notebooks, GitHub) the reader
still sees the one-line repr instead of an unstyled mess.

>>> import lazyarr as la
>>> html = array_html(la.ones((4, 6), chunks=(2, 3)))
>>> "4 chunks" in html and "192 B" in html
True
"""

from __future__ import annotations

import math
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any

from ..core.blocktype import block_type_name
from ..core.chunks import format_bytes
from .svg import chunks_svg
from .text import _int, array_repr, axis_chunksize, axis_length, fmt_shape

__all__ = ["array_html", "count_row", "shape_and_chunksize", "stylesheet", "table_rows"]


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The CSS of lazyarr's notebook outputs (``static/style.css``): theme colours, and the rules that
    reveal the rich output and hide its plain-text fallback."""
    return resources.files(__package__).joinpath("static/style.css").read_text(encoding="utf-8")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def count_row(x: Any) -> tuple[str, str]:
    """The Count row: real tasks and operations in ``x.graph``, and the number of chunks."""
    ntasks = len(x.graph)
    nops = len(x.graph.layers)
    return (f"{_plural(ntasks, 'task')} in {_plural(nops, 'operation')}",
            _plural(math.prod(x.numblocks), "chunk"))


def shape_and_chunksize(x: Any) -> tuple[tuple, tuple]:
    """``x.shape`` and ``x.chunksize``, adding up each axis once with C-speed sum/max.

    (A million chunks on one axis would take a noticeable time with Python loops.)
    """
    lengths = [axis_length(c) for c in x.chunks]
    shape = tuple(_int(n) for n in lengths)
    chunksize = tuple(_int(axis_chunksize(c, n)) for c, n in zip(x.chunks, lengths))
    return shape, chunksize


def table_rows(x: Any, sizes: tuple[tuple, tuple] | None = None) -> list[tuple[str, str, str]]:
    """``(row name, whole array, one chunk)`` for the repr table."""
    shape, chunksize = sizes or shape_and_chunksize(x)
    itemsize = x.dtype.itemsize
    return [
        ("Bytes", format_bytes(math.prod(shape) * itemsize), format_bytes(math.prod(chunksize) * itemsize)),
        ("Shape", fmt_shape(shape), fmt_shape(chunksize)),
        ("Count", *count_row(x)),
        ("Type", str(x.dtype), block_type_name(getattr(x, "block_type", None))),
    ]


def array_html(x: Any) -> str:
    """The ``_repr_html_`` of an :class:`~lazyarr.Array`.

    Examples
    --------
    >>> import lazyarr as la
    >>> "<table" in array_html(la.arange(10, chunks=5))
    True
    """
    sizes = shape_and_chunksize(x)
    head = "<thead><tr><td></td><th>Array</th><th>Chunk</th></tr></thead>"
    body = "".join(f"<tr><th>{escape(name)}</th><td>{escape(whole)}</td><td>{escape(chunk)}</td></tr>"
                   for name, whole, chunk in table_rows(x, sizes))
    table = f'<table class="lazyarr-table">{head}<tbody>{body}</tbody></table>'
    svg = chunks_svg(x.chunks)
    picture = f'<div class="lazyarr-svg">{svg}</div>' if svg else ""
    label = x.name.rsplit("-", 1)[0]
    title = f'<div class="lazyarr-title">lazyarr.Array&lt;{escape(label)}&gt;</div>'
    return (
        f"<div><style>{stylesheet()}</style>"
        f'<pre class="lazyarr-text-fallback">{escape(array_repr(x, *sizes))}</pre>'
        # display:none here is undone by the stylesheet: without CSS only the <pre> shows.
        f'<div class="lazyarr-wrap" style="display:none">{title}'
        f'<div class="lazyarr-flex"><div>{table}</div>{picture}</div></div></div>'
    )
