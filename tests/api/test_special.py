"""``lazyarr.special``: scipy.special's ufuncs applied block by block (what SciPy's Array API mode calls)."""

import numpy as np
import pytest

import lazyarr as la
from lazyarr.testing import assert_eq

special = pytest.importorskip("scipy.special")


@pytest.mark.parametrize("name", ["erf", "gammaln", "expit", "logit", "ndtr"])
def test_ufuncs_are_lazy_and_match_scipy(name):
    data = np.linspace(0.05, 0.95, 13)
    x = la.from_array(data, chunks=4)
    with la.config.set(scheduler="sync"):
        assert_eq(getattr(la.special, name)(x), getattr(special, name)(data))


def test_two_argument_ufunc_broadcasts():
    v = np.arange(1.0, 4.0)[:, None]
    z = np.linspace(0.5, 3, 8)
    assert_eq(la.special.jv(v, la.from_array(z, chunks=3)), special.jv(v, z))


def test_zero_length_and_0d():
    assert_eq(la.special.erf(la.zeros((0, 3), chunks=2)), special.erf(np.zeros((0, 3))))
    assert_eq(la.special.expit(la.asarray(0.5)), special.expit(np.asarray(0.5)))


def test_nothing_runs_when_called():
    class Count(la.Callback):
        computes = 0

        def start(self, event):
            Count.computes += 1

    with Count():
        la.special.erf(la.ones(10, chunks=5))
    assert Count.computes == 0


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="lazyarr.special has no function 'comb'"):
        getattr(la.special, "comb")  # noqa: B009 - comb is not a ufunc in scipy.special
    assert "erf" in dir(la.special)
    assert not hasattr(la.special, "__wrapped__")
