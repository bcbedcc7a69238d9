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
