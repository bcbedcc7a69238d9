"""The notebook repr: table rows and units, escaping, fallback, determinism."""

import math
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.core.array import Array
from lazyarr.display.html import array_html


class _Table(HTMLParser):
    """Collects table rows (header + cells) and <pre> text; checks tags are balanced."""

    void = {"br", "img", "hr", "meta", "input", "line", "polygon", "path", "rect"}

    def __init__(self):
        super().__init__()
        self.rows, self.pre, self.stack = [], [], []
        self._row = None
        self._cell = None
        self._in_pre = False

    def handle_starttag(self, tag, attrs):
        if tag not in self.void:
            self.stack.append(tag)
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif tag == "pre":
            self._in_pre = True

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.void:
            return
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack[-3:]}"
        self.stack.pop()
        if tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr":
            self.rows.append(self._row)
            self._row = None
        elif tag == "pre":
            self._in_pre = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._in_pre:
            self.pre.append(data)


def parse(html):
    p = _Table()
    p.feed(html)
    p.close()
    assert not p.stack, f"unclosed tags {p.stack}"
    return {r[0]: r[1:] for r in p.rows if r and r[0]}, "".join(p.pre)


def test_rows_and_units():
    x = la.ones((4, 6), chunks=(2, 3)) + 1
    rows, pre = parse(x._repr_html_())
    assert rows["Bytes"] == ["192 B", "48 B"]  # 4*6*8 and 2*3*8 bytes
    assert rows["Shape"] == ["(4, 6)", "(2, 3)"]
    assert rows["Count"] == ["8 tasks in 2 operations", "4 chunks"]
    assert rows["Type"] == ["float64", "numpy.ndarray"]
    assert pre == repr(x)


def test_binary_units_and_count_of_a_big_array():
    x = la.ones((10000, 10000), chunks=(5000, 10000))  # 800,000,000 bytes
    rows, _ = parse(x._repr_html_())
    assert rows["Bytes"] == ["762.94 MiB", "381.47 MiB"]
    assert rows["Count"] == ["2 tasks in 1 operation", "2 chunks"]


def test_count_is_the_real_number_of_tasks():
    x = la.ones((8, 8), chunks=2)
    y = (x + x.T).sum(axis=0)
    rows, _ = parse(y._repr_html_())
    assert rows["Count"][0] == f"{len(y.graph)} tasks in {len(y.graph.layers)} operations"
    assert rows["Count"][1] == "4 chunks"


def test_repr_one_line():
    x = la.ones((10000, 10000), chunks=4096)
    assert repr(x) == ("lazyarr.Array<ones, shape=(10000, 10000), dtype=float64, chunksize=(4096, 4096), "
                       "chunktype=numpy.ndarray>")
    assert repr(la.arange(5, chunks=2)).startswith("lazyarr.Array<arange, shape=(5,), dtype=int64")


def test_mimebundle_has_plain_text():
    x = la.arange(5, chunks=2)
    bundle = x._repr_mimebundle_()
    assert bundle["text/plain"] == repr(x)
    assert bundle["text/html"] == x._repr_html_()


def test_escaping_hostile_field_name():
    dt = np.dtype([("<script>alert('x')</script>", "f8"), ("a&b", "i4")])
    x = la.from_array(np.zeros(4, dtype=dt), chunks=2)
    html = x._repr_html_()
    assert "<script>" not in html
    rows, pre = parse(html)
    assert rows["Type"][0] == str(dt)  # the parser unescapes: the text survives intact
    assert str(dt) in pre


def test_deterministic_and_theme_friendly():
    x = la.ones((30, 40, 50), chunks=(10, 20, 25))
    a, b = array_html(x), array_html(x)
    assert a == b
    assert " id=" not in a
    low = a.lower()
    assert "black" not in low and "#000" not in low
    assert "currentcolor" in low and "var(--jp-" in low
    # Without CSS only the fallback shows: the table is hidden inline, the stylesheet reveals it.
    assert 'style="display:none"' in a and "display: block !important" in a


def test_zero_d():
    x = la.ones(()) + 1
    rows, _ = parse(x._repr_html_())
    assert rows["Shape"] == ["()", "()"]
    assert rows["Bytes"] == ["8 B", "8 B"]
    assert rows["Count"][1] == "1 chunk"
    assert "<svg" not in x._repr_html_()


def test_unknown_sizes():
    base = la.ones((10, 10), chunks=5)
    x = Array(base.graph, base.name, ((math.nan, math.nan), (5, 5)), base.dtype)
    html = x._repr_html_()
    rows, _ = parse(html)
    assert rows["Bytes"] == ["unknown", "unknown"]
    assert rows["Shape"] == ["(nan, 10)", "(nan, 5)"]
    svg = html[html.index("<svg"): html.index("</svg>") + 6]
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "? (2 chunks)" in texts and "10 (2 chunks)" in texts


def test_million_chunks_stays_small():
    x = la.ones((100_000, 100_000), chunks=100)
    html = x._repr_html_()
    assert len(html.encode()) < 20_000
    assert "showing 40 of 1998 chunk boundaries" in html
    rows, _ = parse(html)
    assert rows["Count"] == ["1,000,000 tasks in 1 operation", "1,000,000 chunks"]


shapes = st.lists(st.integers(0, 12), min_size=0, max_size=4)


@given(shape=shapes, data=st.data())
def test_html_always_parses(shape, data):
    chunks = tuple(data.draw(st.integers(1, max(n, 1))) for n in shape)
    x = la.ones(tuple(shape), chunks=chunks)
    html = x._repr_html_()
    rows, pre = parse(html)
    assert set(rows) == {"Bytes", "Shape", "Count", "Type"}
    assert rows["Shape"][0] == str(tuple(shape))
    assert pre == repr(x)
    if shape:
        ET.fromstring(html[html.index("<svg"): html.index("</svg>") + 6])


@pytest.mark.parametrize("shape,chunks", [((10,), 3), ((0, 5), 2), ((2, 3, 4, 5, 6), 2)])
def test_graph_summary_and_explain_do_not_compute(shape, chunks):
    x = la.ones(shape, chunks=chunks) + 1
    table = x.graph_summary()
    assert [r["operation"] for r in table.rows] == ["ones", "add"]
    assert repr(table).splitlines()[-1] == f"2 operations, {len(x.graph)} tasks"
    parse(table._repr_html_())
