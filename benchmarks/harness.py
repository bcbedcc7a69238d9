"""The benchmark harness: how a case is described, discovered and measured.

A *case* is one workload written once per library. Every library function has the
same signature ``fn(xp, **params)``: ``xp`` is the library module (``lazyarr``,
``dask.array`` or ``numpy``) and ``params`` are the sizes (``quick`` or ``full``).

* If the function returns a lazy array (or a tuple of them), the harness computes it
  and times building and computing separately.
* Otherwise the call itself is the whole workload (NumPy versions, "build the graph
  only" cases, reprs).
* Return :class:`Report` to add your own numbers (a task count, extra metrics).

Case modules (``benchmarks/cases_*.py``) hold a ``CASES`` dict filled with
:func:`register` / :class:`Case`. They must not import lazyarr or dask at module
level: the harness imports one library per child process, so peak memory and import
side effects (BLAS threads, dask's config) stay separate.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import math
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LIBRARIES = ("lazyarr", "dask", "numpy")
MODULES = {"lazyarr": "lazyarr", "dask": "dask.array", "numpy": "numpy"}


@dataclass
class Report:
    """Returned by a case function that measures something itself.

    ``value`` is the workload's result (kept until timing ends, then dropped);
    ``ntasks`` the number of tasks it ran; ``extra`` any further numbers (shown in
    the JSON, e.g. ``{"build_s": 0.01}``). If ``value`` is lazy it is still computed.
    """

    value: Any = None
    ntasks: int | None = None
    extra: dict[str, float] = field(default_factory=dict)


@dataclass
class Case:
    """One workload, for up to three libraries.

    Parameters
    ----------
    name : str
        Unique, snake_case (it names the row of the table).
    description : str
        One line: what runs, with the full size.
    funcs : dict
        Library name -> ``fn(xp, **params)``. A missing library is shown as "—".
    full, quick : dict
        Keyword parameters for the two sizes (``quick`` must run in a second or two).
    per_task : bool
        Also report microseconds per task (wall time / tasks run).
    targets : dict
        Goals, checked in full mode: ``vs_dask`` / ``vs_numpy`` (max time ratio),
        ``seconds`` (max lazyarr wall time), ``rss_mb`` (max lazyarr peak RSS),
        ``us_per_task`` (max), ``rss_vs_numpy`` (max peak-RSS ratio).
    timeout : float
        Seconds before a child running this case is killed (full size).
    """

    name: str
    description: str
    funcs: dict[str, Callable[..., Any]]
    full: dict[str, Any] = field(default_factory=dict)
    quick: dict[str, Any] | None = field(default_factory=dict)  # None: no quick size, skipped by --quick
    per_task: bool = False
    targets: dict[str, float] = field(default_factory=dict)
    timeout: float = 600.0
    module: str = ""  # filled in by discovery

    def params(self, size: str) -> dict[str, Any]:
        return dict((self.quick or {}) if size == "quick" else self.full)


def register(cases: dict[str, Case], name: str, description: str, *, lazy: Callable | None = None,
             lazyarr: Callable | None = None, dask: Callable | None = None, numpy: Callable | None = None,
             **options: Any) -> Case:
    """Add a :class:`Case` to *cases*; ``lazy=`` gives one function for lazyarr and dask.

    >>> CASES = {}
    >>> c = register(CASES, "demo", "sum of ones", lazy=lambda xp, n: xp.ones(n, chunks=10).sum(),
    ...              numpy=lambda xp, n: xp.ones(n).sum(), quick={"n": 100}, full={"n": 10**6})
    >>> sorted(c.funcs), CASES["demo"] is c
    (['dask', 'lazyarr', 'numpy'], True)
    """
    if name in cases:
        raise ValueError(f"register: a case named {name!r} already exists; pick another name")
    funcs = {}
    for lib, fn in (("lazyarr", lazyarr or lazy), ("dask", dask or lazy), ("numpy", numpy)):
        if fn is not None:
            funcs[lib] = fn
    case = Case(name, description, funcs, **options)
    cases[name] = case
    return case


# -----------------------------------------------------------------------------------------
# Discovery
# -----------------------------------------------------------------------------------------
HERE = os.path.dirname(os.path.abspath(__file__))


def case_modules() -> list[str]:
    """Names of the ``cases_*.py`` modules next to this file, core cases first."""
    names = sorted(f[:-3] for f in os.listdir(HERE) if f.startswith("cases_") and f.endswith(".py"))
    if "cases_core" in names:
        names.remove("cases_core")
        names.insert(0, "cases_core")
    return names


def _cases_from_functions(module: Any) -> dict[str, Case]:
    """Fallback for modules without ``CASES``: functions named ``<case>_<library>``
    (``dot_lazyarr``, ``dot_numpy``) or ``bench_<case>`` (lazyarr only).

    Such functions take no parameters or just ``xp``; there is one size (full only).
    """
    found: dict[str, dict[str, Callable]] = {}
    for attr, fn in vars(module).items():
        if not inspect.isfunction(fn) or fn.__module__ != module.__name__ or attr.startswith("_"):
            continue
        if attr.startswith("bench_"):
            found.setdefault(attr[len("bench_"):], {})["lazyarr"] = fn
            continue
        for lib in LIBRARIES:
            if attr.endswith("_" + lib):
                found.setdefault(attr[: -len(lib) - 1], {})[lib] = fn
    return {name: _plain_case(name, funcs) for name, funcs in found.items()}


def _plain_case(name: str, funcs: dict[str, Callable]) -> Case:
    """A case from functions that choose their own size (they run for --quick only if cheap)."""
    doc = inspect.getdoc(next(iter(funcs.values()))) or name
    return Case(name, doc.splitlines()[0], {lib: _adapt_plain(fn) for lib, fn in funcs.items()}, quick=None)


def _adapt_plain(fn: Callable) -> Callable:
    """Call *fn* with no arguments (or just ``xp``); a dict of numbers it returns lands in the JSON."""
    params = list(inspect.signature(fn).parameters.values())
    # Pass xp only to a function that asks for it (a required first parameter, or one named xp).
    takes_xp = bool(params) and (params[0].name == "xp" or params[0].default is inspect.Parameter.empty)

    def call(xp: Any, **params: Any) -> Any:
        out = fn(xp, **params) if takes_xp else fn(**params)
        if isinstance(out, dict) and all(isinstance(v, (int, float)) for v in out.values()):
            return Report(None, extra={k: float(v) for k, v in out.items()})
        return out

    call.__name__ = fn.__name__
    return call


def _normalize_cases(module: Any, raw: dict) -> dict[str, Case]:
    """Accept the shapes ``CASES`` takes in the wild; skip (with a reason) what cannot run here."""
    cases: dict[str, Case] = {}
    skipped = []
    for name, value in raw.items():
        if isinstance(value, Case):
            cases[name] = value
        elif isinstance(value, dict) and value and all(lib in LIBRARIES and callable(fn) for lib, fn in value.items()):
            cases[name] = _plain_case(name, value)  # {"lazyarr": fn, "numpy": fn, ...}
        else:
            skipped.append(name)
    if skipped:
        print(f"note: {module.__name__}: {', '.join(skipped)} not in the harness format (see README); skipped",
              file=sys.stderr)
    return cases


def load_module(name: str) -> dict[str, Case]:
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    module = importlib.import_module(name)
    raw = getattr(module, "CASES", None)
    cases = _cases_from_functions(module) if raw is None else _normalize_cases(module, raw)
    for case in cases.values():
        case.module = name
    return cases


def discover() -> tuple[dict[str, Case], dict[str, str]]:
    """Every case of every case module, plus import errors by module name."""
    cases: dict[str, Case] = {}
    errors: dict[str, str] = {}
    for name in case_modules():
        try:
            found = load_module(name)
        except Exception as exc:  # one broken module must not hide the others
            errors[name] = f"{type(exc).__name__}: {exc}"
            continue
        for key, case in found.items():
            if key in cases:
                errors[name] = f"case {key!r} is also defined in {cases[key].module}"
                continue
            cases[key] = case
    return cases, errors


# -----------------------------------------------------------------------------------------
# Measuring, inside the child process
# -----------------------------------------------------------------------------------------
def _is_lazy(lib: str, obj: Any) -> bool:
    if lib == "lazyarr":
        import lazyarr

        items = obj if isinstance(obj, (tuple, list)) else (obj,)
        return bool(items) and all(isinstance(o, lazyarr.Array) for o in items)
    if lib == "dask":
        import dask

        return dask.is_dask_collection(obj) or (
            isinstance(obj, (tuple, list)) and bool(obj) and all(dask.is_dask_collection(o) for o in obj))
    return False


def _compute(lib: str, obj: Any) -> Any:
    items = tuple(obj) if isinstance(obj, (tuple, list)) else (obj,)
    if lib == "lazyarr":
        import lazyarr

        return lazyarr.compute(*items)
    import dask

    return dask.compute(*items)


def count_tasks(lib: str, obj: Any) -> int | None:
    """Tasks the scheduler runs (after optimization) for a lazy result."""
    items = list(obj) if isinstance(obj, (tuple, list)) else [obj]
    try:
        if lib == "lazyarr":
            from lazyarr.core.graph import Graph
            from lazyarr.core.optimize import optimize

            graph = Graph.merge(*(a.graph for a in items))
            return len(optimize(graph, [k for a in items for k in a.keys()]))
        if lib == "dask":
            import dask

            optimized = dask.optimize(*items)
            return sum(len(o.__dask_graph__()) for o in optimized)
    except Exception:
        return None
    return None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (10**6 bytes)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return kb * 1024 / 1e6


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:  # pragma: no cover - not Linux
        return math.nan


def measure(case: Case, lib: str, size: str, repeat: int) -> dict[str, Any]:
    """Run *case* for *lib* *repeat* times in this process; return the numbers."""
    xp = importlib.import_module(MODULES[lib])
    if lib == "dask":
        import dask

        dask.config.set(scheduler="threads")
    fn = case.funcs[lib]
    params = case.params(size)
    baseline = current_rss_mb()
    walls, builds, computes, cpus = [], [], [], []
    ntasks = None
    extra: dict[str, list[float]] = {}
    for _ in range(repeat):
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        obj = fn(xp, **params)
        t1 = time.perf_counter()
        report = obj if isinstance(obj, Report) else None
        value = report.value if report else obj
        lazy = _is_lazy(lib, value)
        result = _compute(lib, value) if lazy else value
        t2 = time.perf_counter()
        cpus.append(time.process_time() - c0)
        walls.append(t2 - t0)
        builds.append(t1 - t0)
        computes.append(t2 - t1)
        if report:
            ntasks = report.ntasks if report.ntasks is not None else ntasks
            for k, v in report.extra.items():
                extra.setdefault(k, []).append(v)
        if lazy and ntasks is None:
            ntasks = count_tasks(lib, value)
        del obj, report, value, result
    out: dict[str, Any] = {
        "wall_s": _median(walls),
        "walls_s": walls,
        "build_s": _median(builds),
        "compute_s": _median(computes),
        # CPU seconds of all threads: less sensitive than wall time to other load on the machine.
        "cpu_s": _median(cpus),
        "peak_rss_mb": peak_rss_mb(),
        "baseline_rss_mb": baseline,
        "ntasks": ntasks,
        "extra": {k: _median(v) for k, v in extra.items()},
    }
    if case.per_task and ntasks:
        out["us_per_task"] = out["wall_s"] / ntasks * 1e6
    return out


def _median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    if n == 0:
        return math.nan
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
