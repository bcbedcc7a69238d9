"""lazyarr on a 2-worker dask.distributed LocalCluster, next to the local threaded scheduler.

Run from the repository root (needs the ``distributed`` extra)::

    python benchmarks/cases_distributed.py            # default sizes, about a minute
    python benchmarks/cases_distributed.py --quick    # small sizes, a few seconds after start-up

Each case is a function ``case(xp, scheduler)`` that builds a workload with ``xp``
(``lazyarr`` or ``dask.array``) and computes it on ``scheduler``. Reported per case: the
median wall time over the repeats (after one warm-up run) on the threaded scheduler
(``threads``, one thread per core), on the cluster (``cluster``: 2 worker processes with
one thread each, on 127.0.0.1) and, for reference, dask.array on the same cluster.
``per-task`` cases run many tiny tasks and report wall time divided by the number of
tasks lazyarr runs after optimization: the scheduler's overhead per task.

Two of the cases also run in ``benchmarks/run.py`` (``cluster_elementwise_chain``,
``cluster_matmul``): there each child process starts its own 2-worker cluster on first use
(so the first of the repeats includes the start-up; the table shows the median) and runs
lazyarr or dask.array on it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

CASES: dict = {}  # filled at the end with the harness versions (a cluster per child process)

SIZES = {
    "quick": {"tiny": 500, "n": 1000, "c": 250, "rows": 4000, "cols": 500, "big": (2000, 1000)},
    "full": {"tiny": 2000, "n": 4000, "c": 1000, "rows": 16000, "cols": 2000, "big": (8000, 2000)},
}


# -- the cases ------------------------------------------------------------------------------
def per_task_elementwise(xp: Any, scheduler: Any, tiny: int, **_: Any) -> Any:
    """x = ones(tiny, chunks=1); (x + 1) * 2: one task per element, no reduction."""
    x = xp.ones(tiny, chunks=1)
    return (x + 1) * 2


def per_task_reduction(xp: Any, scheduler: Any, tiny: int, **_: Any) -> Any:
    """ones(tiny, chunks=1).sum(): a tree of tiny tasks."""
    return xp.ones(tiny, chunks=1).sum()


def elementwise_chain(xp: Any, scheduler: Any, n: int, c: int, **_: Any) -> Any:
    """x = random((n, n), chunks=c); ((x + 1) * 2 - x ** 2).sum()"""
    x = xp.random.random((n, n), chunks=c)
    return ((x + 1) * 2 - x**2).sum()


def reduce_axis(xp: Any, scheduler: Any, rows: int, cols: int, c: int, **_: Any) -> Any:
    """random((rows, cols), chunks=(c, cols)).std(axis=0)"""
    return xp.random.random((rows, cols), chunks=(c, cols)).std(axis=0)


def matmul(xp: Any, scheduler: Any, n: int, c: int, **_: Any) -> Any:
    """x = random((n, n), chunks=c); (x @ x.T).sum(axis=0): blocks move between workers."""
    x = xp.random.random((n, n), chunks=c)
    return (x @ x.T).sum(axis=0)


_BIG: dict[tuple, np.ndarray] = {}


def from_numpy(xp: Any, scheduler: Any, big: tuple, c: int, **_: Any) -> Any:
    """from_array(an in-memory NumPy array of shape big) * 2, mean(axis=0): scattered once."""
    if big not in _BIG:
        _BIG[big] = np.random.default_rng(0).random(big)
    x = xp.from_array(_BIG[big], chunks=(c * 2, big[1]))
    return (x * 2).mean(axis=0)


CLUSTER_CASES: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (per_task_elementwise, per_task_reduction, elementwise_chain, reduce_axis, matmul,
                            from_numpy)
}


# -- measuring --------------------------------------------------------------------------------
def _ntasks(lazy: Any) -> int:
    from lazyarr.core.optimize import optimize

    return len(optimize(lazy.graph, lazy.keys()))


def _time(run: Callable[[], Any], repeat: int) -> float:
    run()  # warm-up: imports, worker start-up, first scatter
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(client: Any, sizes: dict, repeat: int = 3, with_dask: bool = True) -> list[dict]:
    """Time every case on threads and on *client*; return one row per case."""
    import lazyarr as la

    rows = []
    for name, case in CLUSTER_CASES.items():
        row: dict[str, Any] = {"case": name, "what": (case.__doc__ or "").strip()}
        lazy = case(la, None, **sizes)
        row["tasks"] = _ntasks(lazy)
        row["threads_s"] = _time(lambda: case(la, None, **sizes).compute(scheduler="threads"), repeat)
        row["cluster_s"] = _time(lambda: case(la, None, **sizes).compute(scheduler=client), repeat)
        if with_dask:
            import dask.array as da

            row["dask_cluster_s"] = _time(lambda: client.compute(case(da, None, **sizes)).result(), repeat)
        if name.startswith("per_task"):
            row["threads_us_per_task"] = 1e6 * row["threads_s"] / row["tasks"]
            row["cluster_us_per_task"] = 1e6 * row["cluster_s"] / row["tasks"]
        rows.append(row)
    return rows


def persist_reuse(client: Any, sizes: dict, repeat: int = 3) -> dict:
    """Time a reduction on a persisted array against recomputing it from scratch."""
    from distributed import wait

    import lazyarr as la

    x = la.random.random((sizes["rows"], sizes["cols"]), chunks=(sizes["c"], sizes["cols"]))
    y = np.sin(x) ** 2 + 1
    p = y.persist(scheduler=client)
    with client.as_current():
        wait(p)
    return {
        "recompute_s": _time(lambda: y.mean(axis=0).compute(scheduler=client), repeat),
        "persisted_s": _time(lambda: p.mean(axis=0).compute(scheduler=client), repeat),
    }


def format_table(rows: list[dict]) -> str:
    cols = ["case", "tasks", "threads_s", "cluster_s", "dask_cluster_s", "threads_us_per_task",
            "cluster_us_per_task"]
    cols = [c for c in cols if any(c in r for r in rows)]
    lines = [" | ".join(cols), " | ".join("---" for _ in cols)]
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c, "")
            cells.append(f"{v:.3f}" if isinstance(v, float) and c.endswith("_s") else
                         f"{v:.0f}" if isinstance(v, float) else str(v))
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true", help="skip the dask.array reference column")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from distributed import Client, LocalCluster

    sizes = SIZES["quick" if args.quick else "full"]
    # dask.array embeds from_array data in the graph (what lazyarr's scatter avoids); its
    # "large graph" warning would only clutter the table.
    warnings.filterwarnings("ignore", message=".*large graph.*")
    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster, set_as_default=False) as client:
        started = time.perf_counter() - start
        rows = measure(client, sizes, args.repeat, with_dask=not args.no_dask)
        reuse = persist_reuse(client, sizes, args.repeat)
    print(f"cluster start-up: {started:.2f} s (2 worker processes, 1 thread each); sizes: {sizes}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(format_table(rows))
    print(f"persist reuse: recompute {reuse['recompute_s']:.3f} s, from persisted blocks "
          f"{reuse['persisted_s']:.3f} s")


# -- the same workloads in benchmarks/run.py ---------------------------------------------------------
_CLIENT: list = []


def _client() -> Any:
    """A 2-worker LocalCluster client for this process, started on first use and closed at exit."""
    if not _CLIENT:
        import atexit

        from distributed import Client, LocalCluster

        warnings.filterwarnings("ignore", message=".*large graph.*")
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster, set_as_default=False)
        _CLIENT.append(client)
        atexit.register(lambda: (client.close(), cluster.close()))
    return _CLIENT[0]


def _on_cluster(case: Callable[..., Any]) -> Callable[..., Any]:
    def run(xp: Any, **sizes: Any) -> Any:
        client = _client()
        lazy = case(xp, None, **sizes)
        if xp.__name__ == "lazyarr":
            return lazy.compute(scheduler=client)
        return client.compute(lazy).result()

    run.__name__ = case.__name__
    return run


def _harness_cases() -> dict:
    try:
        from harness import register
    except ImportError:  # run as a script: main() needs none of this
        return {}
    cases: dict = {}
    full = SIZES["full"]
    for case in (elementwise_chain, matmul):
        register(cases, f"cluster_{case.__name__}", f"{(case.__doc__ or '').strip()} on a 2-worker LocalCluster",
                 lazy=_on_cluster(case), full=full, quick=None,  # a cluster start-up per child: full runs only
                 targets={"vs_dask": 1.0}, timeout=300)
    return cases


CASES.update(_harness_cases())


if __name__ == "__main__":
    main()
