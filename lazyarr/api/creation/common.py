"""Helpers shared by the creation modules: shape and device checks."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__: list[str] = []


def _shape_tuple(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        if isinstance(shape, str):
            raise TypeError
        shape = tuple(int(s) for s in shape)
    except (TypeError, ValueError):
        raise TypeError(f"shape must be an int or a tuple of ints, got {shape!r}") from None
    if any(s < 0 for s in shape):
        raise ValueError(f"negative dimensions are not allowed, got shape {shape}")
    return shape


def _device(kw: dict, fname: str) -> Any:
    """The ``device=`` keyword (the Array API's; only "cpu"); any other keyword is an error, as in NumPy."""
    unknown = sorted(set(kw) - {"device", "like"})
    if unknown:
        raise TypeError(f"{fname}() got an unexpected keyword argument {unknown[0]!r}")
    return kw.get("device")
