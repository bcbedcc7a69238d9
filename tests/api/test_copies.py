"""Copies are independent: a write to a copy never reaches the original, nor the other way round.

``x[i] = v`` rebinds the Python object it is called on to a new graph, so a copy only has to
be a new ``Array`` object; these tests pin that every way of copying makes one, that
computed results are the caller's own memory, and the Array API's ``copy=`` rule.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import lazyarr as la
from lazyarr.testing import assert_eq

COPIES = {
    "method": lambda x: x.copy(),
    "copy.copy": copy.copy,
    "copy.deepcopy": copy.deepcopy,
    "asarray(copy=True)": lambda x: la.asarray(x, copy=True),
    "array": lambda x: la.array(x),
    "np.copy": np.copy,
    "la.copy": la.copy,
}


@pytest.mark.parametrize("how", COPIES)
def test_write_to_copy_leaves_original(how):
    # The reproducer: c[0] = 99 changed x too.
    x = la.arange(6, chunks=3)
    c = COPIES[how](x)
    assert c is not x and isinstance(c, la.Array)
    c[0] = 99
    assert_eq(x, np.arange(6))
    assert_eq(c, np.array([99, 1, 2, 3, 4, 5]))


@pytest.mark.parametrize("how", COPIES)
def test_copy_taken_before_a_write_does_not_see_it(how):
    x = la.arange(6, chunks=3)
    c = COPIES[how](x)
    x[1:3] = -1
    assert_eq(c, np.arange(6))
    assert_eq(x, np.array([0, -1, -1, 3, 4, 5]))


def test_asarray_copy_none_shares_and_false_refuses_a_dtype_change():
    x = la.arange(4, chunks=2)
    assert la.asarray(x) is x
    assert la.asarray(x, copy=False) is x
    assert la.asarray(x, dtype=x.dtype, copy=False) is x
    assert la.asarray(x, dtype="float64").dtype == np.float64  # copy=None: copies because it must
    with pytest.raises(ValueError, match="asarray: copy=False"):
        la.asarray(x, dtype="float64", copy=False)
    with pytest.raises(ValueError, match="asarray: copy=False"):
        la.asarray(np.arange(3), dtype="float64", copy=False)
    with pytest.raises(ValueError):  # NumPy's own: a list always needs a copy
        la.asarray([1, 2], copy=False)
    with pytest.raises(ValueError, match="asarray: copy=False"):
        la.asarray([x, x], copy=False)
    with pytest.raises(ValueError, match="asarray: copy must be"):
        la.asarray(x, copy="yes")


def test_asarray_copy_of_numpy_input_does_not_see_later_writes():
    a = np.arange(4)
    x = la.asarray(a, copy=True)
    a[0] = 50
    assert_eq(x, np.arange(4))


@pytest.mark.parametrize("chunks", [4, 2])
def test_computed_result_is_the_callers_own_memory(chunks):
    # One block used to come back as a view into from_array's source (or a persisted block):
    # writing into the result then changed the lazy array and the caller's NumPy array.
    a = np.arange(4)
    x = la.from_array(a, chunks=chunks)
    for lazy in (x, x.persist(), x[x > 1]):
        r = lazy.compute()
        r[...] = -7
        assert not np.shares_memory(r, a)
    assert_eq(x, np.arange(4))
    np.testing.assert_array_equal(a, np.arange(4))


ROOT = Path(__file__).resolve().parents[2]


def test_scipy_logsumexp_copies_then_writes_without_touching_the_input():
    # SciPy's logsumexp does xp.asarray(a, copy=True) and then writes into the copy.
    pytest.importorskip("scipy")
    code = textwrap.dedent("""
        import numpy as np, lazyarr as la
        from scipy.special import logsumexp
        a = np.array([[0., -np.inf, 3.], [1., 2., np.inf]])
        x = la.from_array(a, chunks=2)
        r = logsumexp(x, axis=1)
        print(type(r).__name__, np.allclose(np.asarray(r), logsumexp(a, axis=1)))
        print(np.array_equal(x.compute(), a))
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT), SCIPY_ARRAY_API="1")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["Array", "True", "True"]
