"""``la.stats``: lazy ``scipy.stats`` tests and statistics, as ``dask.array.stats`` has them.

* ``summary.py``: the one pass over the data they all share (count, mean, central moments);
* ``moments.py``: ``moment``, ``skew``, ``kurtosis`` (no SciPy needed);
* ``ttests.py``: ``ttest_1samp``, ``ttest_rel``, ``ttest_ind``;
* ``normality.py``: ``skewtest``, ``kurtosistest``, ``normaltest``;
* ``frequencies.py``: ``power_divergence``, ``chisquare``;
* ``anova.py``: ``f_oneway``;
* ``results.py``: the ``(statistic, pvalue)`` results, lazy until computed.

P-values need SciPy (the ``stats`` extra), imported only when a test is built and run.
"""

from . import anova, frequencies, moments, normality, results, ttests
from .anova import *
from .frequencies import *
from .moments import *
from .normality import *
from .results import *
from .ttests import *

__all__ = (moments.__all__ + ttests.__all__ + normality.__all__ + frequencies.__all__ + anova.__all__
           + results.__all__)
