"""``lazyarr.special``: scipy.special's elementwise functions, lazily; see ``lazyarr/api/special.py``.

>>> import lazyarr as la
>>> la.special.erf(la.zeros(3, chunks=2)).compute()   # doctest: +SKIP
array([0., 0., 0.])
"""

from .api.special import __dir__, __getattr__  # noqa: F401 - module-level lookup (PEP 562)

__all__: list[str] = []
