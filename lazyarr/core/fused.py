"""Fused blockwise functions: several steps run one after another inside a single task.

The optimizer (``core/optimize.py``) turns a chain of blockwise layers such as
``((x + 1) * 2 - y).sum()`` into one layer whose function is a :class:`FusedFunction`:
a straight-line program over the task's input blocks. Running the chain inside one task
saves the scheduler's bookkeeping and keeps the intermediate blocks private to the task,
which allows two savings no unfused graph can make:

* an intermediate block is dropped as soon as the last step that reads it has run;
* a NumPy ufunc whose input is such a private block, read for the last time, writes its
  result into that block (``out=``) instead of allocating a new one. Fresh memory is
  expensive for big blocks (the operating system zero-fills every new page), and a chain
  that reuses one buffer stays in cache and in a smaller resident set.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from ..errors import add_note

__all__ = ["IN", "LIT", "STEP", "FusedFunction"]

IN, STEP, LIT = 0, 1, 2

#: Blocks smaller than this are not worth the checks of buffer reuse (a few microseconds).
REUSE_MIN_BYTES = 256 * 2**10

_SCALAR_TYPES = {int: int, float: float, complex: complex, bool: np.dtype(bool)}


class FusedFunction:
    """Several blockwise functions run one after another inside a single task.

    ``steps`` is a tuple of ``(func, specs, kwargs, label)``; each spec is
    ``(IN, i)`` (the i-th task argument), ``(STEP, j)`` (the result of step j) or
    ``(LIT, value)``. The last step's result is returned.

    To run fast, the steps are compiled once into a tiny register machine: one list
    holds the literals, then the task's inputs, then each step's result, so every
    argument is just a position in that list. A step's result is dropped as soon as
    the last step that reads it has run, so a long chain holds only a few blocks; a
    ufunc reading such a result for the last time may write into it (see
    :func:`_spare_buffer`).

    >>> import numpy as np
    >>> f = FusedFunction(((np.add, ((IN, 0), (LIT, 1)), {}, "add"),
    ...                    (np.multiply, ((STEP, 0), (IN, 0)), {}, "mul")))
    >>> f(np.arange(3))  # (x + 1) * x
    array([0, 2, 6])
    """

    __slots__ = ("steps", "_literals", "_n_inputs", "_program")

    def __init__(self, steps: tuple):
        self.steps = steps
        literals = [v for _, specs, _, _ in steps for kind, v in specs if kind == LIT]
        n_in = 1 + max((v for _, specs, _, _ in steps for kind, v in specs if kind == IN), default=-1)
        first_step = len(literals) + n_in
        lit = iter(range(len(literals)))
        program = []
        last_use: dict[int, int] = {}  # register -> index of the last step reading it
        for j, (func, specs, kwargs, label) in enumerate(steps):
            regs = tuple(next(lit) if kind == LIT else len(literals) + v if kind == IN else first_step + v
                         for kind, v in specs)
            for r in regs:
                if r >= first_step:
                    last_use[r] = j
            program.append((func, regs, kwargs, label, []))
        for r, j in last_use.items():
            program[j][4].append(r)  # free these registers after step j
        compiled = []
        for func, regs, kwargs, label, free in program:
            # Arguments whose buffer this step may reuse: results of earlier steps (never the
            # task's inputs, which the scheduler may still hold, nor literals) read for the last
            # time here, by a plain one-output ufunc.
            reusable: tuple[int, ...] = ()
            if type(func) is np.ufunc and func.nout == 1 and not kwargs:
                reusable = tuple(i for i, r in enumerate(regs) if r in free)
            compiled.append((func, regs, kwargs, label, tuple(free), reusable))
        self._literals = tuple(literals)
        self._n_inputs = n_in
        self._program = tuple(compiled)

    @property
    def labels(self) -> list[str]:
        return [s[3] for s in self.steps]

    @property
    def __name__(self) -> str:  # noqa: D401 - used in task reprs and pictures
        return "-".join(dict.fromkeys(self.labels))

    def __call__(self, *inputs: Any) -> Any:
        regs = [*self._literals, *inputs]
        if len(inputs) != self._n_inputs:  # unused trailing inputs would shift the step registers
            del regs[len(self._literals) + self._n_inputs:]
        for func, args, kwargs, label, free, reusable in self._program:
            values = [regs[r] for r in args]
            try:
                out = _spare_buffer(func, values, reusable) if reusable else None
                if out is None:
                    regs.append(func(*values, **kwargs))
                else:
                    regs.append(func(*values, out=out))
            except Exception as exc:
                add_note(exc, f"lazyarr: raised by the fused step {label!r}")
                raise
            del values, out
            for r in free:
                regs[r] = None
        return regs[-1]

    def __reduce__(self) -> Any:
        return (FusedFunction, (self.steps,))


def _spare_buffer(ufunc: np.ufunc, values: list, candidates: tuple[int, ...]) -> np.ndarray | None:
    """An argument of *ufunc* that can safely receive its result, or None.

    The buffer must be big enough to matter, own its memory, and be referenced by nobody
    but the running program (the register list and *values*): then no one can see it
    change. The result must have exactly its shape and dtype, so the output is the same as
    without ``out=``.
    """
    for pos in candidates:
        # First, before any local name refers to it: is the block held by anyone else?
        if _outside_refs(values, pos) != _PRIVATE_REFS:
            continue
        buf = values[pos]
        if type(buf) is not np.ndarray or buf.nbytes < REUSE_MIN_BYTES or buf.dtype.hasobject:
            continue
        if not (buf.flags.owndata and buf.flags.writeable):
            continue
        dtypes = []
        shapes = []
        for v in values:
            if isinstance(v, np.ndarray):
                dtypes.append(v.dtype)
                shapes.append(v.shape)
            elif isinstance(v, np.generic):
                dtypes.append(v.dtype)
            elif type(v) in _SCALAR_TYPES:
                dtypes.append(_SCALAR_TYPES[type(v)])
            else:
                return None  # lists, other array types: leave the call as it was
        try:
            if ufunc.resolve_dtypes((*dtypes, None))[-1] != buf.dtype:
                continue
            if np.broadcast_shapes(*shapes) != buf.shape:
                continue
        except Exception:  # no loop for these types, or not broadcastable: the plain call will say so
            return None
        return buf
    return None


def _outside_refs(values: list, pos: int) -> int:
    """References to ``values[pos]`` other than its places in *values*."""
    buf = values[pos]
    return sys.getrefcount(buf) - sum(v is buf for v in values)


def _private_refs() -> int:
    # What _outside_refs says for a block held only by a program's register list. Measured
    # rather than assumed, because how CPython counts references from the frame itself
    # changes between versions.
    regs = [np.empty(0)]
    values = [regs[0]]
    return _outside_refs(values, 0)


_PRIVATE_REFS = _private_refs()
