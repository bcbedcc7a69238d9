"""``lazyarr.linalg``: lazy ``numpy.linalg`` (plus TSQR, randomized SVD, LU and triangular solves).

* ``tall_skinny.py``: tall-and-skinny QR and what builds on it (``qr``, ``svd``, ``svd_compressed``, ``lstsq``);
* ``square.py``: square systems and factorizations (blocked ``cholesky`` and ``solve_triangular``;
  ``inv``, ``solve``, ``det``, ``eig``, ``lu``, ... one block per matrix);
* ``blocked_lu.py``: blocked LU with partial pivoting per panel;
* ``norms.py``: every form of ``norm``;
* ``extras.py``: array-API spellings (``matrix_transpose``, ``diagonal``, ``cross``, ...),
  ``multi_dot``, ``tensorinv``, ``tensorsolve``;
* ``_matrixwise.py``: the helper that runs a NumPy function once per (stack of) matrix;
* ``products.py`` and ``einsum.py``: ``dot``, ``matmul``, ``tensordot``, ``einsum``, ... (top-level
  ``la.`` names, not ``la.linalg``; every product is an einsum-style contraction).

``np.linalg.<name>(x)`` on a lazy array dispatches here and stays lazy.
"""

from . import blocked_lu, extras, norms, square, tall_skinny
from .blocked_lu import *
from .extras import *
from .norms import *
from .products import matrix_power
from .square import *
from .tall_skinny import *

# numpy.linalg.matrix_power is written with the other products (products.py, whose names are
# the top-level la.dot, la.matmul, ...; einsum.py likewise).
__all__ = (tall_skinny.__all__ + square.__all__ + blocked_lu.__all__ + norms.__all__ + extras.__all__
           + ["matrix_power"])
