"""Issue 15: ``la.config.set`` is per thread in a ``with`` block and global as a plain call.

The threads meet at events, never sleeps: each step waits until the other thread has reached
the point the test is about.
"""

import threading

import numpy as np
import pytest

import lazyarr as la
from lazyarr import config

TIMEOUT = 10


def run_in_thread(target):
    """Start *target* in a thread; return a join function that re-raises its error."""
    errors = []

    def body():
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    thread = threading.Thread(target=body)
    thread.start()

    def join():
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "the other thread did not finish"
        if errors:
            raise errors[0]

    return join


def test_overlapping_with_blocks_in_two_threads_leave_nothing_behind():
    # The reproducer: A enters, B enters, A leaves, B leaves. Before, "sync" stayed set for good.
    a_inside, b_inside, a_left = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def thread_b():
        assert a_inside.wait(TIMEOUT)
        with config.set(scheduler="sync"):
            b_inside.set()
            assert a_left.wait(TIMEOUT)
            seen["b after a left"] = config.get("scheduler")
        seen["b after"] = config.get("scheduler")

    join = run_in_thread(thread_b)
    with config.set(scheduler="sync"):
        a_inside.set()
        assert b_inside.wait(TIMEOUT)
    a_left.set()
    seen["a after"] = config.get("scheduler")
    join()
    assert seen == {"b after a left": "sync", "b after": "threads", "a after": "threads"}
    assert config.get("scheduler") == "threads" and not config.is_set("scheduler")


def test_a_with_block_is_invisible_to_other_threads():
    # The reproducer: while one thread holds chunk_size="1 KiB", another's la.ones got 91 x 91 blocks.
    inside, measured = threading.Event(), threading.Event()
    seen = {}

    def other():
        assert inside.wait(TIMEOUT)
        seen["chunks"] = la.ones((1000, 1000)).chunksize
        seen["is_set"] = config.is_set("chunk_size")
        measured.set()

    join = run_in_thread(other)
    with config.set(chunk_size="1 KiB"):
        inside.set()
        assert measured.wait(TIMEOUT)
        assert la.ones((1000, 1000)).chunksize[0] < 100  # this thread does see it
    join()
    assert seen == {"chunks": (1000, 1000), "is_set": False}


def test_a_plain_call_sets_the_option_for_every_thread(monkeypatch):
    monkeypatch.setattr(config, "_global_writes", {})  # the other tests see no global write
    config.set(split_every=5)
    seen = []
    run_in_thread(lambda: seen.append((config.get("split_every"), config.is_set("split_every"))))()
    assert seen == [(5, True)]
    with config.set(split_every=3):  # a with block on top of it, then back to the global value
        assert config.get("split_every") == 3
    assert config.get("split_every") == 5


def test_tasks_see_the_with_block_of_the_thread_that_computes():
    def read_option(block):
        return np.full(block.shape, config.get("split_every"))

    x = la.ones(4, chunks=1)
    with config.set(split_every=7, scheduler="threads", num_workers=2):
        inside = la.map_blocks(read_option, x, dtype=int).compute()
    outside = la.map_blocks(read_option, x, dtype=int).compute(scheduler="threads")
    np.testing.assert_array_equal(inside, 7)
    np.testing.assert_array_equal(outside, config.get("split_every"))


def test_nested_with_blocks_restore_in_order():
    with config.set(split_every=3):
        with config.set(split_every=4, fuse=False):
            assert (config.get("split_every"), config.get("fuse")) == (4, False)
        assert (config.get("split_every"), config.get("fuse")) == (3, True)
    assert config.get("split_every") == 8 and not config.is_set("split_every")


def test_unknown_option_raises_key_error():
    with pytest.raises(KeyError, match="config.set: unknown option"):
        config.set(chunksize="1 MiB")
    with pytest.raises(KeyError, match="config.get: unknown option"):
        config.get("chunksize")
