"""Out-of-core benchmark: write an array larger than memory to .npy and Zarr, then reduce it.

Each case is a self-contained function ``case(workdir, gib)`` that builds a float64
array of about *gib* GiB (random, seeded), writes or reads it with lazyarr and returns
a small result. :func:`run_case` runs one case in a fresh child process and reports
its wall time and peak memory, so the cases do not share memory or page cache
accounting with each other:

* ``peak_rss``: the kernel's high-water mark of resident memory (``ru_maxrss``);
  this is the number that must stay below 1 GiB;
* ``peak_anon``: the largest anonymous (heap) memory seen by a sampler, i.e. blocks
  held in memory, without file pages that a memory map brings in.

Usage (the full size of the issue is 20 GiB; check ``df -h`` first, the .npy file and
the Zarr store each take about that much space)::

    python benchmarks/cases_storage.py                     # 0.25 GiB, a quick check
    python benchmarks/cases_storage.py --gib 4 --dir /tmp/oocbench
    python benchmarks/cases_storage.py --gib 20 --dir /big/disk --keep

Measured on the 2-core, 23 GiB development machine (float64, blocks of 16 MiB, 2 threads):

============  ========  ===========  ==========  =========
case          size      time         peak RSS    peak anon
============  ========  ===========  ==========  =========
write_npy     20 GiB    125 s        145 MiB     94 MiB
reduce_npy    20 GiB    96 s         212 MiB     193 MiB
write_zarr    20 GiB    257 s        194 MiB     172 MiB
reduce_zarr   20 GiB    215 s        413 MiB     391 MiB
npy_to_zarr   4 GiB     61 s         221 MiB     187 MiB
============  ========  ===========  ==========  =========

A smaller round trip, ``npy_roundtrip`` (2 GiB written to .npy and read back for a mean
and standard deviation), is registered in ``CASES`` so that ``benchmarks/run.py`` runs it
side by side with dask (``da.store`` into a NumPy memory map) and NumPy (``np.save``, then
``np.load(mmap_mode="r")``).

Nothing here imports lazyarr at module level: each child imports it itself.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time

ROW = 4096  # columns: 32 KiB per row of float64


def _shape(gib: float) -> tuple[int, int]:
    rows = max(1, int(gib * 2**30 / (ROW * 8)))
    return rows, ROW


def _source(la, gib: float):
    # Row bands of 16 MiB: two threads with a few blocks each stay far below 1 GiB.
    return la.random.default_rng(42).random(_shape(gib), chunks=(512, ROW))


# -- the cases --------------------------------------------------------------------------------------
def write_npy(workdir: str, gib: float) -> dict:
    """Generate the array block by block and write it to ``data.npy``."""
    import lazyarr as la

    _source(la, gib).to_npy(os.path.join(workdir, "data.npy"), overwrite=True)
    return {"bytes": os.path.getsize(os.path.join(workdir, "data.npy"))}


def reduce_npy(workdir: str, gib: float) -> dict:
    """Mean and standard deviation of ``data.npy``, read block by block (one pass)."""
    import lazyarr as la

    x = la.from_npy(os.path.join(workdir, "data.npy"), chunks=(512, ROW))
    mean, std = la.compute(x.mean(), x.std())
    return {"mean": float(mean), "std": float(std)}


def write_zarr(workdir: str, gib: float) -> dict:
    """Generate the array and write it to the Zarr store ``data.zarr`` (format 3)."""
    import lazyarr as la

    _source(la, gib).to_zarr(os.path.join(workdir, "data.zarr"), overwrite=True)
    return {"bytes": _du(os.path.join(workdir, "data.zarr"))}


def reduce_zarr(workdir: str, gib: float) -> dict:
    """Mean and standard deviation of ``data.zarr``."""
    import lazyarr as la

    x = la.from_zarr(os.path.join(workdir, "data.zarr"))
    mean, std = la.compute(x.mean(), x.std())
    return {"mean": float(mean), "std": float(std)}


def npy_to_zarr(workdir: str, gib: float) -> dict:
    """Read ``data.npy``, transform it, write ``scaled.zarr``: disk -> compute -> disk."""
    import lazyarr as la

    x = la.from_npy(os.path.join(workdir, "data.npy"), chunks=(512, ROW))
    ((x - 0.5) * 2).to_zarr(os.path.join(workdir, "scaled.zarr"), overwrite=True)
    return {"bytes": _du(os.path.join(workdir, "scaled.zarr"))}


STORAGE_CASES = {f.__name__: f for f in (write_npy, reduce_npy, write_zarr, reduce_zarr, npy_to_zarr)}


# -- the same round trip for benchmarks/run.py: lazyarr, dask and NumPy side by side ------------------
def _roundtrip_lazy(xp, gib: float) -> float:
    """Write a random array to a .npy file block by block, read it back lazily, mean + std."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lazyarr-bench-") as workdir:
        path = os.path.join(workdir, "data.npy")
        rows, cols = _shape(gib)
        x = xp.random.default_rng(42).random((rows, cols), chunks=(512, cols))
        if xp.__name__ == "lazyarr":
            x.to_npy(path, overwrite=True)
            y = xp.from_npy(path, chunks=(512, cols))
            mean, std = xp.compute(y.mean(), y.std())
        else:  # dask: the documented idiom, store into a NumPy memory map
            import numpy as np

            target = np.lib.format.open_memmap(path, mode="w+", dtype=x.dtype, shape=x.shape)
            xp.store(x, target)
            del target
            y = xp.from_array(np.load(path, mmap_mode="r"), chunks=(512, cols))
            import dask

            mean, std = dask.compute(y.mean(), y.std())
        return float(mean) + float(std)


def _roundtrip_numpy(xp, gib: float) -> float:
    import tempfile

    import numpy as np

    with tempfile.TemporaryDirectory(prefix="numpy-bench-") as workdir:
        path = os.path.join(workdir, "data.npy")
        np.save(path, np.random.default_rng(42).random(_shape(gib)))
        y = np.load(path, mmap_mode="r")
        return float(y.mean()) + float(y.std())


def _harness_cases() -> dict:
    try:
        from harness import register
    except ImportError:  # run as a script from elsewhere: the standalone runner needs none of this
        return {}
    cases: dict = {}
    register(cases, "npy_roundtrip", "random((65536, 4096)) (2 GiB) to .npy in 16 MiB blocks, read back, mean + std",
             lazy=_roundtrip_lazy, numpy=_roundtrip_numpy, full={"gib": 2.0}, quick={"gib": 1 / 16},
             targets={"vs_dask": 1.0, "rss_vs_numpy": 1.2}, timeout=900)
    return cases


CASES = _harness_cases()


def _du(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


# -- measuring --------------------------------------------------------------------------------------
def _anon_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def _child(case: str, workdir: str, gib: float) -> None:
    """Run one case in this process and print a JSON line with time and memory."""
    peak = {"anon": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["anon"] = max(peak["anon"], _anon_kib())
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    result = STORAGE_CASES[case](workdir, gib)
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"case": case, "gib": gib, "seconds": round(seconds, 2),
                      "peak_rss_mib": round(rss / 1024, 1), "peak_anon_mib": round(peak["anon"] / 1024, 1),
                      **result}))


def run_case(case: str, workdir: str, gib: float) -> dict:
    """Run *case* in a fresh Python process; return its measurements."""
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.dirname(here), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", case, "--dir", workdir,
                          "--gib", str(gib)], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"case {case} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gib", type=float, default=0.25, help="array size in GiB (default 0.25; issue: 20)")
    parser.add_argument("--dir", default=None, help="working directory (default: a new temporary directory)")
    parser.add_argument("--cases", default=",".join(STORAGE_CASES), help="comma-separated case names")
    parser.add_argument("--keep", action="store_true", help="keep the files written")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.dir, args.gib)
        return []
    import tempfile

    workdir = args.dir or tempfile.mkdtemp(prefix="lazyarr-ooc-")
    os.makedirs(workdir, exist_ok=True)
    results = []
    try:
        for case in args.cases.split(","):
            r = run_case(case, workdir, args.gib)
            results.append(r)
            print(json.dumps(r), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    worst = max(r["peak_rss_mib"] for r in results)
    print(f"peak RSS over all cases: {worst:.1f} MiB ({'below' if worst < 1024 else 'ABOVE'} the 1 GiB target)")
    return results


if __name__ == "__main__":
    main()
