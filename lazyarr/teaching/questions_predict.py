"""The predict-then-run questions of lessons 01-08: write down a number or a word, then run the code.

Counts are judged against what lazyarr works out at check time (:mod:`.predict`), so they stay
right when the library's graphs change; fixed answers (a memory pattern, yes or no, zero tasks)
are salted hashes, as in ``questions.py``. Each question's typical wrong predictions get a hint
of their own.
"""

from __future__ import annotations

from .kinds import literal
from .predict import predicted_number
from .registry import Question, register


def _la():
    import lazyarr

    return lazyarr


def _rng(seed: int):
    return _la().random.default_rng(seed)


def q(qid: str, title: str, stem: str, inspect, hints: tuple[str, ...], why: str = "") -> None:
    register(Question(qid, title, stem, inspect, hints, why))


# -- 01 lazy arrays -----------------------------------------------------------------------
STEM = "01-lazy-arrays"


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


# -- 03 indexing --------------------------------------------------------------------------
STEM = "03-indexing"


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


# -- 04 numpy functions -------------------------------------------------------------------
STEM = "04-numpy-functions"


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


# -- 08 classic exercise ------------------------------------------------------------------
STEM = "08-classic-exercise"


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
