"""``lazyarr.fft``: lazy ``numpy.fft``; the functions live in ``lazyarr/api/fft.py``.

>>> import lazyarr as la
>>> la.fft.fft(la.ones(4, chunks=4)).compute()
array([4.+0.j, 0.+0.j, 0.+0.j, 0.+0.j])
"""

from .api import fft as _fft
from .api.fft import *

__all__ = _fft.__all__
