"""The Python Array API standard's extras (see ``docs/array-api.md``).

* ``info.py``: ``__array_namespace_info__``, dtype helpers (``finfo``, ``isdtype``, ...), devices, DLPack;
* ``introspection.py``: ``ndim`` and ``shape`` of lazy arrays, without computing;
* ``functions.py``: the standard's functions NumPy spells differently (``unstack``, ``matrix_transpose``, ...).
"""

from . import functions, info, introspection
from .functions import *
from .info import *
from .introspection import *

__all__ = info.__all__ + functions.__all__ + introspection.__all__
