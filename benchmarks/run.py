"""Run the benchmark suite: every case, for lazyarr, dask and NumPy, each in a fresh process.

Usage (from the repository root)::

    python benchmarks/run.py --quick                 # small sizes, under two minutes
    python benchmarks/run.py                         # full sizes (a 2-core, 24 GiB machine)
    python benchmarks/run.py --cases seed_mean,slicing --libs lazyarr,dask --repeat 5
    python benchmarks/run.py --list                  # the cases and where they are defined
    python benchmarks/run.py --quick --markdown      # also print the table as Markdown (RESULTS.md)

Each (case, library) pair runs in its own child process (``--child``, below) that
imports only that library, runs the case ``--repeat`` times and reports the median
wall time, its peak RSS and the number of tasks. The parent prints a table with the
ratios lazyarr/dask and lazyarr/numpy and writes everything as JSON (``--json``).

To profile one case, run the child by hand under a profiler, e.g.::

    py-spy record -o profile.svg -- python benchmarks/run.py --child cases_core many_small_tasks lazyarr full 1
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import platform
import re
import subprocess
import sys
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from harness import LIBRARIES, Case, discover, load_module, measure  # noqa: E402

MARKER = "@@BENCHMARK-RESULT@@"


# -----------------------------------------------------------------------------------------
# Child: run one (case, library) and print the numbers as JSON
# -----------------------------------------------------------------------------------------
def child(module: str, name: str, lib: str, size: str, repeat: int) -> None:
    case = load_module(module)[name]
    result = measure(case, lib, size, repeat)
    print(MARKER + json.dumps(result), flush=True)


# -----------------------------------------------------------------------------------------
# Parent: orchestrate the children
# -----------------------------------------------------------------------------------------
def run_one(case: Case, lib: str, size: str, repeat: int, timeout: float) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, HERE, env.get("PYTHONPATH")) if p)
    cmd = [sys.executable, os.path.abspath(__file__), "--child", case.module, case.name, lib, size, str(repeat)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER):])
            result["process_s"] = time.perf_counter() - start
            return result
    lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
    # The exception line ("ValueError: ..."), not a note or a wrapped continuation line.
    errors = [ln for ln in lines if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt)\b", ln)]
    reason = errors[-1] if errors else lines[-1] if lines else f"exit code {proc.returncode}"
    if proc.returncode < 0:
        reason = f"killed by signal {-proc.returncode} (out of memory?)"
    return {"error": reason[:200], "stderr_tail": lines[-15:]}


def ratios(results: dict[str, dict]) -> dict[str, float | None]:
    def wall(lib: str) -> float | None:
        r = results.get(lib)
        return r.get("wall_s") if r and "error" not in r else None

    la, da, np_ = wall("lazyarr"), wall("dask"), wall("numpy")
    rss = {lib: results[lib].get("peak_rss_mb") for lib in results if "error" not in results[lib]}
    return {
        "vs_dask": la / da if la and da else None,
        "vs_numpy": la / np_ if la and np_ else None,
        "rss_vs_numpy": rss["lazyarr"] / rss["numpy"] if rss.get("lazyarr") and rss.get("numpy") else None,
    }


#: Goals of every case (issue 8): never slower than dask, never above 1.2x NumPy's peak memory.
DEFAULT_TARGETS = {"vs_dask": 1.0, "rss_vs_numpy": 1.2}
#: The memory ratio is checked only when NumPy's process grew past this (MB).
MIN_NUMPY_RSS_MB = 200


def check_targets(case: Case, results: dict[str, dict], rat: dict[str, Any]) -> list[str]:
    """Missed targets, as short strings (empty: all met). Targets apply to full sizes."""
    la = results.get("lazyarr", {})
    if "error" in la or not la:
        return ["lazyarr did not run"]
    have = {
        "vs_dask": rat["vs_dask"], "vs_numpy": rat["vs_numpy"], "rss_vs_numpy": rat["rss_vs_numpy"],
        "seconds": la.get("wall_s"), "rss_mb": la.get("peak_rss_mb"), "us_per_task": la.get("us_per_task"),
    }
    np_rss = results.get("numpy", {}).get("peak_rss_mb") or 0
    missed = []
    for what, limit in {**DEFAULT_TARGETS, **case.targets}.items():
        value = have.get(what)
        if value is None:
            continue  # the peer did not run: nothing to compare with
        if what == "rss_vs_numpy" and np_rss < MIN_NUMPY_RSS_MB:
            continue  # imports, not data, dominate both processes: the ratio says nothing
        if value > limit:
            missed.append(f"{what} {value:.3g} > {limit:g}")
    return missed


def machine_info() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = round(int(f.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    versions = {"python": platform.python_version()}
    for pkg in ("numpy", "dask", "psutil"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=ROOT).stdout.strip()
    except OSError:
        commit = ""
    versions["lazyarr"] = f"0.1.0+{commit}" if commit else "0.1.0"
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "memory_gib": mem,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "platform": platform.platform(), "versions": versions}


# -----------------------------------------------------------------------------------------
# The table
# -----------------------------------------------------------------------------------------
def _fmt_s(r: dict | None) -> str:
    if r is None:
        return "—"
    if "error" in r:
        return "error"
    w = r["wall_s"]
    return f"{w * 1e3:.1f} ms" if w < 0.1 else f"{w:.3g} s"


def _fmt(v: Any, spec: str = ".2f") -> str:
    return "—" if v is None else format(v, spec)


def table_rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    header = ["case", "lazyarr", "dask", "numpy", "la/dask", "la/np", "CPU s la/dask/np", "peak RSS MB la/dask/np",
              "tasks la/dask", "µs/task la/dask", "targets"]
    rows = []
    for name, entry in report["cases"].items():
        res = entry["results"]
        rat = entry["ratios"]

        def get(lib: str, field: str, spec: str) -> str:
            r = res.get(lib)
            if r is None or "error" in r or r.get(field) is None:
                return "—"
            return format(r[field], spec)

        status = entry["targets_missed"]
        if report["size"] == "quick":
            target = "(full size only)"
        else:
            target = "met" if not status else "MISSED: " + "; ".join(status)
        rows.append([
            name, _fmt_s(res.get("lazyarr")), _fmt_s(res.get("dask")), _fmt_s(res.get("numpy")),
            _fmt(rat["vs_dask"]), _fmt(rat["vs_numpy"]),
            "/".join(get(lib, "cpu_s", ".3g") for lib in LIBRARIES),
            "/".join(get(lib, "peak_rss_mb", ".0f") for lib in LIBRARIES),
            "/".join(get(lib, "ntasks", "d") for lib in ("lazyarr", "dask")),
            "/".join(get(lib, "us_per_task", ".1f") for lib in ("lazyarr", "dask")) if entry["per_task"] else "",
            target,
        ])
    return header, rows


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    out = [line, "-" * len(line)]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(out)


def format_markdown(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def print_report(report: dict[str, Any], markdown: bool) -> None:
    header, rows = table_rows(report)
    m = report["machine"]
    print(f"\n{report['size']} run, {report['repeat']} repeats, {report['date']}; {m['cpu']}, {m['cores']} cores, "
          f"{m['memory_gib']} GiB, load {m.get('load_average_at_start', ['?'])[0]}; "
          + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    print(format_table(header, rows))
    if markdown:
        print()
        print(format_markdown(header, rows))


# -----------------------------------------------------------------------------------------
# Main
# -----------------------------------------------------------------------------------------
def select(cases: dict[str, Case], patterns: str | None) -> list[Case]:
    if not patterns:
        return list(cases.values())
    chosen = []
    for pattern in patterns.split(","):
        matched = [c for n, c in cases.items() if fnmatch.fnmatch(n, pattern.strip()) or c.module == pattern]
        if not matched:
            raise SystemExit(f"run.py: no case matches {pattern!r}; see --list")
        chosen += [c for c in matched if c not in chosen]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (the whole suite in under two minutes)")
    parser.add_argument("--cases", help="comma-separated case names, glob patterns or module names")
    parser.add_argument("--libs", default=",".join(LIBRARIES), help="comma-separated subset of lazyarr,dask,numpy")
    parser.add_argument("--repeat", type=int, default=3, help="runs per (case, library); the median is shown")
    parser.add_argument("--json", default=os.path.join(HERE, "last_run.json"), help="where to write the results")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per child (default: per case)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--from-json", metavar="FILE", help="print the table of an earlier run (targets re-checked)")
    parser.add_argument("--child", nargs=5, metavar=("MODULE", "CASE", "LIB", "SIZE", "REPEAT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        module, name, lib, size, repeat = args.child
        child(module, name, lib, size, int(repeat))
        return 0

    cases, errors = discover()
    for module, err in errors.items():
        print(f"warning: could not load {module}: {err}", file=sys.stderr)
    if args.from_json:
        with open(args.from_json) as f:
            report = json.load(f)
        for name, entry in report["cases"].items():
            if name in cases:
                entry["targets"] = cases[name].targets
                entry["targets_missed"] = check_targets(cases[name], entry["results"], entry["ratios"])
        print_report(report, args.markdown)
        return 0
    if args.list:
        for c in cases.values():
            print(f"{c.name:24} {c.module:18} {','.join(c.funcs):20} {c.description}")
        return 0
    libs = [lib.strip() for lib in args.libs.split(",")]
    bad = [lib for lib in libs if lib not in LIBRARIES]
    if bad:
        raise SystemExit(f"run.py: unknown library {bad[0]!r}; choose from {', '.join(LIBRARIES)}")
    try:
        import importlib.util

        if importlib.util.find_spec("dask") is None and "dask" in libs:
            libs.remove("dask")
            print("dask is not installed: comparing with NumPy only", file=sys.stderr)
    except ImportError:
        pass
    size = "quick" if args.quick else "full"
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "size": size,
                              "repeat": args.repeat, "machine": machine_info(), "cases": {}}
    started = time.perf_counter()
    for case in select(cases, args.cases):
        if size == "quick" and case.quick is None:
            print(f"  {case.name}: no quick size, skipped", file=sys.stderr)
            continue
        results: dict[str, dict] = {}
        timeout = args.timeout or (120.0 if args.quick else case.timeout)
        for lib in libs:
            if lib in case.funcs:
                results[lib] = run_one(case, lib, size, args.repeat, timeout)
        rat = ratios(results)
        report["cases"][case.name] = {
            "description": case.description, "module": case.module, "params": case.params(size),
            "per_task": case.per_task, "targets": case.targets, "results": results, "ratios": rat,
            "targets_missed": check_targets(case, results, rat),
        }
        errs = [f"{lib}: {r['error']}" for lib, r in results.items() if "error" in r]
        summary = ", ".join(f"{lib} {_fmt_s(r)}" for lib, r in results.items())
        print(f"  {case.name}: {summary}" + (f"   [{'; '.join(errs)}]" if errs else ""), file=sys.stderr)
    report["total_s"] = time.perf_counter() - started
    print_report(report, args.markdown)
    print(f"\ntotal {report['total_s']:.0f} s; JSON written to {args.json}")
    with open(args.json, "w") as f:
        json.dump(report, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
