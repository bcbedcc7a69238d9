"""Reductions: whole-axis summaries built on ``core/reduction.py``.

* ``basic.py``: ``sum``, ``prod``, ``min``, ``max``, ``any``, ``all``, ... and ``ufunc.reduce``;
* ``moments.py``: ``mean``, ``var``, ``std`` (and nan-versions);
* ``arg.py``: ``argmin``, ``argmax`` (and nan-versions);
* ``cumulative.py``: ``cumsum``, ``cumprod``, ... and ``ufunc.accumulate``;
* ``comparisons.py``: ``allclose``, ``array_equal``, ``array_equiv`` (they return a bool);
* ``utils.py``: axis normalization, dtype sampling and the other helpers they share.
"""

from . import arg, basic, comparisons, cumulative, moments
from .arg import *
from .basic import *
from .comparisons import *
from .cumulative import *
from .moments import *

__all__ = basic.__all__ + moments.__all__ + arg.__all__ + cumulative.__all__ + comparisons.__all__
