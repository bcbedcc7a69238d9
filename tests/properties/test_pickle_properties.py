"""Every lazy array round-trips through plain ``pickle`` (multiprocessing, joblib, ...).

Graphs hold module-level functions, picklable callable objects or ``functools.partial``s
of them, never local closures or lambdas. Walked over the whole registry with the rows of
``test_registry_properties.CASES``: each result is pickled, unpickled, and must compute to
NumPy's answer. Hand-built arrays that are not in the registry (random numbers, overlaps,
assignments, masks, persisted and rechunked arrays) follow.
"""

from __future__ import annotations

import functools
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_registry_properties import EXCLUDED, KNOWN_BUGS, _compare, _run, case_for, registry_names

import lazyarr as la
from lazyarr.core.array import is_array
from lazyarr.testing import assert_eq
from lazyarr.testing.strategies import arrays_and_chunks, chunks_for

#: rows whose call hands lazyarr a function of the test's own (a lambda): that is the user's
#: function in the graph, and plain pickle cannot pickle a lambda (cloudpickle can)
USER_LAMBDAS = {"fromfunction", "piecewise"}


def round_trip(result):
    if isinstance(result, (tuple, list)):
        return [round_trip(r) for r in result]
    return pickle.loads(pickle.dumps(result)) if is_array(result) else result


@pytest.mark.parametrize("name", registry_names())
def test_registry_results_pickle(name, request):
    if name in EXCLUDED or name in USER_LAMBDAS:
        pytest.skip(EXCLUDED.get(name, "the test's own lambda is in the graph"))
    case = case_for(name)
    restriction = KNOWN_BUGS.get(name, ("", ""))[0]
    empty_blocks = restriction != "no empty blocks"

    @settings(max_examples=4, derandomize=True)
    @given(data=st.data())
    def check(data):
        a, chunks = data.draw(arrays_and_chunks(kinds=case.kinds, min_dims=case.min_dims, max_dims=case.max_dims,
                                                max_side=4, empty_blocks=empty_blocks))
        if restriction in ("no empty input", "no empty blocks") and a.size == 0:
            a = np.ones((2,) * a.ndim, dtype=a.dtype)
        a = case.prepare(a)
        if a.shape != tuple(sum(c) for c in chunks):
            chunks = data.draw(chunks_for(a.shape, empty_blocks))
        params = case.params(data.draw, a)
        expected, error = _run(lambda: case.call(np, a, params))
        if error is not None:
            return
        x = la.from_array(a, chunks=chunks)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            lazy = round_trip(case.call(la, x, params))
        _compare(lazy, expected, case.compare)

    check()


def _add_row_offset(block, block_info=None):
    return block + block_info[None]["array-location"][0][0]


def _masked(x):
    return x[x > 0.5]


def _assigned(x):
    y = x.copy()
    y[1:3] = -1.0
    y[y > 0.9] = 0.0
    return y


HAND_BUILT = {
    "random": lambda x: la.random.default_rng(3).random((5, 4), chunks=2),
    "random normal": lambda x: la.random.normal(2.0, 3.0, size=(5, 4), chunks=2),
    "map_overlap": lambda x: la.map_overlap(functools.partial(np.cumsum, axis=0), x, depth=1, boundary="reflect"),
    "map_blocks with block_info": lambda x: la.map_blocks(_add_row_offset, x, dtype=x.dtype),
    "boolean mask": _masked,
    "assignment": _assigned,
    "persisted": lambda x: (x * 2).persist(),
    "rechunked": lambda x: x.rechunk((3, 1)),
    "fancy index": lambda x: x[[0, 4, 2]][:, [1, 0]],
    "tril": lambda x: la.tril(x, 1),
    "reduction of a transpose": lambda x: x.T.sum(axis=0).mean(),
}


@pytest.mark.parametrize("how", HAND_BUILT)
def test_hand_built_arrays_pickle(how):
    x = la.from_array(np.random.default_rng(0).random((6, 4)), chunks=(4, 3))
    lazy = HAND_BUILT[how](x)
    again = pickle.loads(pickle.dumps(lazy))
    assert again.name == lazy.name and str(again.chunks) == str(lazy.chunks) and again.dtype == lazy.dtype
    assert_eq(again, lazy.compute())


def test_issue_reproducer_sum_pickles():
    # "Can't pickle local object '_simple.<locals>.chunk'"
    y = la.ones((4, 4), chunks=2).sum()
    assert pickle.loads(pickle.dumps(y)).compute() == 16.0
