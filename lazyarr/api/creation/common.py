"""Helpers shared by the creation modules: shape and device checks."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.validate import check_shape

__all__: list[str] = []


def _shape_tuple(shape: Any, func: str = "shape") -> tuple[int, ...]:
    if isinstance(shape, np.ndarray) and shape.ndim == 1:
        shape = tuple(shape.tolist())
    return check_shape(func, shape)  # NumPy's TypeError for 2.0, '3' or True; ValueError for -1


def _device(kw: dict, fname: str) -> Any:
    """The ``device=`` keyword (the Array API's; only "cpu"); any other keyword is an error, as in NumPy."""
    unknown = sorted(set(kw) - {"device", "like"})
    if unknown:
        raise TypeError(f"{fname}() got an unexpected keyword argument {unknown[0]!r}")
    return kw.get("device")
