"""LU decomposition with partial pivoting, ``a = P @ L @ U`` (like ``scipy.linalg.lu``).

A square matrix cut into several blocks is factored by the **blocked right-looking
algorithm with partial pivoting per panel**. For each block column ``j``:

1. the *panel* (block column ``j`` from the diagonal block down) is factored in one
   task with row pivoting: ``panel[perm] = L_panel @ U_jj``;
2. the same row permutation is applied to the other block columns (the finished
   ``L`` columns on the left and the not-yet-factored columns on the right);
3. the block row of ``U`` is ``U_jk = L_jj^-1 @ A_jk`` (unit lower-triangular solves);
4. the trailing matrix is updated: ``A_ik -= L_ij @ U_jk`` (blocked products).

Pivots are searched within the panel only, which is exactly partial pivoting (each
column's pivot is the largest entry at or below the diagonal). Every task holds at
most one block column of the remaining rows. Other matrices (one block, non-square)
are factored in a single block.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from ...core.chunks import chunk_boundaries
from ._matrixwise import apply_matrixwise, lazy_data

__all__ = ["lu"]


def _lu_core(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense LU with partial pivoting (Doolittle), a column at a time: ``a[perm] = L @ U``."""
    m, n = a.shape
    k = min(m, n)
    u = a.astype(np.result_type(a.dtype, np.float64) if a.dtype.kind in "biu" else a.dtype, copy=True)
    lower = np.zeros((m, k), dtype=u.dtype)
    perm = np.arange(m)
    for j in range(k):
        pivot = j + int(np.argmax(np.abs(u[j:, j])))  # largest entry: keeps the multipliers <= 1
        if pivot != j:
            u[[j, pivot]] = u[[pivot, j]]
            lower[[j, pivot]] = lower[[pivot, j]]
            perm[[j, pivot]] = perm[[pivot, j]]
        if u[j, j] != 0:
            lower[j + 1:, j] = u[j + 1:, j] / u[j, j]
            u[j + 1:, j:] -= np.outer(lower[j + 1:, j], u[j, j:])
        u[j + 1:, j] = 0
    lower[:k, :k] += np.eye(k, dtype=u.dtype)
    return perm, lower, np.triu(u[:k])


def _lu(a: np.ndarray, p_indices: bool) -> tuple:
    perm, lower, upper = _lu_core(a)
    if p_indices:  # row i of a is row inverse[i] of L @ U
        return np.argsort(perm), lower, upper
    p = np.zeros((a.shape[0], a.shape[0]), dtype=lower.dtype)
    p[perm, np.arange(a.shape[0])] = 1
    return p, lower, upper


def _lu_permute_l(a: np.ndarray) -> tuple:
    inverse, lower, upper = _lu(a, p_indices=True)
    return lower[inverse], upper


def _panel(a: np.ndarray) -> tuple:
    return _lu_core(a)


def _take_rows(block: np.ndarray, perm: np.ndarray) -> np.ndarray:
    return block[perm]


def _unit_lower_solve(low: np.ndarray, b: np.ndarray) -> np.ndarray:
    t = np.tril(low, -1) + np.eye(low.shape[0], dtype=low.dtype)
    return np.linalg.solve(t, b)


def _perm_matrix(perm: np.ndarray, dtype: np.dtype) -> np.ndarray:
    p = np.zeros((perm.size, perm.size), dtype=dtype)
    p[perm, np.arange(perm.size)] = 1
    return p


def _compose(outer: np.ndarray, inner: np.ndarray, start: int) -> np.ndarray:
    out = outer.copy()
    out[start:] = outer[start:][inner]
    return out


def _blocked_lu(x: Array, dt: np.dtype) -> tuple[Array, Array, Array]:
    """The right-looking blocked algorithm of the module docstring; returns ``(perm, L, U)``."""
    from ..creation.basic import zeros
    from ..creation.ranges import arange
    from ..manipulation.shape import concatenate
    from .square import _square_blocks

    x = _square_blocks(x).astype(dt)
    bounds = chunk_boundaries(x.chunks[0])
    n, nb = x.shape[0], len(bounds) - 1
    cols = [x[:, bounds[k]:bounds[k + 1]] for k in range(nb)]  # rows still to be factored
    l_done: list[list[Array]] = [[] for _ in range(nb)]  # finished rows of each L block column
    u_rows: list[Array] = []
    perm = arange(n, chunks=n)
    for j in range(nb):
        r0, r1 = bounds[j], bounds[j + 1]
        b = r1 - r0
        p_j, l_panel, u_jj = apply_matrixwise(_panel, [(cols[j], 2)], [((n - r0,), np.dtype(np.intp)),
                                                                       ((n - r0, b), dt), ((b, b), dt)],
                                              label="lu-panel")
        perm = apply_matrixwise(_compose, [(perm, 1), (p_j, 1)], [((n,), np.dtype(np.intp))], label="lu-pivots",
                                kwargs={"start": r0})
        row_u = [zeros((b, r0), dtype=dt)] if r0 else []
        row_u.append(u_jj)
        for k in range(nb):
            if k == j:
                continue
            swapped = apply_matrixwise(_take_rows, [(cols[k], 2), (p_j, 1)], [(cols[k].shape, dt)],
                                       label="lu-swap")
            if k < j:  # an L column: its rows move with the pivots, the top block is now final
                l_done[k].append(swapped[:b])
                cols[k] = swapped[b:]
                continue
            u_jk = apply_matrixwise(_unit_lower_solve, [(l_panel[:b], 2), (swapped[:b], 2)],
                                    [(swapped[:b].shape, dt)], label="lu-solve")
            row_u.append(u_jk)
            cols[k] = swapped[b:] - l_panel[b:] @ u_jk
        u_rows.append(concatenate(row_u, axis=1))
        l_done[j].append(l_panel[:b])
        cols[j] = l_panel[b:]
    l_cols = []
    for k in range(nb):
        pieces = ([zeros((bounds[k], bounds[k + 1] - bounds[k]), dtype=dt)] if bounds[k] else []) + l_done[k]
        l_cols.append(concatenate(pieces, axis=0))
    return perm, concatenate(l_cols, axis=1), concatenate(u_rows, axis=0)


def _invert(perm: np.ndarray) -> np.ndarray:
    return np.argsort(perm)


def lu(a: Any, permute_l: bool = False, p_indices: bool = False) -> tuple:
    """LU decomposition with partial pivoting, ``a = P @ L @ U`` (like ``scipy.linalg.lu``).

    A square 2-d matrix in several blocks uses the blocked algorithm of the module
    docstring; anything else is factored in a single block. ``permute_l=True`` returns
    ``(P @ L, U)``; ``p_indices=True`` returns ``p`` as row indices with
    ``a == (L @ U)[p]``.

    >>> import numpy as np, lazyarr as la
    >>> a = np.array([[1.0, 2.0, 0.0], [3.0, 4.0, 1.0], [0.0, 1.0, 5.0]])
    >>> p, l, u = la.linalg.lu(la.from_array(a, chunks=2))
    >>> bool(np.allclose((p @ l @ u).compute(), a))
    True
    """
    x = lazy_data(a)
    if x.ndim != 2:
        raise ValueError(f"lu: expected a 2-d matrix, got shape {x.shape}")
    m, n = x.shape
    k = min(m, n)
    dt = np.linalg.inv(np.eye(1, dtype=x.dtype)).dtype
    if m == n and m > 0 and (x.numblocks[0] > 1 or x.numblocks[1] > 1):
        perm, low, up = _blocked_lu(x, dt)
        if permute_l:
            return apply_matrixwise(_take_rows, [(low, 2), (apply_matrixwise(
                _invert, [(perm, 1)], [((n,), np.dtype(np.intp))], label="lu"), 1)], [((n, n), dt)],
                label="lu"), up
        if p_indices:
            return apply_matrixwise(_invert, [(perm, 1)], [((n,), np.dtype(np.intp))], label="lu"), low, up
        return apply_matrixwise(_perm_matrix, [(perm, 1)], [((n, n), dt)], label="lu", kwargs={"dtype": dt}), low, up
    if permute_l:
        return apply_matrixwise(_lu_permute_l, [(x, 2)], [((m, k), dt), ((k, n), dt)], label="lu")
    pshape = (m,) if p_indices else (m, m)
    pdt = np.dtype(np.intp) if p_indices else dt
    return apply_matrixwise(_lu, [(x, 2)], [(pshape, pdt), ((m, k), dt), ((k, n), dt)], label="lu",
                            kwargs={"p_indices": p_indices})
