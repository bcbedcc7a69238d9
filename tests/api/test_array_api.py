"""lazyarr as an Array API namespace: presence and signatures, walked from the standard's list.

The list of names and signatures is data in ``array_api_spec.py``. For each entry we check
that lazyarr has it and that its signature accepts every call the standard allows:

- NumPy-named functions keep NumPy's signature (``la.sum(a, axis=None, dtype=None, out=None,
  keepdims=False, ...)``); that is fine as long as each standard parameter can be passed the way
  the standard passes it (positional-only ones by position, keyword-only ones by name) and
  lazyarr requires nothing the standard leaves out (``compatible``).
- Functions that exist only because of the standard (defined in ``lazyarr/api/array_api*.py``)
  must match exactly: same names, same kinds (``strict``).

Entries that other work areas implement (sorting, set functions, linalg, fft, ...) are expected
failures (XFAIL) while they are missing; once they exist they must conform like everything else.
"""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest

import lazyarr as la

try:  # the data file next to this one: a sibling module if tests/ is a package, else on sys.path (pytest)
    from . import array_api_spec as spec
except ImportError:
    import array_api_spec as spec

P = inspect.Parameter
POSITIONAL = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
BY_NAME = (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY)


def parse_signature(text: str) -> tuple[str, inspect.Signature]:
    """``"f(x, /, *, axis=None)"`` -> ``("f", Signature)``; defaults are kept as literals."""
    fn = ast.parse(f"def {text}: pass").body[0]
    args = fn.args
    params = []
    positional = args.posonlyargs + args.args
    defaults = [P.empty] * (len(positional) - len(args.defaults)) + [ast.literal_eval(d) for d in args.defaults]
    for i, (a, d) in enumerate(zip(positional, defaults)):
        kind = P.POSITIONAL_ONLY if i < len(args.posonlyargs) else P.POSITIONAL_OR_KEYWORD
        params.append(P(a.arg, kind, default=d))
    if args.vararg:
        params.append(P(args.vararg.arg, P.VAR_POSITIONAL))
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        params.append(P(a.arg, P.KEYWORD_ONLY, default=P.empty if d is None else ast.literal_eval(d)))
    if args.kwarg:
        params.append(P(args.kwarg.arg, P.VAR_KEYWORD))
    return fn.name, inspect.Signature(params)


def incompatibilities(standard: inspect.Signature, impl: inspect.Signature) -> list[str]:
    """Why calls the standard allows would fail on *impl* (empty list: none would)."""
    problems = []
    ip = list(impl.parameters.values())
    positional = [p for p in ip if p.kind in POSITIONAL]
    by_name = {p.name: p for p in ip if p.kind in BY_NAME}
    var_pos = any(p.kind == P.VAR_POSITIONAL for p in ip)
    var_kw = any(p.kind == P.VAR_KEYWORD for p in ip)
    std_positional = [p for p in standard.parameters.values() if p.kind in POSITIONAL]
    for i, sp in enumerate(std_positional):
        target = positional[i] if i < len(positional) else None
        if target is None and not var_pos:
            problems.append(f"{sp.name!r} cannot be passed by position {i}")
        elif target is not None and sp.default is not P.empty and target.default is P.empty:
            problems.append(f"{sp.name!r} is optional in the standard but {target.name!r} is required")
        if sp.kind == P.POSITIONAL_OR_KEYWORD:
            same_name = by_name.get(sp.name)
            if same_name is None and not var_kw:
                problems.append(f"{sp.name!r} cannot be passed by name")
            elif same_name is not None and same_name.kind in POSITIONAL and same_name is not target:
                # NumPy's clip(a, a_min, a_max, *, min, max) is fine: min is keyword-only there.
                problems.append(f"{sp.name!r} is at a different position than in the standard")
    for sp in standard.parameters.values():
        if sp.kind == P.KEYWORD_ONLY:
            target = by_name.get(sp.name)
            if target is None and not var_kw:
                problems.append(f"keyword {sp.name!r} is not accepted")
            elif target is not None and sp.default is not P.empty and target.default is P.empty:
                problems.append(f"keyword {sp.name!r} is optional in the standard but required here")
        if sp.kind == P.VAR_POSITIONAL and not var_pos:
            problems.append(f"*{sp.name} is not accepted")
    # lazyarr must not require anything the standard does not pass.
    n_required = sum(1 for p in std_positional if p.default is P.empty)
    std_names = set(standard.parameters)
    for i, p in enumerate(positional):
        if p.default is P.empty and i >= n_required and not (p.kind == P.POSITIONAL_OR_KEYWORD and
                                                              p.name in std_names):
            problems.append(f"{p.name!r} is required here but not by the standard")
    for p in ip:
        if p.kind == P.KEYWORD_ONLY and p.default is P.empty and p.name not in std_names:
            problems.append(f"keyword {p.name!r} is required here but not by the standard")
    return problems


def strict_differences(standard: inspect.Signature, impl: inspect.Signature) -> list[str]:
    """Differences in names, kinds and defaults; extra keyword-only options are allowed."""
    problems = []
    ip = impl.parameters
    for name, sp in standard.parameters.items():
        p = ip.get(name)
        if p is None:
            if sp.kind != P.POSITIONAL_ONLY:  # positional-only names are not part of the API
                problems.append(f"missing {name!r}")
            continue
        if p.kind != sp.kind:
            problems.append(f"{name!r} is {p.kind.description}, the standard says {sp.kind.description}")
        if (p.default is P.empty) != (sp.default is P.empty) or (
                sp.default is not P.empty and p.default != sp.default):
            problems.append(f"{name!r} defaults to {p.default!r}, the standard says {sp.default!r}")
    # Extra parameters (the standard allows them) must be optional and come after the standard's.
    n_std_positional = sum(1 for p in standard.parameters.values() if p.kind in POSITIONAL)
    positional = [p for p in ip.values() if p.kind in POSITIONAL]
    if len(positional) < n_std_positional:
        problems.append(f"{len(positional)} positional parameters, the standard has {n_std_positional}")
    for p in positional[n_std_positional:]:
        if p.default is P.empty:
            problems.append(f"extra required parameter {p.name!r}")
    for name, p in ip.items():
        if p.kind == P.KEYWORD_ONLY and name not in standard.parameters and p.default is P.empty:
            problems.append(f"extra required parameter {name!r}")
    return problems


def _params(entries: list[str]):
    return [pytest.param(*parse_signature(text), id=parse_signature(text)[0]) for text in entries]


def _get(namespace, name: str, owner: str | None):
    """The function, or an expected failure if it is missing and another work area provides it.

    Once it exists it must conform: a wrong signature fails even for other areas' functions.
    """
    if not hasattr(namespace, name) and owner is not None:
        pytest.xfail(f"{namespace.__name__}.{name} is implemented in the {owner} work")
    assert hasattr(namespace, name), f"{namespace.__name__}.{name} is missing"
    return getattr(namespace, name)


def _owner(name: str) -> str | None:
    return next((area for area, names in spec.OTHER_AREAS.items() if name in names), None)


MAIN = [text for entries in spec.MAIN.values() for text in entries] + spec.DRAFT


def _check(func, name: str, sig: inspect.Signature) -> None:
    impl = inspect.signature(func)
    module = getattr(func, "__module__", "") or ""
    if module.startswith("lazyarr.api.array_api"):
        problems = strict_differences(sig, impl)
    else:
        problems = incompatibilities(sig, impl)
    assert not problems, f"{name}{impl} vs standard {name}{sig}: " + "; ".join(problems)


# -- the tests of the checker itself (it must be able to fail) ---------------------------------
def test_parse_signature():
    name, sig = parse_signature("arange(start, /, stop=None, step=1, *, dtype=None, device=None)")
    assert name == "arange"
    kinds = [p.kind for p in sig.parameters.values()]
    assert kinds == [P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD, P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY,
                     P.KEYWORD_ONLY]
    assert sig.parameters["step"].default == 1


@pytest.mark.parametrize("impl, ok", [
    ("f(a, axis=None, dtype=None, out=None, keepdims=False)", True),  # NumPy-style sum
    ("f(x, /, *, axis=None, keepdims=False)", True),
    ("f(a, axis, keepdims=False)", False),  # axis required
    ("f(a, dtype=None)", False),  # no axis, no keepdims
    ("f(a, /, *, axis=None, keepdims=False, where)", False),  # extra required keyword
    ("f(*args, **kwargs)", True),
])
def test_incompatibilities_detects_problems(impl, ok):
    _, standard = parse_signature("sum(x, /, *, axis=None, keepdims=False)")
    _, sig = parse_signature(impl)
    assert (incompatibilities(standard, sig) == []) is ok


def test_strict_differences_detects_kinds():
    _, standard = parse_signature("unstack(x, /, *, axis=0)")
    assert strict_differences(standard, parse_signature("u(y, /, *, axis=0)")[1]) == []
    assert strict_differences(standard, parse_signature("u(x, axis=0)")[1])  # axis not keyword-only
    assert strict_differences(standard, parse_signature("u(x, /, *, axis=1)")[1])  # wrong default


# -- the standard's namespace ------------------------------------------------------------------
def test_version_and_info():
    assert la.__array_api_version__ == "2024.12"
    info = la.__array_namespace_info__()
    caps = info.capabilities()
    assert caps["boolean indexing"] is True and caps["data-dependent shapes"] is True
    assert caps["max dimensions"] == np.__array_namespace_info__().capabilities()["max dimensions"]
    assert info.default_device() == "cpu" and info.devices() == ["cpu"]
    assert info.default_dtypes() == np.__array_namespace_info__().default_dtypes()
    assert set(info.dtypes()) == set(spec.DTYPES)
    for kind in ("bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating",
                 "numeric", ("bool", "complex floating")):
        assert info.dtypes(kind=kind) == np.__array_namespace_info__().dtypes(kind=kind), kind


@pytest.mark.parametrize("text", spec.INFO_METHODS)
def test_info_method_signature(text):
    name, sig = parse_signature(text)
    _check(getattr(type(la.__array_namespace_info__()), name), name, sig)


def test_info_device_errors():
    with pytest.raises(ValueError, match="dtypes: unsupported device 'gpu'; lazyarr only has the device 'cpu'"):
        la.__array_namespace_info__().dtypes(device="gpu")


@pytest.mark.parametrize("name", spec.CONSTANTS)
def test_constants(name):
    value = getattr(la, name)
    assert value is getattr(np, name) or (value != value and getattr(np, name) != getattr(np, name))


@pytest.mark.parametrize("name", spec.DTYPES)
def test_dtypes(name):
    dt = getattr(la, name)
    assert np.dtype(dt) == np.dtype(name)
    assert dt == getattr(np, name)  # NumPy's dtype objects, shared


@pytest.mark.parametrize("name, sig", _params(MAIN))
def test_main_namespace(name, sig):
    _check(_get(la, name, _owner(name)), name, sig)


def _extension(module_name: str):
    module = getattr(la, module_name, None)
    if module is None:
        pytest.xfail(f"lazyarr.{module_name} is implemented in the {module_name} work")
    return module


@pytest.mark.parametrize("name, sig", _params(spec.LINALG))
def test_linalg_extension(name, sig):
    linalg = _extension("linalg")
    assert hasattr(linalg, name), f"lazyarr.linalg.{name} is missing"
    _check(getattr(linalg, name), f"linalg.{name}", sig)


@pytest.mark.parametrize("name, sig", _params(spec.FFT))
def test_fft_extension(name, sig):
    fft = _extension("fft")
    assert hasattr(fft, name), f"lazyarr.fft.{name} is missing"
    _check(getattr(fft, name), f"fft.{name}", sig)


# -- the array object --------------------------------------------------------------------------
@pytest.mark.parametrize("name", spec.ARRAY_ATTRIBUTES)
def test_array_attributes(name):
    x = la.ones((2, 3), chunks=2)
    assert hasattr(x, name)


@pytest.mark.parametrize("text", spec.ARRAY_METHODS)
def test_array_methods(text):
    name, sig = parse_signature(text)
    assert hasattr(la.Array, name), f"Array.{name} is missing"
    impl = inspect.signature(getattr(la.Array, name))
    problems = incompatibilities(sig, impl)
    assert not problems, f"Array.{name}{impl}: " + "; ".join(problems)
