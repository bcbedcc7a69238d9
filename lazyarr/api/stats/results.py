"""The results of the tests in ``lazyarr.stats``: ``(statistic, pvalue)`` pairs, lazy until computed.

SciPy returns a named tuple of NumPy values; dask.array.stats returns a ``Delayed`` object.
lazyarr returns the same kind of named tuple as SciPy, holding **lazy arrays**:

* ``res.statistic`` and ``res.pvalue`` are lazy arrays (use them in further lazy work, or
  compute one alone);
* ``t, p = res`` unpacks as SciPy's result does;
* ``res.compute()`` computes both in one pass over the data (they share it) and returns the
  same kind of result with NumPy values, like SciPy's; ``la.compute(*res)`` gives the pair.
"""

from __future__ import annotations

from typing import Any

from ...core.array import is_array
from ...core.compute import compute, persist

__all__ = ["F_onewayResult", "KurtosistestResult", "NormaltestResult", "Power_divergenceResult",
           "SkewtestResult", "Ttest_1sampResult", "Ttest_indResult", "Ttest_relResult"]


class TestResult(tuple):
    """``(statistic, pvalue)``: lazy arrays until :meth:`compute` (base of every result class).

    Extra values SciPy gives as attributes only (``df`` of a t-test) are attributes here too.

    >>> import lazyarr as la
    >>> res = la.stats.ttest_1samp(la.arange(10, chunks=5), 4.5)
    >>> res.statistic
    lazyarr.Array<...>
    >>> res.compute()
    Ttest_1sampResult(statistic=np.float64(0.0), pvalue=np.float64(1.0))
    """

    __test__ = False  # not a pytest test class, despite the name
    _fields = ("statistic", "pvalue")

    def __new__(cls, statistic: Any, pvalue: Any, **extras: Any) -> TestResult:
        self = super().__new__(cls, (statistic, pvalue))
        self._extras = extras
        return self

    @property
    def statistic(self) -> Any:
        """The test statistic (a lazy array until computed)."""
        return self[0]

    @property
    def pvalue(self) -> Any:
        """The p-value (a lazy array until computed)."""
        return self[1]

    def __getattr__(self, name: str) -> Any:
        extras = self.__dict__.get("_extras", {})
        if name in extras:
            return extras[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __reduce__(self) -> tuple:  # pickling keeps the extras
        return (_rebuild, (type(self), tuple(self), self._extras))

    def compute(self, **kwargs: Any) -> TestResult:
        """Compute the statistic, the p-value (and the extras) together; NumPy values as SciPy gives.

        Takes the keywords of :func:`lazyarr.compute` (``scheduler=``, ...).

        >>> import lazyarr as la
        >>> la.stats.ttest_1samp(la.arange(10, chunks=5), 4.5).compute().pvalue
        np.float64(1.0)
        """
        values = compute(*self, *self._extras.values(), **kwargs)
        return type(self)(*values[:2], **dict(zip(self._extras, values[2:])))

    def persist(self, **kwargs: Any) -> TestResult:
        """Compute now and keep the blocks: a result of lazy arrays that no longer need the data.

        >>> import lazyarr as la
        >>> la.stats.ttest_1samp(la.arange(10, chunks=5), 4.5).persist().pvalue.compute()
        np.float64(1.0)
        """
        values = persist(*self, *self._extras.values(), **kwargs)
        return type(self)(*values[:2], **dict(zip(self._extras, values[2:])))

    def __repr__(self) -> str:
        def show(v: Any) -> str:
            return repr(v) if not is_array(v) else f"lazyarr.Array<shape={v.shape}, dtype={v.dtype}>"

        return f"{type(self).__name__}(statistic={show(self[0])}, pvalue={show(self[1])})"


def _rebuild(cls: type, values: tuple, extras: dict) -> TestResult:
    return cls(*values, **extras)


def _result_class(name: str, scipy_name: str) -> type:
    doc = f"""The result of ``lazyarr.stats.{scipy_name}``: ``(statistic, pvalue)``, see :class:`TestResult`.

    >>> import lazyarr as la
    >>> la.stats.{name}.__mro__[1].__name__
    'TestResult'
    """
    return type(name, (TestResult,), {"__doc__": doc, "__module__": __name__})


Ttest_indResult = _result_class("Ttest_indResult", "ttest_ind")
Ttest_1sampResult = _result_class("Ttest_1sampResult", "ttest_1samp")
Ttest_relResult = _result_class("Ttest_relResult", "ttest_rel")
Power_divergenceResult = _result_class("Power_divergenceResult", "power_divergence")
SkewtestResult = _result_class("SkewtestResult", "skewtest")
KurtosistestResult = _result_class("KurtosistestResult", "kurtosistest")
NormaltestResult = _result_class("NormaltestResult", "normaltest")
F_onewayResult = _result_class("F_onewayResult", "f_oneway")
