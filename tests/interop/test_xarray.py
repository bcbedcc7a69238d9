"""lazyarr inside xarray: the chunk manager, compared with the same xarray code on NumPy data.

Every lazyarr-backed result must (1) still hold lazyarr arrays before computing, (2) run
on lazyarr's schedulers (a lazyarr Callback sees the tasks), (3) equal the NumPy-backed
xarray result. The registration comes from ``conftest.py`` (a temporary entry point).
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import tomllib

import lazyarr as la
from lazyarr.core.array import Array

xr = pytest.importorskip("xarray")

pytestmark = pytest.mark.usefixtures("chunkmanager_path")


class CountTasks(la.Callback):
    def __init__(self):
        super().__init__()
        self.tasks = 0
        self.computes = 0

    def start(self, event):
        self.computes += 1

    def task_end(self, key, event):
        self.tasks += 1


@pytest.fixture
def ds():
    rng = np.random.default_rng(0)
    time = np.arange("2000-01-01", "2001-01-01", dtype="datetime64[D]")[:60]
    return xr.Dataset(
        {"t": (("time", "lat", "lon"), rng.normal(15, 5, (60, 4, 5))),
         "p": (("time", "lat", "lon"), rng.random((60, 4, 5)))},
        coords={"time": time, "lat": np.linspace(-30, 30, 4), "lon": np.arange(0.0, 50.0, 10.0)},
    )


@pytest.fixture
def lazy(ds):
    return ds.chunk({"time": 16, "lat": 3}, chunked_array_type="lazyarr")


def assert_lazy_equal(got, expected):
    """*got* holds lazyarr arrays, computes on lazyarr's scheduler, and equals *expected*."""
    variables = got.data_vars.values() if isinstance(got, xr.Dataset) else [got]
    assert all(isinstance(v.data, Array) for v in variables), [type(v.data) for v in variables]
    with CountTasks() as seen:
        computed = got.compute()
    assert seen.tasks > 0
    xr.testing.assert_allclose(computed, expected)


# -- registration -----------------------------------------------------------------------------------
def test_entry_point_is_declared():
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    declared = pyproject["project"]["entry-points"]["xarray.chunkmanagers"]
    assert declared == {"lazyarr": "lazyarr.interop.xarray:LazyarrManager"}
    assert any(d.startswith("xarray") for d in pyproject["project"]["optional-dependencies"]["xarray"])
    assert any(d.startswith("xarray") for d in pyproject["project"]["optional-dependencies"]["dev"])


def test_listed_and_the_only_one_to_claim_lazy_arrays(lazy):
    from xarray.namedarray.parallelcompat import get_chunked_array_type, list_chunkmanagers

    managers = list_chunkmanagers()
    assert "lazyarr" in managers
    # With dask installed too: no "Multiple ChunkManagers recognise type" error.
    assert type(get_chunked_array_type(lazy.t.data)).__name__ == "LazyarrManager"


def test_chunk_keeps_the_chunks(ds, lazy):
    assert isinstance(lazy.t.data, Array)
    assert lazy.t.data.chunks == ((16, 16, 16, 12), (3, 1), (5,))
    assert dict(lazy.chunks) == {"time": (16, 16, 16, 12), "lat": (3, 1), "lon": (5,)}
    assert lazy.chunk({"time": 30}).t.data.chunks[0] == (30, 30)


def test_compute_load_values_run_on_lazyarr(ds, lazy):
    with CountTasks() as seen:
        np.testing.assert_allclose(lazy.t.values, ds.t.values)
    assert seen.tasks > 0 and seen.computes == 1
    with CountTasks() as seen:
        loaded = lazy.copy().load()
    assert seen.computes == 1
    xr.testing.assert_allclose(loaded, ds)


def test_progress_bar_shows(lazy, capsys):
    from lazyarr.diagnostics import ProgressBar

    with ProgressBar(minimum=0):
        lazy.t.mean().compute()
    out = capsys.readouterr()
    assert "100%" in out.out + out.err


def test_persist_keeps_lazy_arrays(ds, lazy):
    p = lazy.persist()
    assert isinstance(p.t.data, Array)
    xr.testing.assert_allclose(p.compute(), ds)


# -- operations, each equal to the NumPy-backed result ------------------------------------------------
@pytest.mark.parametrize("reduce", ["mean", "sum", "std", "max", "median"])
def test_reductions(ds, lazy, reduce):
    dims = "lat" if reduce == "median" else "time"  # median needs one block along its axis
    assert_lazy_equal(getattr(lazy, reduce)(dims), getattr(ds, reduce)(dims))


def test_arithmetic_and_selection(ds, lazy):
    got = (lazy.t - lazy.t.mean("time")).sel(lat=slice(-20, 30)).isel(lon=[0, 3])
    expected = (ds.t - ds.t.mean("time")).sel(lat=slice(-20, 30)).isel(lon=[0, 3])
    assert_lazy_equal(got, expected)


def test_where_and_weighted(ds, lazy):
    assert_lazy_equal(lazy.t.where(lazy.p > 0.5), ds.t.where(ds.p > 0.5))
    weights = np.cos(np.deg2rad(ds.lat))
    assert_lazy_equal(lazy.t.weighted(weights).mean(("lat", "lon")), ds.t.weighted(weights).mean(("lat", "lon")))


def test_coarsen(ds, lazy):
    assert_lazy_equal(lazy.coarsen(time=5, lon=5).mean(), ds.coarsen(time=5, lon=5).mean())


def test_groupby_month(ds, lazy):
    assert_lazy_equal(lazy.groupby("time.month").mean(), ds.groupby("time.month").mean())


def test_groupby_anomaly(ds, lazy):
    got = lazy.groupby("time.month") - lazy.groupby("time.month").mean()
    expected = ds.groupby("time.month") - ds.groupby("time.month").mean()
    assert_lazy_equal(got, expected)


def test_groupby_bins(ds, lazy):
    bins = [-40, 0, 40]
    assert_lazy_equal(lazy.t.groupby_bins("lat", bins).mean(), ds.t.groupby_bins("lat", bins).mean())


def test_resample(ds, lazy):
    assert_lazy_equal(lazy.resample(time="MS").mean(), ds.resample(time="MS").mean())


def test_rolling_mean(ds, lazy):
    assert_lazy_equal(lazy.rolling(time=7).mean(), ds.rolling(time=7).mean())


def test_interp(ds, lazy):
    lon = [5.0, 12.5, 33.0]
    assert_lazy_equal(lazy.t.interp(lon=lon), ds.t.interp(lon=lon))


def test_apply_ufunc_parallelized(ds, lazy):
    def anomaly(block):
        return block - block.mean(axis=-1, keepdims=True)

    got = xr.apply_ufunc(anomaly, lazy.t, input_core_dims=[["lon"]], output_core_dims=[["lon"]],
                         dask="parallelized", output_dtypes=[float])
    expected = xr.apply_ufunc(anomaly, ds.t, input_core_dims=[["lon"]], output_core_dims=[["lon"]])
    assert_lazy_equal(got, expected)


def test_apply_ufunc_reducing_core_dim(ds, lazy):
    got = xr.apply_ufunc(np.ptp, lazy.t, input_core_dims=[["lon"]], kwargs={"axis": -1},
                         dask="parallelized", output_dtypes=[float])
    assert_lazy_equal(got, xr.apply_ufunc(np.ptp, ds.t, input_core_dims=[["lon"]], kwargs={"axis": -1}))


def test_map_blocks(ds, lazy):
    # xr.map_blocks calls the function once on the whole (lazy) object when it is not a
    # dask collection: the result is built from lazyarr operations, still lazy.
    got = xr.map_blocks(lambda d: d * 2 + 1, lazy)
    assert_lazy_equal(got, ds * 2 + 1)


def test_unify_chunks(ds):
    a = ds.t.chunk({"time": 20}, chunked_array_type="lazyarr")
    b = ds.p.chunk({"time": 25}, chunked_array_type="lazyarr")
    ua, ub = xr.unify_chunks(a, b)
    assert ua.data.chunks[0] == ub.data.chunks[0] == (20, 5, 15, 10, 10)
    xr.testing.assert_allclose(ua.compute(), ds.t)


def test_manager_reduction_and_blockwise(ds, lazy):
    from xarray.namedarray.parallelcompat import guess_chunkmanager

    manager = guess_chunkmanager("lazyarr")
    x = lazy.t.data
    got = manager.reduction(x, np.max, aggregate_func=np.max, axis=0, dtype=x.dtype)
    np.testing.assert_allclose(got.compute(), ds.t.values.max(axis=0))
    y = manager.blockwise(np.add, (0, 1, 2), x, (0, 1, 2), x, (0, 1, 2), dtype=x.dtype)
    np.testing.assert_allclose(y.compute(), ds.t.values * 2)
    m = manager.map_blocks(np.negative, x, dtype=x.dtype, meta=np.array(()))
    np.testing.assert_allclose(m.compute(), -ds.t.values)


def test_full_like_and_zeros_like(ds, lazy):
    assert_lazy_equal(xr.zeros_like(lazy.t), xr.zeros_like(ds.t))


def test_empty_axis(ds):
    empty = ds.isel(time=slice(0, 0)).chunk("auto", chunked_array_type="lazyarr")
    assert isinstance(empty.t.data, Array) and empty.t.shape == (0, 4, 5)
    xr.testing.assert_allclose(empty.mean("lat").compute(), ds.isel(time=slice(0, 0)).mean("lat"))


# -- storage ------------------------------------------------------------------------------------------
zarr = pytest.importorskip("zarr")


def test_to_zarr_and_open_zarr(ds, lazy, tmp_path):
    path = tmp_path / "data.zarr"
    with CountTasks() as seen:
        lazy.to_zarr(path, zarr_format=3, consolidated=False)
    assert seen.tasks > 0  # written by lazyarr, block by block
    back = xr.open_zarr(path, chunked_array_type="lazyarr", consolidated=False)
    assert isinstance(back.t.data, Array)
    assert back.t.data.chunks == lazy.t.data.chunks  # the store's chunks
    xr.testing.assert_allclose(back.compute(), ds)


def test_open_dataset_chunks_empty_dict(ds, tmp_path):
    path = tmp_path / "data.zarr"
    ds.to_zarr(path, zarr_format=3, consolidated=False, encoding={"t": {"chunks": (20, 4, 5)}})
    back = xr.open_dataset(path, engine="zarr", chunks={}, chunked_array_type="lazyarr", consolidated=False)
    assert isinstance(back.t.data, Array) and back.t.data.chunks[0] == (20, 20, 20)
    assert_lazy_equal(back.t.mean("time"), ds.t.mean("time"))


# -- without dask -----------------------------------------------------------------------------------
NO_DASK = '''
import sys
# None in sys.modules: "import dask" raises ImportError and importlib.util.find_spec("dask")
# says "not installed", which is how xarray decides whether dask is available.
sys.modules["dask"] = sys.modules["distributed"] = None
import numpy as np, xarray as xr, lazyarr as la
from xarray.namedarray.parallelcompat import list_chunkmanagers
assert list(list_chunkmanagers()) == ["lazyarr"], list_chunkmanagers()
ds = xr.Dataset({"t": (("time", "x"), np.arange(24.0).reshape(6, 4))}, coords={"time": np.arange(6)})
lazy = ds.chunk({"time": 2})   # the only chunk manager: picked without being named
assert type(lazy.t.data) is la.Array
seen = []
class Count(la.Callback):
    def task_end(self, key, event):
        seen.append(key)
with Count():
    got = (lazy.t - lazy.t.mean("time")).groupby(lazy.time % 2).mean().compute()
expected = (ds.t - ds.t.mean("time")).groupby(ds.time % 2).mean()
xr.testing.assert_allclose(got, expected)
assert seen and sys.modules["dask"] is None
print("ok")
'''


def test_works_without_dask(subprocess_env):
    out = subprocess.run([sys.executable, "-c", NO_DASK], env=subprocess_env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().endswith("ok")
