"""The benchmark harness finds cases, runs them in child processes and reports the numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")
sys.path.insert(0, BENCH)

import harness  # noqa: E402

ISSUE_8_CASES = {"seed_mean", "seed_dot", "seed_hist", "elementwise_chain", "reduce_axis", "many_small_tasks",
                 "scheduler_overhead", "graph_build_100k", "bounded_memory", "rechunk_transpose", "slicing",
                 "reshape_seed", "repr_million_chunks"}


def test_every_case_of_the_issue_is_registered_with_both_sizes():
    cases, errors = harness.discover()
    assert "cases_core" not in errors
    assert ISSUE_8_CASES <= set(cases)
    for name in ISSUE_8_CASES:
        assert cases[name].quick and cases[name].full and "lazyarr" in cases[name].funcs


def test_register_refuses_duplicate_names():
    cases = {}
    harness.register(cases, "a", "first", lazy=lambda xp: None)
    with pytest.raises(ValueError, match="a case named 'a' already exists"):
        harness.register(cases, "a", "second", lazy=lambda xp: None)


def test_modules_without_cases_dict_use_function_names():
    module = types.ModuleType("cases_fake")

    def tsqr_lazyarr(xp):
        """QR of a tall matrix."""
        return "la"

    def tsqr_numpy():
        return "np"

    for fn in (tsqr_lazyarr, tsqr_numpy):
        fn.__module__ = "cases_fake"
        setattr(module, fn.__name__, fn)
    cases = harness._cases_from_functions(module)
    assert list(cases) == ["tsqr"]
    assert sorted(cases["tsqr"].funcs) == ["lazyarr", "numpy"]
    assert cases["tsqr"].funcs["numpy"](None) == "np" and cases["tsqr"].funcs["lazyarr"](None) == "la"
    assert cases["tsqr"].description == "QR of a tall matrix."


def test_a_quick_run_writes_the_table_and_json(tmp_path):
    out = tmp_path / "run.json"
    proc = subprocess.run(
        [sys.executable, os.path.join(BENCH, "run.py"), "--quick", "--cases", "scheduler_overhead",
         "--libs", "lazyarr,numpy", "--repeat", "1", "--json", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "scheduler_overhead" in proc.stdout and "la/np" in proc.stdout
    report = json.loads(out.read_text())
    entry = report["cases"]["scheduler_overhead"]
    la, np_ = entry["results"]["lazyarr"], entry["results"]["numpy"]
    assert la["ntasks"] > 1000 and la["us_per_task"] > 0
    assert la["peak_rss_mb"] >= la["baseline_rss_mb"] > 0
    assert entry["ratios"]["vs_numpy"] == pytest.approx(la["wall_s"] / np_["wall_s"])
    assert report["machine"]["versions"]["numpy"]


def test_cases_dict_of_library_functions_is_accepted_and_other_shapes_skipped(capsys):
    module = types.ModuleType("cases_other")

    def dot_numpy():
        """NumPy dot."""
        return {"seconds": 1.5}

    raw = {"dot": {"numpy": dot_numpy}, "npy": lambda workdir, gib: None}
    cases = harness._normalize_cases(module, raw)
    assert list(cases) == ["dot"]
    assert cases["dot"].quick is None  # no quick size: --quick skips it
    report = cases["dot"].funcs["numpy"](None)
    assert isinstance(report, harness.Report) and report.extra == {"seconds": 1.5}
    assert "npy not in the harness format" in capsys.readouterr().err


def test_functions_with_optional_parameters_are_not_given_xp():
    def bench(repeat=3):
        return repeat

    assert harness._adapt_plain(bench)(object()) == 3
