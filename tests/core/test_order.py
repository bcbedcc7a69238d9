"""The memory-friendly task order: every block is consumed by all its users right after it is made."""

from hypothesis import given

from lazyarr.core.graph import Key, Task
from lazyarr.core.order import order
from lazyarr.testing.memory import live_block_counter
from lazyarr.testing.strategies import task_graphs


def _two_reductions(n):
    """n leaves, each used by two partial tasks; two outputs gather one partial each."""
    tasks = {}
    for i in range(n):
        tasks[Key("x", (i,))] = Task(int, (i,))
        tasks[Key("s", (i,))] = Task(abs, (Key("x", (i,)),))
        tasks[Key("t", (i,))] = Task(abs, (Key("x", (i,)),))
    tasks[Key("S", ())] = Task(sum, ([Key("s", (i,)) for i in range(n)],))
    tasks[Key("T", ())] = Task(sum, ([Key("t", (i,)) for i in range(n)],))
    tasks[Key("unused", ())] = Task(int, (0,))
    return tasks


@given(task_graphs())
def test_order_is_a_topological_order_of_exactly_the_needed_tasks(graph):
    tasks, outputs = graph
    needed, stack = set(), list(outputs)
    while stack:
        key = stack.pop()
        if key not in needed:
            needed.add(key)
            stack.extend(tasks[key].dependencies)
    p = order(tasks, outputs)
    assert set(p) == needed
    assert list(p.values()) == list(range(len(p)))  # the dict is in priority order
    for key in p:
        assert all(p[d] < p[key] for d in tasks[key].dependencies)


def test_order_consumes_each_block_before_making_the_next():
    tasks = _two_reductions(5)
    p = order(tasks, [Key("S", ()), Key("T", ())])
    assert Key("unused", ()) not in p  # only what the outputs need
    assert sorted(p.values()) == list(range(len(p)))
    for key, task in tasks.items():  # a topological order
        if key in p:
            assert all(p[d] < p[key] for d in task.dependencies)
    for i in range(4):
        next_leaf = p[Key("x", (i + 1,))]
        assert p[Key("s", (i,))] < next_leaf and p[Key("t", (i,))] < next_leaf


def _tracked_blocks():
    """A map_blocks function that counts how many of its output blocks are alive."""
    return live_block_counter()


def test_two_reductions_of_one_input_hold_few_blocks():
    import lazyarr as la

    track, peak = _tracked_blocks()
    x = la.random.default_rng(0).random((400, 10), chunks=(10, 10)).map_blocks(track, dtype=float)
    mean, std = la.compute(x.mean(), x.std(), scheduler="sync")
    assert abs(float(mean) - 0.5) < 0.05
    assert peak[0] <= 2  # each block is used by both reductions, then dropped (not all 40 kept)


def _live_peak(tasks, outputs):
    """Most results alive at once when running *tasks* one by one in the order's sequence."""
    p = order(tasks, outputs)
    users = {}
    for key in p:
        for dep in tasks[key].dependencies:
            users[dep] = users.get(dep, 0) + 1
    live, peak = set(), 0
    for key in p:  # the dict is in priority order
        if users.get(key):
            live.add(key)
        for dep in tasks[key].dependencies:
            users[dep] -= 1
            if not users[dep]:
                live.discard(dep)
        peak = max(peak, len(live))
    return peak


def test_products_of_a_matrix_product_do_not_pile_up():
    # dot(x, x + x.T) in 5 x 5 blocks: the order must not run every product a block of y
    # takes part in as soon as that block exists (each would wait for the other terms of its sum).
    import lazyarr as la
    from lazyarr.core.optimize import optimize

    x = la.random.random((50, 50), chunks=10)
    d = la.dot(x, x + x.T)
    tasks = optimize(d.graph, d.keys()).tasks()
    assert tasks.nbytes(d.keys()[0]) == 10 * 10 * 8
    peak = _live_peak(tasks, d.keys())
    assert peak <= 25 + 25 + 2 * 5, peak  # x and y (as NumPy holds them) plus one output's terms
    # Without block sizes the order falls back to consuming every block at once.
    assert _live_peak(dict(tasks), d.keys()) >= peak
