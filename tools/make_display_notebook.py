"""Write and execute notebooks/05-seeing-the-computation.ipynb (outputs are committed).

Run from the repository root: ``python tools/make_display_notebook.py``.
"""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "notebooks" / "05-seeing-the-computation.ipynb"

md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def tagged(source, *tags):
    cell = code(source)
    cell.metadata["tags"] = list(tags)
    return cell


cells = [
    md("# 05 - Seeing the computation\n\n"
       "A lazy array is a *plan*. This notebook shows the tools that make the plan visible:\n\n"
       "1. the **repr** of an array: sizes, chunks and a picture of the chunk grid;\n"
       "2. the **graph**: a table of operations, `explain()`, and `visualize()`;\n"
       "3. the **progress bar** that shows a compute as it runs;\n"
       "4. the **profilers** that show afterwards where the time went."),
    code("import time\n\nimport numpy as np\n\nimport lazyarr as la\nfrom lazyarr.diagnostics import "
         "ProgressBar, Profiler, ResourceProfiler"),
    md("## 1. The repr\n\nTyping an array's name shows a table (the whole array beside one chunk) and a "
       "diagram of how it is cut into chunks. Nothing is computed."),
    code("x = la.ones((1000, 2000), chunks=(250, 500))\nx"),
    md("*Count* is the real number of tasks in the graph. Each operation adds tasks:"),
    code("y = (x * 2).sum(axis=0)\ny"),
    md("In a terminal you get one line:"),
    code("print(repr(y))"),
    md("Three and more dimensions are drawn too; more than three become a row of pictures:"),
    code("la.ones((4, 30, 40, 50), chunks=(2, 10, 20, 25))"),
    md("## 2. The graph\n\n`graph_summary()` lists the operations in the order they run; `explain()` prints them "
       "as a tree with an estimate of the peak memory the synchronous scheduler needs."),
    code("y.graph_summary()"),
    code("_ = y.explain()"),
    md("`visualize()` draws every task. With `color=\"order\"` the colour and the number on each node show the "
       "order in which the scheduler runs the tasks: it finishes one branch of the reduction before starting "
       "the next, so few blocks are in memory at once. (`engine=\"builtin\"` uses lazyarr's own layout; "
       "without it Graphviz draws the picture when it is installed.)"),
    code("small = la.ones((4, 4), chunks=2)\n(small + small.T).sum().visualize(color=\"order\", engine=\"builtin\")"),
    md("A graph with thousands of tasks is drawn one node per operation instead:"),
    code("big = (la.ones((200, 200), chunks=2) + 1).sum()\nbig.visualize(engine=\"builtin\")"),
    md("## 3. Progress\n\nThe widget appears when the compute starts: one bar per operation."),
    code("def slow(block):\n    time.sleep(0.05)\n    return block\n\n\n"
         "z = la.ones((400, 400), chunks=100).map_blocks(slow) + 1\n"
         "with ProgressBar(minimum=0):\n    total = z.sum().compute()\ntotal"),
    md("Outside Jupyter (or with `mode=\"text\"`) the bar goes to stderr:"),
    tagged("with ProgressBar(minimum=0, mode=\"text\"):\n    _ = z.sum().compute()", "nbval-ignore-output"),
    md("## 4. Where did the time go?\n\nThe task stream has one row per thread and one bar per task; grey is "
       "time spent outside tasks (scheduling, waiting). Below it: memory and CPU."),
    tagged("with Profiler() as prof, ResourceProfiler(dt=0.02) as rprof:\n    _ = z.sum().compute()\n"
           "la.diagnostics.visualize([prof, rprof])", "nbval-ignore-output"),
]

nb = nbformat.v4.new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
PATH.parent.mkdir(exist_ok=True)
nbformat.write(nb, PATH)
print("wrote", PATH)
