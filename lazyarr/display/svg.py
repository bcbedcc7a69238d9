"""Chunk diagrams: an SVG picture of how an array is cut into blocks.

Part of the "show" stage of the pipeline; a pure function of ``chunks`` (it never
computes and never looks at the graph). The picture is what a student sees beside
the repr table:

* 1-d arrays are a bar, 2-d arrays a rectangle (axis 0 down, axis 1 across), 3-d
  arrays a box in oblique projection (axis 0 goes "into" the page);
* more dimensions are drawn as a row of pictures of at most three axes each, every
  one labelled with the axes it shows;
* each axis is labelled with its length and its number of chunks, the same way for
  every shape: across the bottom for the last axis, rotated along the right side for
  the one before it (along the diagonal for axis 0 of a 3-d box); an axis of unknown
  (``nan``) length is drawn with a dashed outline and labelled ``?``;
* a huge grid draws at most :data:`MAX_LINES` boundaries per axis and says so in a
  caption, so the output stays small however many chunks there are.

Colours come from CSS variables with fallbacks and ``currentColor``, so the same
SVG reads well on light and dark backgrounds.

>>> svg = chunks_svg(((5, 5), (4, 4, 2)))
>>> svg.startswith("<svg") and svg.count("<line") == 3
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from .text import axis_length

__all__ = ["MAX_LINES", "chunks_svg"]

#: Most chunk boundaries drawn per axis; more are sampled evenly and a caption says so.
MAX_LINES = 20
_SIZE = 120.0  # the longest side of a picture, in pixels
_MIN_SIDE = 14.0  # thin axes stay visible (a 10 x 1,000,000 array is still readable)
_FONT = 11

# Presentation attributes are the fallback when inline styles are stripped; the style
# attribute (which wins when present) picks the notebook theme's colour.
_FILL = ('fill="#8fb8de" fill-opacity="0.55" '
         'style="fill:var(--jp-brand-color2, #8fb8de)"')
_STROKE = 'stroke="currentColor"'


def _fmt_num(n: float) -> str:
    return "?" if n != n else str(int(n))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _axis_label(chunks: Sequence[float], total: float | None = None) -> str:
    """``"1000 (10 chunks)"``; an unknown length shows as ``?``."""
    total = axis_length(chunks) if total is None else total
    return f"{_fmt_num(total)} ({_plural(len(chunks), 'chunk')})"


class _Axis:
    """One axis of a picture: its drawn length and the boundary positions to draw."""

    def __init__(self, chunks: Sequence[float], side: float, max_lines: int, length: float):
        self.chunks = tuple(chunks)
        self.side = side
        self.length = length  # the axis length, added up once by the caller
        self.unknown = math.isnan(length)
        self.label = _axis_label(self.chunks, length)
        inner = max(len(self.chunks) - 1, 0)  # boundaries between chunks
        self.total = inner
        if inner > max_lines:
            picks = [round((i + 1) * inner / (max_lines + 1)) for i in range(max_lines)]
            picks = sorted(set(p for p in picks if 1 <= p <= inner))
        else:
            picks = list(range(1, inner + 1))
        self.shown = len(picks)
        self.positions = self._positions(picks)

    def _positions(self, picks: list[int]) -> list[float]:
        n = len(self.chunks)
        if not picks:
            return []
        total = self.length
        if self.unknown or total == 0:
            # Unknown or zero sizes: space the known number of chunks evenly.
            return [self.side * p / n for p in picks]
        if self.chunks.count(self.chunks[0]) >= n - 1:
            # Regular chunks (only the last may be short): no need to add up a long prefix.
            return [self.side * p * self.chunks[0] / total for p in picks]
        out, acc, j = [], 0.0, 0
        for p in picks:  # picks are sorted: one pass over the prefix sums
            while j < p:
                acc += self.chunks[j]
                j += 1
            out.append(self.side * acc / total)
        return out


def _sides(lengths: Sequence[float], size: float) -> list[float]:
    """Drawn length of each axis: proportional to its length, clamped to stay visible."""
    known = [n for n in lengths if n == n and n > 0]
    longest = max(known, default=1)
    out = []
    for n in lengths:
        if n != n:
            out.append(size * 0.6)  # unknown: a medium length, drawn dashed
        else:
            out.append(max(size * n / longest, _MIN_SIDE))
    return out


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _line(x1: float, y1: float, x2: float, y2: float, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="3,2"' if dashed else ""
    return (f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" {_STROKE} '
            f'stroke-width="0.6" stroke-opacity="0.8"{dash}/>')


def _polygon(points: Sequence[tuple[float, float]], dashed: bool = False) -> str:
    pts = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    dash = ' stroke-dasharray="4,2"' if dashed else ""
    return f'<polygon points="{pts}" {_FILL} {_STROKE} stroke-width="1.2"{dash}/>'


def _text(x: float, y: float, text: str, anchor: str = "middle", rotate: float | None = None,
          size: int = _FONT) -> str:
    rot = f' transform="rotate({_f(rotate)},{_f(x)},{_f(y)})"' if rotate is not None else ""
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="currentColor" font-family="sans-serif"{rot}>{escape(text)}</text>')


def _picture(chunks: Sequence[Sequence[float]], max_lines: int) -> tuple[list[str], float, float, list[_Axis]]:
    """SVG elements of one 1-, 2- or 3-d picture at the origin; returns (elements, width, height, axes)."""
    lengths = [axis_length(c) for c in chunks]
    sides = _sides(lengths, _SIZE)
    axes = [_Axis(c, s, max_lines, n) for c, s, n in zip(chunks, sides, lengths)]
    el: list[str] = []
    pad = _FONT + 6  # room for labels
    if len(axes) == 1:
        (a,) = axes
        h = 24.0
        x0, y0 = _left(a.side, a.label), 4.0
        el.append(_polygon([(x0, y0), (x0 + a.side, y0), (x0 + a.side, y0 + h), (x0, y0 + h)], a.unknown))
        el += [_line(x0 + p, y0, x0 + p, y0 + h, a.unknown) for p in a.positions]
        el.append(_text(x0 + a.side / 2, y0 + h + pad - 2, a.label))
        return el, x0 + max(a.side + 6, a.side / 2 + len(a.label) * 3.3), y0 + h + pad + 2, axes
    if len(axes) == 2:
        rows, cols = axes  # axis 0 down, axis 1 across (as NumPy prints a matrix)
        w, h = cols.side, rows.side
        # A short side's label runs past its ends: start low enough that it is not clipped.
        half = _label_length(rows.label) / 2
        x0, y0 = _left(w, cols.label), max(6.0, half - h / 2 + 2)
        el.append(_polygon([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)],
                           rows.unknown or cols.unknown))
        el += [_line(x0 + p, y0, x0 + p, y0 + h, cols.unknown) for p in cols.positions]
        el += [_line(x0, y0 + p, x0 + w, y0 + p, rows.unknown) for p in rows.positions]
        el.append(_text(x0 + w / 2, y0 + h + pad - 2, cols.label))
        right = _side_label(el, x0 + w, y0 + h / 2, rows.label)
        bottom = max(y0 + h + pad + 2, y0 + h / 2 + half + 2)
        return el, max(right, x0 + w / 2 + len(cols.label) * 3.3), bottom, axes
    depth, rows, cols = axes  # axis 0 into the page, axis 1 down, axis 2 across
    w, h = cols.side, rows.side
    d = depth.side * 0.5
    dx, dy = d * math.cos(math.radians(40)), d * math.sin(math.radians(40))
    # Axis 0's label runs along the upper-left diagonal edge: leave room for it.
    half = len(depth.label) * 3.1
    side_half = _label_length(rows.label) / 2  # axis 1's label, centred on the right face
    x0 = max(_left(w, cols.label), half * math.cos(math.radians(40)) - dx / 2 + 8)
    y0 = max(6.0 + dy, dy / 2 + half * math.sin(math.radians(40)) + _FONT + 6, side_half - h / 2 + dy + 2)
    dashed = depth.unknown or rows.unknown or cols.unknown
    el.append(_polygon([(x0, y0), (x0 + w, y0), (x0 + w + dx, y0 - dy), (x0 + dx, y0 - dy)], dashed))
    el.append(_polygon([(x0 + w, y0), (x0 + w + dx, y0 - dy), (x0 + w + dx, y0 + h - dy), (x0 + w, y0 + h)],
                       dashed))
    el.append(_polygon([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)], dashed))
    for p in cols.positions:  # front face and top face
        el.append(_line(x0 + p, y0, x0 + p, y0 + h, cols.unknown))
        el.append(_line(x0 + p, y0, x0 + p + dx, y0 - dy, cols.unknown))
    for p in rows.positions:  # front face and right face
        el.append(_line(x0, y0 + p, x0 + w, y0 + p, rows.unknown))
        el.append(_line(x0 + w, y0 + p, x0 + w + dx, y0 + p - dy, rows.unknown))
    for p in depth.positions:  # top face and right face
        f = p / depth.side
        el.append(_line(x0 + f * dx, y0 - f * dy, x0 + w + f * dx, y0 - f * dy, depth.unknown))
        el.append(_line(x0 + w + f * dx, y0 - f * dy, x0 + w + f * dx, y0 + h - f * dy, depth.unknown))
    el.append(_text(x0 + w / 2, y0 + h + pad - 2, cols.label))
    right = _side_label(el, x0 + w + dx, y0 + h / 2 - dy, rows.label)
    mx, my = x0 + dx / 2 - 5, y0 - dy / 2 - 5
    el.append(_text(mx, my, depth.label, rotate=-40))
    bottom = max(y0 + h + pad + 2, y0 + h / 2 - dy + side_half + 2)
    return el, max(right, x0 + w / 2 + len(cols.label) * 3.3), bottom, axes


def _left(side: float, label: str) -> float:
    """Left margin so that a label centred under a side of this length is not clipped."""
    return max(6.0, len(label) * 3.3 - side / 2 + 2)


def _label_length(label: str) -> float:
    """Generous length of a label in pixels (about 6.4 px per character at 11 px)."""
    return len(label) * 6.4


def _side_label(el: list[str], x: float, y: float, label: str) -> float:
    """Label a vertical axis at its right, centred on *y*; returns the rightmost x used.

    Always rotated to run along the axis, whatever the shape (like the y label of a chart,
    and like dask's diagrams); the caller leaves room above and below when the side is
    shorter than the label.
    """
    lx = x + _FONT + 2
    el.append(_text(lx, y, label, rotate=-90))
    return lx + 6


def _groups(ndim: int) -> list[list[int]]:
    """Axes per picture: the last three together, the leading ones in threes before them."""
    groups = []
    end = ndim
    while end > 0:
        groups.append(list(range(max(end - 3, 0), end)))
        end -= 3
    return groups[::-1]


def chunks_svg(chunks: Sequence[Sequence[float]], max_lines: int = MAX_LINES) -> str:
    """An SVG diagram of a chunk grid (empty string for a 0-d array).

    Parameters
    ----------
    chunks : tuple of tuples
        Block lengths per axis, as in ``Array.chunks``; lengths may be ``nan``.
    max_lines : int
        Most chunk boundaries drawn per axis.

    Returns
    -------
    str
        A standalone ``<svg>`` element with deterministic content.

    Examples
    --------
    >>> '3 chunks' in chunks_svg(((4, 4, 2),))
    True
    >>> chunks_svg(())
    ''
    """
    chunks = tuple(tuple(c) for c in chunks)
    if not chunks:
        return ""
    groups = _groups(len(chunks))
    body: list[str] = []
    x = 0.0
    height = 0.0
    shown = total = 0
    top = _FONT + 4 if len(groups) > 1 else 0.0  # room for "axis 0" titles of N-d pictures
    for axes in groups:
        el, w, h, pic_axes = _picture([chunks[a] for a in axes], max_lines)
        shown += sum(a.shown for a in pic_axes)
        total += sum(a.total for a in pic_axes)
        if top:
            title = f"axis {axes[0]}" if len(axes) == 1 else f"axes {axes[0]}–{axes[-1]}"
            body.append(_text(x + 6, _FONT, title, anchor="start", size=_FONT - 1))
        body.append(f'<g transform="translate({_f(x)},{_f(top)})">{"".join(el)}</g>')
        x += w + 14
        height = max(height, h + top)
    width = x - 14
    if shown < total:
        # Say that lines were left out rather than silently drawing fewer.
        caption = f"showing {shown} of {total} chunk boundaries"
        body.append(_text(2, height + _FONT, caption, anchor="start", size=_FONT - 1))
        height += _FONT + 4
        width = max(width, len(caption) * 5.8)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="lazyarr-chunks" width="{_f(width + 4)}" '
            f'height="{_f(height + 2)}" viewBox="0 0 {_f(width + 4)} {_f(height + 2)}" role="img" '
            f'style="color:inherit">{"".join(body)}</svg>')
