"""Checks on *how* an answer is written, for questions whose wording asks for it.

"Using NumPy's own function", "with an array method" or "without giving ``range=``"
cannot be seen in the value (``np.std(x)`` and ``x.std()`` build the same graph), so a
check reads the answer's cell, as reported by the notebook kernel (see ``watch.py``).
Only the learner's own lines count: statements that only (re)build the question's given
inputs are skipped, and so is the ``check(...)`` call. Without a cell source (a script, a
test outside a kernel) or with source that does not parse, these checks say nothing.

A constraint is a function ``(calls, names) -> str | None``: given the learner's calls
and a way to tell modules from values, it returns what is wrong, or None.

>>> import numpy as np
>>> code = "x = la.ones(4)\\nanswer = np.std(x, axis=0)\\ncheck('04.3', answer)"
>>> uses_method("std", "var")(*learner_calls(code, {"x"}, {"np": np}))
'your cell calls np.std(...), a function: the question asks for an array method, x.something(...)'
"""

from __future__ import annotations

import ast
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Call", "learner_calls", "uses_numpy_function", "uses_method", "without_keyword", "code_failure"]

MODULE_NAMES = {"np": "numpy", "numpy": "numpy", "la": "lazyarr", "lazyarr": "lazyarr", "math": "math"}


@dataclass(frozen=True)
class Call:
    """One call in the learner's code: ``np.std(x, axis=0)`` is ``Call("np", "std", ("axis",))``."""

    base: str | None  #: the module name or expression before the last dot (None for a bare name)
    name: str
    keywords: tuple[str, ...]
    on_module: str | None  #: "numpy", "lazyarr", ... when *base* names a module


def _module_of(node: ast.expr, namespace: dict) -> str | None:
    if isinstance(node, ast.Name):
        value = namespace.get(node.id)
        if isinstance(value, types.ModuleType):
            return value.__name__.split(".")[0]
        if value is None and node.id in MODULE_NAMES:
            return MODULE_NAMES[node.id]
        return None
    if isinstance(node, ast.Attribute):  # np.linalg, la.random
        return _module_of(node.value, namespace)
    return None


def _assigned_names(stmt: ast.stmt) -> set[str]:
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    names = set()
    for target in targets:
        names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _is_check_call(stmt: ast.stmt) -> bool:
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id in ("check", "hint", "solution"))


def _parse(source: str) -> ast.Module | None:
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)  # %magics and !shell lines
    except Exception:
        pass
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def learner_calls(source: str | None, given: Iterable[str], namespace: dict | None = None) -> tuple[list[Call], bool]:
    """The calls in the learner's lines of *source*, and whether they can be judged.

    *given* names the question's inputs: a statement that assigns only those names is a
    given setup line, not the learner's. A cell that does not assign ``answer`` (the
    answer was made in another cell) or does not parse cannot be judged.
    """
    tree = _parse(source) if source else None
    if tree is None:
        return [], False
    if not any("answer" in _assigned_names(stmt) for stmt in tree.body):
        return [], False  # the answer was made in another cell: nothing to judge here
    given = set(given)
    namespace = namespace or {}
    calls: list[Call] = []
    for stmt in tree.body:
        assigned = _assigned_names(stmt)
        if (assigned and assigned <= given) or _is_check_call(stmt):
            continue
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call):
                continue
            keywords = tuple(k.arg for k in node.keywords if k.arg)
            func = node.func
            if isinstance(func, ast.Attribute):
                calls.append(Call(ast.unparse(func.value), func.attr, keywords, _module_of(func.value, namespace)))
            elif isinstance(func, ast.Name):
                value = namespace.get(func.id)
                module = getattr(value, "__module__", None) if callable(value) else None
                calls.append(Call(None, func.id, keywords, module.split(".")[0] if module else None))
    return calls, True


Constraint = Callable[[list[Call], bool], "str | None"]


def uses_numpy_function(*names: str) -> Constraint:
    """The learner calls NumPy's own function (``np.sqrt(...)``; any of *names*, or any if none)."""

    def constraint(calls: list[Call], readable: bool) -> str | None:
        if not readable:
            return None
        if any(c.on_module == "numpy" and (not names or c.name in names) for c in calls):
            return None
        other = next((c for c in calls if c.name in names or (not names and c.on_module == "lazyarr")), None)
        if other is not None:
            where = f"{other.base}.{other.name}" if other.base else other.name
            return f"your cell calls {where}(...): the question asks you to use NumPy's own function, np.…"
        return "your cell calls no NumPy function: the question asks you to use NumPy's own function, np.…"

    return constraint


def uses_method(*names: str) -> Constraint:
    """The learner calls an array *method* (``x.std(...)``), not a module function."""

    def constraint(calls: list[Call], readable: bool) -> str | None:
        if not readable:
            return None
        if any(c.base is not None and c.on_module is None and c.name in names for c in calls):
            return None
        function = next((c for c in calls if c.name in names), None)
        if function is not None:
            where = f"{function.base}.{function.name}" if function.base else function.name
            return f"your cell calls {where}(...), a function: the question asks for an array method, x.something(...)"
        return None  # another route to the right numbers: nothing to object to

    return constraint


def without_keyword(keyword: str, *functions: str) -> Constraint:
    """The learner does not pass ``keyword=`` to any of *functions*."""

    def constraint(calls: list[Call], readable: bool) -> str | None:
        for c in calls:
            if c.name in functions and keyword in c.keywords:
                return f"your cell gives {keyword}= to {c.name}(...): the question asks you to leave it out"
        return None

    return constraint


def code_failure(constraints: Iterable[Constraint], given: Iterable[str]) -> str | None:
    """Run *constraints* on the running cell's source (from ``watch.counter``); the first complaint."""
    constraints = list(constraints)
    if not constraints:
        return None
    from .watch import counter

    namespace: dict[str, Any] = {}
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            namespace = shell.user_ns
    except ImportError:
        pass
    calls, readable = learner_calls(counter.source, given, namespace)
    if not readable:
        return None
    for constraint in constraints:
        complaint = constraint(calls, readable)
        if complaint:
            return complaint
    return None
