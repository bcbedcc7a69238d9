"""One pass over the data for every statistic: count, mean and central moment sums per line.

Every test in ``lazyarr.stats`` needs the same few numbers for each line along ``axis``: the
count ``n``, the mean, and the central moments ``m_k = sum((x - mean)**k) / n`` for k up to 4
(and, for ``f_oneway``, the smallest and largest value). :func:`summarize` gets all of them
in **one** tree reduction, so the data is read once however many statistics use it:

* each block gives ``n``, its own mean and the sums ``S_k = sum((x - block_mean)**k)``;
* two neighbours are merged by moving both sets of sums to the common mean with the
  binomial theorem, ``sum((x - c)**p) = sum_j C(p, j) * S_j * (block_mean - c)**(p - j)``
  (with ``S_0 = n`` and ``S_1 = 0``), and adding them. For p = 2 this is Chan et al.'s
  parallel variance update; it is exact algebra, and stable because each block's sums are
  taken about that block's own mean;
* the last partial is divided by ``n``.

The result is ordinary lazy float64 arrays (the shape of the data without ``axis``), so the
tests are then written as plain lazy arithmetic, formula for formula as in SciPy.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core.array import Array
from ...core.blockwise import Aligned, BlockRef, blockwise_array
from ...core.reduction import fold, reduction
from ...core.tokenize import tokenize

__all__: list[str] = []  # helpers only


class Summary:
    """Lazy per-line statistics of one sample: ``n``, ``mean``, ``moment[k]`` (central, biased),
    and ``min``/``max`` when asked for. Each is a float64 :class:`Array`."""

    def __init__(self, n: Array, mean: Array, moment: dict[int, Array], extremes: tuple[Array, Array] | None):
        self.n, self.mean, self.moment = n, mean, moment
        self.min, self.max = extremes if extremes is not None else (None, None)


def _accumulator(dtype: np.dtype) -> np.dtype:
    # At least float64 (as SciPy on float64 data; float32 data is summed more precisely than
    # SciPy does, then rounded to float32 at the end); longdouble stays longdouble.
    return np.result_type(dtype, np.float64)


def _chunk(block: np.ndarray, axis: tuple[int, ...], order: int, extremes: bool) -> dict:
    x = block.astype(_accumulator(block.dtype), copy=False)
    kept = [1 if i in axis else s for i, s in enumerate(x.shape)]
    n = np.full(kept, math.prod(x.shape[i] for i in axis), dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        # An empty block has mean 0 (not 0/0 = nan), so it adds nothing when merged.
        mean = np.sum(x, axis=axis, keepdims=True) / np.where(n == 0, 1, n)
        dev = x - mean
        part: dict[Any, Any] = {"n": n, "mean": mean}
        power = dev
        for k in range(2, order + 1):
            power = power * dev
            part[k] = np.sum(power, axis=axis, keepdims=True)
    if extremes:
        part["min"] = np.min(x, axis=axis, keepdims=True, initial=np.inf)
        part["max"] = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    return part


def _sums_about(part: dict, shift: np.ndarray, order: int) -> dict[int, np.ndarray]:
    """The sums ``S_p`` of *part* taken about ``block_mean - shift`` instead of its mean."""
    sums = {0: part["n"], 1: np.zeros_like(part["mean"])}
    sums.update({k: part[k] for k in range(2, order + 1)})
    return {p: sum(math.comb(p, j) * sums[j] * shift ** (p - j) for j in range(p + 1) if j != 1)
            for p in range(2, order + 1)}


def _merge(a: dict, b: dict, order: int) -> dict:
    n = a["n"] + b["n"]
    with np.errstate(invalid="ignore", over="ignore"):
        mean = a["mean"] + (b["mean"] - a["mean"]) * (b["n"] / np.where(n == 0, 1, n))
        out = {"n": n, "mean": mean}
        from_a = _sums_about(a, a["mean"] - mean, order)
        from_b = _sums_about(b, b["mean"] - mean, order)
    for k in range(2, order + 1):
        out[k] = from_a[k] + from_b[k]
    if "min" in a:
        out["min"] = np.minimum(a["min"], b["min"])
        out["max"] = np.maximum(a["max"], b["max"])
    return out


def _aggregate(part: dict, axis: tuple[int, ...], keepdims: bool, order: int) -> dict:
    empty = part["n"] == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out = {"n": part["n"], "mean": np.where(empty, np.nan, part["mean"])}
        out.update({k: part[k] / part["n"] for k in range(2, order + 1)})
    if "min" in part:
        out["min"], out["max"] = part["min"], part["max"]
    return {key: np.squeeze(value, axis=axis) for key, value in out.items()}


class _Field:
    """Picks one statistic out of a summary block (a dict)."""

    def __init__(self, key: Any):
        self.key = key
        self.__name__ = f"summary-{key}"

    def __call__(self, part: dict) -> np.ndarray:
        return part[self.key]

    def __lazyarr_token__(self) -> tuple:
        return ("summary-field", self.key)


def summarize(x: Array, axis: int | None, order: int = 2, extremes: bool = False,
              split_every: Any = None) -> Summary:
    """Count, mean, central moments up to *order* (and min/max) of *x* along *axis* (None: all).

    >>> import lazyarr as la
    >>> s = summarize(la.arange(10, chunks=3), axis=0)
    >>> la.compute(s.n, s.mean, s.moment[2])
    (np.float64(10.0), np.float64(4.5), np.float64(8.25))
    """
    axes = tuple(range(x.ndim)) if axis is None else (axis,)
    kwargs = {"order": order}

    def chunk(block: np.ndarray, axis: tuple[int, ...]) -> dict:
        return _chunk(block, axis, order, extremes)

    def merge(a: dict, b: dict) -> dict:
        return _merge(a, b, order)

    def aggregate(part: dict, axis: tuple[int, ...], keepdims: bool) -> dict:
        return _aggregate(part, axis, keepdims, order)

    chunk.__name__ = merge.__name__ = aggregate.__name__ = "moments"
    summary = reduction(x, chunk, fold(merge), aggregate, axis=axes, keepdims=False, dtype=object,
                        name="moments", split_every=split_every, chunk_kwargs=None, aggregate_kwargs=None)
    token = tokenize(summary.name, kwargs, extremes)

    def field(key: Any) -> Array:
        return blockwise_array(_Field(key), [BlockRef(summary.name, Aligned(summary.numblocks, summary.ndim))],
                               summary.chunks, np.float64, name=f"moments-{key}-{token}", inputs=[summary],
                               label="moments")

    moments = {k: field(k) for k in range(2, order + 1)}
    return Summary(field("n"), field("mean"), moments, (field("min"), field("max")) if extremes else None)
