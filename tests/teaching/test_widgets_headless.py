"""Headless widget test: nbclient stores the final widget state in the notebook metadata,
so we can check that a progress bar displayed before a compute ended at 100%."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from .conftest import FEATURES

pytestmark = pytest.mark.slow


def test_progress_widget_ends_at_100_percent(tmp_path, monkeypatch):
    if not FEATURES["diagnostics"]():
        pytest.skip("needs lazyarr.diagnostics (ProgressBar), not available yet")
    nb = new_notebook(cells=[
        new_code_cell("import lazyarr as la\nx = la.random.default_rng(0).random((2000, 2000), chunks=250)"),
        new_code_cell("pbar = la.diagnostics.ProgressBar(minimum=0)  # always shown, however fast"),
        new_code_cell("with pbar:\n    total = x.sum().compute()"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("PYTHONPATH", str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    bars = [m["state"] for m in state.values() if m["model_name"] in ("FloatProgressModel", "IntProgressModel")]
    assert bars, f"no progress model in the stored widget state: {[m['model_name'] for m in state.values()]}"
    assert any(b["value"] == b["max"] for b in bars), [(b["value"], b["max"]) for b in bars]
    nbformat.validate(nb)
