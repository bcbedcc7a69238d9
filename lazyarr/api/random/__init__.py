"""``lazyarr.random``: lazy random numbers.

* ``generator.py``: :class:`Generator` and ``default_rng`` (one independent stream per block);
* ``functions.py``: the module-level functions (``random``, ``normal``, ``seed``, ...).
"""

from . import functions, generator
from .functions import *
from .generator import *

__all__ = generator.__all__ + functions.__all__
