"""Display benchmarks: the repr of a million-chunk array must stay fast and small.

Run: ``python benchmarks/cases_display.py`` (prints the measurements; exit status 1
if a target is missed). Targets: ``_repr_html_()`` under 50 ms and under 20 KB.
"""

from __future__ import annotations

import sys
import time


def bench_repr_html_million_chunks(repeat: int = 7) -> dict[str, float]:
    """Best-of-*repeat* time and size of the HTML repr of a 1000 x 1000-chunk array."""
    import lazyarr as la

    x = la.ones((100_000, 100_000), chunks=100)  # 1,000,000 chunks
    assert x.npartitions == 1_000_000
    x._repr_html_()  # warm-up: imports and the cached stylesheet
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        html = x._repr_html_()
        best = min(best, time.perf_counter() - t)
    return {"seconds": best, "bytes": len(html.encode())}


def bench_visualize_ten_thousand_tasks() -> dict[str, float]:
    """Time to draw a 10,000-task graph (op-level by default, and every task with the built-in layout)."""
    import lazyarr as la

    x = la.ones((100, 50), chunks=1) + 1
    t = time.perf_counter()
    x.visualize()
    default = time.perf_counter() - t
    t = time.perf_counter()
    x.visualize(level="tasks", engine="builtin")
    return {"default": default, "tasks_builtin": time.perf_counter() - t}


if __name__ == "__main__":
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing
    r = bench_repr_html_million_chunks()
    print(f"repr_html, 1,000,000 chunks: {r['seconds'] * 1000:.1f} ms, {r['bytes'] / 1024:.1f} KiB")
    v = bench_visualize_ten_thousand_tasks()
    print(f"visualize, 10,000 tasks: default {v['default'] * 1000:.0f} ms, "
          f"every task (built-in) {v['tasks_builtin'] * 1000:.0f} ms")
    ok = r["seconds"] < 0.05 and r["bytes"] < 20_000 and v["default"] < 1.0
    sys.exit(0 if ok else 1)
