"""Testing helpers: :func:`assert_eq` against NumPy, :func:`tolerance`, and hypothesis
strategies (:mod:`lazyarr.testing.strategies`, which needs hypothesis)."""

from .assertions import assert_eq, tolerance

__all__ = ["assert_eq", "tolerance"]
