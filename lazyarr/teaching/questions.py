"""The question bank: every exercise of the course, lesson by lesson.

Each ``setup`` function builds the same lazy inputs as the exercise's setup lines (seeded,
so the check sees the learner's data); references are NumPy code run at check time.
Literal answers appear only as salted hashes (``registry.answer_hash``).
"""

from __future__ import annotations

import math

import numpy as np

from ..core.array import Array
from . import properties as p
from .kinds import computed, lazy_array, literal
from .predict import predicted_number
from .registry import Failure, Question, register


def _la():
    import lazyarr

    return lazyarr


def _rng(seed: int):
    return _la().random.default_rng(seed)


def q(qid: str, title: str, stem: str, inspect, hints: tuple[str, ...], why: str = "") -> None:
    register(Question(qid, title, stem, inspect, hints, why))


# -- 00 start here -----------------------------------------------------------------------
q("00.1", "a warm-up", "00-start-here",
  literal("00.1", "7677f004357167e692e58d538a617ce5e8fda43082a89ac9bddbe0372273f6f7",
          wrong={"220f9f6b6645d7322f6e4c59f9e26a81b4b93babe3fd04f469576cf311418fc0":
                 "That is the two digits written side by side: multiply them instead.",
                 "31321c012a53ed984d3798baedccdb9d56e9ff63b4653969abfdb8d1137717fc":
                 "That is the sum: the question asks for the product."},
          kind=int, hint="Multiply the two numbers.",
          type_hint="Give a whole number, like 7 or 1000 (not text in quotes)."),
  ("Use Python's * operator.", "Put an expression after the equals sign: answer = 2 * 3 would mean two times three."),
  why="Every exercise works like this one.")

# -- 01 lazy arrays -----------------------------------------------------------------------
STEM = "01-lazy-arrays"
q("01.1", "an array of zeros", STEM,
  lazy_array(dict, lambda: np.zeros((1000, 2000), dtype=np.int32),
             hints={"dtype": "Zeros are float64 unless you ask otherwise: pass dtype=... when you create them."}),
  ("lazyarr has NumPy's creation functions: la.zeros, la.ones, la.full, ...",
   "la.zeros takes the shape as a tuple and a dtype= argument, like np.zeros."),
  why="Creating an array only writes down a recipe: no memory is used yet.")


def _x01():
    return {"x": _rng(1).random((2000, 2000), chunks=500)}


q("01.2", "ten times the maximum", STEM,
  lazy_array(_x01, lambda x: 10 * x.max(),
             hints={"shape": "x.max() with no axis reduces the whole array to a single number (shape ()).",
                    "values": "Take the maximum of all of x, then multiply by 10."}),
  ("Reductions like .max() are lazy too.", "Arithmetic on a lazy result stays lazy: 10 * something_lazy."),
  why="Lazy results can feed more lazy steps; one compute at the end runs them all.")

q("01.3", "counting blocks", STEM,
  literal("01.3", "cb05b6117c46695ce257ff117a319ab6b9af6bdfdceeeac96aebf2eb04f99730",
          wrong={"7e0a9b4352f443654ac6dd4dd985c1ca1e4a8430fa32b92fcb8e9ef96a60951a":
                 "Blocks form a grid: multiply the number of blocks along each axis, don't add them.",
                 "172e04e67a20b3e7b2c7d8e73e916930917067c64c7a0d346e7dba407312f302":
                 "That is the number of blocks along the first axis only; the second axis is split too."},
          kind=int, hint="Divide each axis length by its chunk length, then combine the two counts.",
          type_hint="Give one whole number (x.numblocks is a tuple: one count per axis)."),
  ("x.chunks lists the block lengths along each axis.", "x.numblocks gives the number of blocks along each axis."),
  why="Every block is at least one task, so the block count tells you how much parallel work there is.")



def _x01p():
    return _la().ones((4000, 6000), chunks=(1000, 2000))


q("01.4", "predict the tasks of x + 1", STEM,
  predicted_number(lambda: len((_x01p() + 1).graph),
                   mistakes=lambda: {_x01p().npartitions: "That is how many tasks x has: the + adds tasks of its own.",
                                     _x01p().npartitions + 1: "The + is not one task for the whole array: it works "
                                                              "block by block.",
                                     1: "Each block is made, and then added to, by tasks of its own."},
                   hint="Count the tasks of x (one per block), then the tasks the + adds."),
  ("x has one task per block: it makes that block.", "x + 1 works block by block, like every elementwise operation."),
  why="Elementwise operations add one task per block: the graph grows with the number of blocks.")

# -- 02 chunks ----------------------------------------------------------------------------
STEM = "02-chunks"


def _uniform_stats(answer: Array) -> Failure | None:
    lo, hi, mean = p.computed_quietly(answer.min(), answer.max(), answer.mean())
    if lo < 0 or hi >= 1 or abs(mean - 0.5) > 0.01:
        return Failure("values", f"your values range from {p.summarize(lo)} to {p.summarize(hi)} with mean "
                       f"{p.summarize(mean)}", "Uniform random numbers in [0, 1) come from la.random.random.")
    return None


q("02.1", "choosing chunks", STEM,
  lazy_array(dict, shape=(6000, 4000), dtype=np.float64, values=_uniform_stats,
             chunks=lambda c: all(set(axis) == {1000} for axis in c)),
  ("la.random.random accepts chunks= like every creation function.",
   "chunks=1000 means 1000 along every axis; chunks=(1000, 500) sets each axis."),
  why="Chunks are the unit of parallel work and of memory: you choose them when you create the array.")


def _x02():
    return {"x": _rng(2).random((2000, 2000), chunks=500)}


q("02.2", "two results, one compute", STEM,
  computed(_x02, lambda x: (x.min(), x.max()), items=2, computes=1,
           hints={"values": "The answer is (lowest, highest), in that order.",
                  "computes": "Two separate .compute() calls generate and read every block twice; "
                              "la.compute(a, b) shares that work."}),
  ("First build both lazy results, then compute them together.", "la.compute(a, b) returns a tuple of results."),
  why="Computing together shares the common work: the random blocks are made once, not twice.")

def _x02r():
    return {"x": _rng(3).random((2000, 2000), chunks=500)}


q("02.3", "rechunking to whole rows", STEM,
  lazy_array(_x02r, lambda x: x,
             chunks=lambda c: c == ((250,) * 8, (2000,)),
             hints={"values": "Keep the same numbers in the same places: only the blocks change.",
                    "chunks": "Each block should be 250 rows tall and span all 2000 columns."}),
  ("x.rechunk(...) takes the new chunk shape.", "-1 in a chunk shape means 'the whole axis'."),
  why="Rechunking changes only how the array is cut, never its values.")



def _sum02():
    return _la().ones(2700, chunks=100).sum(split_every=3)


def _sum02_mistakes() -> dict[int, str]:
    counts = [len(layer) for layer in _sum02().graph.layers.values()]  # ones, chunk, combine..., aggregate
    stopped_early = [sum(counts[:k]) for k in range(1, len(counts))]  # the totals of forgetting the last steps
    hints = {n: "After the first combine level several partial sums are left: combine again, level by level, "
                "then finish." for n in stopped_early[2:-1]}
    hints[stopped_early[0]] = "That is the blocks only: each block is also reduced by a task of its own."
    hints[stopped_early[1]] = ("You counted making and reducing each block; the partial sums still have to be "
                               "combined, 3 at a time.")
    hints[stopped_early[-1]] = "Don't forget the last step, which turns the final partial result into the answer."
    return hints


q("02.4", "predict the tasks of a sum", STEM,
  predicted_number(lambda: len(_sum02().graph), mistakes=_sum02_mistakes,
                   hint="Add up the tasks of each step: make the blocks, reduce each block, combine level by "
                        "level (3 at a time), then finish."),
  ("A tree reduction has three steps: chunk, combine (level by level), aggregate.",
   "27 blocks, split_every=3: how many partial sums are left after one combine level? after two?"),
  why="You can read a graph's size from its shape before running anything.")

# -- 03 slicing and logical indexing ------------------------------------------------------
STEM = "03-indexing"


def _x03():
    return {"x": _rng(4).random((1000, 100), chunks=(250, 50))}


q("03.1", "slicing", STEM,
  lazy_array(_x03, lambda x: x[:100:2, -1],
             hints={"values": "Right shape, wrong elements: check which column and which rows you kept."}),
  ("Slices work as in NumPy: start:stop:step.", "The last column is index -1."),
  why="Basic slicing keeps known sizes, so later steps can still plan their chunks.")


def _y03():
    return {"x": _rng(5).random(10_000, chunks=1000)}


q("03.2", "a boolean mask", STEM,
  lazy_array(_y03, lambda x: x[x > 0.9], shape=(math.nan,),
             hints={"shape": "Indexing with a boolean mask keeps only the selected elements, so the length "
                             "is unknown (nan) until computed.",
                    "values": "Keep the values *greater than* 0.9."}),
  ("x > 0.9 is a lazy array of booleans.", "Index x with it: x[mask]."),
  why="The result's length depends on the data, so lazyarr cannot know it before computing.")


def _z03():
    return {"x": _rng(6).random(10_000, chunks=1000)}


q("03.3", "known chunk sizes", STEM,
  lazy_array(_z03, lambda x: x[x > 0.5],
             hints={"shape": "The sizes are still unknown: ask lazyarr to compute just the chunk sizes."}),
  ("There is a method that computes only the chunk sizes and keeps the array lazy.",
   "Look for an Array method whose name says it computes chunk sizes."),
  why="With known chunk sizes, slicing, rechunking and reshaping can be planned again.")


def _pairs_or_grid(answer: Array) -> Failure | None:
    """x[rows, cols] with two lists picks pairs: a 1-d result of 3 values instead of a 3 x 3 grid."""
    if isinstance(answer, Array) and answer.shape == (3,):
        return Failure("shape", "your answer has shape (3,): 3 values, not a 3 x 3 grid",
                       "Two lists side by side pick pairs (row 3 with column 1, and so on). For every "
                       "combination of the rows and the columns, select the rows and the columns in two steps "
                       "(or with np.ix_).")
    return None


_grid03 = lazy_array(_x03, lambda x: x[np.ix_([3, 30, 300], [1, 10, 50])],
                     hints={"values": "Keep rows 3, 30 and 300 and columns 1, 10 and 50, in that order."})

q("03.4", "indexing with several lists", STEM,
  lambda answer: _pairs_or_grid(answer) or _grid03(answer),
  ("Indexing with a list keeps the listed rows (or columns), in the list's order.",
   "x[[3, 30, 300]] keeps three rows; index the columns of that result with a second list."),
  why="List indexing stays lazy: each output block reads only the input blocks it needs.")


def _y03p():
    x = _rng(6).random(10_000, chunks=1000)
    return x[x > 0.5]


q("03.5", "predict the blocks after a mask", STEM,
  predicted_number(lambda: _y03p().numblocks[0],
                   mistakes=lambda: {1: "lazyarr does not gather the selected values into one block: each input "
                                        "block gives one output block.",
                                     5: "Masking never drops or merges blocks, even when half the values go."},
                   hint="Masking works block by block.",
                   type_hint="Write one whole number: the block lengths are unknown, but how many blocks there "
                             "are is known."),
  ("Each block of x is masked by its own task.", "The lengths of the blocks are unknown (nan), not their number."),
  why="Unknown chunk sizes still come in a known number of blocks: one per input block.")

# -- 04 NumPy functions -------------------------------------------------------------------
STEM = "04-numpy-functions"


def _x04():
    return {"x": _rng(7).random((600, 600), chunks=200)}


q("04.1", "NumPy functions on lazy arrays", STEM,
  lazy_array(_x04, lambda x: np.sqrt(x + x.T)),
  ("np.sqrt(lazy_array) returns a lazy array (NEP 13).", "x.T is the transpose."),
  why="NumPy hands ufuncs and functions to lazyarr, so NumPy code can stay as it is.")

q("04.2", "a matrix product", STEM,
  lazy_array(_x04, lambda x: np.dot(x, x + x.T), rtol=1e-9,
             hints={"values": "Elementwise * is not the matrix product: use np.dot or the @ operator."}),
  ("np.dot and @ both work on lazy arrays.", "Multiply x by (x + x.T), in that order."),
  why="A matrix product needs every block of a row of x with every block of a column: look at its graph.")

q("04.3", "a reduction along an axis", STEM,
  lazy_array(_x04, lambda x: x.std(axis=0),
             hints={"shape": "One standard deviation per column: reduce along axis 0.",
                    "values": "axis=0 goes down the rows (one value per column); axis=1 goes along them."}),
  ("Array methods have NumPy's names and arguments.", "x.std(axis=...)"),
  why="Reductions along an axis are tree reductions, one per column of blocks.")



def _x04p():
    return _rng(7).random((800, 800), chunks=200)


def _sum04():
    x = _x04p()
    return x + x.T


q("04.4", "predict the tasks of x + x.T", STEM,
  predicted_number(lambda: len(_sum04().graph),
                   mistakes=lambda: {_x04p().npartitions: "That is the tasks of x alone.",
                                     2 * _x04p().npartitions: "Three steps here, each with one task per block: "
                                                              "make x, transpose it, add."},
                   hint="Count the operations in x + x.T and the tasks each one has."),
  ("x has 4 x 4 blocks.", "x.T is an operation of its own: it transposes every block."),
  why="Transposing moves blocks around the grid (block (i, j) goes to (j, i)) and transposes each one.")

# -- 05 performance -----------------------------------------------------------------------
STEM = "05-performance"
q("05.1", "small arrays", STEM,
  literal("05.1", "d48ac0ab34acec32b94fe3eb35df36f40a03c1c304eb323a73305722b2d5609b",
          wrong={"8064bc65b1f1bc2a9b9cdb71befc35d2a24c44e5eaa6903e556991e91a1386eb":
                 "Every compute builds a graph and schedules tasks: for tiny arrays that overhead dominates."},
          kind=str, choices=("numpy", "lazyarr"), hint="Compare the two timings above.",
          type_hint="Answer with one of the two words, in quotes."),
  ("Look at the timings for the small array.", "Scheduling costs a fixed amount per task."),
  why="Chunked arrays pay off when the data is big or the work per block is large.")

MiB = 2**20


def _block_bytes(chunks: tuple) -> float:
    return float(np.prod([max(axis) for axis in chunks])) * 8


def _first_block_ones(answer: Array) -> Failure | None:
    (block,) = p.computed_quietly(answer.blocks[(0,) * answer.ndim])
    if not np.all(block == 1):
        return Failure("values", f"your first block computes to {p.summarize(block)}",
                       "The array should be full of ones: la.ones.")
    return None


q("05.2", "chunks that fit in memory", STEM,
  lazy_array(dict, shape=(20000, 20000), dtype=np.float64, values=_first_block_ones,
             chunks=lambda c: 1 * MiB <= _block_bytes(c) <= 8 * MiB,
             hints={"chunks": "Each block should hold between 1 MiB and 8 MiB: 8 bytes per float64 "
                              "element, so about 125,000 to 1,000,000 elements per block."}),
  ("chunks= can be a shape like (1000, 1000) or a size like \"8 MiB\".",
   "Too large: memory; too small: scheduling overhead per task."),
  why="A few MiB to a few hundred MiB per block keeps memory bounded and overhead small.")


q("05.3", "predict the memory of a reduction", STEM,
  literal("05.3", "4365695267f8a2ca1f76233940ae0f8860d5febe6eb1360e09fc7ae2fc25409c",
          wrong={"a213bc470d8d784cbd775857a0e43ecb339d923c174404945c10141e2f72a71b":
                 "A reduction uses each block once, keeps only its partial result and drops it: the whole array "
                 "is never in memory.",
                 "2c701ad0d8011f9269f720f053fe6722b1b04b99271474e52dca625ef0a1d079":
                 "Several threads work at the same time, each on a block of its own."},
          kind=str, choices=("one", "few", "all"), hint="Think about what a thread does with a block once it has "
                                                         "reduced it.",
          type_hint="Answer with one of the three words, in quotes."),
  ("The threaded scheduler runs about one task per core at a time.",
   "Once a block is reduced to its partial sum, nothing needs it any more."),
  why="Bounded memory is why chunked arrays can be larger than RAM: the peak follows the threads, not the data.")

# -- 06 limits ----------------------------------------------------------------------------
STEM = "06-limits"


def _x06():
    return {"x": _rng(8).random((600, 800), chunks=(250, 300))}


q("06.1", "flattening", STEM,
  lazy_array(_x06, lambda x: x.reshape(-1),
             hints={"values": "Flatten in C order (row by row), as NumPy does, without transposing."}),
  ("reshape accepts -1 for 'work out this length'.", "Row-major order: the whole first row, then the second, ..."),
  why="Reshaping across block boundaries needs a rechunk first; lazyarr plans it for you.")


def _a06():
    la = _la()
    return {"a": _rng(9).random((300, 300), chunks=100) + 300 * la.eye(300, chunks=100)}


q("06.2", "a matrix inverse", STEM,
  lazy_array(_a06, lambda a: np.linalg.inv(a), rtol=1e-8,
             hints={"values": "1 / a inverts each element; the matrix inverse is a linear-algebra function."}),
  ("lazyarr has a linalg module like NumPy's.", "The function has the same name as in np.linalg."),
  why="Blocked algorithms turn linear algebra into many small NumPy calls on blocks.")


def _x06h():
    return {"x": _rng(10).normal(size=100_000, chunks=10_000)}


def _histogram_check(setup, mask=None):
    """A (counts, edges) pair: counts lazy, every value counted once, counts right for the learner's edges."""

    def inspect(answer):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return Failure("type", f"your answer is {p.describe(answer)}",
                           "A histogram is a pair (counts, bin_edges), as from np.histogram.")
        counts, edges = answer
        failure = p.expect_lazy(counts, "np.histogram on computed data is eager: use la.histogram on the lazy "
                                        "array.")
        if failure:
            return failure
        if counts.ndim != 1:
            return p.expect_shape(counts, (0,))
        from .kinds import _numpy_inputs

        data = _numpy_inputs(setup)["x"]
        data = data[mask(data)] if mask else data
        got_counts, got_edges = p.computed_quietly(counts, edges)
        got_edges = np.asarray(got_edges)
        if got_edges.shape != (got_counts.shape[0] + 1,):
            return Failure("values", f"your edges have shape {p.fmt_shape(got_edges.shape)}",
                           "There is one more edge than there are bins.")
        if got_counts.sum() != data.size:
            return Failure("values", f"your counts add up to {int(got_counts.sum())}",
                           "Every value of the data should land in exactly one bin"
                           + (": histogram only the selected values." if mask else "."))
        want, _ = np.histogram(data, bins=got_edges)
        return p.expect_close(got_counts, want, "Counts should match np.histogram of the same data with your edges.")

    return inspect


q("06.3", "a histogram without range", STEM,
  _histogram_check(_x06h),
  ("la.histogram works like np.histogram.", "Without range=, the edges come from the data's min and max."),
  why="Without range, lazyarr first reduces to the min and max, then counts: two passes planned in one graph.")


q("06.4", "predict whether a reshape rechunks", STEM,
  literal("06.4", "16c57b0b93e21b792fbb1b425ce257863cf981ff5810ec9c40cb6926baf18306",
          wrong={"60fb56fa579a89295bd4f9a1af65e515567e980a7a05476bccf14e16d18bf666":
                 "Each block holds only 1000 of the 5000 columns, but every slab of the new shape is made of 5 "
                 "whole rows: its values come from all 5 blocks of a row."},
          kind=str, choices=("yes", "no"), hint="Does one block hold whole rows of x?",
          type_hint="Answer \"yes\" or \"no\", in quotes."),
  ("A reshape needs a rechunk when an output block would need pieces of several input blocks.",
   "Row-major order: the new array is filled row by row."),
  why="Chunks along the axes a reshape keeps whole make it free; other chunks cost a rechunk first.")

# -- 07 distributed -----------------------------------------------------------------------
STEM = "07-distributed"
q("07.1", "who runs the tasks", STEM,
  literal("07.1", "a9fd2058423556f897b9e89ec25d6024207d969b7e76d53d68c63fc16ff737de",
          wrong={"d1d4056af529d1395e686a3cd27e844ef9c6b25cd9114ab111f3d561dc15e289":
                 "Once a Client exists it becomes the default scheduler for compute().",
                 "15bdd9626f90a2b253068e76d020dfd45d6d37486f0e182217dc29e11e4c08ca":
                 "The sync scheduler is only used when you ask for it (scheduler=\"sync\")."},
          kind=str, choices=("threads", "sync", "distributed"), hint="Think about what creating a Client changes.",
          type_hint="Answer with a word in quotes, e.g. \"threads\"."),
  ("Look at the dashboard (or the Client's repr) while a compute runs.",),
  why="The same lazyarr code runs on a laptop or a cluster: only the scheduler changes.")


def _x07():
    return {"x": _rng(11).random((2000, 2000), chunks=500)}


q("07.2", "a result from the cluster", STEM,
  computed(_x07, lambda x: x.mean(), hints={"values": "The question asks for the mean of x."}),
  ("Build the lazy mean, then compute it.", "compute() runs on the cluster when a Client exists."),
  why="compute() sends the graph to the cluster and brings back only the small result.")


q("07.3", "predict the work after persist", STEM,
  literal("07.3", "fa4d7906c419785c3dad8da8883958373897b54cf8edfbe0964175a0e4126750",
          wrong={"e74413b8cab7e694ef407a9cd97a1bd719f29a9eec741150ff2bb477e11e7117":
                 "persist() already made the 16 blocks and keeps them on the workers: later computes start "
                 "from them.",
                 "7dec302761db6a56dd6db47550c7db432c51315b8f0f28995ec94ca3337ba42b":
                 "Nothing has to make random numbers again, not even one task."},
          kind=int, hint="What did persist() do with the blocks of x?",
          type_hint="Give one whole number, like 0 or 16."),
  ("persist() computes the blocks and keeps them in the workers' memory.",
   "The graph of xp.sum() starts from the stored blocks."),
  why="persist pays once for work that several later computations share.")

# -- 08 the classic exercise --------------------------------------------------------------
STEM = "08-classic-exercise"


def _normal_stats(answer: Array) -> Failure | None:
    mean, std = p.computed_quietly(answer.mean(), answer.std())
    if abs(mean - 9) > 0.01 or abs(std - 1) > 0.01:
        return Failure("values", f"your values have mean {mean:.3f} and standard deviation {std:.3f}",
                       "la.random.normal(loc, scale, size=...): loc is the mean, scale the standard deviation.")
    return None


q("08.1", "normal values", STEM,
  lazy_array(dict, shape=(5000, 5000), dtype=np.float64, values=_normal_stats),
  ("la.random.normal takes the mean, the standard deviation and size=.",),
  why="25 million values, and nothing was computed yet.")


def _type_of_sum(answer):
    if answer is Array:
        return None
    if isinstance(answer, type):
        if issubclass(answer, np.ndarray):
            return Failure("type", f"your answer is {p.describe(answer)}",
                           "Look again: NumPy hands the + to the lazy array (its __array_ufunc__), so the "
                           "result stays lazy.")
        return Failure("type", f"your answer is {p.describe(answer)}",
                       "Python's built-in type() tells you the class of any object.")
    return Failure("type", f"your answer is {p.describe(answer)}, not a type",
                   "Give a class (not a string or an instance): Python's type() returns one.")


q("08.2", "lazy plus NumPy", STEM, _type_of_sum,
  ("Python's built-in type() tells you the class of any object.",
   "Mixing a lazy array with a NumPy array wraps the NumPy array as one block per chunk."),
  why="A NumPy operand becomes part of the graph; the result is lazy.")


def _x08():
    return {"x": _rng(13).normal(9, 1, size=(5000, 5000))}


def _below_ten(answer: Array) -> Failure | None:
    (got,) = p.computed_quietly(answer)
    want = int((p.computed_quietly(_x08()["x"])[0] < 10).sum())
    if got.size and got.max() >= 10:
        return Failure("values", f"your answer contains values up to {got.max():.3f}",
                       "Keep the values *below* 10: which comparison is True for them?")
    if got.size != want:
        return Failure("values", f"your answer has {got.size} values",
                       "Keep every value below 10, and only those.")
    return None


q("08.3", "keep the values below 10", STEM,
  lazy_array(_x08, shape=(math.nan,), dtype=np.float64, values=_below_ten,
             hints={"shape": "Boolean indexing keeps only the selected values: a 1-D array of unknown length."}),
  ("A comparison like x < 10 is a lazy boolean mask.", "Index x with the mask."),
  why="The number of values kept is unknown until computed: the chunks are nan.")

q("08.4", "a lazy histogram", STEM, _histogram_check(_x08, mask=lambda d: d < 10),
  ("la.histogram(y, bins=...) builds it lazily.", "Use y, the values below 10."),
  why="Nothing ran yet: counting will happen in the same pass as the masking.")


def _hist08():
    x = _x08()["x"]
    counts, edges = _la().histogram(x[x < 10], bins=50)
    return {"counts": counts, "edges": edges}


q("08.5", "compute the histogram", STEM,
  computed(_hist08, lambda counts, edges: (counts, edges), items=2, computes=1,
           hints={"values": "The answer is (counts, edges) in that order.",
                  "computes": "counts and edges share the masked data: compute them in one la.compute call."}),
  ("la.compute(a, b) computes several results in one pass.",),
  why="One pass over 25 million values, in parallel, with bounded memory.")


def _edges08():
    _, edges = _la().histogram(_la().random.default_rng(13).normal(9, 1, size=(5000, 5000)), bins=50)
    return edges.shape[0]


q("08.6", "predict the number of edges", STEM,
  predicted_number(_edges08,
                   mistakes=lambda: {_edges08() - 1: "There is one more edge than there are bins: every bin has a "
                                                     "left edge, and the last one a right edge too.",
                                     _edges08() + 1: "Count the edges of 2 bins first: |_|_|"},
                   hint="Draw 3 bins on paper and count their edges."),
  ("edges has the left edge of every bin, and one more.",),
  why="counts has one value per bin, edges one more: plot them with ax.stairs(counts, edges).")

# Lessons 09-11 live in a module of their own (this one would pass 500 lines); they register on import.
from . import questions_09_to_11  # noqa: E402, F401
