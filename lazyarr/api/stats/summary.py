"""One pass over the data for every statistic: count, mean and central moment sums per line.

Every test in ``lazyarr.stats`` needs the same few numbers for each line along ``axis``: the
count ``n``, the mean, and the central moments ``m_k = sum((x - mean)**k) / n`` for k up to 4
(and, for ``f_oneway``, the smallest and largest value). :func:`summarize` gets all of them
in **one** tree reduction, so the data is read once however many statistics use it:

* each block gives the sums ``S_k = sum((x - c)**k)`` for k = 0 (the count ``n``) to 4
  about its own mean ``c`` (a centre near the data keeps the powers small and accurate);
* two neighbours are merged by moving both sets of sums to a common centre with the
  binomial theorem, ``sum((x - c - d)**p) = sum_j C(p, j) * S_j * (-d)**(p - j)``, and
  adding them. For p = 2 this is Chan et al.'s parallel variance update; it is exact algebra;
* at the end the sums are moved once more, to the exact mean ``c + S_1 / n`` (``S_1``
  holds what rounding ``c`` lost: with data like ``1e9 + noise`` that matters), and
  divided by ``n``.

The result is ordinary lazy float64 arrays (the shape of the data without ``axis``), so the
tests are then written as plain lazy arithmetic, formula for formula as in SciPy.
"""

from __future__ import annotations

import functools
import math
import string
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


def _power_sum(dev: np.ndarray, k: int, axis: tuple[int, ...], kept: list[int]) -> np.ndarray:
    """``sum(dev**k)`` over *axis* (kept as length 1), without a temporary array of the block's size:
    ``einsum`` multiplies the k factors as it adds them up (faster, and one block less in memory)."""
    letters = string.ascii_letters[: dev.ndim]
    out = "".join(c for i, c in enumerate(letters) if i not in axis)
    return np.einsum(",".join([letters] * k) + "->" + out, *([dev] * k)).reshape(kept)


def _chunk(block: np.ndarray, axis: tuple[int, ...], order: int, extremes: bool) -> dict:
    x = block.astype(_accumulator(block.dtype), copy=False)
    kept = [1 if i in axis else s for i, s in enumerate(x.shape)]
    n = np.full(kept, math.prod(x.shape[i] for i in axis), dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # An empty block has mean 0 (not 0/0 = nan), so it adds nothing when merged.
        centre = np.sum(x, axis=axis, keepdims=True) / np.where(n == 0, 1, n)
        part: dict[Any, Any] = {"centre": centre, 0: n}
        if extremes:
            part["min"] = np.min(x, axis=axis, keepdims=True, initial=np.inf)
            part["max"] = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
        # The deviations overwrite x when x is already a converted copy (one block less in memory).
        dev = np.subtract(x, centre, out=x if x is not block else None)
        # S_1 is not exactly 0: it holds what rounding the centre lost (used at the end).
        part[1] = np.sum(dev, axis=axis, keepdims=True)
        for k in range(2, order + 1):
            part[k] = _power_sum(dev, k, axis, kept)
    return part


def _move(part: dict, d: np.ndarray, order: int) -> dict[int, np.ndarray]:
    """The sums of *part* about its centre plus *d*: ``sum((x - c - d)**p) = sum_j C(p, j) S_j (-d)**(p - j)``."""
    with np.errstate(invalid="ignore", over="ignore"):
        return {p: sum(math.comb(p, j) * part[j] * (-d) ** (p - j) for j in range(p + 1)) for p in range(order + 1)}


def _merge(a: dict, b: dict, order: int) -> dict:
    n = a[0] + b[0]
    with np.errstate(invalid="ignore"):
        centre = a["centre"] + (b["centre"] - a["centre"]) * (b[0] / np.where(n == 0, 1, n))
    moved_a, moved_b = _move(a, centre - a["centre"], order), _move(b, centre - b["centre"], order)
    out: dict[Any, Any] = {"centre": centre}
    out.update({k: moved_a[k] + moved_b[k] for k in range(order + 1)})
    if "min" in a:
        out["min"] = np.minimum(a["min"], b["min"])
        out["max"] = np.maximum(a["max"], b["max"])
    return out


def _aggregate(part: dict, axis: tuple[int, ...], keepdims: bool, order: int) -> dict:
    n = part[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        # The exact mean is the centre plus the mean deviation from it, S_1 / n (a number
        # that may be below the centre's rounding, so the sums are moved by it directly).
        correction = np.where(n == 0, 0, part[1] / np.where(n == 0, 1, n))
        mean = part["centre"] + correction
        sums = _move(part, correction, order)
        out = {"n": n, "mean": np.where(n == 0, np.nan, mean)}
        out.update({k: sums[k] / n for k in range(2, order + 1)})
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
    summary = reduction(x, _chunk, fold(functools.partial(_merge, order=order)), _aggregate, axis=axes,
                        keepdims=False, dtype=object, name="moments", split_every=split_every,
                        chunk_kwargs={"order": order, "extremes": extremes}, aggregate_kwargs={"order": order})

    def field(key: Any) -> Array:
        """One statistic of the summary, as a float64 array (its blocks picked out of the dicts)."""
        return blockwise_array(_Field(key), [BlockRef(summary.name, Aligned(summary.numblocks, summary.ndim))],
                               summary.chunks, np.float64, name=f"moments-{key}-{tokenize(summary.name, key)}",
                               inputs=[summary], label="moments")

    moments = {k: field(k) for k in range(2, order + 1)}
    return Summary(field("n"), field("mean"), moments, (field("min"), field("max")) if extremes else None)
