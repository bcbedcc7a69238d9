"""The question bank: every exercise of the course, lesson by lesson.

Each ``setup`` function builds the same lazy inputs as the exercise's setup lines (seeded,
so the check sees the learner's data); references are NumPy code run at check time.
Literal answers appear only as salted hashes (``registry.answer_hash``) - which hides them
from a glance, not from a reader: see the package docstring.

A check verifies everything the question's wording asks for ("lazy", "50 bins", "without
range=", "on the cluster", "with a single compute", "with an array method"), and each
:class:`Mistake` names a typical wrong route from the value it produces.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.array import Array
from . import properties as p
from .answer_checks import a_class, distribution, histogram_pair
from .diagnose import Mistake
from .kinds import computed, given, lazy_array, literal, numpy_inputs  # noqa: F401 (given: for scaffolded questions)
from .registry import Failure, Question, register
from .source import uses_method, uses_numpy_function, without_keyword


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
             mistakes=[Mistake("Your array is full of ones: la.ones makes ones, la.zeros makes zeros.",
                               lambda: np.ones((1000, 2000), dtype=np.int32))],
             hints={"values": "la.empty leaves whatever was in memory: ask for zeros explicitly."}),
  ("lazyarr has NumPy's creation functions: la.zeros, la.ones, la.full, ...",
   "la.zeros takes the shape as a tuple and a dtype= argument, like np.zeros."),
  why="Creating an array only writes down a recipe: no memory is used yet.")


def _x01():
    return {"x": _rng(1).random((2000, 2000), chunks=500)}


q("01.2", "ten times the maximum", STEM,
  lazy_array(_x01, lambda x: 10 * x.max(),
             mistakes=[Mistake("That is the maximum itself: multiply it by 10.", lambda x: x.max()),
                       Mistake("That is ten times the *minimum*: .max() gives the largest value.",
                               lambda x: 10 * x.min()),
                       Mistake("+ 10 adds ten; the question asks for ten *times* the maximum.",
                               lambda x: x.max() + 10),
                       Mistake("That is ten times the mean: .max() gives the largest value.",
                               lambda x: 10 * x.mean())],
             hints={"shape": "x.max() with no axis reduces the whole array to a single number (shape ())."}),
  ("Reductions like .max() are lazy too.", "Arithmetic on a lazy result stays lazy: 10 * something_lazy."),
  why="Lazy results can feed more lazy steps; one compute at the end runs them all.")

q("01.3", "counting blocks", STEM,
  literal("01.3", "cb05b6117c46695ce257ff117a319ab6b9af6bdfdceeeac96aebf2eb04f99730",
          wrong={"7e0a9b4352f443654ac6dd4dd985c1ca1e4a8430fa32b92fcb8e9ef96a60951a":
                 "Blocks form a grid: multiply the number of blocks along each axis, don't add them.",
                 "172e04e67a20b3e7b2c7d8e73e916930917067c64c7a0d346e7dba407312f302":
                 "That is the number of blocks along the first axis only; the second axis is split too.",
                 "1197b1d7007dbd9744a3c9bfca0934203daf967303af73c780a096e28f0f06fb":
                 "That is the number of blocks along the second axis only; the first axis is split too.",
                 "7b0426d79b394b2cc7af1af3985b3f1afc7f13e2db9e314a80509fde839b3f32":
                 "That is the number of elements (x.size), not of blocks: each block holds many elements.",
                 "ffe5361e5edc1e6a32ccb37edabdfe0627f4762266607a8c3388994358796cac":
                 "That is the number of elements in one block; the question asks how many blocks there are."},
          kind=int, hint="Divide each axis length by its chunk length, then combine the two counts.",
          type_hint="Give one whole number (x.numblocks is a tuple: one count per axis)."),
  ("x.chunks lists the block lengths along each axis.", "x.numblocks gives the number of blocks along each axis."),
  why="Every block is at least one task, so the block count tells you how much parallel work there is.")

# -- 02 chunks ----------------------------------------------------------------------------
STEM = "02-chunks"


def _uniform_stats(answer: Array) -> Failure | None:
    return distribution("uniform")(answer)


def _blocks_of_1000(chunks: tuple) -> str | None:
    sizes = {size for axis in chunks for size in axis}
    if sizes == {1000}:
        return None
    if len(chunks) == 2 and (set(chunks[0]) == {1000} or set(chunks[1]) == {1000}):
        return "Only one axis is cut into 1000s: chunks=1000 (or (1000, 1000)) cuts both."
    return "chunks=1000 means 1000 along every axis; chunks=(1000, 500) sets each axis."


q("02.1", "choosing chunks", STEM,
  lazy_array(dict, shape=(6000, 4000), dtype=lambda d: d.kind == "f", values=_uniform_stats,
             chunks=lambda c: all(set(axis) == {1000} for axis in c), explain_chunks=_blocks_of_1000,
             hints={"dtype": "Uniform random numbers in [0, 1) are floats: la.random.random makes them."}),
  ("la.random.random accepts chunks= like every creation function.",
   "chunks=1000 means 1000 along every axis; chunks=(1000, 500) sets each axis."),
  why="Chunks are the unit of parallel work and of memory: you choose them when you create the array.")


def _x02():
    return {"x": _rng(2).random((2000, 2000), chunks=500)}


q("02.2", "two results, one compute", STEM,
  computed(_x02, lambda x: (x.min(), x.max()), items=2, names=("lowest", "highest"), computes=1,
           mistakes=[Mistake("Both items are the lowest value: the second should be the highest, x.max().",
                             lambda x: (x.min(), x.min())),
                     Mistake("Both items are the highest value: the first should be the lowest, x.min().",
                             lambda x: (x.max(), x.max()))],
           hints={"values": "The answer is (lowest, highest), in that order: x.min() and x.max().",
                  "computes": "Two separate .compute() calls generate and read every block twice; "
                              "la.compute(a, b) runs both in one pass and shares that work."}),
  ("First build both lazy results, then compute them together.", "la.compute(a, b) returns a tuple of results."),
  why="Computing together shares the common work: the random blocks are made once, not twice.")


def _x02r():
    return {"x": _rng(3).random((2000, 2000), chunks=500)}


def _whole_rows_of_250(chunks: tuple) -> str | None:
    rows, cols = chunks
    if set(rows) == {2000} and set(cols) == {250}:
        return "Your blocks are 2000 rows by 250 columns: chunk sizes are given in (rows, columns) order."
    if set(rows) == {250}:
        return (f"Your blocks hold 250 rows but only {max(cols)} of the 2000 columns: -1 (or 2000) along the "
                "second axis keeps whole rows.")
    if cols == (2000,):
        return f"Your blocks hold whole rows, but {max(rows)} of them, not 250."
    return "Each block should be 250 rows tall and span all 2000 columns."


q("02.3", "rechunking to whole rows", STEM,
  lazy_array(_x02r, lambda x: x,
             chunks=lambda c: c == ((250,) * 8, (2000,)), explain_chunks=_whole_rows_of_250,
             hints={"values": "Keep the same numbers in the same places: only the blocks change."}),
  ("x.rechunk(...) takes the new chunk shape.", "-1 in a chunk shape means 'the whole axis'."),
  why="Rechunking changes only how the array is cut, never its values.")


def _x02w():
    return {"t": _rng(5).normal(15, 5, size=1000, chunks=100)}


def _windows(t, k):
    return np.lib.stride_tricks.sliding_window_view(t, k)


q("02.5", "a moving average", STEM,
  lazy_array(_x02w, lambda t: _windows(t, 7).mean(axis=-1),
             mistakes=[Mistake("You added up each window: a moving average divides the sum by the 7 values "
                               "(the mean).", lambda t: _windows(t, 7).sum(axis=-1)),
                       Mistake("Your windows hold 6 values, not 7: the second argument of sliding_window_view "
                               "is the window length.", lambda t: _windows(t, 6).mean(axis=-1)),
                       Mistake("Your windows hold 8 values, not 7: the second argument of sliding_window_view "
                               "is the window length.", lambda t: _windows(t, 8).mean(axis=-1)),
                       Mistake("You averaged along the first axis, across the windows (7 results); average "
                               "within each window instead, along the last axis.",
                               lambda t: _windows(t, 7).mean(axis=0)),
                       Mistake("That is the mean of all the windows together, a single number; a moving average "
                               "has one mean per window.", lambda t: _windows(t, 7).mean())],
             hints={"shape": "1000 values give 1000 - 7 + 1 = 994 windows of 7: one mean per window, taken "
                             "along the window axis (the last one, axis=-1).",
                    "values": "Average the 7 values of each window, in order, with nothing else mixed in."}),
  ("sliding_window_view(t, 7) puts every run of 7 consecutive values in a row of a new last axis.",
   "Then average each row: a mean along the last axis."),
  why="Windows that cross block borders work because each block borrows a few values from the next one: "
      "the halo idea of map_overlap.")

# -- 03 slicing and logical indexing ------------------------------------------------------
STEM = "03-indexing"


def _x03():
    return {"x": _rng(4).random((1000, 100), chunks=(250, 50))}


q("03.1", "slicing", STEM,
  lazy_array(_x03, lambda x: x[:100:2, -1],
             mistakes=[Mistake("You started at row 1: counting starts at 0, so the first row is x[0].",
                               lambda x: x[1:100:2, -1]),
                       Mistake("That is the first column: the last column is index -1.", lambda x: x[:100:2, 0]),
                       Mistake("That is the second-to-last column: the last one is index -1.",
                               lambda x: x[:100:2, -2]),
                       Mistake("Those are the first 50 rows, one after the other: every other row needs a step, "
                               "start:stop:step.", lambda x: x[:50, -1]),
                       Mistake("Those rows come from the end of x: the first 100 rows are :100.",
                               lambda x: x[-100::2, -1]),
                       Mistake("x[..., -1:] keeps a 2-D column of shape (50, 1); an integer index (-1) gives "
                               "the 1-D values of the last column.", lambda x: x[:100:2, -1:])]),
  ("Slices work as in NumPy: start:stop:step.", "The last column is index -1."),
  why="Basic slicing keeps known sizes, so later steps can still plan their chunks.")


def _y03():
    return {"x": _rng(5).random(10_000, chunks=1000)}


q("03.2", "a boolean mask", STEM,
  lazy_array(_y03, lambda x: x[x > 0.9], shape=(math.nan,),
             mistakes=[Mistake("You kept the values *below* 0.9: the question keeps those greater than 0.9.",
                               lambda x: x[x < 0.9]),
                       Mistake("la.where keeps every position (filling the others with 0); indexing with the "
                               "mask, x[mask], keeps only the selected values.", lambda x: np.where(x > 0.9, x, 0))],
             hints={"shape": "Indexing with a boolean mask keeps only the selected elements, so the length "
                             "is unknown (nan) until computed.",
                    "values": "Keep the values of x *greater than* 0.9, and only those."}),
  ("x > 0.9 is a lazy array of booleans.", "Index x with it: x[mask]."),
  why="The result's length depends on the data, so lazyarr cannot know it before computing.")


def _z03():
    return {"x": _rng(6).random(10_000, chunks=1000)}


q("03.3", "known chunk sizes", STEM,
  lazy_array(_z03, lambda x: x[x > 0.5],
             mistakes=[Mistake("That is x itself, all of its values: y keeps only the values above 0.5.",
                               lambda x: x),
                       Mistake("You kept the values below 0.5: y keeps those above 0.5.", lambda x: x[x < 0.5])],
             hints={"unknown": "The sizes are still unknown: ask lazyarr to compute just the chunk sizes."}),
  ("There is a method that computes only the chunk sizes and keeps the array lazy.",
   "Look for an Array method whose name says it computes chunk sizes."),
  why="With known chunk sizes, slicing, rechunking and reshaping can be planned again.")

q("03.4", "indexing with several lists", STEM,
  lazy_array(_x03, lambda x: x[np.ix_([3, 30, 300], [1, 10, 50])],
             mistakes=[Mistake("Two lists side by side pick pairs (row 3 with column 1, and so on): 3 values. For "
                               "every combination of the rows and the columns, select the rows and the columns in "
                               "two steps (or with np.ix_).", lambda x: x[[3, 30, 300], [1, 10, 50]]),
                       Mistake("Those are the three whole rows: keep only columns 1, 10 and 50 of them.",
                               lambda x: x[[3, 30, 300]]),
                       Mistake("Those are the right rows, but the columns are in another order: keep columns 1, "
                               "10 and 50, in that order.", lambda x: x[np.ix_([3, 30, 300], [10, 1, 50])])],
             hints={"values": "Keep rows 3, 30 and 300 and columns 1, 10 and 50, in that order."}),
  ("Indexing with a list keeps the listed rows (or columns), in the list's order.",
   "x[[3, 30, 300]] keeps three rows; index the columns of that result with a second list."),
  why="List indexing stays lazy: each output block reads only the input blocks it needs.")


def _r03():
    return given("values = np.random.default_rng(7).normal(20, 2, 1000)\nvalues[::9] = np.nan\n"
                 "r = la.from_array(values, chunks=250)")()


q("03.6", "a mean that ignores missing values", STEM,
  lazy_array(_r03, lambda values, r: np.ma.masked_invalid(r).mean(),
             mistakes=[Mistake("That is the mean of all the readings, NaN included: one NaN makes the whole mean "
                               "NaN. Mark the missing readings as missing (mask them) first.",
                               lambda values, r: np.mean(r)),
                       Mistake("You counted the missing readings as 0, which pulls the mean down: leave them out "
                               "instead, by masking them.", lambda values, r: np.nan_to_num(r).mean()),
                       Mistake("That is the sum of the readings that are not missing: the question asks for their "
                               "mean.", lambda values, r: np.nansum(r))],
             hints={"values": "Take the mean of the readings that are not missing, and only of those."}),
  ("la.ma.masked_invalid marks every NaN as missing: it gives a masked array.",
   "Reductions of a masked array leave the masked values out."),
  why="Masked values are left out of every reduction, so a few missing readings no longer spoil the mean.")


# -- 04 NumPy functions -------------------------------------------------------------------
STEM = "04-numpy-functions"


def _x04():
    return {"x": _rng(7).random((600, 600), chunks=200)}


q("04.1", "NumPy functions on lazy arrays", STEM,
  lazy_array(_x04, lambda x: np.sqrt(x + x.T),
             mistakes=[Mistake("x + x doubles x: the question adds its transpose, x.T.", lambda x: np.sqrt(x + x)),
                       Mistake("x * x.T multiplies: the question takes the square root of the sum x + x.T.",
                               lambda x: np.sqrt(x * x.T)),
                       Mistake("The square root applies to x only: put the whole sum inside, np.sqrt(x + x.T).",
                               lambda x: np.sqrt(x) + x.T)],
             code=[uses_numpy_function()],
             hints={"code": "NumPy hands its own functions to lazyarr, so np.sqrt(lazy) stays lazy: that is "
                            "what this exercise is about."}),
  ("np.sqrt(lazy_array) returns a lazy array (NEP 13).", "x.T is the transpose."),
  why="NumPy hands ufuncs and functions to lazyarr, so NumPy code can stay as it is.")

q("04.2", "a matrix product", STEM,
  lazy_array(_x04, lambda x: np.dot(x, x + x.T), rtol=1e-9,
             mistakes=[Mistake("The operands are in the other order: a matrix product depends on the order, "
                               "np.dot(a, b) is not np.dot(b, a). The question multiplies x by x + x.T.",
                               lambda x: np.dot(x + x.T, x)),
                       Mistake("* multiplies element by element: the matrix product is np.dot or the @ operator.",
                               lambda x: x * (x + x.T)),
                       Mistake("That multiplies x by x.T only: the second operand is the sum x + x.T.",
                               lambda x: np.dot(x, x.T)),
                       Mistake("Operator precedence: x @ x + x.T means (x @ x) + x.T. Put the sum in "
                               "parentheses.", lambda x: np.dot(x, x) + x.T)],
             hints={"values": "Multiply x by (x + x.T) with np.dot or @, in that order."}),
  ("np.dot and @ both work on lazy arrays.", "Multiply x by (x + x.T), in that order."),
  why="A matrix product needs every block of a row of x with every block of a column: look at its graph.")

q("04.3", "a reduction along an axis", STEM,
  lazy_array(_x04, lambda x: x.std(axis=0),
             mistakes=[Mistake("That is the variance (.var): the standard deviation is its square root, .std.",
                               lambda x: x.var(axis=0)),
                       Mistake("ddof=1 divides by n - 1 (the sample estimate); NumPy's default, ddof=0, divides "
                               "by n, and the question uses the default.", lambda x: x.std(axis=0, ddof=1)),
                       Mistake("axis=1 gives one value per row; one value per column reduces down the rows, "
                               "axis=0.", lambda x: x.std(axis=1)),
                       Mistake("That is the variance along axis=1: the question wants the standard deviation "
                               "(.std) of each column (axis=0).", lambda x: x.var(axis=1)),
                       Mistake("That is the mean of each column: the standard deviation measures the spread, .std.",
                               lambda x: x.mean(axis=0))],
             code=[uses_method("std", "var")],
             hints={"shape": "One standard deviation per column: reduce along one axis, not all of them.",
                    "code": "Every NumPy reduction is also an array method, x.name(axis=...): use the method."}),
  ("Array methods have NumPy's names and arguments.", "x.std(axis=...)"),
  why="Reductions along an axis are tree reductions, one per column of blocks.")


def _ab04():
    rng = _rng(4)
    return {"a": rng.normal(200.0, 40.0, size=400_000, chunks=100_000),
            "b": rng.normal(199.5, 60.0, size=100_000, chunks=50_000)}


def _ttest(a, b, **kwargs):
    from scipy import stats  # the reference: SciPy on the same numbers, in memory

    return stats.ttest_ind(a, b, **kwargs)


q("04.5", "a t-test on two large samples", STEM,
  lazy_array(_ab04, lambda a, b: _ttest(a, b).pvalue,
             mistakes=[Mistake("That is the test statistic (.statistic, the first of the pair): the question asks "
                               "for the p-value, .pvalue.", lambda a, b: _ttest(a, b).statistic),
                       Mistake("equal_var=False is Welch's test; the question assumes equal variances (the "
                               "default, Student's test).", lambda a, b: _ttest(a, b, equal_var=False).pvalue),
                       Mistake("alternative='less' is a one-sided test; the question asks the default, "
                               "two-sided.", lambda a, b: _ttest(a, b, alternative="less").pvalue),
                       Mistake("alternative='greater' is a one-sided test; the question asks the default, "
                               "two-sided.", lambda a, b: _ttest(a, b, alternative="greater").pvalue)],
             hints={"values": "la.stats.ttest_ind(a, b) with the default arguments, then its p-value."}),
  ("la.stats has SciPy's tests for lazy arrays; a test returns a pair (statistic, pvalue).",
   "Call la.stats.ttest_ind on the two samples and take the .pvalue of the result."),
  why="A t-test needs only the count, mean and variance of each sample: lazyarr gets them in one pass, "
      "block by block, however large the samples are.")

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
    """Bytes in the largest (full-size) block. Smaller remainder blocks at the edges are not
    held against "each block": with chunks=512 they are unavoidable, and a teacher accepts them."""
    return float(np.prod([max(axis) for axis in chunks])) * 8


def _block_size_says(chunks: tuple) -> str:
    size = _block_bytes(chunks) / MiB
    words = "too big: memory fills up" if size > 8 else "too small: the per-task overhead dominates"
    return (f"Your largest block holds {size:.3g} MiB, {words}. Aim for 1 to 8 MiB: 8 bytes per float64, "
            "so about 125,000 to 1,000,000 elements per block.")


def _first_block_ones(answer: Array) -> Failure | None:
    (block,) = p.computed_quietly(answer.blocks[(0,) * answer.ndim])
    if not np.all(block == 1):
        return Failure("values", f"your first block computes to {p.summarize(block)}",
                       "The array should be full of ones: la.ones.")
    return None


q("05.2", "chunks that fit in memory", STEM,
  lazy_array(dict, shape=(20000, 20000), dtype=np.float64, values=_first_block_ones,
             chunks=lambda c: 1 * MiB <= _block_bytes(c) <= 8 * MiB, explain_chunks=_block_size_says,
             hints={"dtype": "The question asks for float64 numbers, la.ones' default: leave dtype= out."}),
  ("chunks= can be a shape like (1000, 1000) or a size like \"8 MiB\".",
   "Too large: memory; too small: scheduling overhead per task."),
  why="A few MiB to a few hundred MiB per block keeps memory bounded and overhead small.")

# -- 06 limits ----------------------------------------------------------------------------
STEM = "06-limits"


def _x06():
    return {"x": _rng(8).random((600, 800), chunks=(250, 300))}


q("06.1", "flattening", STEM,
  lazy_array(_x06, lambda x: x.reshape(-1),
             mistakes=[Mistake("That goes column by column (Fortran order, or x.T flattened): NumPy's ravel goes "
                               "row by row.", lambda x: x.T.reshape(-1))],
             hints={"shape": "Flattening gives a 1-D array: one axis, as many values as x has."}),
  ("reshape accepts -1 for 'work out this length'.", "Row-major order: the whole first row, then the second, ..."),
  why="Reshaping across block boundaries needs a rechunk first; lazyarr plans it for you.")


def _a06():
    la = _la()
    return {"a": _rng(9).random((300, 300), chunks=100) + 300 * la.eye(300, chunks=100)}


q("06.2", "a matrix inverse", STEM,
  lazy_array(_a06, lambda a: np.linalg.inv(a), rtol=1e-8,
             mistakes=[Mistake("1 / a (or a ** -1) inverts each element; the matrix inverse is a linear-algebra "
                               "function.", lambda a: 1 / a),
                       Mistake("That is the transpose of a, not its inverse.", lambda a: a.T)],
             hints={"values": "The matrix inverse comes from the linalg module, as in NumPy."}),
  ("lazyarr has a linalg module like NumPy's.", "The function has the same name as in np.linalg."),
  why="Blocked algorithms turn linear algebra into many small NumPy calls on blocks.")


def _x06h():
    return {"x": _rng(10).normal(size=100_000, chunks=10_000)}


def _histogram_check(setup, mask=None):
    """A lazy (counts, edges) pair of the setup's x (the first version's helper, kept for its callers)."""
    return histogram_pair(setup, bins=None, mask=mask)


q("06.3", "a histogram without range", STEM,
  histogram_pair(_x06h, bins=20, range_allowed=False, code=[without_keyword("range", "histogram")],
                 code_hint="Leave range= out: lazyarr finds the data's min and max itself, lazily."),
  ("la.histogram works like np.histogram.", "Without range=, the edges come from the data's min and max."),
  why="Without range, lazyarr first reduces to the min and max, then counts: two passes planned in one graph.")


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
  computed(_x07, lambda x: x.mean(), scheduler="distributed",
           mistakes=[Mistake("That is the sum: the mean divides it by the number of values.", lambda x: x.sum()),
                     Mistake("That is the largest value: the question asks for the mean.", lambda x: x.max())],
           hints={"values": "The question asks for the mean of all of x.",
                  "scheduler": "With the Client running, .compute() with no scheduler= runs on the cluster; "
                               "scheduler=\"threads\" or \"sync\" keeps the work on this machine."}),
  ("Build the lazy mean, then compute it.", "compute() runs on the cluster when a Client exists."),
  why="compute() sends the graph to the cluster and brings back only the small result.")

# -- 08 the classic exercise --------------------------------------------------------------
STEM = "08-classic-exercise"


def _normal_stats(answer: Array) -> Failure | None:
    return distribution("normal", 9, 1)(answer)


q("08.1", "normal values", STEM,
  lazy_array(dict, shape=(5000, 5000), dtype=lambda d: d.kind == "f", values=_normal_stats),
  ("la.random.normal takes the mean, the standard deviation and size=.",),
  why="25 million values, and nothing was computed yet.")

_type_of_sum = a_class(
    Array, hint="Python's built-in type() tells you the class of any object.",
    wrong_classes={np.ndarray: "Look again: NumPy hands the + to the lazy array (its __array_ufunc__), so the "
                               "result stays lazy."})

q("08.2", "lazy plus NumPy", STEM, _type_of_sum,
  ("Python's built-in type() tells you the class of any object.",
   "Mixing a lazy array with a NumPy array wraps the NumPy array as one block per chunk."),
  why="A NumPy operand becomes part of the graph; the result is lazy.")


def _x08():
    return {"x": _rng(13).normal(9, 1, size=(5000, 5000))}


def _below_ten(answer: Array) -> Failure | None:
    (got,) = p.computed_quietly(answer)
    want = int((numpy_inputs(_x08)["x"] < 10).sum())
    if got.size and got.max() >= 10:
        return Failure("values", f"your answer contains values from {got.min():.4g} up to {got.max():.4g}",
                       "Keep the values *below* 10: which comparison is True for them?")
    if got.size != want:
        return Failure("values", f"your answer has {got.size} values, all below 10",
                       "Keep every value below 10, and only those: < 10, not another threshold.")
    return None


q("08.3", "keep the values below 10", STEM,
  lazy_array(_x08, shape=(math.nan,), dtype=np.float64, values=_below_ten,
             hints={"shape": "Boolean indexing keeps only the selected values: a 1-D array of unknown length."}),
  ("A comparison like x < 10 is a lazy boolean mask.", "Index x with the mask."),
  why="The number of values kept is unknown until computed: the chunks are nan.")

q("08.4", "a lazy histogram", STEM, histogram_pair(_x08, bins=50, mask=lambda d: d < 10, whole="x"),
  ("la.histogram(y, bins=...) builds it lazily.", "Use y, the values below 10."),
  why="Nothing ran yet: counting will happen in the same pass as the masking.")


def _hist08():
    x = _x08()["x"]
    counts, edges = _la().histogram(x[x < 10], bins=50)
    return {"counts": counts, "edges": edges}


q("08.5", "compute the histogram", STEM,
  computed(_hist08, lambda counts, edges: (counts, edges), items=2, names=("counts", "edges"), computes=1,
           hints={"values": "The answer is (counts, edges) in that order.",
                  "computes": "counts and edges share the masked data: compute them in one la.compute call."}),
  ("la.compute(a, b) computes several results in one pass.",),
  why="One pass over 25 million values, in parallel, with bounded memory.")


# More questions register themselves from modules of their own (this one would pass 500 lines): the
# predict-then-run questions of lessons 01-08, and lessons 09-11.
from . import questions_09_to_11, questions_12, questions_predict  # noqa: E402, F401
