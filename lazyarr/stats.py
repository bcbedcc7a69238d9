"""``lazyarr.stats``: lazy ``scipy.stats`` tests (as ``dask.array.stats``); the functions live in
``lazyarr/api/stats/``.

The statistics are lazy arrays; a test returns ``(statistic, pvalue)`` like SciPy, lazy until
``.compute()``. P-values need SciPy (``pip install 'lazyarr[stats]'``).

>>> import lazyarr as la
>>> float(la.stats.moment(la.arange(5, chunks=2), 2))
2.0
"""

from .api import stats as _stats
from .api.stats import *

__all__ = _stats.__all__
