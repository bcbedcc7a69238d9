"""Every NumPy ufunc, lazily: ``la.sin``, ``la.add``, ... and NEP-13 dispatch.

Each ufunc is one line at the end of this module (``sin = LazyUfunc(np.sin)``). Each
lazyarr ufunc is a :class:`LazyUfunc` wrapping the NumPy one, with ``__call__``
(blockwise), ``reduce`` and ``accumulate``. ``np.sin(x)`` on a lazy array lands in
:func:`array_ufunc` through ``Array.__array_ufunc__`` and builds the same graph as
``la.sin(x)``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blocktype import ufunc_for
from ...core.blockwise import Aligned, BlockRef, blockwise_array, elemwise, infer_dtype
from ...core.data import convert_foreign
from ...core.tokenize import tokenize

# Every NumPy ufunc and NumPy's other names for them; each is defined at the end of the module.
__all__ = [
    "abs", "absolute", "acos", "acosh", "add", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2",
    "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and", "bitwise_count", "bitwise_invert",
    "bitwise_left_shift", "bitwise_not", "bitwise_or", "bitwise_right_shift", "bitwise_xor", "cbrt", "ceil",
    "conj", "conjugate", "copysign", "cos", "cosh", "deg2rad", "degrees", "divide", "divmod", "equal", "exp",
    "exp2", "expm1", "fabs", "float_power", "floor", "floor_divide", "fmax", "fmin", "fmod", "frexp", "gcd",
    "greater", "greater_equal", "heaviside", "hypot", "invert", "isfinite", "isinf", "isnan", "isnat", "lcm",
    "ldexp", "left_shift", "less", "less_equal", "log", "log10", "log1p", "log2", "logaddexp", "logaddexp2",
    "logical_and", "logical_not", "logical_or", "logical_xor", "maximum", "minimum", "mod", "modf", "multiply",
    "negative", "nextafter", "not_equal", "positive", "pow", "power", "rad2deg", "radians", "reciprocal",
    "remainder", "right_shift", "rint", "sign", "signbit", "sin", "sinh", "spacing", "sqrt", "square",
    "subtract", "tan", "tanh", "true_divide", "trunc",
]


def _pick(values: tuple, i: int) -> Any:
    return values[i]


class _UfuncInto:
    """One block of ``ufunc(*inputs, out=outs, where=mask)``, by NumPy itself.

    The task's arguments are the input blocks, then the blocks of each ``out`` array (when
    given), then the ``where`` block (when given). The ``out`` blocks belong to another
    task's result, so NumPy writes into copies of them, never into them.
    """

    def __init__(self, ufunc: np.ufunc, nout_given: int, has_where: bool):
        self.ufunc, self.nout_given, self.has_where = ufunc, nout_given, has_where
        self.__name__ = ufunc.__name__

    def __call__(self, *blocks: Any, **kwargs: Any) -> Any:
        nin = self.ufunc.nin
        inputs, rest = blocks[:nin], blocks[nin:]
        outs = tuple(np.array(o, copy=True) for o in rest[:self.nout_given])
        if self.has_where:
            kwargs["where"] = rest[-1]
        result = self.ufunc(*inputs, out=outs or None, **kwargs)
        return result if self.ufunc.nout == 1 else tuple(result)

    def __lazyarr_token__(self) -> Any:
        return ("ufunc-into", self.ufunc.__name__, self.nout_given, self.has_where)


def _outs(ufunc: np.ufunc, out: Any) -> tuple:
    """``out=`` as a tuple of lazy arrays (or ``()``); anything else is refused."""
    if out is None:
        return ()
    outs = out if isinstance(out, tuple) else (out,)
    if all(o is None for o in outs):
        return ()
    if len(outs) != ufunc.nout or not all(is_array(o) for o in outs):
        raise TypeError(
            f"{ufunc.__name__}: out= must be {ufunc.nout} lazy array(s) for lazy inputs, got "
            f"{tuple(type(o).__name__ for o in outs)}; a NumPy out cannot be filled lazily: use the returned array "
            f"(or np.{ufunc.__name__}(x.compute(), ..., out=...))")
    return outs


def _rebind(target: Any, new: Any) -> None:
    """Make the lazy *target* stand for *new* (how ``out=`` "writes" into an immutable lazy array)."""
    target.graph, target.name, target.chunks, target.dtype = new.graph, new.name, new.chunks, new.dtype


def write_out(fname: str, result: Any, out: Any) -> Any:
    """``out=`` of a function that is not a ufunc (``clip``): *out*, a lazy array, is rebound to
    *result* cast to its dtype, under NumPy's ``same_kind`` rule; *out* is returned."""
    if not is_array(out):
        raise TypeError(f"{fname}: out= must be a lazy array for lazy inputs, got {type(out).__name__}; "
                        f"use the returned array instead")
    if out.shape != result.shape:
        raise ValueError(f"{fname}: out has shape {out.shape}, the result {result.shape}")
    if not np.can_cast(result.dtype, out.dtype, casting="same_kind"):
        raise TypeError(f"{fname}: cannot cast the result from {result.dtype} to out's dtype {out.dtype} "
                        f"with casting rule 'same_kind'")
    _rebind(out, result.astype(out.dtype))
    return out


def _apply_into(ufunc: np.ufunc, inputs: tuple, outs: tuple, where: Any, kwargs: dict) -> Any:
    """``ufunc(*inputs, out=outs, where=where)`` as NumPy: selected elements computed, the rest
    taken from *outs* (left undefined, as NumPy's, without *outs*); *outs* are rebound to the result."""
    has_where = where is not True
    func = _UfuncInto(ufunc, len(outs), has_where)
    args = [*inputs, *outs, *([where] if has_where else [])]
    if outs:
        shapes = [a.shape for a in args if is_array(a) or isinstance(a, np.ndarray)]
        if not any(math.isnan(n) for shape in shapes for n in shape):
            shape = np.broadcast_shapes(*shapes)
            if shape != outs[0].shape:
                raise ValueError(f"{ufunc.__name__}: non-broadcastable output operand with shape "
                                 f"{outs[0].shape} doesn't match the broadcast shape {shape}")
        # NumPy checks the casting of the result into out (same_kind by default) on
        # one-element samples: its own error, at graph-build time
        samples = [np.ones((1,) * a.ndim, dtype=a.dtype) if is_array(a) or isinstance(a, np.ndarray) else a
                   for a in args]
        func(*samples, **kwargs)
    if ufunc.nout == 1:
        result = elemwise(func, *args, dtype=outs[0].dtype if outs else None, label=ufunc.__name__, **kwargs)
        if outs:
            _rebind(outs[0], result)
            return outs[0]
        return result
    dtypes = [o.dtype for o in outs] if outs else infer_dtype(ufunc, inputs, kwargs, ufunc.__name__)
    both = elemwise(func, *args, dtype=object, label=ufunc.__name__, **kwargs)
    results = _split_outputs(ufunc, both, dtypes)
    for o, r in zip(outs, results):
        _rebind(o, r)
    return tuple(outs) if outs else tuple(results)


def apply_ufunc(ufunc: np.ufunc, *inputs: Any, **kwargs: Any) -> Any:
    """Apply *ufunc* elementwise to lazy/NumPy/scalar inputs; a tuple for 2-output ufuncs.

    ``out=`` (lazy arrays) and ``where=`` work as in NumPy: the elements where ``where`` is
    False keep ``out``'s values, and ``out`` is rebound to the result (lazy arrays are
    immutable underneath, like ``x[i] = v``), which is also returned.
    """
    if len(inputs) != ufunc.nin:
        raise TypeError(f"{ufunc.__name__}() takes {ufunc.nin} positional argument(s) but "
                        f"{len(inputs)} were given")
    kwargs = dict(kwargs)
    outs = _outs(ufunc, kwargs.pop("out", None))
    where = kwargs.pop("where", True)
    inputs = tuple(np.asarray(i) if isinstance(i, (list, tuple)) else i for i in inputs)
    if outs or where is not True:
        where = np.asarray(where) if isinstance(where, list) else where
        return _apply_into(ufunc, inputs, outs, where, kwargs)
    if ufunc.nout == 1:
        # Masked blocks (lazyarr.ma) run numpy.ma's version of the ufunc, as a + b on np.ma arrays does.
        types = [i.block_type if is_array(i) else type(i) for i in inputs]
        return elemwise(ufunc_for(ufunc, types), *inputs, label=ufunc.__name__, **kwargs)
    dtypes = infer_dtype(ufunc, inputs, kwargs, ufunc.__name__)
    both = elemwise(ufunc, *inputs, dtype=object, label=ufunc.__name__, **kwargs)
    return tuple(_split_outputs(ufunc, both, dtypes))


def _split_outputs(ufunc: np.ufunc, both: Array, dtypes: Any) -> list[Array]:
    """One array per output of a several-output ufunc, from the array whose blocks are its tuples."""
    return [blockwise_array(_pick, [BlockRef(both.name, Aligned(both.numblocks, both.ndim)), i], both.chunks, dt,
                            name=f"{ufunc.__name__}-{i}-{tokenize(both.name, i)}", inputs=[both],
                            label=ufunc.__name__)
            for i, dt in enumerate(dtypes)]


def _lazy_if_foreign(x: Any) -> Any:
    if is_array(x) or isinstance(x, (np.ndarray, np.generic, int, float, complex, bool, list)):
        return x
    foreign = convert_foreign(x)
    return x if foreign is None else foreign


def array_ufunc(ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
    """``Array.__array_ufunc__`` (NEP 13)."""
    # Another library's lazy array among the inputs (a dask array) joins our graph.
    inputs = tuple(_lazy_if_foreign(i) for i in inputs)
    for i in inputs:
        if not (is_array(i) or isinstance(i, (np.ndarray, np.generic, int, float, complex, bool, list))):
            return NotImplemented
    if method == "__call__" and ufunc.signature is not None:
        # Generalized ufuncs (matmul, vecdot, ...) are products, not elementwise.
        from ..linalg import products as linalg_products

        impl = getattr(linalg_products, ufunc.__name__, None)
        return NotImplemented if impl is None else impl(*inputs, **kwargs)
    if method == "__call__":
        return apply_ufunc(ufunc, *inputs, **kwargs)
    from ..reductions import basic as reductions

    if method == "reduce":
        return reductions.ufunc_reduce(ufunc, *inputs, **kwargs)
    if method == "accumulate":
        from ..reductions import cumulative

        return cumulative.ufunc_accumulate(ufunc, *inputs, **kwargs)
    return NotImplemented  # outer, at, reduceat: NumPy then raises TypeError naming them


class LazyUfunc:
    """A NumPy ufunc that builds lazy graphs for lazy inputs.

    Examples
    --------
    >>> import lazyarr as la
    >>> x = la.arange(4, chunks=2)
    >>> la.add(x, 1).compute()
    array([1, 2, 3, 4])
    >>> la.add.reduce(x).compute()
    np.int64(6)
    """

    def __init__(self, ufunc: np.ufunc):
        self._ufunc = ufunc
        self.__name__ = ufunc.__name__
        self.__doc__ = (f"Lazy version of :obj:`numpy.{ufunc.__name__}`; same arguments "
                        f"(``out=`` takes lazy arrays, which it rebinds to the result).\n\n"
                        f"    >>> import lazyarr as la\n"
                        f"    >>> la.{ufunc.__name__}  # doctest: +ELLIPSIS\n"
                        f"    <lazyarr.{ufunc.__name__} ufunc>\n")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any(is_array(a) for a in args):
            return apply_ufunc(self._ufunc, *args, **kwargs)
        return self._ufunc(*args, **kwargs)

    def reduce(self, array: Any, axis: Any = 0, **kwargs: Any) -> Any:
        from ..reductions import basic as reductions

        return reductions.ufunc_reduce(self._ufunc, array, axis=axis, **kwargs)

    def accumulate(self, array: Any, axis: int = 0, **kwargs: Any) -> Any:
        from ..reductions import cumulative

        return cumulative.ufunc_accumulate(self._ufunc, array, axis=axis, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ufunc, name)  # nin, nout, identity, types, ...

    def __repr__(self) -> str:
        return f"<lazyarr.{self.__name__} ufunc>"

    def __reduce__(self) -> Any:
        return (LazyUfunc, (self._ufunc,))


# Every NumPy ufunc, one line each (a new one is one more line; tests/api/test_registry.py checks
# this list against NumPy's). Generalized ufuncs (matmul, vecdot, ...) have a signature and live
# with the products in api/linalg/products.py.
absolute = LazyUfunc(np.absolute)
add = LazyUfunc(np.add)
arccos = LazyUfunc(np.arccos)
arccosh = LazyUfunc(np.arccosh)
arcsin = LazyUfunc(np.arcsin)
arcsinh = LazyUfunc(np.arcsinh)
arctan = LazyUfunc(np.arctan)
arctan2 = LazyUfunc(np.arctan2)
arctanh = LazyUfunc(np.arctanh)
bitwise_and = LazyUfunc(np.bitwise_and)
bitwise_count = LazyUfunc(np.bitwise_count)
bitwise_or = LazyUfunc(np.bitwise_or)
bitwise_xor = LazyUfunc(np.bitwise_xor)
cbrt = LazyUfunc(np.cbrt)
ceil = LazyUfunc(np.ceil)
conjugate = LazyUfunc(np.conjugate)
copysign = LazyUfunc(np.copysign)
cos = LazyUfunc(np.cos)
cosh = LazyUfunc(np.cosh)
deg2rad = LazyUfunc(np.deg2rad)
degrees = LazyUfunc(np.degrees)
divide = LazyUfunc(np.divide)
divmod = LazyUfunc(np.divmod)
equal = LazyUfunc(np.equal)
exp = LazyUfunc(np.exp)
exp2 = LazyUfunc(np.exp2)
expm1 = LazyUfunc(np.expm1)
fabs = LazyUfunc(np.fabs)
float_power = LazyUfunc(np.float_power)
floor = LazyUfunc(np.floor)
floor_divide = LazyUfunc(np.floor_divide)
fmax = LazyUfunc(np.fmax)
fmin = LazyUfunc(np.fmin)
fmod = LazyUfunc(np.fmod)
frexp = LazyUfunc(np.frexp)
gcd = LazyUfunc(np.gcd)
greater = LazyUfunc(np.greater)
greater_equal = LazyUfunc(np.greater_equal)
heaviside = LazyUfunc(np.heaviside)
hypot = LazyUfunc(np.hypot)
invert = LazyUfunc(np.invert)
isfinite = LazyUfunc(np.isfinite)
isinf = LazyUfunc(np.isinf)
isnan = LazyUfunc(np.isnan)
isnat = LazyUfunc(np.isnat)
lcm = LazyUfunc(np.lcm)
ldexp = LazyUfunc(np.ldexp)
left_shift = LazyUfunc(np.left_shift)
less = LazyUfunc(np.less)
less_equal = LazyUfunc(np.less_equal)
log = LazyUfunc(np.log)
log10 = LazyUfunc(np.log10)
log1p = LazyUfunc(np.log1p)
log2 = LazyUfunc(np.log2)
logaddexp = LazyUfunc(np.logaddexp)
logaddexp2 = LazyUfunc(np.logaddexp2)
logical_and = LazyUfunc(np.logical_and)
logical_not = LazyUfunc(np.logical_not)
logical_or = LazyUfunc(np.logical_or)
logical_xor = LazyUfunc(np.logical_xor)
maximum = LazyUfunc(np.maximum)
minimum = LazyUfunc(np.minimum)
modf = LazyUfunc(np.modf)
multiply = LazyUfunc(np.multiply)
negative = LazyUfunc(np.negative)
nextafter = LazyUfunc(np.nextafter)
not_equal = LazyUfunc(np.not_equal)
positive = LazyUfunc(np.positive)
power = LazyUfunc(np.power)
rad2deg = LazyUfunc(np.rad2deg)
radians = LazyUfunc(np.radians)
reciprocal = LazyUfunc(np.reciprocal)
remainder = LazyUfunc(np.remainder)
right_shift = LazyUfunc(np.right_shift)
rint = LazyUfunc(np.rint)
sign = LazyUfunc(np.sign)
signbit = LazyUfunc(np.signbit)
sin = LazyUfunc(np.sin)
sinh = LazyUfunc(np.sinh)
spacing = LazyUfunc(np.spacing)
sqrt = LazyUfunc(np.sqrt)
square = LazyUfunc(np.square)
subtract = LazyUfunc(np.subtract)
tan = LazyUfunc(np.tan)
tanh = LazyUfunc(np.tanh)
trunc = LazyUfunc(np.trunc)

# NumPy's other names for the same ufuncs (np.abs is np.absolute).
abs = absolute
acos = arccos
acosh = arccosh
asin = arcsin
asinh = arcsinh
atan = arctan
atan2 = arctan2
atanh = arctanh
bitwise_invert = invert
bitwise_left_shift = left_shift
bitwise_not = invert
bitwise_right_shift = right_shift
conj = conjugate
mod = remainder
pow = power
true_divide = divide
