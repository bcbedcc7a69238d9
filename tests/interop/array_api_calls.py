"""SciPy and scikit-learn called on lazy arrays, in a fresh interpreter: ``python array_api_calls.py``.

``SCIPY_ARRAY_API=1`` only works if it is set before SciPy is first imported, so these
calls run in their own process (``test_array_api_libraries.py`` starts it). For each call
it prints one JSON line: the case name, whether the result equals the same call on NumPy
data, how many lazyarr computes ran while calling (``at_call``) and in total to get
the result as NumPy (``total``), or the error.
"""

import json
import os
import sys
import traceback

os.environ["SCIPY_ARRAY_API"] = "1"

import numpy as np  # noqa: E402

import lazyarr as la  # noqa: E402
from lazyarr.testing import CountComputes  # noqa: E402


def as_numpy(result):
    """A result (array, scalar or tuple of them) as NumPy values; lazy parts computed together, once."""
    items = result if isinstance(result, tuple) else (result,)
    lazy = [r for r in items if isinstance(r, la.Array)]
    values = iter(la.compute(*lazy)) if lazy else iter(())
    out = tuple(np.asarray(next(values)) if isinstance(r, la.Array) else np.asarray(r) for r in items)
    return out if isinstance(result, tuple) else out[0]


def close(a, b):
    if isinstance(a, tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-6, atol=1e-9,
                            equal_nan=True))


def cases():
    import scipy.signal
    import scipy.special
    import scipy.stats
    import sklearn
    from sklearn.decomposition import PCA
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.linear_model import Ridge
    from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler

    rng = np.random.default_rng(0)
    data = rng.normal(2.0, 3.0, (200, 5))
    other = data[:, 0] * 0.5 + rng.normal(size=200)
    labels = (data[:, 1] > 2).astype(np.int64) + (data[:, 2] > 4)
    signal = np.sin(np.arange(1024) / 7.0) + rng.normal(size=1024) * 0.1

    def lazy(a, chunks=50):
        return la.from_array(a, chunks=chunks)

    def fitted(estimator_cls, attrs, with_y=False, output="transform", options=None, **kw):
        def run(x, y=None):
            with sklearn.config_context(array_api_dispatch=True), la.config.set(**(options or {})):
                est = estimator_cls(**kw)
                est.fit(x, y) if with_y else est.fit(x)
                out = getattr(est, output)(x)
                return (out,) + tuple(getattr(est, a) for a in attrs)
        return run

    yield "scipy.stats.zscore", lambda x: scipy.stats.zscore(x, axis=0), (data,)
    yield "scipy.stats.skew", lambda x: scipy.stats.skew(x, axis=0), (data,)
    yield "scipy.stats.kurtosis", lambda x: scipy.stats.kurtosis(x, axis=0), (data,)
    yield "scipy.stats.pearsonr", lambda x, y: tuple(scipy.stats.pearsonr(x, y)), (data[:, 0], other)
    yield "scipy.stats.ttest_1samp", lambda x: tuple(scipy.stats.ttest_1samp(x, 2.0, axis=0)), (data,)
    yield "scipy.stats.variation", lambda x: scipy.stats.variation(x, axis=0), (data,)
    yield "scipy.special.erf", scipy.special.erf, (data,)
    yield "scipy.special.gammaln", scipy.special.gammaln, (np.abs(data) + 0.1,)
    yield "scipy.special.expit", scipy.special.expit, (data,)
    yield "scipy.special.logsumexp", lambda x: scipy.special.logsumexp(x, axis=0), (data,)
    yield "scipy.signal.welch", lambda x: tuple(scipy.signal.welch(x, nperseg=128)), (signal,)
    yield "sklearn StandardScaler", fitted(StandardScaler, ("mean_", "scale_")), (data,)
    yield "sklearn MinMaxScaler", fitted(MinMaxScaler, ("data_min_", "data_max_")), (data,)
    yield "sklearn PCA", fitted(PCA, ("explained_variance_",), n_components=2, svd_solver="full"), (data,)
    yield "sklearn MaxAbsScaler", fitted(MaxAbsScaler, ("max_abs_",)), (data,)
    yield "sklearn Normalizer", fitted(Normalizer, ()), (data,)
    yield ("sklearn Ridge(solver='svd')", fitted(Ridge, ("coef_", "intercept_"), with_y=True, output="predict",
                                                 solver="svd"), (data, other))
    # LDA sizes its arrays by the number of classes, unique_values(y).shape[0]: a data-dependent
    # shape, which lazyarr computes when asked to (the data_dependent_shapes option). Its
    # predictions and fitted means and coefficients are compared (transform's axes have SVD signs).
    yield ("sklearn LinearDiscriminantAnalysis",
           fitted(LinearDiscriminantAnalysis, ("means_", "coef_", "intercept_"), with_y=True, output="predict",
                  options={"data_dependent_shapes": "compute"}),
           (data, labels))
    yield ("sklearn LinearDiscriminantAnalysis (unknown sizes)",
           fitted(LinearDiscriminantAnalysis, ("means_",), with_y=True, output="predict"), (data, labels))


def main():
    for name, func, args in cases():
        row = {"case": name}
        try:
            expected = as_numpy(func(*args))
            with CountComputes() as at_call:
                result = func(*(la.from_array(a, chunks=50 if a.ndim == 1 else (50, 5)) for a in args))
            with CountComputes() as total:
                got = as_numpy(result)
            row.update(equal=close(got, expected), at_call=at_call.computes, total=at_call.computes + total.computes,
                       lazy=type(result[0] if isinstance(result, tuple) else result).__name__ == "Array")
        except Exception as exc:
            row.update(error=f"{type(exc).__name__}: {exc}"[:600], trace=traceback.format_exc()[-800:])
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    sys.exit(main())
