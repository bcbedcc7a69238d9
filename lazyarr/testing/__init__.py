"""Testing helpers: :func:`assert_eq` against NumPy, and hypothesis strategies."""

from .assertions import assert_eq

__all__ = ["assert_eq"]
