"""The memory-friendly task order: every block is consumed by all its users right after it is made."""

from lazyarr.core.graph import Key, Task
from lazyarr.schedulers.base import order
from lazyarr.testing.memory import live_block_counter


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
