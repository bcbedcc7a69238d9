"""Reductions: whole-axis summaries built on ``core/reduction.py``.

* ``basic.py``: ``sum``, ``prod``, ``min``, ``max``, ``any``, ``all``, ... and ``ufunc.reduce``;
* ``moments.py``: ``mean``, ``var``, ``std`` (and nan-versions), ``moment``;
* ``arg.py``: ``argmin``, ``argmax`` (and nan-versions);
* ``cumulative.py``: ``cumsum``, ``cumprod``, ... and ``ufunc.accumulate``;
* ``coarsening.py``: ``coarsen`` (reduce non-overlapping windows);
* ``fill.py``: ``push`` (forward fill over NaNs);
* ``comparisons.py``: ``allclose``, ``array_equal``, ``array_equiv`` (they return a bool);
* ``utils.py``: axis normalization, dtype sampling and the other helpers they share.
"""

from . import arg, basic, coarsening, comparisons, cumulative, fill, moments
from .arg import *
from .basic import *
from .coarsening import *
from .comparisons import *
from .cumulative import *
from .fill import *
from .moments import *

__all__ = (basic.__all__ + moments.__all__ + arg.__all__ + cumulative.__all__ + coarsening.__all__ + fill.__all__
           + comparisons.__all__)
