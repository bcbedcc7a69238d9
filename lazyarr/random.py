"""``lazyarr.random``: lazy random numbers; the functions live in ``lazyarr/api/random/``.

>>> import lazyarr as la
>>> la.random.default_rng(0).random(4, chunks=2).shape
(4,)
"""

from .api import random as _random
from .api.random import *

__all__ = _random.__all__
