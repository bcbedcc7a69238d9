"""In a fresh Jupyter kernel, with no magic: every plot is stored as an image, graphs as SVG, progress on stdout.

The notebook is executed by nbclient the way a student's first run goes (and the way
``jupyter nbconvert --execute`` stores outputs), once with ``MPLBACKEND=Agg`` (what CI
sets) and once with it unset (ipykernel then picks matplotlib's inline backend).
"""

import base64
import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("psutil")

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

SETUP = """\
import lazyarr as la
from lazyarr.diagnostics import Profiler, ProgressBar, ResourceProfiler

with Profiler() as prof, ResourceProfiler(dt=0.01) as rprof:
    _ = la.ones((200, 200), chunks=50).sum().compute()"""

# (source, what the cell's outputs must hold)
CELLS = [
    ("prof.plot()", "png"),
    ("rprof.plot()", "png"),
    ("la.diagnostics.visualize([prof, rprof])", "png"),
    ("(la.ones((4, 4), chunks=2).sum()).visualize(engine='builtin')", "graph"),
    ("with ProgressBar(minimum=0, mode='text'):\n    _ = la.ones(10, chunks=5).sum().compute()", "stdout"),
    # With pyplot imported (the inline backend active when MPLBACKEND is unset) still exactly one image.
    ("import matplotlib.pyplot as plt\nprof.plot()", "png"),
]


@pytest.mark.parametrize("backend", ["Agg", None], ids=["MPLBACKEND=Agg", "inline"])
def test_fresh_kernel_outputs(backend, monkeypatch, tmp_path):
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if backend is None:
        monkeypatch.delenv("MPLBACKEND", raising=False)
    else:
        monkeypatch.setenv("MPLBACKEND", backend)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [nbformat.v4.new_code_cell(src) for src, _ in CELLS]
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell, (src, expected) in zip(nb.cells[1:], CELLS):
        outputs = cell.outputs
        assert not [o for o in outputs if o.get("name") == "stderr" or o.output_type == "error"], (src, outputs)
        if expected == "png":
            images = [o for o in outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1 and len(outputs) == 1, (src, outputs)  # shown once, as the cell's value
            assert base64.b64decode(images[0]["data"]["image/png"])[:4] == b"\x89PNG"
            assert re.match(r"<PlotFigure size \d+x\d+ with \d+ Axes>\n", images[0]["data"]["text/plain"])
        elif expected == "graph":
            (out,) = outputs
            assert out["data"]["image/svg+xml"].startswith("<svg")
            assert "<svg" in out["data"]["text/html"] and "GraphPicture" in out["data"]["text/plain"]
        else:
            (out,) = outputs
            assert out.output_type == "stream" and out.name == "stdout" and "100%" in out.text
