"""Tall-and-skinny QR (TSQR) and the SVD, randomized SVD and least squares built on it.

TSQR factors a matrix cut into row blocks ``A = [A_0; A_1; ...]`` (all columns in
each block) in three steps:

1. every block is factored on its own: ``A_i = Q_i R_i`` (parallel, one task each);
2. the small ``R_i`` (each ``n x n``) are stacked and factored once: ``[R_0; R_1; ...] = Q2 R``;
3. the final ``Q`` block ``i`` is ``Q_i @ Q2_i`` (``Q2_i``: the rows of ``Q2`` for block ``i``).

Only step 2 sees more than one block, and it holds ``number_of_blocks * n * n``
numbers: a million rows by 100 columns in 100 blocks needs 80 MB there. The SVD adds
one small SVD of ``R`` in step 2: ``A = Q R = (Q U_R) S V^H``.

Signs: like every QR/SVD, the columns of ``Q``/``U`` are determined only up to sign
(a phase for complex); lazyarr's signs may differ from NumPy's. Compare products
(``Q @ R``, ``U * S @ Vh``) and singular values, not the factors.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ...core.array import Array
from ...core.blockwise import Aligned, BlockRef, PerBlock, blockwise_array
from ...core.chunks import chunk_boundaries
from ...core.index_maps import AllBlocks, FirstBlock
from ...core.tokenize import tokenize
from ..registry import implements
from ._matrixwise import apply_matrixwise, lazy_data

__all__ = ["QRResult", "SVDResult", "lstsq", "qr", "sfqr", "svd", "svd_compressed", "tsqr"]


# NumPy reports lstsq's rank as the LAPACK integer type (int32), whatever the platform's int.
_RANK_DTYPE = np.asarray(np.linalg.lstsq(np.ones((1, 1)), np.ones(1))[2]).dtype


class QRResult(NamedTuple):
    """What :func:`qr` returns: ``Q`` with orthonormal columns and upper-triangular ``R``.

    >>> import lazyarr as la
    >>> q, r = la.linalg.qr(la.ones((6, 2), chunks=(3, 2)))
    >>> q.shape, r.shape
    ((6, 2), (2, 2))
    """

    Q: Array
    R: Array


class SVDResult(NamedTuple):
    """What :func:`svd` returns: ``U``, the singular values ``S`` and ``Vh``, with ``a = U * S @ Vh``.

    >>> import lazyarr as la
    >>> la.linalg.svd(la.eye(4, chunks=2) * 2).S.compute()
    array([2., 2., 2., 2.])
    """

    U: Array
    S: Array
    Vh: Array


# --------------------------------------------------------------------------------------
# The three TSQR steps, as block functions
# --------------------------------------------------------------------------------------
def _qr_block(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.linalg.qr(block)


def _combine_r(parts: list, want_svd: bool, pad_to: int | None = None) -> tuple:
    """Step 2: QR of the stacked R factors (and the SVD of the final R if wanted).

    With *pad_to* (unknown row counts) each R is first padded with zero rows to that many.
    """
    rs = [p[1] for p in parts]
    if pad_to is not None:
        rs = [np.concatenate([r, np.zeros((pad_to - r.shape[0], r.shape[1]), r.dtype)]) for r in rs]
    stacked = np.concatenate(rs, axis=0)
    q2, r = np.linalg.qr(stacked)
    if not want_svd:
        return q2, r
    u_r, s, vh = np.linalg.svd(r, full_matrices=False)
    return q2 @ u_r, s, vh


def _apply_q2(part: tuple, combined: tuple, rows: Any) -> np.ndarray:
    """Step 3: this block's Q times its rows of the combined Q (or Q U_R)."""
    if not isinstance(rows, slice):  # unknown row counts: the block's first row in Q2, known now
        rows = slice(rows, rows + part[0].shape[1])
    return part[0] @ combined[0][rows]


def _pick(values: tuple, i: int) -> Any:
    return values[i]


def _result_dtype(dtype: np.dtype) -> np.dtype:
    return np.linalg.qr(np.eye(2, dtype=dtype))[0].dtype


def tsqr(a: Any, compute_svd: bool = False) -> tuple[Array, ...]:
    """TSQR of a 2-d lazy array: ``(Q, R)``, or ``(U, S, Vh)`` with ``compute_svd=True``.

    Columns are rechunked into one block; rows keep their blocks. The result has the
    shapes of NumPy's ``mode="reduced"`` / ``full_matrices=False`` (``k = min(m, n)``).
    Row blocks of unknown size (after boolean indexing) are fine: ``Q`` keeps them, and
    the matrix is taken to have at least as many rows as columns (``k = n``).

    Differences from dask.array: dask raises when the columns are in several blocks;
    lazyarr rechunks them into one. Memory cost: each row block then holds all ``n``
    columns (``rows_i x n`` numbers), and step 2 holds ``number_of_blocks * n * n``.

    >>> import numpy as np, lazyarr as la
    >>> x = la.random.default_rng(0).random((1000, 5), chunks=(250, 5))
    >>> q, r = tsqr(x)
    >>> q.chunks
    ((250, 250, 250, 250), (5,))
    >>> bool(np.allclose((q @ r).compute(), x.compute()))
    True
    """
    x = lazy_data(a)
    if x.ndim != 2:
        raise ValueError(f"tsqr: expected a 2-d array, got {x.ndim} dimensions (shape {x.shape}); "
                         f"TSQR factors one matrix")
    x = x.rechunk({1: -1})
    m, n = x.shape
    dtype = _result_dtype(x.dtype)
    real = np.finfo(dtype).dtype
    token = tokenize(x.name, compute_svd)
    unknown = any(math.isnan(c) for c in x.chunks[0])
    nblocks = x.numblocks[0]
    if unknown:
        # Row counts are known only at compute time: every R_i is padded with zero rows to
        # n x n (zero rows change neither R nor the product), so block i's rows of Q2 start
        # at i * n. The factorization assumes m >= n (k = n), as TSQR's name says.
        k = n
        rows: Any = PerBlock(_PaddedRows(n))
    else:
        k = min(m, n)
        rows_r = [min(int(mi), n) for mi in x.chunks[0]]  # rows of each R_i
        rows = PerBlock(_RowSlices(tuple(chunk_boundaries(tuple(rows_r)))))
    step1 = blockwise_array(_qr_block, [BlockRef(x.name, Aligned(x.numblocks, 2))], x.chunks, dtype,
                            name=f"tsqr-blocks-{token}", inputs=[x], label="tsqr")
    everything = AllBlocks((nblocks, 1))
    step2 = blockwise_array(_combine_r, [BlockRef(step1.name, everything), compute_svd, n if unknown else None],
                            ((k,), (n,)), dtype, name=f"tsqr-combine-{token}", inputs=[step1], label="tsqr")
    q = blockwise_array(_apply_q2, [BlockRef(step1.name, Aligned(step1.numblocks, 2)),
                                    BlockRef(step2.name, Aligned((1, 1), 2)), rows],
                        (x.chunks[0], (k,)), dtype, name=f"tsqr-q-{token}", inputs=[step1, step2], label="tsqr")
    if not compute_svd:
        r = blockwise_array(_pick, [BlockRef(step2.name, Aligned((1, 1), 2)), 1], ((k,), (n,)), dtype,
                            name=f"tsqr-r-{token}", inputs=[step2], label="tsqr")
        return q, r
    s = blockwise_array(_pick, [BlockRef(step2.name, FirstBlock(2)), 1], ((k,),), real,
                        name=f"tsqr-s-{token}", inputs=[step2], label="tsqr")
    vh = blockwise_array(_pick, [BlockRef(step2.name, Aligned((1, 1), 2)), 2], ((k,), (n,)), dtype,
                         name=f"tsqr-vh-{token}", inputs=[step2], label="tsqr")
    return q, s, vh


class _RowSlices:
    def __init__(self, bounds: tuple[int, ...]):
        self.bounds = bounds

    def __call__(self, idx: tuple[int, ...]) -> slice:
        return slice(self.bounds[idx[0]], self.bounds[idx[0] + 1])

    def __lazyarr_token__(self) -> Any:
        return ("rowslices", self.bounds)


def sfqr(data: Any, name: str | None = None) -> QRResult:
    """QR of a short-and-fat matrix (``m <= n``) cut into column blocks (dask.array's ``sfqr``).

    With ``A = [A_0, A_1, ...]`` (all rows in each block) and ``A_0`` at least as wide
    as ``m``: ``A_0 = Q R_0`` in one task, then ``R = [R_0, Q^H A_1, Q^H A_2, ...]``, one
    task per column block. ``Q`` is ``m x m``; ``R`` keeps the column blocks.

    Differences from dask.array: dask raises unless the rows are one block and the first
    column block is at least ``m`` wide; lazyarr rechunks instead (rows into one block:
    each block then holds all ``m`` rows; the first column blocks merged until at least
    ``m`` wide). *name* (dask's graph-layer prefix) is accepted and not used.

    >>> import numpy as np, lazyarr as la
    >>> x = la.random.default_rng(0).random((3, 20), chunks=(3, 5))
    >>> q, r = la.linalg.sfqr(x)
    >>> q.shape, r.shape, r.chunks[1]
    ((3, 3), (3, 20), (5, 5, 5, 5))
    >>> bool(np.allclose((q @ r).compute(), x.compute()))
    True
    """
    x = lazy_data(data)
    if x.ndim != 2:
        raise ValueError(f"sfqr: expected a 2-d array, got {x.ndim} dimensions (shape {x.shape})")
    m, n = x.shape
    if math.isnan(n) or math.isnan(m) or m > n:
        raise ValueError(f"sfqr: expected a short-and-fat matrix (rows <= columns, both known), got shape "
                         f"{x.shape}; use la.linalg.tsqr or la.linalg.qr for tall matrices")
    x = x.rechunk({0: -1})
    bounds = chunk_boundaries(x.chunks[1])
    first = next(b for b in bounds[1:] if b >= m) if n else 0  # the first column block must be >= m wide
    if first != bounds[1]:
        x = x.rechunk({1: (first,) + tuple(b - a for a, b in zip(bounds[:-1], bounds[1:]) if a >= first)})
    q, r0 = qr(x[:, :first])
    if first == n:
        return QRResult(q, r0)
    from ..manipulation.shape import concatenate

    return QRResult(q, concatenate([r0, q.conj().T @ x[:, first:]], axis=1))


class _PaddedRows:
    """Unknown row counts: block i's rows of Q2 start at ``i * n`` (every R padded to n rows)."""

    def __init__(self, n: int):
        self.n = n

    def __call__(self, idx: tuple[int, ...]) -> int:
        return idx[0] * self.n

    def __lazyarr_token__(self) -> Any:
        return ("paddedrows", self.n)


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------
@implements(np.linalg.qr)
def qr(a: Any, mode: str = "reduced") -> Any:
    """QR decomposition (lazy ``numpy.linalg.qr``).

    A 2-d matrix with at least as many rows as columns, or an unknown number of rows,
    uses TSQR (rows stay in blocks, columns are gathered into one block, so ``n``
    columns must fit in a block; see :func:`tsqr`).
    Wide matrices, stacks of matrices and the modes ``"complete"`` and ``"raw"`` compute
    each matrix in a single block.

    >>> import numpy as np, lazyarr as la
    >>> x = la.random.default_rng(1).random((100, 4), chunks=(25, 4))
    >>> q, r = np.linalg.qr(x)
    >>> bool(np.allclose((q @ r).compute(), x.compute()))
    True
    """
    x = lazy_data(a)
    if mode not in ("reduced", "complete", "r", "raw"):
        raise ValueError(f"qr: Unrecognized mode {mode!r}; use 'reduced', 'complete', 'r' or 'raw'")
    if x.ndim < 2:
        raise np.linalg.LinAlgError(f"qr: {x.ndim}-dimensional array given. Array must be at least "
                                    f"two-dimensional")
    m, n = x.shape[-2:]
    if x.ndim == 2 and (m >= n or math.isnan(m)) and mode in ("reduced", "r"):
        q, r = tsqr(x)
        return r if mode == "r" else QRResult(q, r)
    dtype = _result_dtype(x.dtype)
    k = min(m, n)
    if mode == "r":
        return apply_matrixwise(np.linalg.qr, [(x, 2)], [((k, n), dtype)], label="qr", kwargs={"mode": "r"})
    if mode == "raw":
        h, tau = apply_matrixwise(np.linalg.qr, [(x, 2)], [((n, m), dtype), ((k,), dtype)], label="qr",
                                  kwargs={"mode": "raw"})
        return h, tau
    qcols = m if mode == "complete" else k
    rrows = m if mode == "complete" else k
    q, r = apply_matrixwise(np.linalg.qr, [(x, 2)], [((m, qcols), dtype), ((rrows, n), dtype)], label="qr",
                            kwargs={"mode": mode})
    return QRResult(q, r)


def _svd_values(block: np.ndarray, hermitian: bool) -> np.ndarray:
    return np.linalg.svd(block, compute_uv=False, hermitian=hermitian)


def _coerce_signs(u: Array, vh: Array) -> tuple[Array, Array]:
    """Flip singular vector pairs so that each column of *u* has its largest entry positive.

    dask.array's convention (``coerce_signs=True``), which makes the factors
    deterministic: the column's largest-magnitude entry is its maximum when
    ``max >= -min``. ``u * sign`` and ``sign * vh`` leave ``u * s @ vh`` unchanged. Real
    matrices only: a complex singular vector has a phase, not a sign, and is left as is.
    """
    if u.dtype.kind == "c":
        return u, vh
    from ..elementwise.functions import where
    from ..reductions.basic import max as _max
    from ..reductions.basic import min as _min

    signs = where(_max(u, axis=-2) >= -_min(u, axis=-2), 1, -1).astype(u.dtype)
    return u * signs[..., None, :], vh * signs[..., :, None]


@implements(np.linalg.svd, numpy_defaults={"full_matrices": True})
def svd(a: Any, full_matrices: bool = False, compute_uv: bool = True, hermitian: bool = False, *,
        coerce_signs: bool = True) -> Any:
    """Singular value decomposition (``numpy.linalg.svd``), reduced by default as in dask.array.

    A 2-d matrix uses TSQR (tall) or TSQR of its transpose (wide), unless
    ``full_matrices=True`` asks for the square ``m x m`` ``U`` of a non-square matrix,
    which is computed in a single block. Stacks of matrices compute each matrix in one
    block. With ``coerce_signs=True`` (dask's default) each column of ``U`` has its
    largest entry positive, with ``Vh``'s rows flipped to match (see
    ``_coerce_signs``); otherwise signs may differ from NumPy's.

    Differences from NumPy: ``full_matrices`` defaults to False, as in dask.array
    (NumPy's default is True), so that ``u * s @ vh`` works for the tall matrices this
    library is for; pass ``full_matrices=True`` for NumPy's square ``U``. A call through
    NumPy, ``np.linalg.svd(x)`` on a lazy array, keeps NumPy's default (True).

    >>> import numpy as np, lazyarr as la
    >>> x = la.random.default_rng(2).random((60, 3), chunks=(20, 3))
    >>> u, s, vh = la.linalg.svd(x)
    >>> u.shape, s.shape, vh.shape
    ((60, 3), (3,), (3, 3))
    >>> bool(np.allclose((u * s @ vh).compute(), x.compute()))
    True
    """
    x = lazy_data(a)
    if x.ndim < 2:
        raise np.linalg.LinAlgError(f"svd: {x.ndim}-dimensional array given. Array must be at least "
                                    f"two-dimensional")
    m, n = x.shape[-2:]
    k = min(m, n)
    dtype = _result_dtype(x.dtype)
    real = np.finfo(dtype).dtype
    blocked = x.ndim == 2 and not hermitian and (not full_matrices or m == n or not compute_uv) and k > 0
    if blocked:
        wide = m < n
        u, s, vh = tsqr(x.conj().T if wide else x, compute_svd=True)
        if not compute_uv:
            return s
        if wide:
            u, vh = vh.conj().T, u.conj().T
    elif not compute_uv:
        return apply_matrixwise(_svd_values, [(x, 2)], [((k,), real)], label="svd",
                                kwargs={"hermitian": hermitian})
    else:
        ucols, vrows = (m, n) if full_matrices else (k, k)
        u, s, vh = apply_matrixwise(np.linalg.svd, [(x, 2)], [((m, ucols), dtype), ((k,), real),
                                                              ((vrows, n), dtype)],
                                    label="svd", kwargs={"full_matrices": full_matrices, "hermitian": hermitian})
    if coerce_signs and u.shape[-1] == vh.shape[-2] and k > 0:
        u, vh = _coerce_signs(u, vh)
    return SVDResult(u, s, vh)



def svd_compressed(a: Any, k: int, iterator: str = "power", n_power_iter: int = 0, n_oversamples: int = 10,
                   seed: Any = None, compute: bool = False, coerce_signs: bool = True) -> SVDResult:
    """Randomized SVD: the *k* largest singular triplets of a big 2-d matrix (Halko et al.).

    ``A`` is multiplied by a random ``n x (k + n_oversamples)`` matrix ``Omega`` and the
    result orthonormalized with TSQR (``Q``); the small matrix ``Q^H A`` is decomposed.
    ``n_power_iter`` rounds sharpen the result when the singular values decay slowly:
    ``iterator="power"`` (dask's default) multiplies by ``A A^H`` that many times and
    orthonormalizes once; ``iterator="QR"`` orthonormalizes after every product (more
    work, steadier in floating point). ``compute=True`` keeps the thin intermediate
    products in memory (``persist``) as they are made, so that each pass reads ``A``
    afresh rather than holding it: dask's "compute the input at each use". ``seed``
    makes ``Omega`` (and the result) reproducible; ``coerce_signs`` as in :func:`svd`.
    Approximate by design.

    >>> import numpy as np, lazyarr as la
    >>> rng = np.random.default_rng(0)
    >>> low_rank = rng.random((200, 3)) @ rng.random((3, 50))
    >>> u, s, vh = la.linalg.svd_compressed(la.from_array(low_rank, chunks=(50, 50)), k=3, seed=0)
    >>> bool(np.allclose(s.compute(), np.linalg.svd(low_rank, compute_uv=False)[:3]))
    True
    """
    x = lazy_data(a)
    if x.ndim != 2:
        raise ValueError(f"svd_compressed: expected a 2-d array, got shape {x.shape}")
    k = int(k)
    if not 0 < k <= min(x.shape):
        raise ValueError(f"svd_compressed: k={k} must be in 1..min(shape)={min(x.shape)}; ask for fewer "
                         f"singular values")
    if iterator not in ("power", "QR"):
        raise ValueError(f"svd_compressed: iterator={iterator!r} is not 'power' or 'QR'")
    from ..random.generator import default_rng

    def keep(y: Array) -> Array:
        return y.persist() if compute else y

    width = min(k + int(n_oversamples), min(x.shape))
    omega = default_rng(seed).standard_normal((x.shape[1], width), chunks=(x.chunks[1], (width,)))
    if np.iscomplexobj(np.empty(0, x.dtype)):
        omega = omega.astype(x.dtype)
    sample = keep(x @ omega)
    if iterator == "power":
        for _ in range(int(n_power_iter)):
            sample = keep(x @ keep(x.conj().T @ sample))
        q, _ = tsqr(sample)
    else:
        q, _ = tsqr(sample)
        for _ in range(int(n_power_iter)):
            q, _ = tsqr(keep(x.conj().T @ q))
            q, _ = tsqr(keep(x @ q))
    q = keep(q)
    b = q.conj().T @ x  # width x n: short and fat
    u_b, s, vh = svd(b, full_matrices=False, coerce_signs=False)
    u, s, vh = q @ u_b[:, :k], s[:k], vh[:k]
    if coerce_signs:
        u, vh = _coerce_signs(u, vh)
    return SVDResult(u, s, vh)


@implements(np.linalg.lstsq)
def lstsq(a: Any, b: Any, rcond: Any = None) -> tuple[Array, Array, Array, Array]:
    """Least-squares solution of ``a @ x = b`` (lazy ``numpy.linalg.lstsq``) via the TSQR SVD.

    Returns ``(x, residuals, rank, s)`` like NumPy.

    Differences from NumPy: ``residuals`` is computed whenever ``m > n`` (NumPy returns
    an empty array when ``a`` turns out to be rank deficient, which is only known
    after computing).

    >>> import numpy as np, lazyarr as la
    >>> a = la.from_array(np.vander(np.arange(6.0), 3), chunks=(2, 3))
    >>> x, res, rank, s = la.linalg.lstsq(a, la.arange(6.0) ** 2)
    >>> np.round(x.compute(), 8) + 0.0
    array([1., 0., 0.])
    """
    x, y = lazy_data(a), lazy_data(b)
    if x.ndim != 2:
        raise np.linalg.LinAlgError(f"lstsq: {x.ndim}-dimensional array given. Array must be two-dimensional")
    if y.ndim not in (1, 2):
        raise np.linalg.LinAlgError(f"lstsq: {y.ndim}-dimensional array given as b. It must be 1- or 2-dimensional")
    m, n = x.shape
    if y.shape[0] != m:
        raise np.linalg.LinAlgError(f"lstsq: Incompatible dimensions: a has {m} rows but b has {y.shape[0]}")
    if rcond is None:
        rcond = np.finfo(_result_dtype(x.dtype)).eps * max(m, n)
    u, s, vh = svd(x, full_matrices=False, coerce_signs=False)
    cutoff = rcond * s.max() if min(m, n) else 0.0  # no singular values at all: nothing to cut
    keep = s > cutoff
    from ..elementwise.functions import where

    s_inv = where(keep, 1.0 / where(keep, s, 1.0), 0.0)
    coeffs = u.conj().T @ y
    coeffs = coeffs * (s_inv if y.ndim == 1 else s_inv[:, None])
    solution = vh.conj().T @ coeffs
    rank = keep.sum(dtype=_RANK_DTYPE)
    if m > n:
        resid = y - x @ solution
        residuals = (abs(resid) ** 2).sum(axis=0)
        if y.ndim == 1:
            residuals = residuals[None]
    else:
        from ..creation.basic import zeros

        residuals = zeros((0,), dtype=np.finfo(_result_dtype(x.dtype)).dtype)
    return solution, residuals, rank, s
