"""Statistics.

* ``order.py``: ``median``, ``quantile``, ``percentile`` (and nan-versions), exact;
* ``averages.py``: ``average``, ``cov``, ``corrcoef``;
* ``histograms.py``: ``bincount``, ``histogram``, ``histogram2d``, ``histogramdd``, ``histogram_bin_edges``.
"""

from . import averages, histograms, order
from .averages import *
from .histograms import *
from .order import *

__all__ = order.__all__ + averages.__all__ + histograms.__all__
