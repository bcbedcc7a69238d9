"""Answers for every exercise, kept in tests/ (never shipped to learners).

For each question: the solution (built from scratch, exactly like the exercise's setup
lines plus the solution line) and at least two typical wrong answers with the property
and a fragment of the hint they must get. ``NEEDS`` names lazyarr features a question
relies on; tests skip, saying why, where a feature has not landed yet.
"""

import numpy as np

import lazyarr as la


def rng(seed):
    return la.random.default_rng(seed)


def x01():
    return rng(1).random((2000, 2000), chunks=500)


def x02():
    return rng(2).random((2000, 2000), chunks=500)


def x02r():
    return rng(3).random((2000, 2000), chunks=500)


def x03():
    return rng(4).random((1000, 100), chunks=(250, 50))


def y03():
    return rng(5).random(10_000, chunks=1000)


def z03():
    x = rng(6).random(10_000, chunks=1000)
    return x[x > 0.5]


def x04():
    return rng(7).random((600, 600), chunks=200)


def x06():
    return rng(8).random((600, 800), chunks=(250, 300))


def a06():
    return rng(9).random((300, 300), chunks=100) + 300 * la.eye(300, chunks=100)


def x06h():
    return rng(10).normal(size=100_000, chunks=10_000)


def x07():
    return rng(11).random((2000, 2000), chunks=500)


def x08():
    return rng(13).normal(9, 1, size=(5000, 5000))


def y08():
    x = x08()
    return x[x < 10]


def hist08():
    return la.histogram(y08(), bins=50)


def two_computes(a, b):
    return a.compute(), b.compute()


SOLUTIONS = {
    "00.1": lambda: 6 * 7,
    "01.1": lambda: la.zeros((1000, 2000), dtype="int32"),
    "01.2": lambda: 10 * x01().max(),
    "01.3": lambda: la.ones((2000, 3000), chunks=(500, 1000)).npartitions,
    "02.1": lambda: la.random.random((6000, 4000), chunks=1000),
    "02.2": lambda: la.compute(x02().min(), x02().max()),
    "02.3": lambda: x02r().rechunk((250, -1)),
    "03.1": lambda: x03()[:100:2, -1],
    "03.2": lambda: (lambda x: x[x > 0.9])(y03()),
    "03.3": lambda: z03().compute_chunk_sizes(),
    "04.1": lambda: np.sqrt(x04() + x04().T),
    "04.2": lambda: np.dot(x04(), x04() + x04().T),
    "04.3": lambda: x04().std(axis=0),
    "05.1": lambda: "numpy",
    "05.2": lambda: la.ones((20000, 20000), chunks=(1000, 1000)),
    "06.1": lambda: x06().reshape(-1),
    "06.2": lambda: la.linalg.inv(a06()),
    "06.3": lambda: la.histogram(x06h(), bins=20),
    "07.1": lambda: "distributed",
    "07.2": lambda: x07().mean().compute(),
    "08.1": lambda: la.random.normal(9, 1, size=(5000, 5000)),
    "08.2": lambda: type(x08() + np.ones((5000, 5000))),
    "08.3": y08,
    "08.4": hist08,
    "08.5": lambda: la.compute(*hist08()),
}

# qid -> [(wrong answer, first failing property, fragment of the hint shown)]
WRONG = {
    "00.1": [(lambda: 67, "value", "side by side"), (lambda: 13, "value", "the sum"),
             (lambda: "42", "type", "whole number")],
    "01.1": [(lambda: np.zeros((1000, 2000), dtype=np.int32), "lazy", "ran too early"),
             (lambda: la.zeros((2000, 1000), dtype="int32"), "shape", "(rows, columns"),
             (lambda: la.zeros((1000, 2000)), "dtype", "float64 unless")],
    "01.2": [(lambda: (10 * x01().max()).compute(), "lazy", "ran too early"),
             (lambda: 10 * x01(), "shape", "single number"),
             (lambda: x01().max(), "values", "multiply by 10")],
    "01.3": [(lambda: 7, "value", "multiply the number of blocks"),
             (lambda: 4, "value", "first axis only"),
             (lambda: la.ones((2000, 3000), chunks=(500, 1000)).numblocks, "type", "one whole number")],
    "02.1": [(lambda: la.random.random((6000, 4000)), "chunks", "chunks="),
             (lambda: la.random.random((4000, 6000), chunks=1000), "shape", "(rows, columns"),
             (lambda: la.random.random((6000, 4000), chunks=(2000, 2000)), "chunks", "chunks="),
             (lambda: la.random.normal(size=(6000, 4000), chunks=1000), "values", "la.random.random")],
    "02.2": [(lambda: (x02().min(), x02().max()), "computed", "still a lazy recipe"),
             (lambda: two_computes(x02().min(), x02().max()), "computes", "shares that work"),
             (lambda: la.compute(x02().max(), x02().min()), "values", "(lowest, highest)")],
    "02.3": [(lambda: x02r().rechunk(250), "chunks", "250 rows tall"),
             (lambda: x02r().rechunk((2000, 250)), "chunks", "250 rows tall"),
             (lambda: x02r().T.rechunk((250, -1)), "values", "same places")],
    "03.1": [(lambda: x03()[:100, -1], "shape", "(rows, columns"),
             (lambda: x03()[:100:2, 0], "values", "which column"),
             (lambda: x03().compute()[:100:2, -1], "lazy", "ran too early")],
    "03.2": [(lambda: y03() > 0.9, "shape", "unknown (nan)"),
             (lambda: (lambda x: x[x < 0.9])(y03()), "values", "greater than"),
             (lambda: (lambda x: x[x > 0.9])(y03().compute()), "lazy", "ran too early")],
    "03.3": [(z03, "shape", "compute just the chunk sizes"),
             (lambda: z03().compute(), "lazy", "ran too early")],
    "04.1": [(lambda: np.sqrt(x04().compute() + x04().compute().T), "lazy", "ran too early"),
             (lambda: np.sqrt(x04() + x04()), "values", "numbers differ")],
    "04.2": [(lambda: x04() * (x04() + x04().T), "values", "Elementwise"),
             (lambda: np.dot(x04(), x04() + x04().T).compute(), "lazy", "ran too early"),
             (lambda: x04() @ x04().T, "values", "Elementwise")],
    "04.3": [(lambda: x04().std(), "shape", "One standard deviation per column"),
             (lambda: x04().std(axis=1), "values", "axis=0 goes down"),
             (lambda: x04().var(axis=0), "values", "axis=0 goes down")],
    "05.1": [(lambda: "lazyarr", "value", "overhead dominates"), (lambda: "both", "choice", "one of"),
             (lambda: 1, "type", "two words, in quotes")],
    "05.2": [(lambda: la.ones((20000, 20000)), "chunks", "between 1 MiB and 8 MiB"),
             (lambda: la.ones((20000, 20000), chunks=100), "chunks", "between 1 MiB and 8 MiB"),
             (lambda: la.zeros((20000, 20000), chunks=1000), "values", "full of ones")],
    "06.1": [(lambda: x06().reshape(800, 600), "shape", "(rows, columns"),
             (lambda: x06().T.reshape(-1), "values", "without transposing"),
             (lambda: x06().compute().ravel(), "lazy", "ran too early")],
    "06.2": [(lambda: 1 / a06(), "values", "inverts each element"),
             (lambda: np.linalg.inv(a06().compute()), "lazy", "ran too early"),
             (lambda: a06().T, "values", "inverts each element")],
    "06.3": [(lambda: np.histogram(x06h().compute(), bins=20), "lazy", "eager"),
             (lambda: la.histogram(x06h(), bins=10, range=(0, 1)), "values", "exactly one bin"),
             (lambda: la.histogram(x06h(), bins=20)[0], "type", "(counts, bin_edges)")],
    "07.1": [(lambda: "threads", "value", "default scheduler"), (lambda: "sync", "value", "only used"),
             (lambda: "processes", "choice", "one of")],
    "07.2": [(lambda: x07().mean(), "computed", "still a lazy recipe"),
             (lambda: x07().sum().compute(), "values", "mean of x")],
    "08.1": [(lambda: la.random.normal(1, 9, size=(5000, 5000)), "values", "loc is the mean"),
             (lambda: la.random.normal(9, 1, size=(500, 500)), "shape", "(rows, columns"),
             (lambda: la.random.random((5000, 5000)) + 9, "values", "loc is the mean")],
    "08.2": [(lambda: np.ndarray, "type", "result stays lazy"),
             (lambda: "lazy", "type", "not a string or an instance")],
    "08.3": [(lambda: x08() < 10, "shape", "unknown length"),
             (lambda: (lambda x: x[x > 10])(x08()), "values", "*below* 10"),
             (lambda: (lambda x: x[x < 10])(x08().compute()), "lazy", "ran too early")],
    "08.4": [(lambda: la.histogram(x08(), bins=50), "values", "only the selected values"),
             (lambda: np.histogram(y08().compute(), bins=50), "lazy", "eager")],
    "08.5": [(lambda: two_computes(*hist08()), "computes", "one la.compute call"),
             (hist08, "computed", "still a lazy recipe")],
}

NEEDS = {
    "03.2": "masks", "03.3": "compute_chunk_sizes", "06.2": "linalg", "06.3": "histogram",
    "08.3": "masks", "08.4": "histogram", "08.5": "histogram",
}
