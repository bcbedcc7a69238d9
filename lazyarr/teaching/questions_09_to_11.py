"""The question bank, lessons 09-11: out of core, seeing the computation, the capstone.

Same conventions as ``questions.py``: setups rebuild the exercise's inputs, references are
computed at check time, literal answers appear only as salted hashes. Lesson 11's inputs
live in the capstone's Zarr store (``capstone.prepare()``), so its references are computed
with lazyarr from that store, reading it once per check.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core.array import Array
from . import properties as p
from .capstone import DAYS_PER_YEAR, VALID_RANGE, prepare
from .diagnose import Mistake
from .kinds import computed, lazy_array
from .predict import predicted_number
from .registry import Failure, Question, register


def _la():
    import lazyarr

    return lazyarr


def q(qid: str, title: str, stem: str, inspect, hints: tuple[str, ...], why: str = "") -> None:
    register(Question(qid, title, stem, inspect, hints, why))


def _layer_names(answer: Array) -> list[str]:
    return list(answer.graph.layers)


def _reads(answer: Array, prefix: str) -> bool:
    """Does *answer* read its data through a ``la.from_npy``/``la.from_zarr`` layer (name *prefix*-...)?"""
    return any(name.startswith(prefix + "-") for name in _layer_names(answer))


def _reading(prefix: str, inspect, failure: Failure):
    """*inspect*, but first insist that a lazy answer reads its data from storage."""

    def check_source(answer):
        if isinstance(answer, Array) and not _reads(answer, prefix):
            return failure
        return inspect(answer)

    return check_source


# -- 09 out of core -----------------------------------------------------------------------
STEM = "09-out-of-core"


def _x09():
    return {"x": _la().random.default_rng(20).random((1024, 256), chunks=(128, 256))}


q("09.1", "open a .npy file lazily", STEM,
  _reading("from-npy",
           lazy_array(_x09, lambda x: x, chunks=lambda c: c == ((128,) * 8, (256,)),
                      hints={"chunks": "Each block should hold 128 whole rows: pass chunks= to la.from_npy."}),
           Failure("source", "your answer does not read the file",
                   "Open the file with la.from_npy(path, ...): x itself would make the random numbers again.")),
  ("la.from_npy(path, chunks=...) reads only the header now, and each block when it is needed.",
   "-1 in a chunk shape means 'the whole axis'."),
  why="Opening is instant whatever the file's size: blocks are read from disk by the tasks that need them.")


def _npy_size(shape: tuple[int, ...], dtype) -> int:
    """Bytes of a .npy file holding an array of *shape* and *dtype*: NumPy's header, then the raw values."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
                                                  "fortran_order": False, "shape": shape})
    return header.tell() + math.prod(shape) * np.dtype(dtype).itemsize


def _npy09_size() -> int:
    return _npy_size((1024, 256), np.float64)


def _npy09_mistakes() -> dict[float, str]:
    n = 1024 * 256
    return {n: "That is the number of values: each float64 value takes 8 bytes.",
            4 * n: "float64 numbers take 8 bytes each (float32 ones take 4).",
            64 * n: "64 is the number of bits of a float64; a byte has 8 bits."}


q("09.2", "predict the size of a .npy file", STEM,
  predicted_number(_npy09_size, mistakes=_npy09_mistakes, rel_tol=0.01,
                   hint="A .npy file is a short header followed by the raw values: how many bytes do the values "
                        "take?"),
  ("x has 1024 x 256 float64 values.", "Each float64 takes 8 bytes; the header is about a hundred bytes."),
  why="A .npy file is raw: its size is the array's nbytes plus a small header, so block i sits at a known offset.")


def _x09z():
    return {"x": _la().random.default_rng(21).random((1024, 256), chunks=(128, 256))}


q("09.3", "a Zarr round trip", STEM,
  _reading("from-zarr",
           lazy_array(_x09z, lambda x: (x - x.mean()) / x.std(),
                      mistakes=[Mistake("ddof=1 divides by n - 1: the standard deviation here is NumPy's default, "
                                        "x.std() (ddof=0).", lambda x: (x - x.mean()) / x.std(ddof=1)),
                                Mistake("x.var() is the variance, the square of the standard deviation: divide by "
                                        "x.std().", lambda x: (x - x.mean()) / x.var()),
                                Mistake("These are the values of x as they are: standardize them before writing.",
                                        lambda x: x),
                                Mistake("You subtracted the mean; now divide by the standard deviation too.",
                                        lambda x: x - x.mean())],
                      hints={"values": "Standardize: subtract the mean of all of x, then divide by its standard "
                                       "deviation."}),
           Failure("source", "your answer is not read back from the Zarr store",
                   "Write with .to_zarr(zpath), then open the store with la.from_zarr(zpath).")),
  ("(x - x.mean()) / x.std() is lazy; .to_zarr(zpath) computes it and writes it block by block.",
   "la.from_zarr opens a Zarr store lazily, one block per storage chunk."),
  why="Each task wrote its own Zarr chunk; reading back, each task reads one.")

# -- 10 seeing the computation -------------------------------------------------------------
STEM = "10-seeing-the-computation"


def _y10():
    x = _la().ones((1000, 1000), chunks=250)
    return (x + 1).sum(axis=1)


def _stopped_early(array: Array) -> dict[int, str]:
    """Task counts of a graph that forget its last operations, each with a hint."""
    counts = [len(layer) for layer in array.graph.layers.values()]
    totals = [sum(counts[:k]) for k in range(1, len(counts))]
    hints = {n: "Some operations are missing: count the tasks of every operation, down to the last one."
             for n in totals[1:]}
    hints[totals[0]] = "That is the tasks of the first operation only: every operation adds tasks of its own."
    return hints


q("10.1", "predict the tasks of a reduction along an axis", STEM,
  predicted_number(lambda: len(_y10().graph), mistakes=lambda: _stopped_early(_y10()),
                   hint="Count the blocks, then the tasks each operation adds: the + works block by block, and "
                        "the sum along axis 1 reduces each row of blocks."),
  ("x has 4 x 4 blocks.", "A reduction along one axis runs one small tree per row of blocks."),
  why="graph_summary() shows the same count, operation by operation.")


def _slow(block):
    return block


def _z10():
    return (_la().ones((600, 600), chunks=200).map_blocks(_slow) * 2).sum()


def _tasks_run(array: Array) -> int:
    """How many tasks the scheduler runs for *array*: its graph after culling and fusion."""
    from ..core.optimize import optimize

    return len(optimize(array.graph, array.keys()))


q("10.2", "how many tasks really ran", STEM,
  predicted_number(lambda: _tasks_run(_z10()),
                   mistakes=lambda: {len(_z10().graph): "That is the number of tasks in the graph before it runs: "
                                                        "the scheduler runs fused tasks (look at the operation "
                                                        "names in the task stream)."},
                   hint="Count the records of the profiler: len(prof.results)."),
  ("The profiler keeps one record per task that ran: prof.results.",
   "Operation names joined with '-' in the task stream are fused tasks."),
  why="Fusion runs a chain of blockwise operations as one task per block: fewer tasks, less overhead.")


def _big10_values(answer: Array) -> Failure | None:
    lo, hi = p.computed_quietly(answer.min(), answer.max())
    if lo != 2 or hi != 2:
        return Failure("values", f"your values range from {p.summarize(lo)} to {p.summarize(hi)}",
                       "The array should hold the same values as big: ones plus one.")
    tasks = len(answer.sum().graph)
    if tasks > 50:
        tiny = any(len(layer) >= 10_000 for layer in answer.graph.layers.values())
        return Failure("tasks", f"the sum of your answer has {tasks} tasks",
                       "Rechunking keeps the tiny blocks it starts from in the graph: build the array again with "
                       "bigger chunks." if tiny else "Use bigger blocks (chunks=...) so that there are fewer of "
                       "them.")
    return None


q("10.3", "fewer, bigger tasks", STEM,
  lazy_array(dict, shape=(200, 200), dtype=np.float64, values=_big10_values),
  ("Every block costs at least one task per operation.", "la.ones takes chunks= like every creation function."),
  why="Fewer, bigger blocks: less overhead, a graph you can read.")

# -- 11 capstone --------------------------------------------------------------------------
STEM = "11-capstone"


def _raw11() -> Array:
    return _la().from_zarr(str(prepare()))


def _clean(raw):
    lo, hi = VALID_RANGE
    return _la().where((raw > lo) & (raw < hi), raw, np.nan)


def _years11() -> int:
    return _raw11().shape[0] // DAYS_PER_YEAR


def _first_and_last_year(array: Array):
    """A sample to compare: the first and the last year (two of the store's time blocks)."""
    return array[:DAYS_PER_YEAR], array[-DAYS_PER_YEAR:]


def _lazy_answer(shape: Callable[[], tuple], values: Callable[[Array], Failure | None], *, dtype: Any = None,
                 chunks: Callable[[tuple], bool] | None = None, hints: dict[str, str] | None = None):
    """Inspect a lazy answer over the capstone data: lazy, shape, dtype, chunks, then *values*.

    *dtype* None accepts any floating-point dtype.

    (``kinds.lazy_array`` would compute the inputs in NumPy for its reference: a few GB here.)
    """
    hints = hints or {}

    def inspect(answer: Any) -> Failure | None:
        failure = (p.expect_lazy(answer, hints.get("lazy")) or p.expect_shape(answer, shape(), hints.get("shape")))
        if failure:
            return failure
        if dtype is not None:
            failure = p.expect_dtype(answer, dtype, hints.get("dtype"))
            if failure:
                return failure
        elif answer.dtype.kind != "f":
            return Failure("dtype", f"your answer has dtype {answer.dtype}",
                           hints.get("dtype") or "Keep a floating-point dtype: NaN is a float.")
        return (chunks is not None and p.expect_chunks(answer, chunks, hints.get("chunks"))) or values(answer)

    return inspect


def _store_values(answer: Array) -> Failure | None:
    import zarr

    got = p.computed_quietly(*_first_and_last_year(answer))
    store = zarr.open_array(str(prepare()), mode="r")
    want = store[:DAYS_PER_YEAR], store[-DAYS_PER_YEAR:]
    for g, w in zip(got, want):
        failure = p.expect_close(g, w, "Open the store as it is, without changing its values.")
        if failure:
            return failure
    return None


def _store_chunks(chunks: tuple) -> bool:
    import zarr

    storage = zarr.open_array(str(prepare()), mode="r").chunks
    return all(set(axis[:-1]) <= {size} and axis[-1] <= size for axis, size in zip(chunks, storage))


def _raw_shape() -> tuple:
    return _raw11().shape


q("11.1", "open the dataset lazily", STEM,
  _reading("from-zarr",
           _lazy_answer(_raw_shape, _store_values, dtype=np.float32, chunks=_store_chunks,
                        hints={"chunks": "Keep the store's chunks (one block per storage chunk): give no "
                                         "chunks=.",
                               "dtype": "Open the store as it is: its values are float32."}),
           Failure("source", "your answer does not read the Zarr store", "Open the store at path with "
                   "la.from_zarr(path).")),
  ("la.from_zarr opens a store lazily.", "Its default chunks are the store's chunks."),
  why="One block per storage chunk: each task reads and decompresses one chunk file.")


def _clean_values(answer: Array) -> Failure | None:
    lo, hi = VALID_RANGE
    got = p.computed_quietly(*_first_and_last_year(answer))
    want = p.computed_quietly(*_first_and_last_year(_clean(_raw11())))
    for g, w in zip(got, want):
        g = np.asarray(g, dtype=np.float64)
        left = g[~np.isnan(g) & ((g <= lo) | (g >= hi))]
        if left.size:
            return Failure("values", f"your answer still has {left.size} values out of range in the first and "
                           f"last years, from {p.summarize(left.min())} to {p.summarize(left.max())}",
                           "Every value outside the valid range is a fill value or a glitch: both become NaN.")
        if np.any(np.isnan(w) & ~np.isnan(g)):
            return Failure("values", "your answer has numbers where the raw data had fill values or glitches",
                           "0 °C is a real temperature: mark bad values with np.nan, so that nan-aware means "
                           "skip them.")
        failure = p.expect_close(g, w, "Keep every valid value as it is, and only those.", rtol=1e-6)
        if failure:
            return failure
    return None


q("11.2", "clean the data", STEM,
  _lazy_answer(_raw_shape, _clean_values,
               hints={"shape": "Keep the shape (day, lat, lon): replace bad values with NaN instead of dropping "
                               "them (boolean indexing flattens the array)."}),
  ("la.where(condition, value_if_true, value_if_false) works elementwise, like np.where.",
   "Valid values are strictly between -90 and 60 (°C)."),
  why="NaN marks what is missing; nan-aware reductions (la.nanmean) skip it.")


def _map11():
    return _la().nanmean(_clean(_raw11()), axis=0)


q("11.3", "predict the blocks of the map", STEM,
  predicted_number(lambda: _map11().npartitions,
                   mistakes=lambda: {1: "A reduction along time keeps the blocks along latitude and longitude.",
                                     _raw11().npartitions: "The blocks along time are combined by the reduction: "
                                                           "the map has no time axis left."},
                   hint="Which axes does the map keep, and how many blocks does t have along them?"),
  ("t has blocks along time, latitude and longitude: t.numblocks.",
   "Reducing along axis 0 removes that axis; the others keep their chunks."),
  why="A reduction along an axis keeps the chunks of the other axes: the map comes in the same spatial blocks.")


def _nan_aware_map(answer: Array) -> Failure | None:
    got, want = p.computed_quietly(answer, _map11())  # one pass: both read the store's chunks once
    got = np.asarray(got, dtype=np.float64)
    if np.isnan(got).any():
        return Failure("values", f"your map is NaN at {int(np.isnan(got).sum())} of {got.size} points",
                       "A plain mean is NaN wherever one value is missing: use a mean that skips NaN.")
    if np.mean(got - want) < -10:  # about 2.6 % of -999 pull every mean down by some 25 degrees
        return Failure("values", f"your map computes to {p.summarize(got)}",
                       "The fill values (-999) and spikes (999) are still in: average the cleaned data t.")
    return p.expect_close(got, want, "Average over all the days (axis 0), skipping NaN.", rtol=1e-4)


q("11.4", "the map of mean temperatures", STEM,
  _lazy_answer(lambda: _raw_shape()[1:], _nan_aware_map,
               hints={"shape": "The map keeps latitude and longitude: reduce along time (axis 0) only."}),
  ("A mean that skips NaN: la.nanmean (or np.nanmean on the lazy array).", "The time axis is axis 0."),
  why="One pass over the data, each block reduced where it was read.")


def _annual11(t):
    years = t.shape[0] // DAYS_PER_YEAR
    return _la().nanmean(t.reshape(years, DAYS_PER_YEAR, *t.shape[1:]), axis=(1, 2, 3))


def _references11():
    t = _clean(_raw11())
    map_, annual = p.computed_quietly(_la().nanmean(t, axis=0), _annual11(t))
    return {"map_": map_, "annual": annual}


q("11.5", "the map and the annual means in one pass", STEM,
  computed(_references11, lambda map_, annual: (map_, annual), items=2, names=("map", "annual"), computes=1,
           rtol=1e-4,
           hints={"values": "The answer is (map, annual): the map of 11.4, then one mean of all valid values "
                            "per year.",
                  "computes": "Two computes read the whole dataset twice: la.compute(a, b) reads it once."}),
  ("Build both lazily first; la.compute(a, b) computes them together.",
   "t.reshape(years, 365, nlat, nlon) puts each year on its own row."),
  why="Reading a few GB once instead of twice: shared work is the point of computing together.")
