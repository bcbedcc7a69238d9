"""Shared helpers for the Array API tests: the standard's dtypes, :func:`outcome` and :func:`lazy_outcome`."""

from __future__ import annotations

import numpy as np

STANDARD_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                   "float32", "float64", "complex64", "complex128"]


def outcome(func):
    """The result, or the exception type: lazy and NumPy must agree on both."""
    try:
        with np.errstate(all="ignore"):
            return func()
    except Exception as exc:  # noqa: BLE001 - any error type is compared with NumPy's
        return type(exc)


def lazy_outcome(build):
    """The lazy array *build* returns, or the exception type raised while building or computing it."""
    lazy = outcome(build)
    if isinstance(lazy, type):
        return lazy
    failure = outcome(lazy.compute)
    return failure if isinstance(failure, type) else lazy
