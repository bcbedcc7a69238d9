"""NumPy-named functions, one module per category; see ``registry.py`` for dispatch."""

from . import (  # noqa: F401
    creation,
    elementwise,
    indexing,
    linalg_products,
    manipulation,
    random,
    reductions,
    registry,
    ufuncs,
)

# --- indexing and manipulation (issue 3) ---
from . import assignment, searching  # noqa: F401,E402
# --- end indexing and manipulation ---
