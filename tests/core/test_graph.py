"""Key/Task/Layer/Graph: immutable data, dependencies, toposort and culling."""

import ast
from pathlib import Path

import pytest

from lazyarr.core.graph import ALL, Graph, Key, MaterializedLayer, Task, literal, toposort


def _chain_graph():
    a = MaterializedLayer("a", {Key("a", (i,)): Task(literal, (i,)) for i in range(3)})
    b = MaterializedLayer("b", {Key("b", (i,)): Task(abs, (Key("a", (i,)),)) for i in range(3)})
    c = MaterializedLayer("c", {Key("c", (0,)): Task(sum, ([Key("b", (i,)) for i in range(3)],))})
    g = Graph({"a": a}, {"a": frozenset()})
    g = g.with_layer(b, ["a"]).with_layer(c, ["b"])
    return g


def test_key_is_not_confused_with_tuples():
    t = Task(max, (("a", (0,)), Key("a", (0,))))
    assert t.dependencies == (Key("a", (0,)),)
    assert t.execute({Key("a", (0,)): ("b", 1)}) == ("b", 1)


def test_nested_dependencies_in_lists_tuples_dicts():
    k1, k2, k3 = Key("x", (0,)), Key("x", (1,)), Key("y", ())
    t = Task(lambda xs, d, t: (sum(xs), d["v"], t[0]), ([k1, k2], {"v": k3}, (k1,)))
    assert set(t.dependencies) == {k1, k2, k3}
    assert t.execute({k1: 1, k2: 2, k3: 5}) == (3, 5, 1)


def test_dependencies_in_kwargs():
    k = Key("x", (0,))
    t = Task(lambda a, b=None: a + b, (1,), {"b": k})
    assert t.dependencies == (k,)
    assert t.execute({k: 2}) == 3


def test_graph_flat_view_and_order():
    g = _chain_graph()
    assert len(g) == 7
    assert g.layer_order() == ["a", "b", "c"]
    assert g[Key("c", (0,))].dependencies == tuple(Key("b", (i,)) for i in range(3))
    assert set(g.tasks()) == set(g)
    assert Key("b", (1,)) in g and Key("b", (9,)) not in g and ("b", (1,)) not in g


def test_cull_keeps_only_what_is_needed():
    g = _chain_graph()
    culled = g.cull([Key("b", (1,))])
    assert set(culled) == {Key("b", (1,)), Key("a", (1,))}
    assert set(culled.layers) == {"a", "b"}


def test_cull_everything_keeps_layers_untouched():
    g = _chain_graph()
    culled = g.cull([Key("c", (0,))])
    assert culled.layers["a"] is g.layers["a"]


def test_toposort_detects_cycles():
    with pytest.raises(ValueError, match="cycle"):
        toposort({"a": ["b"], "b": ["a"]})


def test_layer_input_keys_all_marker():
    g = _chain_graph()
    assert g.layers["b"].input_keys(ALL) == {"a": {Key("a", (i,)) for i in range(3)}}


def test_graph_module_imports_no_numpy():
    source = Path(__file__).parents[2].joinpath("lazyarr/core/graph.py").read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert "numpy" not in imported
