"""The Array's operators and methods (``api/methods.py``) are the NumPy-named functions, graph for graph."""

import operator

import numpy as np
import pytest

import lazyarr as la
from lazyarr.api.methods import BINARY_OPERATORS, COMPARISONS, METHODS, UNARY_OPERATORS
from lazyarr.testing import assert_eq


def x_and_a(dtype="int64"):
    a = np.arange(1, 13, dtype=dtype).reshape(3, 4)
    return la.from_array(a, chunks=(2, 3)), a


@pytest.mark.parametrize("name", sorted(BINARY_OPERATORS))
def test_binary_operator_is_the_ufunc(name):
    x, a = x_and_a()
    ufunc = BINARY_OPERATORS[name]
    op = divmod if name == "divmod" else getattr(operator, f"{name}_" if name in ("and", "or") else name)
    got, want = op(x, 3), op(a, 3)
    reflected, want_reflected = op(7, x), op(7, a)
    if name == "divmod":
        for g, w, lz in zip(got, want, ufunc(x, 3)):
            assert g.name == lz.name
            assert_eq(g, w)
        return
    assert got.name == getattr(la, ufunc.__name__)(x, 3).name == ufunc(x, 3).name  # one graph, three spellings
    assert_eq(got, want)
    assert_eq(reflected, want_reflected)


@pytest.mark.parametrize("name", sorted(set(BINARY_OPERATORS) - {"divmod"}))
def test_inplace_operator_keeps_dtype(name):
    x, a = x_and_a("int32")
    iop = getattr(operator, f"i{name}")
    if name == "truediv":  # int32 /= int: a float result cannot be cast back, in NumPy and here
        with pytest.raises(TypeError, match="same_kind"):
            iop(x, 2)
        with pytest.raises(TypeError):
            iop(a, 2)
        return
    y, b = iop(x, 2), iop(a.copy(), 2)
    assert y.dtype == np.int32
    assert_eq(y, b)


@pytest.mark.parametrize("name", sorted(COMPARISONS))
def test_comparison_is_the_ufunc(name):
    x, a = x_and_a()
    op = getattr(operator, name)
    assert op(x, 6).name == COMPARISONS[name](x, 6).name
    assert_eq(op(x, 6), op(a, 6))
    assert_eq(op(6, x), op(6, a))  # Python reflects: 6 < x is x > 6


@pytest.mark.parametrize("name", sorted(UNARY_OPERATORS))
def test_unary_operator_is_the_ufunc(name):
    x, a = x_and_a()
    op = getattr(operator, name)
    assert op(x).name == UNARY_OPERATORS[name](x).name
    assert_eq(op(x), op(a))


def test_matmul_operators():
    x, a = x_and_a("float64")
    assert_eq(x @ x.T, a @ a.T)
    assert_eq(a.T @ x, a.T @ a)  # NumPy defers to our __rmatmul__
    y = la.from_array(a[:, :3].copy(), chunks=2)
    y @= la.eye(3, chunks=2)
    assert_eq(y, a[:, :3])
    with pytest.raises(ValueError, match="cannot change the shape"):
        y @= la.ones((3, 5))


@pytest.mark.parametrize("name", sorted(METHODS))
def test_method_is_the_function(name):
    x, a = x_and_a("float64")
    if name in ("store", "to_npy", "to_zarr", "compute_chunk_sizes"):
        assert getattr(la.Array, name).__doc__.startswith(f"``x.{name}(...)`` is ``lazyarr.{name}(x, ...)``")
        return
    args = {"repeat": (2,), "swapaxes": (0, 1), "dot": (x.T,), "topk": (2,), "argtopk": (-2,)}.get(name, ())
    got, want = getattr(x, name)(*args), METHODS[name](x, *args)
    if isinstance(got, tuple):
        assert [g.name for g in got] == [w.name for w in want]
    else:
        assert got.name == want.name


def test_methods_carry_the_functions_signature_and_docstring():
    import inspect

    assert list(inspect.signature(la.Array.sum).parameters)[:3] == ["self", "axis", "dtype"]
    assert la.Array.sum.__doc__.startswith("``x.sum(...)`` is ``lazyarr.sum(x, ...)``")
    assert la.sum.__doc__.strip().splitlines()[0] in la.Array.sum.__doc__
    assert la.Array.__add__.__qualname__ == "Array.__add__"


def test_operands_it_does_not_know_get_notimplemented():
    x, _ = x_and_a()

    class OptOut:
        __array_ufunc__ = None  # NumPy's way to say "use my reflected operator"

        def __radd__(self, other):
            return "OptOut.__radd__"

    assert x + OptOut() == "OptOut.__radd__"
    with pytest.raises(TypeError):
        x + object()
