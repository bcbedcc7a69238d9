"""Solving and factoring square matrices: solve, inv, det, cholesky, lu, eig, ...

Two kinds of algorithm live here:

* **blocked**: :func:`cholesky` and :func:`solve_triangular` (and :func:`lu`, in
  ``blocked_lu.py``) on a 2-d matrix cut into
  square blocks work block by block (the textbook right-looking algorithms written with
  lazy slices and products), so no task needs the whole matrix;
* **one block per matrix**: everything else gathers each matrix into a single block and
  calls NumPy (see ``_matrixwise.py``). Stacks of matrices still run in parallel.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ...core.array import Array
from ...core.chunks import chunk_boundaries, unify_chunks_1d
from ..registry import implements
from ._matrixwise import apply_matrixwise, lazy_data

__all__ = ["EigResult", "EighResult", "SlogdetResult", "cholesky", "cond", "det", "eig", "eigh", "eigvals",
           "eigvalsh", "inv", "matrix_rank", "pinv", "slogdet", "solve", "solve_triangular"]


class SlogdetResult(NamedTuple):
    """What :func:`slogdet` returns: the sign and the log of the absolute value of the determinant.

    >>> import lazyarr as la
    >>> sign, logabsdet = la.linalg.slogdet(la.eye(3) * 2)
    >>> float(sign), round(float(logabsdet), 4)
    (1.0, 2.0794)
    """

    sign: Array
    logabsdet: Array


class EighResult(NamedTuple):
    """What :func:`eigh` returns: eigenvalues (ascending) and eigenvectors (columns).

    >>> import lazyarr as la
    >>> la.linalg.eigh(la.eye(2) * 3).eigenvalues.compute()
    array([3., 3.])
    """

    eigenvalues: Array
    eigenvectors: Array


class EigResult(NamedTuple):
    """What :func:`eig` returns: eigenvalues and eigenvectors (columns).

    >>> import lazyarr as la
    >>> la.linalg.eig(la.eye(2) * 3).eigenvectors.shape
    (2, 2)
    """

    eigenvalues: Array
    eigenvectors: Array


def _square(fname: str, x: Array) -> None:
    if x.ndim < 2:
        raise np.linalg.LinAlgError(f"{fname}: {x.ndim}-dimensional array given. Array must be at least "
                                    f"two-dimensional")
    if x.shape[-1] != x.shape[-2]:
        raise np.linalg.LinAlgError(f"{fname}: Last 2 dimensions of the array must be square; got shape {x.shape}")


def _float_dtype(dtype: np.dtype) -> np.dtype:
    return np.linalg.inv(np.eye(1, dtype=dtype)).dtype


def _real(dtype: np.dtype) -> np.dtype:
    return np.finfo(dtype).dtype


@implements(np.linalg.inv)
def inv(a: Any) -> Array:
    """Inverse of a square matrix or stack of them (lazy ``numpy.linalg.inv``).

    A single matrix in several blocks goes through the blocked :func:`solve` with the
    identity; a stack of matrices is inverted one matrix per block.

    >>> import lazyarr as la
    >>> la.linalg.inv(la.eye(3, chunks=2) * 2).compute()[0, 0]
    np.float64(0.5)
    """
    x = lazy_data(a)
    _square("inv", x)
    if _blocked(x):
        from ..creation.matrices import eye

        return solve(x, eye(x.shape[0], chunks=x.chunks, dtype=_float_dtype(x.dtype)))
    return apply_matrixwise(np.linalg.inv, [(x, 2)], [(x.shape[-2:], _float_dtype(x.dtype))], label="inv")


def _blocked(x: Array) -> bool:
    """A single square matrix cut into several blocks: worth the blocked LU path."""
    return x.ndim == 2 and x.shape[0] > 0 and (x.numblocks[0] > 1 or x.numblocks[1] > 1)


def _solve_blocked(x: Array, y: Array, dtype: np.dtype) -> Array:
    """``x @ z = y`` through the blocked LU: ``x[perm] = L @ U``, so ``L @ U @ z = y[perm]``."""
    from .blocked_lu import _blocked_lu

    perm, low, up = _blocked_lu(x, _float_dtype(x.dtype))
    rows = y[perm]
    if y.ndim == 1:
        rows = rows[:, None]
    z = solve_triangular(low, rows.rechunk({0: x.chunks[0]}), lower=True, unit_diagonal=True)
    z = solve_triangular(up, z, lower=False)
    z = z.astype(dtype) if z.dtype != dtype else z
    return z[:, 0] if y.ndim == 1 else z


def _solve_vector(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.solve(a, b)


@implements(np.linalg.solve)
def solve(a: Any, b: Any, sym_pos: bool | None = None, assume_a: str = "gen") -> Array:
    """Solve ``a @ x = b`` (lazy ``numpy.linalg.solve``).

    A single matrix cut into several blocks is solved with the blocked LU (partial
    pivoting per panel) and two blocked triangular solves, so no task holds the whole
    matrix; stacks of matrices are solved one matrix per block.

    As in NumPy 2, ``b`` is a vector only when it is 1-d; otherwise its last two axes
    are a matrix of right-hand sides. dask's ``sym_pos`` and ``assume_a`` (which pick a
    Cholesky solve for positive definite ``a``) are accepted and checked; the LU solve
    used for every ``a`` gives the same answer.

    >>> import lazyarr as la
    >>> la.linalg.solve(la.eye(3, chunks=2) * 2, la.ones(3)).compute()
    array([0.5, 0.5, 0.5])
    """
    if assume_a not in ("gen", "sym", "her", "pos"):
        raise ValueError(f"solve: assume_a={assume_a!r}; allowed: 'gen', 'sym', 'her', 'pos'")
    x, y = lazy_data(a), lazy_data(b)
    _square("solve", x)
    dtype = np.result_type(_float_dtype(x.dtype), _float_dtype(y.dtype))
    m = x.shape[-1]
    if y.ndim == 1:
        if y.shape[0] != m:
            raise ValueError(f"solve: b has length {y.shape[0]} but a is {m} x {m}; they must match")
        if _blocked(x):
            return _solve_blocked(x, y, dtype)
        return apply_matrixwise(_solve_vector, [(x, 2), (y, 1)], [((m,), dtype)], label="solve")
    if y.shape[-2] != m:
        raise ValueError(f"solve: b has {y.shape[-2]} rows but a is {m} x {m}; they must match")
    if _blocked(x) and y.ndim == 2:
        return _solve_blocked(x, y, dtype)
    return apply_matrixwise(np.linalg.solve, [(x, 2), (y, 2)], [((m, y.shape[-1]), dtype)], label="solve")


@implements(np.linalg.det)
def det(a: Any) -> Array:
    """Determinant (lazy ``numpy.linalg.det``; each matrix in one block).

    >>> import lazyarr as la
    >>> round(float(la.linalg.det(la.eye(3) * 2).compute()), 9)
    8.0
    """
    x = lazy_data(a)
    _square("det", x)
    return apply_matrixwise(np.linalg.det, [(x, 2)], [((), _float_dtype(x.dtype))], label="det")


def _slogdet(a: np.ndarray) -> tuple:
    return tuple(np.linalg.slogdet(a))


@implements(np.linalg.slogdet)
def slogdet(a: Any) -> SlogdetResult:
    """Sign and log of the absolute determinant (lazy ``numpy.linalg.slogdet``; one block per matrix).

    >>> import lazyarr as la
    >>> float(la.linalg.slogdet(la.eye(2) * 3).logabsdet.compute().round(6))
    2.197225
    """
    x = lazy_data(a)
    _square("slogdet", x)
    dt = _float_dtype(x.dtype)
    sign, logdet = apply_matrixwise(_slogdet, [(x, 2)], [((), dt), ((), _real(dt))], label="slogdet")
    return SlogdetResult(sign, logdet)


def _eigh(a: np.ndarray, UPLO: str) -> tuple:
    return tuple(np.linalg.eigh(a, UPLO=UPLO))


@implements(np.linalg.eigh)
def eigh(a: Any, UPLO: str = "L") -> EighResult:
    """Eigenvalues and vectors of Hermitian matrices (lazy ``numpy.linalg.eigh``; each matrix
    in one block). Eigenvectors are determined up to sign/phase.

    >>> import lazyarr as la
    >>> la.linalg.eigh(la.eye(2) * 3).eigenvalues.compute()
    array([3., 3.])
    """
    x = lazy_data(a)
    _square("eigh", x)
    if UPLO not in ("L", "U"):
        raise ValueError(f"eigh: UPLO argument must be 'L' or 'U', got {UPLO!r}")
    dt = _float_dtype(x.dtype)
    m = x.shape[-1]
    w, v = apply_matrixwise(_eigh, [(x, 2)], [((m,), _real(dt)), ((m, m), dt)], label="eigh", kwargs={"UPLO": UPLO})
    return EighResult(w, v)


@implements(np.linalg.eigvalsh)
def eigvalsh(a: Any, UPLO: str = "L") -> Array:
    """Eigenvalues of Hermitian matrices (lazy ``numpy.linalg.eigvalsh``; one block per matrix).

    >>> import lazyarr as la
    >>> la.linalg.eigvalsh(la.eye(2) * 3).compute()
    array([3., 3.])
    """
    x = lazy_data(a)
    _square("eigvalsh", x)
    if UPLO not in ("L", "U"):
        raise ValueError(f"eigvalsh: UPLO argument must be 'L' or 'U', got {UPLO!r}")
    return apply_matrixwise(np.linalg.eigvalsh, [(x, 2)], [((x.shape[-1],), _real(_float_dtype(x.dtype)))],
                            label="eigvalsh", kwargs={"UPLO": UPLO})


def _eig(a: np.ndarray, dtype: np.dtype) -> tuple:
    # NumPy returns real results when all eigenvalues are real, complex otherwise: a
    # data-dependent dtype. A lazy array needs its dtype up front, so always complex.
    w, v = np.linalg.eig(a)
    return w.astype(dtype, copy=False), v.astype(dtype, copy=False)


def _eigvals(a: np.ndarray, dtype: np.dtype) -> np.ndarray:
    return np.linalg.eigvals(a).astype(dtype, copy=False)


@implements(np.linalg.eig)
def eig(a: Any) -> EigResult:
    """Eigenvalues and right eigenvectors (lazy ``numpy.linalg.eig``; each matrix in one block).

    Differences from NumPy: the result is always complex (NumPy returns a real array when
    every eigenvalue happens to be real, which is only known after computing).

    >>> import lazyarr as la
    >>> la.linalg.eig(la.eye(2) * 3).eigenvalues.compute()
    array([3.+0.j, 3.+0.j])
    """
    x = lazy_data(a)
    _square("eig", x)
    dt = np.result_type(_float_dtype(x.dtype), np.complex64)
    m = x.shape[-1]
    w, v = apply_matrixwise(_eig, [(x, 2)], [((m,), dt), ((m, m), dt)], label="eig", kwargs={"dtype": dt})
    return EigResult(w, v)


@implements(np.linalg.eigvals)
def eigvals(a: Any) -> Array:
    """Eigenvalues of general matrices (lazy ``numpy.linalg.eigvals``; always complex, see :func:`eig`).

    >>> import lazyarr as la
    >>> la.linalg.eigvals(la.eye(2) * 3).compute()
    array([3.+0.j, 3.+0.j])
    """
    x = lazy_data(a)
    _square("eigvals", x)
    dt = np.result_type(_float_dtype(x.dtype), np.complex64)
    return apply_matrixwise(_eigvals, [(x, 2)], [((x.shape[-1],), dt)], label="eigvals", kwargs={"dtype": dt})


@implements(np.linalg.pinv)
def pinv(a: Any, rcond: Any = None, hermitian: bool = False, *, rtol: Any = np._NoValue) -> Array:
    """Moore-Penrose pseudo-inverse (lazy ``numpy.linalg.pinv``; each matrix in one block).

    >>> import lazyarr as la
    >>> la.linalg.pinv(la.eye(2) * 4).compute()[0, 0]
    np.float64(0.25)
    """
    x = lazy_data(a)
    if x.ndim < 2:
        raise np.linalg.LinAlgError(f"pinv: {x.ndim}-dimensional array given. Array must be at least "
                                    f"two-dimensional")
    kwargs: dict = {"hermitian": hermitian}
    if rcond is not None:
        kwargs["rcond"] = rcond
    if rtol is not np._NoValue:
        kwargs["rtol"] = rtol
    m, n = x.shape[-2:]
    return apply_matrixwise(np.linalg.pinv, [(x, 2)], [((n, m), _float_dtype(x.dtype))], label="pinv", kwargs=kwargs)


@implements(np.linalg.matrix_rank)
def matrix_rank(A: Any, tol: Any = None, hermitian: bool = False, *, rtol: Any = None) -> Array:
    """Rank by counting singular values above a tolerance (lazy ``numpy.linalg.matrix_rank``).

    >>> import lazyarr as la
    >>> int(la.linalg.matrix_rank(la.eye(4, chunks=2)).compute())
    4
    """
    x = lazy_data(A)
    if x.ndim < 2:
        return (x != 0).any().astype(np.int64)
    if 0 in x.shape[-2:]:  # empty matrices have rank 0 (there is no largest singular value)
        from ..creation.basic import zeros

        return zeros(x.shape[:-2], dtype=int)
    from .tall_skinny import svd

    s = svd(x, compute_uv=False, hermitian=hermitian)
    if tol is None:
        if rtol is None:
            rtol = _largest_side(x) * np.finfo(s.dtype).eps
        from ..reductions.basic import max as lazy_max

        tol = lazy_max(s, axis=-1, keepdims=True) * rtol
    else:
        tol = np.asarray(tol)[..., None]
    return (s > tol).sum(axis=-1)


def _largest_side(x: Array) -> Any:
    """``max(M, N)`` of the matrices in *x*: a number, or a lazy 0-d count where a length is unknown.

    (Python's ``max(nan, 4)`` is nan, and a tolerance of nan would make every rank 0.)
    """
    m, n = x.shape[-2:]
    if not (math.isnan(m) or math.isnan(n)):
        return max(m, n)
    if 0 in x.shape[:-2]:
        return 1  # no matrices: the tolerance is never used
    from ..creation.basic import ones_like
    from ..elementwise.ufuncs import maximum

    first = (0,) * (x.ndim - 2)  # every matrix of a stack has the same sides: count those of the first

    def count(line: Array) -> Array:
        return ones_like(line, dtype=np.int64).sum()

    rows = count(x[first + (slice(None), 0)]) if math.isnan(m) else m
    cols = count(x[first + (0, slice(None))]) if math.isnan(n) else n
    return maximum(rows, cols)


@implements(np.linalg.cond)
def cond(x: Any, p: Any = None) -> Array:
    """Condition number (lazy ``numpy.linalg.cond``; each matrix in one block).

    >>> import lazyarr as la
    >>> float(la.linalg.cond(la.eye(3) * 2).compute())
    1.0
    """
    a = lazy_data(x)
    if a.ndim < 2:
        raise np.linalg.LinAlgError(f"cond: {a.ndim}-dimensional array given. Array must be at least "
                                    f"two-dimensional")
    if p not in (None, 2, -2) and a.shape[-1] != a.shape[-2]:
        raise np.linalg.LinAlgError(f"cond: p={p!r} needs square matrices; got shape {a.shape}")
    return apply_matrixwise(np.linalg.cond, [(a, 2)], [((), _real(_float_dtype(a.dtype)))], label="cond",
                            kwargs={"p": p})


# --------------------------------------------------------------------------------------
# Blocked algorithms: Cholesky and triangular solves
# --------------------------------------------------------------------------------------
def _square_blocks(x: Array) -> Array:
    """Rechunk a square matrix so that both axes share the same block boundaries."""
    both = unify_chunks_1d(x.chunks[0], x.chunks[1])
    return x.rechunk((both, both))


def _stitch(rows: list[list[Array]]) -> Array:
    from ..manipulation.shape import concatenate

    return concatenate([concatenate(r, axis=1) for r in rows], axis=0)


def _cholesky_block(a: np.ndarray, upper: bool) -> np.ndarray:
    return np.linalg.cholesky(a, upper=upper)


@implements(np.linalg.cholesky)
def cholesky(a: Any, /, *, upper: bool = False, lower: bool | None = None) -> Array:
    """Cholesky factor of Hermitian positive-definite matrices (lazy ``numpy.linalg.cholesky``).

    The lower factor ``L`` (``a = L L^H``) by default, as NumPy; ``upper=True`` (NumPy,
    the Array API) gives ``U = L^H``. dask.array's keyword ``lower`` is accepted too:
    ``lower=True`` is the lower factor, ``lower=False`` the upper one. Note that dask's
    default is the *upper* factor; lazyarr's default follows NumPy (pass ``lower=False``
    for dask's result).

    A 2-d matrix cut into several blocks uses the blocked right-looking algorithm:
    ``L_jj = chol(A_jj - sum_k L_jk L_jk^H)`` and
    ``L_ij = (A_ij - sum_k L_ik L_jk^H) L_jj^-H``; a stack of matrices or a single block
    computes each matrix in one block.

    >>> import numpy as np, lazyarr as la
    >>> spd = np.array([[4.0, 2.0], [2.0, 3.0]])
    >>> L = la.linalg.cholesky(la.from_array(spd, chunks=1))
    >>> bool(np.allclose((L @ L.T).compute(), spd))
    True
    """
    if lower is not None:
        if upper and lower:
            raise ValueError("cholesky: upper=True and lower=True ask for different factors; give one of them")
        upper = not lower
    x = lazy_data(a)
    _square("cholesky", x)
    dt = _float_dtype(x.dtype)
    if x.ndim > 2 or (x.numblocks[0] == 1 and x.numblocks[1] == 1):
        return apply_matrixwise(_cholesky_block, [(x, 2)], [(x.shape[-2:], dt)], label="cholesky",
                                kwargs={"upper": upper})
    x = _square_blocks(x).astype(dt)
    from ..creation.basic import zeros

    bounds = chunk_boundaries(x.chunks[0])
    nb = len(bounds) - 1
    blk = [[x[bounds[i]:bounds[i + 1], bounds[j]:bounds[j + 1]] for j in range(nb)] for i in range(nb)]
    L: list[list[Any]] = [[None] * nb for _ in range(nb)]
    for j in range(nb):
        diag = blk[j][j]
        for k in range(j):
            diag = diag - L[j][k] @ L[j][k].conj().T
        L[j][j] = apply_matrixwise(_cholesky_block, [(diag, 2)], [(diag.shape, dt)], label="cholesky",
                                   kwargs={"upper": False})
        for i in range(j + 1, nb):
            below = blk[i][j]
            for k in range(j):
                below = below - L[i][k] @ L[j][k].conj().T
            # L_ij L_jj^H = below  <=>  L_jj conj(L_ij)^T = below^H: a lower-triangular solve
            L[i][j] = solve_triangular(L[j][j], below.conj().T, lower=True).conj().T
    for i in range(nb):
        for j in range(i + 1, nb):
            L[i][j] = zeros(blk[i][j].shape, dtype=dt, chunks=blk[i][j].chunks)
    out = _stitch(L)
    return out.conj().T if upper else out


def _triangular_block(a: np.ndarray, b: np.ndarray, lower: bool, trans: int, unit_diagonal: bool) -> np.ndarray:
    t = np.tril(a) if lower else np.triu(a)
    if unit_diagonal:
        np.fill_diagonal(t, 1)
    if trans == 1:
        t = t.T
    elif trans == 2:
        t = t.conj().T
    return np.linalg.solve(t, b)


def solve_triangular(a: Any, b: Any, trans: Any = 0, lower: bool = False, unit_diagonal: bool = False) -> Array:
    """Solve ``a @ x = b`` for triangular ``a`` (like ``scipy.linalg.solve_triangular``), blocked.

    Block forward substitution (for ``lower=True``; backward for upper):
    ``x_i = solve(A_ii, b_i - sum_{j<i} A_ij x_j)``, one small dense solve per diagonal
    block. Only the triangle selected by *lower* is read. ``trans`` is 0/'N', 1/'T' or
    2/'C' (solve with the transpose / conjugate transpose).

    >>> import numpy as np, lazyarr as la
    >>> L = la.from_array(np.array([[2.0, 0, 0], [1, 1, 0], [3, 2, 1]]), chunks=2)
    >>> la.linalg.solve_triangular(L, la.ones(3), lower=True).compute()
    array([ 0.5,  0.5, -1.5])
    """
    x, y = lazy_data(a), lazy_data(b)
    if x.ndim != 2 or x.shape[0] != x.shape[1]:
        raise ValueError(f"solve_triangular: expected a square 2-d matrix, got shape {x.shape}")
    if y.ndim not in (1, 2) or y.shape[0] != x.shape[0]:
        raise ValueError(f"solve_triangular: b of shape {y.shape} does not match a of shape {x.shape}; "
                         f"b needs {x.shape[0]} rows")
    trans = {"N": 0, "T": 1, "C": 2}.get(trans, trans)
    if trans not in (0, 1, 2):
        raise ValueError(f"solve_triangular: trans={trans!r} is not one of 0, 1, 2, 'N', 'T', 'C'")
    if trans:
        x = x.T.conj() if trans == 2 else x.T
        lower = not lower
    dt = np.result_type(_float_dtype(x.dtype), _float_dtype(y.dtype))
    x = _square_blocks(x).astype(dt)
    vec = y.ndim == 1
    y = (y[:, None] if vec else y).astype(dt).rechunk({0: x.chunks[0], 1: -1})

    bounds = chunk_boundaries(x.chunks[0])
    nb = len(bounds) - 1
    order = range(nb) if lower else range(nb - 1, -1, -1)
    sol: dict[int, Array] = {}
    for i in order:
        rows = slice(bounds[i], bounds[i + 1])
        rhs = y[rows]
        for j, xj in sol.items():
            rhs = rhs - x[rows, bounds[j]:bounds[j + 1]] @ xj
        sol[i] = apply_matrixwise(_triangular_block, [(x[rows, rows], 2), (rhs, 2)], [(rhs.shape, dt)],
                                  label="solve_triangular",
                                  kwargs={"lower": lower, "trans": 0, "unit_diagonal": unit_diagonal})
    from ..manipulation.shape import concatenate

    out = concatenate([sol[i] for i in range(nb)], axis=0)
    return out[:, 0] if vec else out
