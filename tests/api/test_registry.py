"""The registry, the api modules' ``__all__`` and the namespace agree, and every function is documented.

The function registry is ``api/registry.py``'s ``HANDLED_FUNCTIONS`` (what ``np.<name>(x)``
dispatches to) plus the ufuncs (``api/elementwise/ufuncs.py``). NumPy itself is the oracle
for which ufuncs exist. The values are compared with NumPy in
``tests/properties/test_registry_properties.py``.
"""

import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import lazyarr as la
import lazyarr.api
from lazyarr.api.elementwise.ufuncs import LazyUfunc
from lazyarr.api.registry import HANDLED_FUNCTIONS

#: NumPy's sub-namespaces and ours
SUBNAMESPACES = {np.linalg: la.linalg, np.fft: la.fft, np.random: la.random}
SUBNAMESPACES[np.lib.stride_tricks] = la.lib.stride_tricks  # sliding_window_view

#: the namespaces whose __all__ is public
NAMESPACES = [("la", la), ("la.linalg", la.linalg), ("la.fft", la.fft), ("la.random", la.random),
              ("la.ma", la.ma), ("la.stats", la.stats)]

#: api modules that are machinery, not NumPy functions (their __all__ is not namespace)
MACHINERY = {"lazyarr.api.registry", "lazyarr.api.methods"}


def namespace_for(module_name: str):
    """Where the public names of api module *module_name* appear: ``la`` or a sub-namespace."""
    if module_name.startswith("lazyarr.api.linalg.") and module_name.rpartition(".")[2] not in {"products", "einsum"}:
        return la.linalg
    if module_name == "lazyarr.api.fft":
        return la.fft
    if module_name.startswith("lazyarr.api.random"):
        return la.random
    if module_name.startswith("lazyarr.api.ma."):
        return la.ma
    if module_name.startswith("lazyarr.api.stats."):
        return la.stats
    if module_name == "lazyarr.api.functional.halo":
        return la.overlap
    if module_name == "lazyarr.api.functional.windows":
        return la.lib.stride_tricks
    return la


def api_modules():
    for info in pkgutil.walk_packages(lazyarr.api.__path__, "lazyarr.api."):
        leaf = info.name.rpartition(".")[2]
        if not info.ispkg and not leaf.startswith("_") and info.name not in MACHINERY:
            yield importlib.import_module(info.name)


def numpy_ufuncs() -> list[str]:
    return sorted(n for n in dir(np) if isinstance(getattr(np, n), np.ufunc) and getattr(np, n).signature is None)


def public_names():
    """(namespace name, name, object) for everything the namespaces export."""
    for label, space in NAMESPACES:
        for name in space.__all__:
            yield label, name, getattr(space, name)


def test_every_api_module_all_is_reachable():
    """The recipe 'write it in the family module, add it to __all__' puts the name in the namespace."""
    missing = []
    for module in api_modules():
        assert hasattr(module, "__all__"), f"{module.__name__} has no __all__"
        space = namespace_for(module.__name__)
        for name in module.__all__:
            if getattr(space, name, None) is not getattr(module, name):
                missing.append(f"{module.__name__}.{name} is not {space.__name__}.{name}")
    assert not missing, "\n".join(missing)


def test_namespace_all_lists_only_api_names_once():
    for _label, space in NAMESPACES:
        assert len(space.__all__) == len(set(space.__all__)), [n for n in space.__all__ if space.__all__.count(n) > 1]
        for name in space.__all__:
            assert hasattr(space, name), f"{space.__name__}.{name} is in __all__ but missing"


@pytest.mark.parametrize("np_func", list(HANDLED_FUNCTIONS), ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_registered_function_is_reachable_under_its_numpy_name(np_func):
    impl = HANDLED_FUNCTIONS[np_func]
    numpy_space = next((sub for sub in SUBNAMESPACES if np_func is getattr(sub, np_func.__name__, None)), np)
    ours = SUBNAMESPACES.get(numpy_space, la)
    assert getattr(ours, np_func.__name__, None) is impl, (
        f"{numpy_space.__name__}.{np_func.__name__} dispatches to {impl.__module__}.{impl.__name__}, which is not "
        f"{ours.__name__}.{np_func.__name__}")


def test_every_numpy_ufunc_is_a_lazy_ufunc():
    ours = {name: getattr(la, name, None) for name in numpy_ufuncs()}
    missing = [name for name, f in ours.items() if not isinstance(f, LazyUfunc) or f._ufunc is not getattr(np, name)]
    assert not missing, f"add one line per ufunc to api/elementwise/ufuncs.py: {missing}"


@pytest.mark.parametrize("label, name, obj", list(public_names()), ids=lambda v: v if isinstance(v, str) else "")
def test_public_name_is_documented_with_an_example(label, name, obj):
    if not (inspect.isfunction(obj) or inspect.isclass(obj) or isinstance(obj, LazyUfunc)):
        return  # constants such as __array_api_version__
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{label}.{name} has no docstring"
    assert ">>>" in doc, f"{label}.{name} docstring has no example"


def test_every_array_method_and_property_is_documented():
    """``help(la.Array)`` reads like documentation: public members have an example, hooks a line."""
    missing = []
    for name, member in inspect.getmembers(la.Array):
        private = name.startswith("_") and not name.endswith("__")
        if private or name in {"__class__", "__dict__", "__doc__", "__module__", "__weakref__", "__annotations__"}:
            continue
        func = member.fget if isinstance(member, property) else member
        if not callable(func) or getattr(func, "__objclass__", None) is object or func is object.__hash__:
            continue  # object's own __eq__, __init_subclass__, ...: documented by Python
        doc = inspect.getdoc(func) or ""
        if not doc:
            missing.append(f"{name}: no docstring")
        elif not name.startswith("_") and ">>>" not in doc:
            missing.append(f"{name}: no example")
    assert not missing, "\n".join(missing)
