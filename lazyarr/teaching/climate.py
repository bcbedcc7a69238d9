"""The synthetic climate dataset of lesson 12 (``notebooks/12-xarray.ipynb``), for its exercises.

Two years of daily temperatures on a 10° global grid: a seasonal cycle (summer in July in
the north, in January in the south), warm tropics, cold poles and seeded weather noise.
The tutorial builds the same data in its own cells, so that students see how; the
exercises call :func:`climate_dataset` in their setup lines.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["climate_dataset", "climate_values"]

DAYS, SEED = 730, 12


def climate_values(days: int = DAYS, seed: int = SEED) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """``(time, lat, lon, temperature)``: the coordinates and the (time, lat, lon) float32 values."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    time = pd.date_range("2000-01-01", periods=days, freq="D")
    lat = np.arange(-85.0, 90.0, 10.0)
    lon = np.arange(5.0, 360.0, 10.0)
    day = np.arange(days)[:, None, None]
    latitude = lat[None, :, None]
    season = -np.cos(2 * np.pi * (day - 15) / 365.25) * np.sign(latitude)
    temperature = (27 - 0.4 * np.abs(latitude) + 12 * season * np.abs(latitude) / 90
                   + rng.normal(0, 3, (days, lat.size, lon.size)))
    return time, lat, lon, temperature.astype(np.float32)


def climate_dataset(chunks: Any = None) -> Any:
    """The lesson's ``xarray.Dataset`` (variable ``t``); lazyarr-backed when *chunks* is given.

    >>> ds = climate_dataset(chunks={"time": 92})   # doctest: +SKIP
    >>> type(ds.t.data).__name__, ds.t.shape        # doctest: +SKIP
    ('Array', (730, 18, 36))
    """
    import xarray as xr

    time, lat, lon, temperature = climate_values()
    ds = xr.Dataset({"t": (("time", "lat", "lon"), temperature, {"units": "degC"})},
                    coords={"time": time, "lat": lat, "lon": lon})
    return ds if chunks is None else ds.chunk(chunks, chunked_array_type="lazyarr")
