"""SciPy and scikit-learn on lazy arrays through the Array API, each compared with NumPy.

The calls run in a child interpreter (``array_api_calls.py``) because ``SCIPY_ARRAY_API=1``
must be set before SciPy is imported. Each case checks the value against the same call
on NumPy data and bounds the number of computes it runs (the table in docs/ecosystem.md).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("scipy")
pytest.importorskip("sklearn")

HERE = Path(__file__).parent

#: case -> the most computes the call may run before returning (its result stays lazy);
#: SciPy's statistics check their input for NaNs (small computes that decide control
#: flow). The table in docs/ecosystem.md lists the same numbers.
AT_CALL = {
    "scipy.stats.zscore": 5,
    "scipy.stats.skew": 5,
    "scipy.stats.kurtosis": 5,
    "scipy.stats.pearsonr": 4,
    "scipy.stats.ttest_1samp": 3,
    "scipy.stats.variation": 1,
    "scipy.special.erf": 0,
    "scipy.special.gammaln": 0,
    "scipy.special.expit": 0,
    "scipy.special.logsumexp": 0,
    "scipy.signal.welch": 31,
    "sklearn StandardScaler": 4,
    "sklearn MinMaxScaler": 4,
    "sklearn PCA": 2,
    "sklearn MaxAbsScaler": 3,
    "sklearn Normalizer": 3,
    "sklearn Ridge(solver='svd')": 5,
    # with data_dependent_shapes="compute": the lengths of the classes and of X[y == k], the rank
    # and the finiteness and priors checks that `if` statements read (docs/ecosystem.md)
    "sklearn LinearDiscriminantAnalysis": 19,
}

#: calls whose library converts its input to NumPy (SciPy 1.17 marks signal.welch
#: ``np_only``: its csd calls np.asarray): the result is right and is a NumPy array
NUMPY_ONLY = {"scipy.signal.welch"}

@pytest.fixture(scope="module")
def results():
    root = HERE.parents[1]
    env = dict(os.environ, SCIPY_ARRAY_API="1",
               PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, str(HERE / "array_api_calls.py")], env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return {row["case"]: row for row in map(json.loads, out.stdout.splitlines())}


def case_params():
    for case in AT_CALL:
        yield pytest.param(case, id=case.replace(" ", "-"))


@pytest.mark.parametrize("case", case_params())
def test_equal_to_numpy_and_lazy(results, case):
    row = results[case]
    assert "error" not in row, row.get("trace", row.get("error"))
    assert row["equal"], row
    assert row["lazy"] is (case not in NUMPY_ONLY), row
    assert row["at_call"] <= AT_CALL[case], row


def test_lda_without_the_option_names_the_unknown_length_and_the_way_out(results):
    # Without data_dependent_shapes="compute", unique_values(y).shape[0] is nan (as in dask):
    # scikit-learn's xp.zeros((n_classes, n_features)) must fail clearly, not guess.
    row = results["sklearn LinearDiscriminantAnalysis (unknown sizes)"]
    assert row["error"].startswith("TypeError: zeros: shape must be integers"), row
    assert "data_dependent_shapes" in row["error"], row


def test_special_functions_compute_nothing_when_called(results):
    for case in ("scipy.special.erf", "scipy.special.gammaln", "scipy.special.expit"):
        assert results[case]["at_call"] == 0 and results[case]["total"] == 1, results[case]
