"""``lazyarr.linalg``: lazy ``numpy.linalg`` (plus TSQR, randomized SVD, LU and triangular solves).

* ``tsqr.py``: tall-and-skinny QR and what builds on it (``qr``, ``svd``, ``svd_compressed``, ``lstsq``);
* ``solve.py``: square systems and factorizations (blocked ``cholesky`` and ``solve_triangular``;
  ``inv``, ``solve``, ``det``, ``eig``, ``lu``, ... one block per matrix);
* ``lu.py``: blocked LU with partial pivoting per panel;
* ``norms.py``: every form of ``norm``;
* ``extras.py``: array-API spellings (``matrix_transpose``, ``diagonal``, ``cross``, ...),
  ``multi_dot``, ``tensorinv``, ``tensorsolve``;
* ``_matrixwise.py``: the helper that runs a NumPy function once per (stack of) matrix.

``np.linalg.<name>(x)`` on a lazy array dispatches here and stays lazy.
"""

from .extras import *  # noqa: F401,F403
from .extras import __all__ as _extras_all
from .lu import lu  # noqa: F401
from .norms import *  # noqa: F401,F403
from .norms import __all__ as _norms_all
from .products import matrix_power  # noqa: F401
from .solve import *  # noqa: F401,F403
from .solve import __all__ as _solve_all
from .tsqr import *  # noqa: F401,F403
from .tsqr import __all__ as _tsqr_all

__all__ = sorted(set(_extras_all) | set(_norms_all) | set(_solve_all) | set(_tsqr_all)
                 | {"lu", "matrix_power"})

