"""Testing helpers: :func:`assert_eq` against NumPy, :func:`assert_identical`, :func:`tolerance`,
:class:`CountComputes` (how many graph runs a piece of code starts), and hypothesis
strategies (:mod:`lazyarr.testing.strategies`, which needs hypothesis)."""

from .assertions import assert_eq, assert_identical, tolerance
from .counting import CountComputes

__all__ = ["CountComputes", "assert_eq", "assert_identical", "tolerance"]
