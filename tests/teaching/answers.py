"""Answers for every exercise, kept in tests/ (never shipped to learners).

For each question: the solution (built from scratch, exactly like the exercise's setup
lines plus the solution line) and at least two typical wrong answers with the property
and a fragment of the hint they must get. ``RIGHT`` holds more right answers, reached in
different ways, for the newer questions (at least four each, the solution first). ``NEEDS``
names lazyarr features a question relies on; tests skip, saying why, where a feature has not
landed yet. Lesson 11's answers read the capstone store: the tests make the small one
(``tests/teaching/conftest.py``).
"""

import os
import pathlib
import tempfile

import numpy as np
import zarr

import lazyarr as la
from lazyarr.teaching import capstone


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


# -- newer questions: predict-then-run (01-08), lessons 09-11 --------------------------------------
def ones01():
    return la.ones((4000, 6000), chunks=(1000, 2000))


def sum02():
    return la.ones(2700, chunks=100).sum(split_every=3)


def masked03():
    x = rng(6).random(10_000, chunks=1000)
    return x[x > 0.5]


def x04p():
    return rng(7).random((800, 800), chunks=200)


def npy09():
    """x of exercise 09.1 written to a fresh .npy file; returns the path."""
    path = os.path.join(tempfile.mkdtemp(prefix="lazyarr-ex09-"), "x.npy")
    rng(20).random((1024, 256), chunks=(128, 256)).to_npy(path)
    return path


def zarr09(make):
    """Write make(x) for exercise 09.3's x to a fresh Zarr store; returns the path."""
    x = rng(21).random((1024, 256), chunks=(128, 256))
    path = os.path.join(tempfile.mkdtemp(prefix="lazyarr-ex09-"), "standardized.zarr")
    make(x).to_zarr(path)
    return path


def standardized(x):
    return (x - x.mean()) / x.std()


def y10():
    x = la.ones((1000, 1000), chunks=250)
    return (x + 1).sum(axis=1)


def slow(block):
    return block


def z10():
    return la.ones((600, 600), chunks=200).map_blocks(slow) * 2


def profiled_tasks10():
    with la.diagnostics.Profiler() as prof:
        z10().sum().compute()
    return len(prof.results)


def path11():
    return str(capstone.prepare())


def raw11():
    return la.from_zarr(path11())


def t11():
    raw = raw11()
    return la.where((raw > -90) & (raw < 60), raw, np.nan)


def years11():
    return raw11().shape[0] // 365


def annual11(t):
    return la.nanmean(t.reshape(years11(), 365, *t.shape[1:]), axis=(1, 2, 3))


def set_nan11():
    raw = raw11()
    t = raw.copy()
    t[(raw <= -90) | (raw >= 60)] = np.nan
    return t


def two_passes11():
    t = t11()
    return la.nanmean(t, axis=0).compute(), annual11(t).compute()


SOLUTIONS.update({
    "01.4": lambda: 24,
    "02.4": lambda: 68,
    "03.4": lambda: x03()[[3, 30, 300]][:, [1, 10, 50]],
    "03.5": lambda: 10,
    "04.4": lambda: 48,
    "05.3": lambda: "few",
    "06.4": lambda: "yes",
    "07.3": lambda: 0,
    "08.6": lambda: 51,
    "09.1": lambda: la.from_npy(npy09(), chunks=(128, 256)),
    "09.2": lambda: 1024 * 256 * 8,
    "09.3": lambda: la.from_zarr(zarr09(standardized)),
    "10.1": lambda: 56,
    "10.2": profiled_tasks10,
    "10.3": lambda: la.ones((200, 200), chunks=100) + 1,
    "11.1": lambda: la.from_zarr(path11()),
    "11.2": t11,
    "11.3": lambda: 4,
    "11.4": lambda: la.nanmean(t11(), axis=0),
    "11.5": lambda: la.compute(la.nanmean(t11(), axis=0), annual11(t11())),
})

RIGHT = {
    "01.4": [SOLUTIONS["01.4"], lambda: 24.0, lambda: np.int64(24), lambda: 2 * ones01().npartitions,
             lambda: len((ones01() + 1).graph)],
    "02.4": [SOLUTIONS["02.4"], lambda: 27 + 27 + 9 + 3 + 1 + 1, lambda: 68.0, lambda: len(sum02().graph),
             lambda: np.int64(68)],
    "03.4": [SOLUTIONS["03.4"], lambda: x03()[np.ix_([3, 30, 300], [1, 10, 50])],
             lambda: x03()[:, [1, 10, 50]][[3, 30, 300]], lambda: x03()[[[3], [30], [300]], [1, 10, 50]],
             lambda: np.take(np.take(x03(), [3, 30, 300], axis=0), [1, 10, 50], axis=1)],
    "03.5": [SOLUTIONS["03.5"], lambda: 10.0, lambda: masked03().numblocks[0], lambda: len(masked03().chunks[0]),
             lambda: rng(6).random(10_000, chunks=1000).npartitions],
    "04.4": [SOLUTIONS["04.4"], lambda: 3 * 16, lambda: 48.0, lambda: len((x04p() + x04p().T).graph),
             lambda: np.int64(48)],
    "05.3": [SOLUTIONS["05.3"], lambda: "Few", lambda: " few ", lambda: "FEW"],
    "06.4": [SOLUTIONS["06.4"], lambda: "Yes", lambda: "yes ", lambda: "YES"],
    "07.3": [SOLUTIONS["07.3"], lambda: np.int64(0), lambda: 16 - 16, lambda: int("0")],
    "08.6": [SOLUTIONS["08.6"], lambda: 50 + 1, lambda: 51.0, lambda: hist08()[1].shape[0], lambda: np.int64(51)],
    "09.1": [SOLUTIONS["09.1"], lambda: la.from_npy(npy09(), chunks=(128, -1)),
             lambda: la.from_npy(npy09(), chunks={0: 128, 1: -1}), lambda: la.from_npy(npy09()).rechunk((128, -1)),
             lambda: la.from_npy(pathlib.Path(npy09()), chunks=((128,) * 8, (256,)))],
    "09.2": [SOLUTIONS["09.2"], lambda: 2097152 + 128, lambda: rng(20).random((1024, 256)).nbytes,
             lambda: 2.1e6, lambda: os.path.getsize(npy09())],
    "09.3": [SOLUTIONS["09.3"], lambda: la.from_zarr(zarr09(lambda x: (x - np.mean(x)) / np.std(x))),
             lambda: la.from_zarr(zarr09(lambda x: (x - x.mean()) / x.std(ddof=0))),
             lambda: la.from_zarr(zarr09(lambda x: (x - x.mean()) / np.sqrt(x.var()))),
             lambda: la.from_zarr(zarr09(standardized), chunks=(256, 256))],
    "10.1": [SOLUTIONS["10.1"], lambda: 16 * 3 + 4 + 4, lambda: 56.0, lambda: len(y10().graph), lambda: np.int64(56)],
    "10.2": [SOLUTIONS["10.2"], lambda: 10, lambda: 10.0, lambda: 9 + 1, lambda: np.int64(10)],
    "10.3": [SOLUTIONS["10.3"], lambda: la.full((200, 200), 2.0), lambda: la.ones((200, 200)) * 2,
             lambda: la.ones((200, 200), chunks=(100, 200)) + 1,
             lambda: la.from_array(np.full((200, 200), 2.0), chunks=100)],
    "11.1": [SOLUTIONS["11.1"], lambda: la.from_zarr(pathlib.Path(path11())),
             lambda: la.from_zarr(path11(), chunks=zarr.open_array(path11(), mode="r").chunks),
             lambda: la.from_zarr(path11())[:]],
    "11.2": [SOLUTIONS["11.2"], lambda: la.where((raw11() < -90) | (raw11() > 60), np.nan, raw11()),
             set_nan11, lambda: np.where(abs(raw11()) < 100, raw11(), np.nan)],
    "11.3": [SOLUTIONS["11.3"], lambda: 2 * 2, lambda: t11().numblocks[1] * t11().numblocks[2],
             lambda: la.nanmean(t11(), axis=0).npartitions, lambda: 4.0],
    "11.4": [SOLUTIONS["11.4"], lambda: np.nanmean(t11(), axis=0),
             lambda: la.nansum(t11(), axis=0) / (~la.isnan(t11())).sum(axis=0), lambda: la.nanmean(t11(), 0)],
    "11.5": [SOLUTIONS["11.5"],
             lambda: la.compute(np.nanmean(t11(), axis=0),
                                la.nanmean(t11().reshape(years11(), 365, -1), axis=(1, 2))),
             lambda: la.compute(la.nanmean(t11(), axis=0),
                                la.stack([la.nanmean(t11()[365 * i:365 * (i + 1)]) for i in range(years11())])),
             lambda: la.compute(la.nanmean(t11(), axis=0),
                                la.nansum(t11().reshape(years11(), -1), axis=1)
                                / (~la.isnan(t11().reshape(years11(), -1))).sum(axis=1))],
}

WRONG.update({
    "01.4": [(lambda: 12, "prediction", "how many tasks x has"), (lambda: 13, "prediction", "block by block"),
             (lambda: 1, "prediction", "tasks of its own"), (lambda: 20, "prediction", "Count the tasks of x"),
             (lambda: "24", "type", "one whole number"), (lambda: 24.5, "type", "one whole number")],
    "02.4": [(lambda: 27, "prediction", "blocks only"), (lambda: 54, "prediction", "3 at a time"),
             (lambda: 63, "prediction", "combine again"), (lambda: 66, "prediction", "combine again"),
             (lambda: 67, "prediction", "the last step"), (lambda: 38, "prediction", "Add up the tasks"),
             (lambda: "68", "type", "one whole number")],
    "03.4": [(lambda: x03()[[3, 30, 300], [1, 10, 50]], "shape", "pick pairs"),
             (lambda: x03()[[3, 30, 300]], "shape", "(rows, columns"),
             (lambda: x03()[[3, 30, 300]][:, [10, 1, 50]], "values", "in that order"),
             (lambda: x03().compute()[np.ix_([3, 30, 300], [1, 10, 50])], "lazy", "ran too early")],
    "03.5": [(lambda: 1, "prediction", "does not gather"), (lambda: 5, "prediction", "never drops"),
             (lambda: "nan", "type", "block lengths are unknown"), (lambda: float("nan"), "type", "whole number"),
             (lambda: 20, "prediction", "block by block")],
    "04.4": [(lambda: 16, "prediction", "tasks of x alone"), (lambda: 32, "prediction", "Three steps"),
             (lambda: 27, "prediction", "Count the operations"), (lambda: "48", "type", "one whole number")],
    "05.3": [(lambda: "all", "value", "never in memory"), (lambda: "one", "value", "Several threads"),
             (lambda: "some", "choice", "one of"), (lambda: 2, "type", "one of the three words")],
    "06.4": [(lambda: "no", "value", "5 whole rows"), (lambda: "maybe", "choice", "one of"),
             (lambda: False, "type", "in quotes"), (lambda: 0, "type", "in quotes")],
    "07.3": [(lambda: 16, "value", "already made the 16 blocks"), (lambda: 1, "value", "not even one"),
             (lambda: 32, "value", "What did persist() do"), (lambda: "0", "type", "one whole number")],
    "08.6": [(lambda: 50, "prediction", "one more edge"), (lambda: 52, "prediction", "2 bins"),
             (lambda: 100, "prediction", "Draw 3 bins"), (lambda: "51", "type", "one whole number")],
    "09.1": [(lambda: rng(20).random((1024, 256), chunks=(128, 256)), "source", "does not read the file"),
             (lambda: la.from_npy(npy09()), "chunks", "128 whole rows"),
             (lambda: la.from_npy(npy09(), chunks=128), "chunks", "128 whole rows"),
             (lambda: np.load(npy09()), "lazy", "ran too early"),
             (lambda: la.from_npy(npy09(), chunks=(128, 256)).T, "shape", "(rows, columns")],
    "09.2": [(lambda: 1024 * 256, "prediction", "number of values"),
             (lambda: 1024 * 256 * 4, "prediction", "8 bytes each"),
             (lambda: 1024 * 256 * 64, "prediction", "bits"), (lambda: 3_000_000, "prediction", "raw values"),
             (lambda: "2 MB", "type", "one whole number")],
    "09.3": [(lambda: standardized(rng(21).random((1024, 256), chunks=(128, 256))), "source", "not read back"),
             (lambda: la.from_zarr(zarr09(lambda x: x)), "values", "Standardize"),
             (lambda: la.from_zarr(zarr09(lambda x: (x - x.mean()) / x.std(ddof=1))), "values", "Standardize"),
             (lambda: la.from_zarr(zarr09(lambda x: (x - x.mean()) / x.var())), "values", "Standardize"),
             (lambda: la.from_zarr(zarr09(standardized)).compute(), "lazy", "ran too early")],
    "10.1": [(lambda: 16, "prediction", "first operation only"), (lambda: 32, "prediction", "Some operations"),
             (lambda: 48, "prediction", "Some operations"), (lambda: 60, "prediction", "Count the blocks"),
             (lambda: "56", "type", "one whole number")],
    "10.2": [(lambda: len(z10().sum().graph), "prediction", "before it runs"),
             (lambda: 9, "prediction", "len(prof.results)"), (lambda: "10", "type", "one whole number"),
             (lambda: 10.5, "type", "one whole number")],
    "10.3": [(lambda: (la.ones((200, 200), chunks=2) + 1).rechunk(100), "tasks", "Rechunking keeps"),
             (lambda: la.ones((200, 200), chunks=10) + 1, "tasks", "bigger blocks"),
             (lambda: la.ones((200, 200), chunks=100), "values", "ones plus one"),
             (lambda: (la.ones((200, 200), chunks=100) + 1).compute(), "lazy", "ran too early"),
             (lambda: la.ones((100, 100)) + 1, "shape", "(rows, columns")],
    "11.1": [(capstone.synthetic_temperature, "source", "does not read the Zarr store"),
             (lambda: la.from_zarr(path11(), chunks=(100, 36, 72)), "chunks", "store's chunks"),
             (lambda: la.from_zarr(path11()).astype("f8"), "dtype", "float32"),
             (lambda: zarr.open_array(path11(), mode="r")[:], "lazy", "ran too early"),
             (lambda: la.from_zarr(path11())[:365], "shape", "(rows, columns")],
    "11.2": [(lambda: raw11()[(raw11() > -90) & (raw11() < 60)], "shape", "Keep the shape"),
             (lambda: la.where(raw11() == -999, np.nan, raw11()), "values", "out of range"),
             (lambda: la.where((raw11() > -90) & (raw11() < 60), raw11(), 0), "values", "real temperature"),
             (raw11, "values", "out of range"),
             (lambda: t11().compute(), "lazy", "ran too early")],
    "11.3": [(lambda: 1, "prediction", "keeps the blocks along latitude"),
             (lambda: raw11().npartitions, "prediction", "no time axis left"),
             (lambda: 3, "prediction", "Which axes"), (lambda: "4", "type", "one whole number")],
    "11.4": [(lambda: t11().mean(axis=0), "values", "skips NaN"),
             (lambda: la.nanmean(t11(), axis=(1, 2)), "shape", "keeps latitude and longitude"),
             (lambda: la.nanmean(raw11(), axis=0), "values", "still in"),
             (lambda: la.nanmean(t11(), axis=0).compute(), "lazy", "ran too early")],
    "11.5": [(two_passes11, "computes", "reads it once"),
             (lambda: (la.nanmean(t11(), axis=0), annual11(t11())), "computed", "still a lazy recipe"),
             (lambda: la.compute(annual11(t11()), la.nanmean(t11(), axis=0)), "values", "(map, annual)"),
             (lambda: la.compute(la.nanmean(t11(), axis=0), la.nanmean(raw11().reshape(years11(), -1), axis=1)),
              "values", "(map, annual)")],
})

NEEDS.update({"09.1": "storage", "09.3": "storage", "10.2": "diagnostics", "11.1": "storage", "11.2": "storage",
              "11.3": "storage", "11.4": "storage", "11.5": "storage"})
