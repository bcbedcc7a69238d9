"""Questions about an array's layout that need no computing: ``ndim`` and ``shape``.

They are NumPy functions (``np.ndim(x)``, ``np.shape(x)``) that dispatch here for lazy
arrays; the answer comes from the chunks, so nothing is computed. An unknown length
(after boolean indexing) is ``nan`` in the shape, as in ``x.shape``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import is_array
from ..registry import implements

__all__ = ["ndim", "shape"]


@implements(np.ndim)
def ndim(a: Any) -> int:
    """The number of dimensions of *a* (``numpy.ndim``), without computing.

    >>> import lazyarr as la
    >>> la.ndim(la.ones((2, 3))), la.ndim(5)
    (2, 0)
    """
    return a.ndim if is_array(a) else np.ndim(a)


@implements(np.shape)
def shape(a: Any) -> tuple:
    """The shape of *a* (``numpy.shape``), without computing; unknown lengths are ``nan``.

    >>> import lazyarr as la
    >>> la.shape(la.ones((2, 3), chunks=1)), la.shape([[1, 2]])
    ((2, 3), (1, 2))
    """
    return a.shape if is_array(a) else np.shape(a)
