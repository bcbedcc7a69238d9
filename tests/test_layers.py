"""The layers import one way: every import statement in the package, module level or inside a function.

::

    interop/ teaching/ testing/ lazyarr/__init__.py  (anything below)
                 |
    api/    schedulers/    display/ <- diagnostics/
       \\         |          /
                core/
                  |
    errors.py  config.py  callbacks.py  (shared ground: import no layer)

``ALLOWED`` is that picture as data; ``EXCEPTIONS`` lists the few imports that break it, each
with its reason. The test fails on an import the picture does not allow and on an exception
that no longer happens (so the list stays exact).
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "lazyarr"

SHARED = {"errors", "config", "callbacks"}
#: layer -> the layers it may import (besides itself and SHARED); None: anything
ALLOWED = {
    "core": set(),
    "api": {"core"},
    "schedulers": {"core"},
    "display": {"core"},
    "diagnostics": {"core", "display"},  # the "show" end: its plots use display's palette
    "teaching": None,
    "interop": None,  # adapters other libraries load (the xarray chunk manager): the top, like teaching
    "testing": None,
    "": None,  # lazyarr/__init__.py and the namespace modules linalg.py, fft.py, random.py, ma.py, special.py, stats.py
}

#: (importing module, imported module) -> why it is allowed
EXCEPTIONS = {
    ("lazyarr.api.array_api.info", "lazyarr"):
        "x.__array_namespace__() returns the top-level lazyarr module itself (the Array API's rule)",
}

#: optional libraries the core never imports (it runs with NumPy alone)
OPTIONAL = {"dask", "distributed", "graphviz", "ipywidgets", "IPython", "matplotlib", "scipy", "zarr", "xarray"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in {"linalg", "fft", "random", "ma", "special", "stats"} and len(parts) == 2:
        return ""
    if parts[1] in {"overlap", "lib"}:  # namespace modules too (lib/ is a package: lib.stride_tricks)
        return ""
    return "shared" if parts[1] in SHARED else parts[1]


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import statement in *path*, at any depth."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, node.module))
                continue
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            if node.module:
                found.append((node.lineno, ".".join(base + [node.module])))
            else:  # from . import x: x may be a module
                found += [(node.lineno, ".".join(base + [alias.name])) for alias in node.names]
    return found


def all_imports() -> list[tuple[str, int, str]]:
    return [(module_name(path), line, target)
            for path in sorted(PACKAGE.rglob("*.py")) for line, target in imports(path)]


def may_import(mine: str, theirs: str) -> bool:
    if mine == "shared":
        return theirs == "shared"
    allowed = ALLOWED[mine]  # a KeyError here: a new folder in lazyarr/ needs a line in ALLOWED
    return allowed is None or theirs in allowed | {mine, "shared"}


def test_every_import_follows_the_layers():
    wrong, used = [], set()
    for module, line, target in all_imports():
        if target != "lazyarr" and not target.startswith("lazyarr."):
            continue
        if may_import(layer_of(module), layer_of(target)):
            continue
        if (module, target) in EXCEPTIONS:
            used.add((module, target))
            continue
        wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)
    stale = set(EXCEPTIONS) - used
    assert not stale, f"these exceptions no longer happen; delete them from EXCEPTIONS: {sorted(stale)}"


def test_may_import():
    assert may_import("api", "core") and may_import("api", "shared") and may_import("api", "api")
    assert not may_import("core", "api") and not may_import("core", "display")
    assert not may_import("display", "schedulers") and may_import("diagnostics", "display")
    assert may_import("teaching", "api") and not may_import("shared", "core")


def test_the_core_imports_no_optional_library():
    wrong = [f"{module}:{line} imports {target}" for module, line, target in all_imports()
             if layer_of(module) == "core" and target.split(".")[0] in OPTIONAL]
    assert not wrong, "\n".join(wrong)


def test_layer_of():
    assert layer_of("lazyarr.core.array") == "core"
    assert layer_of("lazyarr.api.linalg.products") == "api"
    assert layer_of("lazyarr.linalg") == layer_of("lazyarr") == ""
    assert layer_of("lazyarr.errors") == "shared"


@pytest.mark.parametrize("source, expected", [
    ("import lazyarr.api\n", ["lazyarr.api"]),
    ("def f():\n    from ..api import methods\n", ["lazyarr.api"]),
    ("def f():\n    from .. import api\n", ["lazyarr.api"]),
    ("class A:\n    def f(self):\n        from . import chunks\n", ["lazyarr.core.chunks"]),
    ("if True:\n    from ..display.html import array_html\n", ["lazyarr.display.html"]),
])
def test_imports_sees_every_depth(tmp_path, monkeypatch, source, expected):
    # A module at lazyarr/core/probe.py: relative imports resolve against lazyarr.core.
    fake = tmp_path / "lazyarr" / "core"
    fake.mkdir(parents=True)
    (fake / "probe.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "lazyarr")
    assert [t for _, t in imports(fake / "probe.py")] == expected


def test_core_imports_with_numpy_only():
    code = ("import sys, lazyarr as la; la.ones(4, chunks=2).sum().compute(); "
            "bad = [m for m in ('dask', 'distributed', 'matplotlib', 'ipywidgets', 'graphviz', 'scipy') "
            "if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)
