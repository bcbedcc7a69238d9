"""Out-of-core storage: store(), .npy files and Zarr stores (NumPy is the oracle)."""

import os
import signal
import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.api.io.base import aligned_chunks, normalize_region
from lazyarr.api.io.npy import NpyFile
from lazyarr.testing import assert_eq, assert_identical
from lazyarr.testing.strategies import chunks_for, shapes

zarr = pytest.importorskip("zarr")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")

# One dtype per kind NumPy has (object excluded: it cannot be stored block by block).
DTYPES = ["?", "i1", "i8", "u2", "u8", "f2", "f4", "f8", "c8", "c16", "M8[ns]", "m8[s]", "S5", "U3", "V4",
          [("a", "<i4"), ("b", "<f8")]]


def make_data(shape, dtype, seed=0):
    """Deterministic values of any dtype (NaN-free so that equality is exact)."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    n = int(np.prod(shape))
    if dtype.names:
        out = np.zeros(shape, dtype=dtype)
        for name in dtype.names:
            out[name] = rng.integers(-100, 100, size=shape)
        return out
    if dtype.kind == "V":
        return np.frombuffer(rng.bytes(n * dtype.itemsize), dtype=dtype).reshape(shape).copy()
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    low = 0 if dtype.kind == "u" else -100
    values = rng.integers(low, 100, size=shape)
    if dtype.kind == "c":
        return (values + 1j * rng.integers(-100, 100, size=shape)).astype(dtype)
    return values.astype(dtype)


def boom_in_block(bad_block, exc=RuntimeError):
    def func(block, block_id=None):
        if block_id == bad_block:
            raise exc("injected failure")
        return block
    return func


def leftovers(directory):
    return sorted(name for name in os.listdir(directory) if name.startswith("."))


# --------------------------------------------------------------------------------------
# .npy
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@settings(max_examples=8)
@given(shape=shapes(0, 3, 7), draw=st.data())
def test_npy_round_trip_every_dtype(tmp_path_factory, dtype, shape, draw):
    chunks, read_chunks = (draw.draw(chunks_for(shape, empty_blocks=True)) for _ in range(2))
    path = tmp_path_factory.mktemp("npy") / "x.npy"
    data = make_data(shape, dtype)
    la.from_array(data, chunks=chunks).to_npy(path)
    assert_identical(np.load(path), data)  # NumPy reads what we wrote
    y = la.from_npy(path, chunks=read_chunks)
    assert y.chunks == read_chunks
    assert_eq(y, data, exact=True)
    assert leftovers(path.parent) == []


@pytest.mark.parametrize("order", ["C", "F"])
def test_from_npy_reads_blocks_of_c_and_fortran_files(tmp_path, order, scheduler):
    data = np.asarray(make_data((9, 7, 5), "f8"), order=order)
    np.save(tmp_path / "a.npy", data)
    y = la.from_npy(tmp_path / "a.npy", chunks=(4, 3, 2))
    np.testing.assert_array_equal(y.compute(), data)
    np.testing.assert_array_equal(y[2:7, 1, ::2].compute(), data[2:7, 1, ::2])
    assert float(y.sum().compute()) == pytest.approx(float(data.sum()))


def test_npyfile_indexing_matches_numpy(tmp_path):
    data = make_data((6, 5), "i4")
    np.save(tmp_path / "a.npy", data)
    f = NpyFile(tmp_path / "a.npy")
    np.testing.assert_array_equal(f[1:4, 2:5], data[1:4, 2:5])
    np.testing.assert_array_equal(f[::2, 1], data[::2, 1])  # not a box: falls back to a full map
    with pytest.raises(ValueError, match="read-only"):
        f[0:1, 0:1] = 1


def test_from_npy_names_depend_on_file_content(tmp_path):
    path = tmp_path / "a.npy"
    np.save(path, np.arange(10))
    a, b = la.from_npy(path), la.from_npy(path)
    assert a.name == b.name
    os.utime(path, ns=(1, 1))  # a changed file is a different array
    assert la.from_npy(path).name != a.name


def test_to_npy_can_overwrite_its_own_input(tmp_path, scheduler):
    path = tmp_path / "a.npy"
    np.save(path, np.arange(20.0))
    (la.from_npy(path, chunks=6) * 2).to_npy(path, overwrite=True)
    np.testing.assert_array_equal(np.load(path), np.arange(20.0) * 2)


def test_to_npy_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.npy"
    np.save(path, np.arange(3))
    with pytest.raises(FileExistsError, match=r"to_npy: .*a\.npy' already exists; pass overwrite=True"):
        la.ones(3, chunks=2).to_npy(path)
    np.testing.assert_array_equal(np.load(path), np.arange(3))
    la.ones(3, chunks=2).to_npy(path, overwrite=True)
    np.testing.assert_array_equal(np.load(path), np.ones(3))


def test_to_npy_rejects_object_dtype_and_directories(tmp_path):
    with pytest.raises(ValueError, match="to_npy: arrays of dtype object"):
        la.from_array(np.array([1, "a"], dtype=object), chunks=1).to_npy(tmp_path / "o.npy")
    with pytest.raises(IsADirectoryError, match="is a directory"):
        la.ones(3).to_npy(tmp_path)
    with pytest.raises(FileNotFoundError, match="to_npy: the directory .*missing' does not exist"):
        la.ones(3).to_npy(tmp_path / "missing" / "x.npy")


def test_reader_names_show_the_source(tmp_path):
    np.save(tmp_path / "a.npy", np.arange(4))
    assert la.from_npy(tmp_path / "a.npy").name.startswith("from-npy-")
    la.ones(3).to_zarr(tmp_path / "a.zarr")
    assert la.from_zarr(tmp_path / "a.zarr").name.startswith("from-zarr-")


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_to_npy_failure_leaves_no_file(tmp_path, scheduler, exc):
    x = la.arange(40, chunks=10).map_blocks(boom_in_block((2,), exc), dtype=int)
    with pytest.raises(exc, match="injected failure"):
        x.to_npy(tmp_path / "x.npy")
    assert os.listdir(tmp_path) == []


def test_to_npy_failure_keeps_the_old_file(tmp_path, scheduler):
    path = tmp_path / "x.npy"
    np.save(path, np.full(40, 7))
    x = la.arange(40, chunks=10).map_blocks(boom_in_block((3,)), dtype=int)
    with pytest.raises(RuntimeError, match="injected failure") as info:
        x.to_npy(path, overwrite=True)
    np.testing.assert_array_equal(np.load(path), np.full(40, 7))
    assert os.listdir(tmp_path) == ["x.npy"]
    assert any("blocks were written before the failure" in n for n in info.value.__notes__)


def test_from_npy_invalid_files(tmp_path):
    (tmp_path / "text.npy").write_text("hello, not an array")
    with pytest.raises(ValueError, match=r"from_npy: .*text\.npy' is not a valid \.npy file"):
        la.from_npy(tmp_path / "text.npy")
    (tmp_path / "empty.npy").write_bytes(b"")
    with pytest.raises(ValueError, match=r"from_npy: .*empty\.npy' is not a valid \.npy file"):
        la.from_npy(tmp_path / "empty.npy")
    np.save(tmp_path / "full.npy", np.arange(100))
    data = (tmp_path / "full.npy").read_bytes()
    (tmp_path / "cut.npy").write_bytes(data[:-8])
    with pytest.raises(ValueError, match=r"from_npy: .*cut\.npy' is truncated"):
        la.from_npy(tmp_path / "cut.npy")
    np.save(tmp_path / "obj.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="holds Python objects"):
        la.from_npy(tmp_path / "obj.npy")
    with pytest.raises(FileNotFoundError):
        la.from_npy(tmp_path / "missing.npy")


def test_from_array_on_a_memmap_reads_copies(tmp_path):
    mm = np.lib.format.open_memmap(tmp_path / "m.npy", mode="w+", dtype="f4", shape=(10, 4))
    mm[:] = np.arange(40).reshape(10, 4)
    mm.flush()
    x = la.from_array(mm, chunks=(3, 4))
    block = x.blocks[1, 0].compute()
    assert not isinstance(block, np.memmap) and not np.shares_memory(block, mm)  # copied out of the map
    np.testing.assert_array_equal(x.compute(), mm)


# --------------------------------------------------------------------------------------
# Zarr
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@settings(max_examples=5)
@given(shape=shapes(0, 2, 6), draw=st.data())
def test_zarr_round_trip_every_dtype(tmp_path_factory, dtype, shape, draw):
    chunks, read_chunks = (draw.draw(chunks_for(shape, empty_blocks=True)) for _ in range(2))
    path = tmp_path_factory.mktemp("zarr") / "x.zarr"
    data = make_data(shape, dtype)
    la.from_array(data, chunks=chunks).to_zarr(path)
    stored = zarr.open_array(path, mode="r")
    assert stored.metadata.zarr_format == 3
    assert_identical(stored[...], data)  # zarr reads what we wrote
    assert_eq(la.from_zarr(path), data, exact=True)
    assert_eq(la.from_zarr(path, chunks=read_chunks), data, exact=True)
    assert leftovers(path.parent) == []


def test_to_zarr_irregular_chunks_are_rechunked_to_the_grid(tmp_path, scheduler):
    data = make_data((20, 9), "i8")
    x = la.from_array(data, chunks=((3, 7, 5, 5), (4, 5)))
    x.to_zarr(tmp_path / "a.zarr")
    stored = zarr.open_array(tmp_path / "a.zarr", mode="r")
    assert stored.chunks == (7, 5)
    np.testing.assert_array_equal(stored[...], data)
    y = la.from_zarr(tmp_path / "a.zarr")
    assert y.chunks == ((7, 7, 6), (5, 4))


def test_to_zarr_components_groups_and_options(tmp_path):
    a, b = make_data((6, 4), "f4", 1), make_data((5,), "i2", 2)
    la.from_array(a, chunks=3).to_zarr(tmp_path / "g.zarr", component="a")
    la.from_array(b, chunks=2).to_zarr(tmp_path / "g.zarr", component="nested/b", chunks=(4,))
    group = zarr.open_group(tmp_path / "g.zarr", mode="r")
    np.testing.assert_array_equal(group["a"][...], a)
    assert group["nested/b"].chunks == (4,)
    np.testing.assert_array_equal(la.from_zarr(group, "nested/b").compute(), b)
    np.testing.assert_array_equal(la.from_zarr(tmp_path / "g.zarr", component="a").compute(), a)
    la.from_array(b, chunks=2).to_zarr(tmp_path / "v2.zarr", zarr_format=2)
    assert zarr.open_array(tmp_path / "v2.zarr", mode="r").metadata.zarr_format == 2


def test_to_zarr_into_memory_store_and_existing_array():
    data = make_data((10, 6), "u2")
    st = zarr.storage.MemoryStore()
    la.from_array(data, chunks=4).to_zarr(st, component="x")
    np.testing.assert_array_equal(zarr.open_array(st, path="x", mode="r")[...], data)
    with pytest.raises(FileExistsError, match="already exists"):
        la.from_array(data, chunks=4).to_zarr(st, component="x")
    target = zarr.create_array(store={}, shape=(10, 6), dtype="u2", chunks=(3, 3))
    la.from_array(data, chunks=4).to_zarr(target)
    np.testing.assert_array_equal(target[...], data)


def test_to_zarr_refuses_to_overwrite(tmp_path):
    path = tmp_path / "a.zarr"
    la.zeros(5, chunks=2).to_zarr(path)
    with pytest.raises(FileExistsError, match=r"to_zarr: .*a\.zarr' already exists; pass overwrite=True"):
        la.ones(5, chunks=2).to_zarr(path)
    np.testing.assert_array_equal(la.from_zarr(path).compute(), np.zeros(5))
    la.ones((2, 3), chunks=2).to_zarr(path, overwrite=True)
    np.testing.assert_array_equal(la.from_zarr(path).compute(), np.ones((2, 3)))
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_to_zarr_failure_leaves_nothing(tmp_path, scheduler, exc):
    x = la.arange(40, chunks=10).map_blocks(boom_in_block((1,), exc), dtype=int)
    with pytest.raises(exc, match="injected failure"):
        x.to_zarr(tmp_path / "x.zarr")
    assert os.listdir(tmp_path) == []
    with pytest.raises(exc, match="injected failure"):
        x.to_zarr(tmp_path / "g.zarr", component="deep/x")
    assert not (tmp_path / "g.zarr" / "deep" / "x").exists()
    assert leftovers(tmp_path / "g.zarr" / "deep") == []


def test_to_zarr_failure_keeps_the_old_array(tmp_path, scheduler):
    path = tmp_path / "x.zarr"
    la.full(40, 7, chunks=10).to_zarr(path)
    x = la.arange(40, chunks=10).map_blocks(boom_in_block((2,)), dtype=int)
    with pytest.raises(RuntimeError, match="injected failure"):
        x.to_zarr(path, overwrite=True)
    np.testing.assert_array_equal(la.from_zarr(path).compute(), np.full(40, 7))
    assert leftovers(tmp_path) == []


def test_from_zarr_invalid_stores(tmp_path):
    (tmp_path / "plain").mkdir()
    with pytest.raises(ValueError, match=r"from_zarr: .*plain' is not a Zarr array or group"):
        la.from_zarr(tmp_path / "plain")
    (tmp_path / "file.txt").write_text("hello")
    with pytest.raises(ValueError, match=r"from_zarr: .*file\.txt' is not a Zarr array or group"):
        la.from_zarr(tmp_path / "file.txt")
    with pytest.raises(FileNotFoundError, match="from_zarr: no such file or directory"):
        la.from_zarr(tmp_path / "missing.zarr")
    la.ones(3).to_zarr(tmp_path / "g.zarr", component="a")
    with pytest.raises(ValueError, match=r"is a Zarr group, not an array; pass component= .*\['a'\]"):
        la.from_zarr(tmp_path / "g.zarr")
    with pytest.raises(ValueError, match="at component 'nope' is not a Zarr array"):
        la.from_zarr(tmp_path / "g.zarr", component="nope")


def test_from_array_on_zarr_is_lazy_and_uses_its_chunks(tmp_path):
    z = zarr.create_array(store=str(tmp_path / "z.zarr"), shape=(10, 10), dtype="f8", chunks=(4, 5))
    z[...] = np.arange(100.0).reshape(10, 10)
    x = la.from_array(z)
    assert x.chunks == ((4, 4, 2), (5, 5))
    z[0, 0] = -1.0  # nothing was read yet: the change is seen when computed
    assert x[0, 0].compute() == -1.0
    assert la.from_zarr(z).chunks == x.chunks
    sharded = zarr.create_array(store={}, shape=(8,), dtype="i4", chunks=(2,), shards=(4,))
    assert la.from_zarr(sharded).chunks == ((4, 4),)  # read whole shards


def test_missing_zarr_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "zarr", None)
    with pytest.raises(ImportError, match=r'pip install "lazyarr\[storage\]"'):
        la.ones(3).to_zarr("never-written.zarr")
    with pytest.raises(ImportError, match=r"from_zarr: the zarr package is needed"):
        la.from_zarr("never-read.zarr")


def test_core_does_not_import_zarr():
    code = "import sys, lazyarr; print('zarr' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------------------
# store
# --------------------------------------------------------------------------------------
@settings(max_examples=20)
@given(shape=shapes(0, 3, 7), draw=st.data(), lock=st.sampled_from([True, False]))
def test_store_whole_target(shape, draw, lock):
    chunks = draw.draw(chunks_for(shape, empty_blocks=True))
    data = make_data(shape, "i4")
    out = np.zeros(shape, dtype="i4")
    assert la.store(la.from_array(data, chunks=chunks), out, lock=lock) is None
    np.testing.assert_array_equal(out, data)


def test_store_regions_and_several_sources(scheduler):
    a, b = make_data((6, 4), "f8", 1), make_data((5,), "i8", 2)
    big = np.zeros((10, 10))
    small = np.full(10, -1)
    la.store([la.from_array(a, chunks=(4, 3)), la.from_array(b, chunks=2)], [big, small],
             regions=[(slice(2, 8), slice(3, 7)), (slice(1, None, 2), )])
    expected_big = np.zeros((10, 10))
    expected_big[2:8, 3:7] = a
    expected_small = np.full(10, -1)
    expected_small[1::2] = b
    np.testing.assert_array_equal(big, expected_big)
    np.testing.assert_array_equal(small, expected_small)


def test_store_computes_shared_inputs_once(scheduler):
    calls = []
    lock = threading.Lock()

    def counted(block):
        with lock:
            calls.append(1)
        return block

    y = la.arange(12, chunks=3).map_blocks(counted, dtype=int)
    out1, out2 = np.zeros(12, int), np.zeros(12, int)
    la.store([y + 1, y * 2], [out1, out2])
    assert len(calls) == 4  # one call per block, although two arrays use y
    np.testing.assert_array_equal(out1, np.arange(12) + 1)
    np.testing.assert_array_equal(out2, np.arange(12) * 2)


def test_store_compute_false_is_lazy():
    out = np.zeros(6)
    done = la.store(la.ones(6, chunks=2), out, compute=False)
    assert isinstance(done, la.Array) and done.shape == ()
    assert not out.any()
    assert la.compute(done)[0]
    np.testing.assert_array_equal(out, np.ones(6))


def test_store_into_memmap_and_with_a_user_lock(tmp_path):
    mm = np.lib.format.open_memmap(tmp_path / "m.npy", mode="w+", dtype="f8", shape=(7, 3))
    la.store(la.ones((7, 3), chunks=2) * 3, mm, lock=threading.RLock())
    mm.flush()
    np.testing.assert_array_equal(np.load(tmp_path / "m.npy"), np.full((7, 3), 3.0))


def test_store_into_misaligned_zarr_writes_each_chunk_once(scheduler):
    data = make_data((23, 11), "i8")
    target = zarr.create_array(store={}, shape=(25, 11), dtype="i8", chunks=(4, 4), fill_value=-1)
    writes = []
    original = type(target).__setitem__

    class Recorder:
        shape = target.shape
        chunks = target.chunks

        def __setitem__(self, region, value):
            writes.append(region)
            original(target, region, value)

    la.store(la.from_array(data, chunks=(5, 3)), Recorder(), regions=(slice(2, 25),), lock=False)
    np.testing.assert_array_equal(target[2:], data)
    np.testing.assert_array_equal(target[:2], -1)
    touched = [frozenset((i, j) for i in range(r[0].start // 4, (r[0].stop - 1) // 4 + 1)
                         for j in range(r[1].start // 4, (r[1].stop - 1) // 4 + 1)) for r in writes]
    assert sum(len(t) for t in touched) == len(frozenset().union(*touched))  # no chunk written twice


def test_store_failure_notes_what_was_written():
    out = np.zeros(40, int)
    x = la.arange(40, chunks=10).map_blocks(boom_in_block((2,)), dtype=int) + 1
    with pytest.raises(RuntimeError, match="injected failure") as info:
        la.store(x, out, scheduler="sync")
    note = [n for n in info.value.__notes__ if n.startswith("lazyarr.store")][0]
    assert "2 of 4 blocks were written" in note
    assert "source 0 -> target[0:10], source 0 -> target[10:20];" in note
    np.testing.assert_array_equal(out[:20], np.arange(20) + 1)
    np.testing.assert_array_equal(out[20:], 0)


def test_store_bad_arguments():
    x = la.ones((4, 4), chunks=2)
    with pytest.raises(ValueError, match=r"store: source 0 has shape \(4, 4\) but the target has shape \(4, 5\)"):
        la.store(x, np.zeros((4, 5)))
    with pytest.raises(ValueError, match=r"region \(slice\(0, 3, None\),\) of the target has shape \(3, 4\)"):
        la.store(x, np.zeros((5, 4)), regions=(slice(0, 3),))
    with pytest.raises(TypeError, match="does not support target"):
        la.store(x, (1, 2))
    with pytest.raises(TypeError, match="must be a lazyarr Array"):
        la.store([np.ones(3)], [np.zeros(3)])
    with pytest.raises(ValueError, match="got 2 sources, 1 targets"):
        la.store([x, x], [np.zeros((4, 4))])
    with pytest.raises(TypeError, match="a region must be a slice or a tuple of slices"):
        la.store(x, np.zeros((4, 4)), regions=(0, 1))
    with pytest.raises(ValueError, match="negative step"):
        la.store(x, np.zeros((4, 4)), regions=(slice(None, None, -1),))
    with pytest.raises(TypeError, match="lock must be True, False or a lock object"):
        la.store(x, np.zeros((4, 4)), lock="yes")


def test_aligned_chunks_fall_on_the_grid():
    for chunks, start, grid in [((3, 3, 3, 1), 0, 4), ((5, 5), 3, 4), ((2,) * 10, 7, 3), ((0,), 0, 2), ((9,), 1, 4)]:
        new = aligned_chunks(chunks, start, grid)
        assert sum(new) == sum(chunks)
        inner = np.cumsum(new)[:-1]
        assert all((start + b) % grid == 0 for b in inner)


def test_normalize_region():
    assert normalize_region(None, (3, 4)) == (slice(0, 3, 1), slice(0, 4, 1))
    assert normalize_region(slice(1, None, 2), (6,)) == (slice(1, 6, 2),)
    with pytest.raises(IndexError, match="has 2 slices but the target has 1 dimensions"):
        normalize_region((slice(None), slice(None)), (3,))


def test_storage_functions_in_namespace():
    for name in ["store", "from_npy", "to_npy", "from_zarr", "to_zarr"]:
        assert name in la.__all__ and getattr(la, name).__doc__
    for name in ["store", "to_npy", "to_zarr"]:
        assert callable(getattr(la.Array, name))


def test_warnings_are_not_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        la.ones(3, chunks=2).store(np.zeros(3))


@pytest.mark.parametrize("writer", ["to_npy", "to_zarr"])
def test_ctrl_c_during_a_threaded_write_leaves_nothing(tmp_path, writer):
    import _thread
    import threading
    import time

    def interrupt_in_block_1(block, block_id=None):
        if block_id == (1,):
            _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread
        time.sleep(0.05)  # the workload: other blocks are still running when the main thread gives up
        return block

    x = la.arange(80, chunks=10).map_blocks(interrupt_in_block_1, dtype=int)
    # Ctrl-C as in a plain Python program: an earlier test's library may have left its own SIGINT
    # handler installed, and interrupt_main() runs whatever handler is there.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            getattr(x, writer)(tmp_path / "out", scheduler="threads", num_workers=2)
    finally:
        signal.signal(signal.SIGINT, previous)
    for worker in [t for t in threading.enumerate() if t.name.startswith("lazyarr-worker")]:
        worker.join(10)  # the running blocks finish: a late write must not recreate anything
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("how", ["store", "to_npy", "to_zarr"])
def test_writing_holds_few_blocks_in_memory(tmp_path, how):
    from lazyarr.testing.memory import live_block_counter

    track, peak = live_block_counter()
    x = la.random.default_rng(0).random((400, 10), chunks=(10, 10)).map_blocks(track, dtype=float)
    y = x + 1  # a second user of every block of x, so x's blocks are real task results
    if how == "store":
        la.store([x, y], [np.zeros((400, 10)), np.zeros((400, 10))], scheduler="sync")
    else:
        with la.config.set(scheduler="sync"):
            getattr(y * x, how)(tmp_path / "out")
    assert peak[0] <= 2  # every block is written (and freed) before the next is made
