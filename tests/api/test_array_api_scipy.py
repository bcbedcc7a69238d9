"""SciPy's Array API support with lazyarr arrays (the worked example in docs/array-api.md).

SciPy reads ``SCIPY_ARRAY_API=1`` once, when it is first imported, so each check runs in a
fresh Python process. A callback counts computes: a function "runs lazily" when the call
itself computes nothing and returns a lazy array.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("scipy")

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
import numpy as np
import lazyarr as la
from lazyarr.callbacks import Callback

class CountComputes(Callback):
    n = 0
    def start(self, event):
        CountComputes.n += 1

x = la.from_array(np.random.default_rng(0).random((40, 30)), chunks=(10, 30))
xn = x.compute()
CountComputes().register()
"""


def run(code: str, array_api: bool) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("SCIPY_ARRAY_API", None)
    if array_api:
        env["SCIPY_ARRAY_API"] = "1"
    proc = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(code)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_scipy_functions_run_lazily_with_array_api_enabled():
    out = run("""
        from scipy.special import softmax
        from scipy.integrate import trapezoid
        p, t = softmax(x, axis=1), trapezoid(x, axis=0)
        print(type(p).__name__, type(t).__name__, CountComputes.n)
        print(np.allclose(p.compute(), softmax(xn, axis=1)), np.allclose(t.compute(), trapezoid(xn, axis=0)))
    """, array_api=True)
    assert out.splitlines() == ["Array Array 0", "True True"]


def test_scipy_without_array_api_computes_to_numpy():
    out = run("""
        from scipy.special import softmax
        p = softmax(x, axis=1)
        print(type(p).__name__, CountComputes.n)
    """, array_api=False)
    assert out == "ndarray 1"
