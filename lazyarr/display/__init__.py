"""Display code: reprs, chunk diagrams and graph pictures (never computes)."""
