"""Measure BLAS thread oversubscription for blocked matrix products.

Runs ``x @ x`` (float64, N x N in B x B blocks) with NumPy alone, with lazyarr's sync
scheduler and with the threads scheduler (1 and 2 workers), first with the BLAS
library's default number of threads, then with ``OPENBLAS_NUM_THREADS=1`` (and the MKL
/ OpenMP equivalents). Each setting runs in a fresh subprocess because BLAS reads those
variables only when it is loaded.

    python benchmarks/blas_threads.py [N] [B]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, sys, time
import numpy as np
import lazyarr as la
n, b = int(sys.argv[1]), int(sys.argv[2])
a = np.random.default_rng(0).standard_normal((n, n))
def best(f, repeat=2):
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return min(times)
x = la.from_array(a, chunks=b)
y = x @ x
out = {"numpy": best(lambda: a @ a)}
for sched, workers in [("sync", 1), ("threads", 1), ("threads", 2)]:
    out[f"lazyarr {sched} x{workers}"] = best(lambda: y.compute(scheduler=sched, num_workers=workers))
print(json.dumps(out))
"""


def run(n: int, b: int, one_thread: bool) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    if one_thread:
        for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
            env[var] = "1"
    proc = subprocess.run([sys.executable, "-c", CHILD, str(n), str(b)], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    b = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    print(f"x @ x, {n}x{n} float64, {b}x{b} blocks, {os.cpu_count()} cores; best of 2, seconds")
    for label, one in (("BLAS default threads", False), ("BLAS 1 thread", True)):
        res = run(n, b, one)
        print(f"  {label:22s} " + "  ".join(f"{k}: {v:6.2f}" for k, v in res.items()))


if __name__ == "__main__":
    main()
