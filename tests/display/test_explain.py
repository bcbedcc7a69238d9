"""graph_table (x.graph_summary()) and explain(): the text companions of visualize()."""

from html.parser import HTMLParser

import numpy as np
import pytest

import lazyarr as la
from lazyarr.display.explain import explain, graph_table, op_name, peak_memory


def test_table_lists_operations_in_running_order():
    x = la.ones((8, 8), chunks=4)
    y = (x + 1).sum(axis=0)
    rows = graph_table(y).rows
    assert [r["operation"] for r in rows][:2] == ["ones", "add"]
    assert rows[-1]["operation"] == "sum"
    assert sum(int(r["tasks"].replace(",", "")) for r in rows) == len(y.graph)
    first = rows[0]
    assert (first["shape"], first["chunks"], first["bytes"]) == ("(8, 8)", "(4, 4) x 4", "512 B")


def test_table_text_and_html():
    x = la.ones(6, chunks=3) + 1
    text = repr(x.graph_summary())
    lines = text.splitlines()
    assert lines[0].split() == ["#", "operation", "tasks", "shape", "chunks", "bytes"]
    assert lines[1].split() == ["0", "ones", "2", "(6,)", "(3,)", "x", "2", "48", "B"]
    assert lines[-1] == "2 operations, 4 tasks"

    cells = []

    class P(HTMLParser):
        def handle_data(self, data):
            cells.append(data)

    P().feed(x.graph_summary()._repr_html_())
    assert "ones" in cells and "add" in cells and "(3,) x 2" in cells


def test_op_name_strips_only_hex_tokens():
    assert op_name("sum-combine1-3f2a9c00aa11bb22") == "sum-combine1"
    assert op_name("my-data") == "my-data"


def test_explain_tree_and_shared_inputs(capsys):
    x = la.ones((4, 4), chunks=2)
    y = x + x.T
    text = y.explain()
    assert capsys.readouterr().out.strip() == text
    lines = text.splitlines()
    assert lines[0].startswith("add ")
    assert any(line.strip().startswith(("├─ ones", "└─ ones")) for line in lines)
    assert any("(shown above)" in line for line in lines)  # ones is used twice, printed once
    assert lines[-1].startswith("peak memory (sync scheduler, estimated): ")


@pytest.mark.parametrize("make,expected", [
    # Only inputs: both blocks are the result, held to the end.
    (lambda: la.ones(6, chunks=3), 48),
    # add keeps its 2 result blocks; one ones block lives while its add block is made.
    (lambda: la.ones(6, chunks=3) + 1, 3 * 24),
    # A sum of 4 blocks: each ones block is freed after its partial sum (8 bytes) is made.
    (lambda: la.ones(8, chunks=2).sum(split_every=4), 16 + 4 * 8),
])
def test_peak_memory_hand_checked(make, expected):
    x = make()
    assert peak_memory(x.graph.cull(x.keys()), x.keys()) == expected


def test_peak_memory_never_exceeds_all_blocks():
    x = la.ones((12, 12), chunks=3)
    y = (x * 2 + x.T).sum()
    graph = y.graph.cull(y.keys())
    peak = peak_memory(graph, y.keys())
    every_block = 3 * 12 * 12 * 8 + 16 * 8 + 8  # three arrays, the partial sums, the result
    assert 0 < peak < every_block


def test_explain_skips_estimate_for_huge_graphs():
    x = la.ones(100, chunks=1) + 1
    text = explain(x, file=False, max_tasks=50)
    assert text.splitlines()[-1] == "peak memory: not estimated for 200 tasks (more than max_tasks=50)"


def test_explain_does_not_compute():
    def boom(block):
        raise AssertionError("explain must not run tasks")

    x = la.ones(4, chunks=2).map_blocks(boom, dtype=np.float64)
    explain(x, file=False)
    graph_table(x)
