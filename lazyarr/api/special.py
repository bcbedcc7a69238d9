"""SciPy's elementwise special functions, lazily: ``la.special.erf(x)``, ``la.special.expit(x)``.

Every function of ``scipy.special`` that is a NumPy ufunc (``erf``, ``gammaln``,
``expit``, ``logit``, ``jv``, ...) is available here by name and runs block by block,
like ``la.sin``: nothing is computed when it is called.

Why a namespace and not just ``__array_ufunc__``: called on a lazy array, a plain
``scipy.special.erf(x)`` *is* a NumPy ufunc and already dispatches to lazyarr. But with
``SCIPY_ARRAY_API=1`` (SciPy's Array API mode, which ``scipy.stats`` and scikit-learn
rely on) SciPy wraps it: for a library it does not know, it looks for
``xp.special.erf`` in the array's namespace (``x.__array_namespace__()``, which is
``lazyarr``) and otherwise converts the input with ``np.asarray``, computing all of
it. This module is that ``xp.special``. SciPy is imported only when a function is
looked up.

>>> import lazyarr as la
>>> y = la.special.expit(la.zeros(4, chunks=2))   # doctest: +SKIP
>>> y.compute()                                     # doctest: +SKIP
array([0.5, 0.5, 0.5, 0.5])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .elementwise.ufuncs import LazyUfunc

__all__: list[str] = []


def _scipy_ufuncs() -> dict[str, np.ufunc]:
    """scipy.special's ufuncs by name (the raw ufuncs, not the Array API wrappers)."""
    from scipy.special import _ufuncs  # the module holding the compiled ufuncs

    return {name: f for name, f in vars(_ufuncs).items() if isinstance(f, np.ufunc) and not name.startswith("_")}


def __getattr__(name: str) -> Any:
    """``la.special.<name>``: scipy.special's ufunc *name*, made lazy (AttributeError otherwise)."""
    if name.startswith("__"):
        raise AttributeError(name)
    try:
        ufunc = _scipy_ufuncs().get(name)
    except ImportError:
        ufunc = None
    if ufunc is None:
        raise AttributeError(f"lazyarr.special has no function {name!r}: it offers scipy.special's ufuncs "
                             f"(elementwise functions such as erf, gammaln, expit); SciPy must be installed")
    return LazyUfunc(ufunc)


def __dir__() -> list[str]:
    try:
        return sorted(_scipy_ufuncs())
    except ImportError:
        return []
