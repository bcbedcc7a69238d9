"""The capstone's dataset: synthetic daily temperatures on a global grid, stored in Zarr.

Lesson 11 works on data that behaves like a real archive: too big to load casually, stored
chunk by chunk, with gaps and glitches to clean. The data is generated here, lazily and block
by block, with lazyarr itself, then written with :meth:`~lazyarr.Array.to_zarr`:

* a 365-day calendar of ``years`` years, on a regular latitude-longitude grid;
* a climate: warm tropics, cold poles, seasons of opposite sign in the two hemispheres,
  warmer and colder longitudes, a warming trend that is stronger towards the poles;
* weather: independent normal noise;
* gaps: about 1 % of the values and a few whole days per year hold the fill value -999;
* glitches: about 1 in 20,000 values is a spike of +999.

Two sizes (see :data:`SIZES`): ``"full"``, the lesson's dataset (30 years on a 1-degree grid,
2.8 GiB of float32, a few GB on disk), and ``"small"`` (3 years on a 5-degree grid, 11 MiB), which
the tests use. The environment variable ``LAZYARR_CAPSTONE_SIZE`` chooses between them (default
``"full"``); ``LAZYARR_DATA_DIR`` says where the stores go (default ``~/.cache/lazyarr``).

>>> import lazyarr as la
>>> raw = synthetic_temperature("small")
>>> raw.shape, raw.dtype, raw.numblocks
((1095, 36, 72), dtype('float32'), (3, 2, 2))
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Size", "SIZES", "size_from_env", "data_dir", "dataset_path", "coordinates",
           "synthetic_temperature", "prepare", "VALID_RANGE", "FILL_VALUE", "SPIKE_VALUE"]

#: Plausible near-surface temperatures (degrees Celsius); anything outside is a fill value or a glitch.
VALID_RANGE = (-90.0, 60.0)
FILL_VALUE = -999.0
SPIKE_VALUE = 999.0
DAYS_PER_YEAR = 365
SEED = 2025
#: Part of the store's name: bump it whenever the recipe changes, so no stale store is reused.
VERSION = 1


@dataclass(frozen=True)
class Size:
    """One size of the dataset: how many years, and the grid spacing in degrees."""

    years: int
    step: float

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.years * DAYS_PER_YEAR, int(round(180 / self.step)), int(round(360 / self.step)))

    @property
    def chunks(self) -> tuple[int, int, int]:
        """One year by one quarter of the globe (a hemisphere by half the longitudes) per block."""
        _, nlat, nlon = self.shape
        return (DAYS_PER_YEAR, nlat // 2, nlon // 2)

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape)) * 4


#: The lesson's dataset and the test suite's.
SIZES = {"full": Size(years=30, step=1.0), "small": Size(years=3, step=5.0)}


def size_from_env(default: str = "full") -> str:
    """The dataset size named by ``LAZYARR_CAPSTONE_SIZE`` (``"full"`` or ``"small"``).

    >>> size_from_env() in SIZES
    True
    """
    name = os.environ.get("LAZYARR_CAPSTONE_SIZE", default).strip().lower()
    if name not in SIZES:
        raise ValueError(f"size_from_env: LAZYARR_CAPSTONE_SIZE={name!r} is not a dataset size; use one of "
                         f"{sorted(SIZES)}. Unset it for the full lesson dataset.")
    return name


def _size(size: str | None) -> Size:
    name = size_from_env() if size is None else size
    if name not in SIZES:
        raise ValueError(f"capstone: size={name!r} is not a dataset size; use one of {sorted(SIZES)}")
    return SIZES[name]


def data_dir() -> Path:
    """Where datasets are stored: ``LAZYARR_DATA_DIR``, or ``~/.cache/lazyarr``."""
    return Path(os.environ.get("LAZYARR_DATA_DIR") or Path.home() / ".cache" / "lazyarr")


def dataset_path(size: str | None = None) -> Path:
    """The Zarr store of the dataset of this *size* (it may not exist yet: see :func:`prepare`)."""
    name = size_from_env() if size is None else size
    _size(name)
    return data_dir() / f"capstone-temperature-{name}-v{VERSION}.zarr"


def coordinates(size: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day numbers, latitudes and longitudes (cell centres, degrees) of the grid.

    >>> day, lat, lon = coordinates("small")
    >>> day[:3], lat[:2], lon[:2]
    (array([0, 1, 2]), array([-87.5, -82.5]), array([2.5, 7.5]))
    """
    spec = _size(size)
    ndays, nlat, nlon = spec.shape
    lat = -90 + spec.step / 2 + spec.step * np.arange(nlat)
    lon = spec.step / 2 + spec.step * np.arange(nlon)
    return np.arange(ndays), lat, lon


def synthetic_temperature(size: str | None = None):
    """The raw dataset as a lazy float32 array ``(day, lat, lon)``, gaps and glitches included.

    Nothing is generated until the array is computed (or written by :func:`prepare`).
    """
    import lazyarr as la

    spec = _size(size)
    shape, chunks = spec.shape, spec.chunks
    day, lat, lon = coordinates(size)
    # Coordinates as lazy arrays chunked like the data, so broadcasting them pairs blocks one to one.
    d = la.from_array(day.astype(np.float32), chunks=chunks[0])[:, None, None]
    phi = la.from_array(np.deg2rad(lat).astype(np.float32), chunks=chunks[1])[None, :, None]
    lam = la.from_array(np.deg2rad(lon).astype(np.float32), chunks=chunks[2])[None, None, :]
    years = d / DAYS_PER_YEAR

    climate = 27 - 40 * np.sin(phi) ** 2 + 4 * np.cos(2 * lam) * np.cos(phi)
    seasons = 15 * np.sin(phi) * np.cos(2 * np.pi * (d - 200) / DAYS_PER_YEAR)
    trend = 0.03 * years * (1 + 2 * np.sin(phi) ** 2)
    # float32 draws: half the memory and a fraction of the time of float64 ones.
    rng = la.random.default_rng(SEED)
    weather = 2.5 * rng.standard_normal(shape, chunks=chunks, dtype=np.float32)
    temperature = climate + seasons + trend + weather

    # One uniform draw per value decides its fate: the lowest 1 % are gaps, the highest 1/20,000 spikes.
    fate = rng.random(shape, chunks=chunks, dtype=np.float32)
    outage_days = rng.random((shape[0], 1, 1), chunks=(chunks[0], 1, 1), dtype=np.float32) < 5 / DAYS_PER_YEAR
    raw = la.where((fate < 0.01) | outage_days, np.float32(FILL_VALUE), temperature)
    raw = la.where(fate >= 1 - 1 / 20_000, np.float32(SPIKE_VALUE), raw)
    return raw.astype(np.float32)


def prepare(size: str | None = None, **compute_kwargs) -> Path:
    """Generate the dataset's Zarr store unless it exists; return its path.

    The store is written block by block (one task per storage chunk) into a temporary
    directory that is renamed into place at the end, so an interrupted run leaves nothing
    half-written behind and the next call starts again. *compute_kwargs* go to
    :meth:`~lazyarr.Array.to_zarr` (e.g. ``scheduler="sync"``).
    """
    path = dataset_path(size)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    attributes = {"units": "degC", "fill_value_used": FILL_VALUE, "valid_range": list(VALID_RANGE),
                  "description": "synthetic daily near-surface temperature (lazyarr course, lesson 11)"}
    try:
        synthetic_temperature(size).to_zarr(str(path), attributes=attributes, **compute_kwargs)
    except FileExistsError:  # another process finished the same store first
        pass
    return path
