"""Elementwise functions.

* ``ufuncs.py``: every NumPy ufunc (``la.sin``, ``la.add``, ...) and the ``__array_ufunc__`` dispatch;
* ``functions.py``: elementwise functions that are not ufuncs (``where``, ``clip``, ``round``, ``astype``, ...);
* ``conditional.py``: ``select``, ``piecewise``, ``isnull``/``notnull``, ``i0``.
"""

from . import conditional, functions, ufuncs
from .conditional import *
from .functions import *
from .ufuncs import *

__all__ = ufuncs.__all__ + functions.__all__ + conditional.__all__
