"""The question bank, lesson 12: labelled data with xarray.

Same conventions as ``questions.py``. The inputs are the lesson's synthetic climate dataset
(``climate.py``); answers are the lazy arrays under xarray's labels (``.data``), compared
with NumPy code on the same values. xarray is imported only when a check runs.
"""

from __future__ import annotations

import numpy as np

from .climate import climate_dataset, climate_values
from .diagnose import Mistake
from .kinds import lazy_array
from .predict import predicted_number
from .registry import Question, register

STEM = "12-xarray"


def q(qid: str, title: str, stem: str, inspect, hints: tuple[str, ...], why: str = "") -> None:
    register(Question(qid, title, stem, inspect, hints, why))


def _months() -> np.ndarray:
    time, _, _, _ = climate_values()
    return np.asarray(time.month)


def _t12() -> dict:
    """The lazy temperatures, as the setup lines make them (``ds.t.data``)."""
    return {"t": climate_dataset(chunks={"time": 92}).t.data}


# -- 12.1 predict the blocks -------------------------------------------------------------------
def _blocks12() -> int:
    return climate_dataset(chunks={"time": 100}).t.data.npartitions


q("12.1", "predict the number of blocks", STEM,
  predicted_number(_blocks12,
                   mistakes=lambda: {7: "730 days do not divide into 100s: the last block holds the 30 days left.",
                                     730: "That is the number of days: each block holds 100 of them.",
                                     100: "That is the length of a block along time, not how many blocks.",
                                     8 * 18 * 36: "Only time is cut: latitude and longitude stay whole in "
                                                  "each block."},
                   hint="Only the time axis (730 days) is cut, into blocks of 100 days."),
  ("chunk({\"time\": 100}) cuts only the time axis; lat and lon stay whole.",
   "730 days in blocks of 100: count the full blocks, then the rest."),
  why="A chunk dictionary names the dimensions to cut: the others are one block each.")


# -- 12.2 the climatology ----------------------------------------------------------------------
def _climatology(t: np.ndarray) -> np.ndarray:
    months = _months()
    return np.stack([t[months == m].mean(axis=0) for m in range(1, 13)])


q("12.2", "the monthly climatology", STEM,
  lazy_array(_t12, _climatology, rtol=1e-5,
             hints={"lazy": "That is the xarray object: the lazy array under it is its .data.",
                    "shape": "One map per calendar month: group the days by time.month, then average each group.",
                    "values": "Average over the days of each calendar month (both years together)."},
             mistakes=[Mistake("You averaged over all days: group by month first.",
                               lambda t: t.mean(axis=0))]),
  ("ds.t.groupby(\"time.month\") groups the days by calendar month.",
   "Average each group with .mean(), then take .data to get the lazy array."),
  why="A climatology is one reduction per group: xarray builds it, lazyarr runs it block by block.")


# -- 12.3 a map of July in the northern hemisphere ------------------------------------------------
def _july_north(t: np.ndarray) -> np.ndarray:
    time, lat, _, _ = climate_values()
    days = (time.year == 2000) & (time.month == 7)
    return t[np.asarray(days)][:, lat > 0].mean(axis=0)


q("12.3", "July 2000 in the north", STEM,
  lazy_array(_t12, _july_north, rtol=1e-5,
             hints={"lazy": "That is the xarray object: the lazy array under it is its .data.",
                    "shape": "Keep latitudes above 0 and all longitudes; average over the days of July 2000.",
                    "values": "Select time=\"2000-07\" and lat from 0 to 90, then average over time."},
             mistakes=[Mistake("You averaged the whole year 2000, not July.",
                               lambda t: t[:366][:, 9:].mean(axis=0)),
                       Mistake("You kept the southern hemisphere (negative latitudes).",
                               lambda t: _july_both(t)[:9]),
                       Mistake("You kept both hemispheres: select lat from 0 to 90 too.",
                               lambda t: _july_both(t))]),
  ("ds.t.sel(time=\"2000-07\") selects a month by its label.", "lat=slice(0, 90) keeps the northern half; "
   "then .mean(\"time\") and .data."),
  why="Selections by label only add getitem tasks: only the blocks holding July are read.")


def _july_both(t: np.ndarray) -> np.ndarray:
    time, _, _, _ = climate_values()
    days = (time.year == 2000) & (time.month == 7)
    return t[np.asarray(days)].mean(axis=0)
