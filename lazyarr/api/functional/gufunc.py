"""``apply_gufunc`` and ``vectorize``: functions with NumPy generalized-ufunc signatures.

The *core* dimensions of the signature (``"(i),(i)->()"``) are rechunked into one block;
the loop dimensions broadcast and stay blocked, as in ``numpy.vectorize``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import numpy as np

from ...core.blockwise import BlockRef, blockwise_array, elemwise, infer_dtype
from ...core.data import as_lazy as _lazy
from ...core.index_maps import FromAxes
from ...core.map_blocks import blockwise
from ...core.tokenize import tokenize

__all__ = ["apply_gufunc", "as_gufunc", "gufunc", "vectorize"]


_DIMS = re.compile(r"\(([^()]*)\)")


def parse_signature(signature: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """``"(i,j),(j)->(i)"`` -> ``([("i", "j"), ("j",)], [("i",)])``.

    >>> parse_signature("(i),(i)->()")
    ([('i',), ('i',)], [()])
    """
    sig = signature.replace(" ", "")
    if "->" not in sig:
        raise ValueError(f"apply_gufunc: not a valid gufunc signature: {signature!r}; e.g. '(i),(i)->()'")
    ins, outs = sig.split("->")

    def dims(part: str) -> list[tuple[str, ...]]:
        return [tuple(d for d in group.split(",") if d) for group in _DIMS.findall(part)]

    return dims(ins), dims(outs)


def apply_gufunc(func: Callable, signature: str, *args: Any, axes: Any = None, axis: int | None = None,
                 keepdims: bool = False, output_dtypes: Any = None, output_sizes: dict | None = None,
                 vectorize: bool = False, allow_rechunk: bool = False, meta: Any = None, **kwargs: Any) -> Any:
    """Apply a generalized ufunc: loop dimensions are blockwise, core dimensions are whole.

    Parameters
    ----------
    func : callable
        Works on NumPy arrays whose *last* axes are the core dimensions of *signature*.
    signature : str
        E.g. ``"(i)->()"`` (reduce a line), ``"(i,j),(j)->(i)"`` (matrix-vector).
    output_dtypes : dtype, optional
        Inferred by calling *func* on tiny arrays if omitted.
    output_sizes : dict, optional
        Sizes of core dimensions that appear only in the output.
    vectorize : bool
        Wrap *func* with ``np.vectorize(func, signature=signature)`` first.
    allow_rechunk : bool
        Rechunk core dimensions split over several blocks (else raise ValueError).
    axes : list of tuples, optional
        Where the core dimensions are, per input and output, as NumPy's gufunc ``axes=``
        (default: the last axes). Inputs are moved so their core dimensions come last.
    axis : int, optional
        Shorthand for ``axes`` when every input has the same single core dimension.
    keepdims : bool
        Keep the reduced core dimension as a length-1 axis (NumPy's gufunc ``keepdims=``).
    meta : array, optional
        dask's way to give the output type; its dtype is used when *output_dtypes* is omitted.

    With several outputs (``"(i)->(),()"``) a tuple of arrays is returned.

    >>> import numpy as np, lazyarr as la
    >>> x = la.from_array(np.arange(12.0).reshape(3, 4), chunks=(1, 4))
    >>> apply_gufunc(lambda v: v.mean(axis=-1), "(i)->()", x).compute()
    array([1.5, 5.5, 9.5])
    """
    in_dims, out_dims = parse_signature(signature)
    if output_dtypes is None and meta is not None:
        output_dtypes = [m.dtype for m in meta] if isinstance(meta, (list, tuple)) else meta.dtype
    if axes is not None or axis is not None or keepdims:
        return _apply_with_axes(func, signature, in_dims, out_dims, args, axes, axis, keepdims,
                                dict(output_dtypes=output_dtypes, output_sizes=output_sizes, vectorize=vectorize,
                                     allow_rechunk=allow_rechunk, **kwargs))
    if len(in_dims) != len(args):
        raise ValueError(f"apply_gufunc: signature {signature!r} has {len(in_dims)} inputs but {len(args)} "
                         f"arrays were given")
    if vectorize:
        otypes = None if output_dtypes is None else \
            list(output_dtypes) if isinstance(output_dtypes, (list, tuple)) else [output_dtypes]
        func = np.vectorize(func, signature=signature, otypes=otypes)
    arrays = [_lazy(a) for a in args]
    loop_ndim = max(a.ndim - len(d) for a, d in zip(arrays, in_dims))
    core_letters: dict[str, str] = {}
    pool = iter(string.ascii_uppercase)
    loop_letters = string.ascii_lowercase[:loop_ndim]
    pairs: list[Any] = []
    for a, dims in zip(arrays, in_dims):
        n_loop = a.ndim - len(dims)
        if n_loop < 0:
            raise ValueError(f"apply_gufunc: an input with shape {a.shape} has fewer dimensions than its core "
                             f"dimensions {dims}")
        for k, d in enumerate(dims):
            core_letters.setdefault(d, next(pool))
            axis = n_loop + k
            if a.numblocks[axis] > 1:
                if not allow_rechunk:
                    raise ValueError(
                        f"apply_gufunc: core dimension {d!r} (axis {axis}) is split into {a.numblocks[axis]} "
                        f"blocks; rechunk it into one block or pass allow_rechunk=True"
                    )
                a = a.rechunk({axis: -1})
        pairs += [a, loop_letters[loop_ndim - n_loop:] + "".join(core_letters[d] for d in dims)]
    sizes = {d: int(a.shape[a.ndim - len(dims) + k]) for a, dims in zip(arrays, in_dims) for k, d in enumerate(dims)}
    new_axes = {}
    for d in (d for dims in out_dims for d in dims):
        if d not in core_letters:
            if not output_sizes or d not in output_sizes:
                raise ValueError(f"apply_gufunc: output core dimension {d!r} needs a size in output_sizes")
            core_letters[d] = next(pool)
            new_axes[core_letters[d]] = sizes[d] = int(output_sizes[d])
    if output_dtypes is None:
        # one loop element, whole core dimensions: a single line is cheap and always valid
        samples = [np.ones((1,) * (a.ndim - len(d)) + tuple(int(n) for n in a.shape[a.ndim - len(d):]), dtype=a.dtype)
                   for a, d in zip(arrays, in_dims)]
        output_dtypes = infer_dtype(func, samples, kwargs, "apply_gufunc")
    if len(out_dims) == 1:
        dtype = output_dtypes[0] if isinstance(output_dtypes, (list, tuple)) else output_dtypes
        out_ind = loop_letters + "".join(core_letters[d] for d in out_dims[0])
        return blockwise(func, out_ind, *pairs, dtype=dtype, concatenate=True, new_axes=new_axes, **kwargs)
    # Several outputs: one task per block returns them all; then one light layer per output.
    if not isinstance(output_dtypes, (list, tuple)) or len(output_dtypes) != len(out_dims):
        raise ValueError(f"apply_gufunc: signature {signature!r} has {len(out_dims)} outputs; give "
                         f"output_dtypes as a list of {len(out_dims)} dtypes")
    together = blockwise(func, loop_letters, *pairs, dtype=object, concatenate=True, **kwargs)
    outputs = []
    for k, (dims, dt) in enumerate(zip(out_dims, output_dtypes)):
        chunks = together.chunks + tuple((sizes[d],) for d in dims)
        name = f"apply_gufunc-out{k}-" + tokenize(together.name)
        outputs.append(blockwise_array(_pick_output, [BlockRef(together.name, FromAxes(range(loop_ndim))), k], chunks,
                                       dt, name=name, inputs=[together], label="apply_gufunc"))
    return tuple(outputs)


def _gufunc_axes(signature: str, in_dims: list, out_dims: list, ndims: list[int], axes: Any, axis: Any,
                 keepdims: bool) -> list[tuple[int, ...]]:
    """NumPy's rules for gufunc ``axes``/``axis``/``keepdims``: one tuple of axes per input and output."""
    if axis is not None:
        if axes is not None:
            raise TypeError("apply_gufunc: give axes= or axis=, not both")
        core = {d for dims in in_dims for d in dims}
        if len(core) != 1 or any(len(d) != 1 for d in in_dims) or any(len(d) > 1 for d in out_dims):
            raise ValueError(f"apply_gufunc: axis= needs one and the same core dimension in every input, "
                             f"got signature {signature!r}; use axes=")
        axes = [(axis,)] * len(in_dims) + [(axis,) if d else () for d in out_dims]
    if axes is None:
        axes = [tuple(range(-len(d), 0)) for d in in_dims]
    axes = [(a,) if isinstance(a, (int, np.integer)) else tuple(a) for a in axes]
    if len(axes) == len(in_dims):  # outputs' entries may be left out
        axes += [tuple(range(-len(d), 0)) for d in out_dims]
    if len(axes) != len(in_dims) + len(out_dims):
        raise ValueError(f"apply_gufunc: axes has {len(axes)} entries; signature {signature!r} needs "
                         f"{len(in_dims)} (inputs) or {len(in_dims) + len(out_dims)} (inputs and outputs)")
    for k, (a, d) in enumerate(zip(axes, in_dims + out_dims)):
        if len(a) != len(d) and not (keepdims and k >= len(in_dims) and not d):
            raise ValueError(f"apply_gufunc: axes entry {k} {a} has {len(a)} axes for core dimensions {d}")
    if keepdims:
        if any(d for d in out_dims) or len({tuple(d) for d in in_dims}) != 1:
            raise ValueError(f"apply_gufunc: keepdims=True needs the same core dimensions in every input and "
                             f"none in the outputs, got signature {signature!r}")
        axes = axes[: len(in_dims)] + [axes[0]] * len(out_dims)
    return axes


def _apply_with_axes(func: Callable, signature: str, in_dims: list, out_dims: list, args: tuple, axes: Any,
                     axis: Any, keepdims: bool, options: dict) -> Any:
    """Move the core dimensions to the end, apply, then move the outputs' core dimensions into place."""
    from ..manipulation.shape import expand_dims, moveaxis

    arrays = [_lazy(a) for a in args]
    if len(arrays) != len(in_dims):
        raise ValueError(f"apply_gufunc: signature {signature!r} has {len(in_dims)} inputs but {len(arrays)} "
                         f"arrays were given")
    axes = _gufunc_axes(signature, in_dims, out_dims, [a.ndim for a in arrays], axes, axis, keepdims)
    moved = [moveaxis(a, ax, tuple(range(a.ndim - len(ax), a.ndim))) if ax else a
             for a, ax in zip(arrays, axes[: len(in_dims)])]
    result = apply_gufunc(func, signature, *moved, **options)
    outputs = list(result) if len(out_dims) > 1 else [result]
    final = []
    for out, ax in zip(outputs, axes[len(in_dims):]):
        if keepdims:
            for _ in ax:
                out = expand_dims(out, -1)
        if ax:
            out = moveaxis(out, tuple(range(out.ndim - len(ax), out.ndim)), ax)
        final.append(out)
    return tuple(final) if len(out_dims) > 1 else final[0]


class gufunc:  # noqa: N801 - named after dask's gufunc, which it mirrors
    """A function bound to a gufunc signature: calling it runs :func:`apply_gufunc` (dask's ``gufunc``).

    >>> import numpy as np, lazyarr as la
    >>> norm = la.gufunc(lambda v: np.sqrt((v ** 2).sum(-1)), signature="(i)->()", output_dtypes=float)
    >>> norm(la.from_array(np.array([[3.0, 4.0], [6.0, 8.0]]), chunks=(1, 2))).compute()
    array([ 5., 10.])
    """

    def __init__(self, pyfunc: Callable, *, signature: str | None = None, vectorize: bool = False, axes: Any = None,
                 axis: int | None = None, keepdims: bool = False, output_sizes: dict | None = None,
                 output_dtypes: Any = None, allow_rechunk: bool = False, meta: Any = None):
        if signature is None:
            raise TypeError("gufunc: signature= is required, e.g. signature='(i)->()'")
        self.pyfunc, self.signature = pyfunc, signature
        self.options = dict(vectorize=vectorize, axes=axes, axis=axis, keepdims=keepdims, output_sizes=output_sizes,
                            output_dtypes=output_dtypes, allow_rechunk=allow_rechunk, meta=meta)
        self.__doc__ = getattr(pyfunc, "__doc__", None) or self.__doc__
        self.__name__ = getattr(pyfunc, "__name__", "gufunc")

    def __repr__(self) -> str:
        return f"<lazyarr.gufunc {self.__name__} {self.signature}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # options given at call time (axis=, allow_rechunk=, ...) override those given at creation
        options = dict(self.options)
        for key in list(kwargs):
            if key in options:
                options[key] = kwargs.pop(key)
        return apply_gufunc(self.pyfunc, self.signature, *args, **options, **kwargs)


def as_gufunc(signature: str | None = None, **kwargs: Any) -> Callable[[Callable], gufunc]:
    """Decorator: turn a NumPy function into a lazy :class:`gufunc` (dask's ``as_gufunc``).

    >>> import numpy as np, lazyarr as la
    >>> @la.as_gufunc("(i)->()", output_dtypes=float)
    ... def mean_line(v):
    ...     return v.mean(axis=-1)
    >>> mean_line(la.ones((3, 4), chunks=(1, 4))).compute()
    array([1., 1., 1.])
    """
    allowed = {"vectorize", "axes", "axis", "keepdims", "output_sizes", "output_dtypes", "allow_rechunk", "meta"}
    unknown = set(kwargs) - allowed
    if unknown:
        raise TypeError(f"as_gufunc: unsupported keyword(s) {sorted(unknown)}; allowed: {sorted(allowed)}")

    def decorate(pyfunc: Callable) -> gufunc:
        return gufunc(pyfunc, signature=signature, **kwargs)

    return decorate


def _pick_output(results: tuple, k: int) -> np.ndarray:
    return results[k]


class vectorize:  # noqa: N801 - named after np.vectorize, which it mirrors
    """A Python function applied element by element (or per core dimensions) to lazy arrays.

    Like ``np.vectorize``: with ``signature`` it becomes a gufunc run through
    :func:`apply_gufunc`; without, an elementwise function run block by block.

    >>> import lazyarr as la
    >>> clipped = la.vectorize(lambda v: v if v < 3 else 3, otypes=[int])
    >>> clipped(la.arange(5, chunks=2)).compute()
    array([0, 1, 2, 3, 3])
    """

    def __init__(self, pyfunc: Callable, otypes: Any = None, signature: str | None = None, **kwargs: Any):
        self.pyfunc, self.otypes, self.signature = pyfunc, otypes, signature
        self._np = np.vectorize(pyfunc, otypes=otypes, signature=signature, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        dtype = self.otypes[0] if self.otypes else None
        if self.signature is not None:
            several = self.otypes is not None and len(self.otypes) > 1
            return apply_gufunc(self._np, self.signature, *args, output_dtypes=list(self.otypes) if several else dtype,
                                allow_rechunk=True, **kwargs)

        return elemwise(self._np, *args, dtype=dtype, label=getattr(self.pyfunc, "__name__", "vectorize"), **kwargs)
