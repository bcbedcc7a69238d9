"""Chunk diagrams: well-formed SVG, one line per chunk boundary, capped for huge grids."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lazyarr.display.svg import MAX_LINES, chunks_svg

NS = "{http://www.w3.org/2000/svg}"


def parse(svg):
    root = ET.fromstring(svg)
    lines = list(root.iter(NS + "line"))
    texts = [t.text for t in root.iter(NS + "text")]
    return root, lines, texts


@pytest.mark.parametrize("chunks,expected", [
    (((4, 4, 2),), 2),                      # 1-d: boundaries between 3 chunks
    (((5, 5), (4, 4, 2)), 1 + 2),           # 2-d: one line per inner boundary per axis
    (((10,), (10,)), 0),                    # a single chunk: just the outline
    (((2, 2), (3, 3, 3), (1, 1, 1, 1)), 2 * (1 + 2 + 3)),  # 3-d: each boundary on two faces
])
def test_line_counts(chunks, expected):
    _, lines, _ = parse(chunks_svg(chunks))
    assert len(lines) == expected


def test_axis_labels_no_phantom_axes():
    _, _, texts = parse(chunks_svg(((4, 4, 2),)))
    assert texts == ["10 (3 chunks)"]
    _, _, texts = parse(chunks_svg(((5, 5), (4, 4, 2))))
    assert sorted(texts) == ["10 (2 chunks)", "10 (3 chunks)"]
    _, _, texts = parse(chunks_svg(((1,), (7,), (2, 2))))
    assert sorted(texts) == ["1 (1 chunk)", "4 (2 chunks)", "7 (1 chunk)"]


def test_nd_is_a_row_of_labelled_pictures():
    chunks = ((2,), (3, 3), (4,), (5, 5, 5), (6,))
    _, lines, texts = parse(chunks_svg(chunks))
    assert "axes 0–1" in texts and "axes 2–4" in texts
    for c in chunks:
        n = len(c)
        assert f"{sum(c)} ({n} chunk{'s' if n > 1 else ''})" in texts
    assert len(lines) == 1 + 2 * 2  # axis 1 in the 2-d picture; axis 3 in the 3-d one


def test_capped_for_huge_grids():
    svg = chunks_svg(((1,) * 1000, (1,) * 1000))
    _, lines, texts = parse(svg)
    assert len(lines) == 2 * MAX_LINES
    assert f"showing {2 * MAX_LINES} of 1998 chunk boundaries" in texts
    assert len(svg) < 10_000


def test_no_caption_when_everything_is_drawn():
    assert "showing" not in chunks_svg(((1,) * MAX_LINES, (2,)))


def test_unknown_axis_is_drawn_and_marked():
    _, lines, texts = parse(chunks_svg(((math.nan,) * 3, (5, 5))))
    assert "? (3 chunks)" in texts
    assert len(lines) == 2 + 1
    assert any(line.get("stroke-dasharray") for line in lines)


def test_empty_blocks_axis():
    _, lines, texts = parse(chunks_svg(((0,), (2, 2, 1))))
    assert "0 (1 chunk)" in texts and "5 (3 chunks)" in texts
    assert len(lines) == 2


def _bbox(svg):
    root = ET.fromstring(svg)
    poly = next(root.iter(NS + "polygon"))
    pts = [tuple(map(float, p.split(","))) for p in poly.get("points").split()]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return max(xs) - min(xs), max(ys) - min(ys)


def test_extreme_aspect_ratio_stays_readable():
    w, h = _bbox(chunks_svg(((10,), (1000,) * 1000)))
    assert h >= 14 and 100 <= w <= 130  # the thin axis keeps a visible height
    w, h = _bbox(chunks_svg(((1000,) * 1000, (10,))))
    assert w >= 14 and 100 <= h <= 130


def test_proportions_follow_the_shape():
    w, h = _bbox(chunks_svg(((50, 50), (100, 100))))  # 100 rows x 200 columns
    assert w == pytest.approx(2 * h)


def test_zero_d_has_no_picture():
    assert chunks_svg(()) == ""


@given(st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=30), min_size=1, max_size=5))
def test_always_well_formed_with_bounded_lines(chunks):
    svg = chunks_svg(tuple(map(tuple, chunks)))
    _, lines, _ = parse(svg)
    groups = math.ceil(len(chunks) / 3)
    # Pictures hold the last 3 axes, the leading ones in threes before them.
    # Each inner boundary is one line (two in 3-d pictures), at most MAX_LINES per axis.
    ndim = len(chunks)
    bounds = [min(len(c) - 1, MAX_LINES) for c in chunks]
    picture_of = []
    end = ndim
    while end > 0:
        picture_of.append(list(range(max(end - 3, 0), end)))
        end -= 3
    expected = sum((2 if len(axes) == 3 else 1) * sum(bounds[a] for a in axes) for axes in picture_of)
    assert len(lines) == expected
    assert groups == len(picture_of)
    assert not re.search(r"\bnan\b", svg)


@pytest.mark.parametrize("chunks", [
    ((1000,) * 4, (500,) * 8),           # square
    ((1000,) * 4, (400,)),               # tall
    ((400,), (1000,) * 4),               # wide: the short side used to get a horizontal label
    ((10,), (1000,) * 1000),             # thin
    ((2, 2), (1000,) * 4, (400,)),       # 3-d, tall front face
    ((2, 2), (10,), (1000,) * 4),        # 3-d, thin front face
])
def test_side_labels_follow_one_rule_for_every_shape(chunks):
    """The label of the second-to-last axis always runs along the right side, and is never clipped."""
    svg = chunks_svg(chunks)
    root = ET.fromstring(svg)
    height = float(root.get("viewBox").split()[3])
    rows = chunks[-2]
    label = f"{sum(rows)} ({len(rows)} chunk{'s' if len(rows) > 1 else ''})"
    (text,) = [t for t in root.iter(NS + "text") if t.text == label]
    assert text.get("transform", "").startswith("rotate(-90,")
    assert text.get("text-anchor") == "middle"
    # Rotated, the label spans about 6.4 px per character around its centre, inside the picture.
    y = float(text.get("y"))
    half = len(label) * 6.4 / 2
    dy = float(root.find(f"{NS}g").get("transform", "translate(0,0)").split(",")[1].rstrip(")"))
    assert 0 <= y + dy - half and y + dy + half <= height
