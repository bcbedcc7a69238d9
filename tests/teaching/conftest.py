import pytest

import lazyarr as la
from lazyarr.teaching.properties import counter


def _has_masks():
    try:
        x = la.ones(4, chunks=2)
        x[x > 0]
    except NotImplementedError:
        return False
    return True


def _has_module(name):
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _has_xarray_chunk_manager():
    # lesson 12: xarray must find lazyarr's chunk manager (its entry point is published when
    # lazyarr is installed: pip install -e . after the entry point was added)
    if not _has_module("xarray"):
        return False
    from xarray.namedarray.parallelcompat import list_chunkmanagers

    return "lazyarr" in list_chunkmanagers()


def _has_distributed_adapter():
    return _has_module("distributed") and _has_module("lazyarr.schedulers.cluster")


FEATURES = {
    "masks": _has_masks,
    "compute_chunk_sizes": lambda: _has_masks() and hasattr(la.Array, "compute_chunk_sizes"),
    "histogram": lambda: _has_masks() and hasattr(la, "histogram"),
    "linalg": lambda: hasattr(la, "linalg") and hasattr(la.linalg, "inv"),
    "visualize": lambda: _has_module("lazyarr.display.graph"),
    "diagnostics": lambda: _has_module("lazyarr.diagnostics"),
    "distributed": _has_distributed_adapter,
    "storage": lambda: _has_module("zarr") and hasattr(la, "from_zarr") and hasattr(la, "from_npy"),
    "xarray": _has_xarray_chunk_manager,
}


def require(feature):
    """Skip, saying why, when a question relies on a lazyarr feature not on this branch yet."""
    if feature and not FEATURES[feature]():
        pytest.skip(f"needs lazyarr feature {feature!r}, not available yet")


@pytest.fixture
def watched(monkeypatch):
    """Count computes like a notebook does, from a clean mark; leave no global callback behind."""
    monkeypatch.delenv("LAZYARR_CHECK_STRICT", raising=False)
    counter.register()
    counter.reset_mark()
    counter.source, counter.last_scheduler = None, None
    yield counter
    counter.unregister()


@pytest.fixture(scope="session", autouse=True)
def small_capstone_dataset(tmp_path_factory):
    """Lesson 11's questions read the capstone's Zarr store: the small one, made once per test run."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LAZYARR_CAPSTONE_SIZE", "small")
        mp.setenv("LAZYARR_DATA_DIR", str(tmp_path_factory.mktemp("lazyarr-data")))
        yield
