"""Module-level functions mirroring ``numpy.random`` (``la.random.random``, ``seed``, ...).

They draw from one global :class:`~lazyarr.api.random.generator.Generator`; ``seed``
replaces it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array
from .generator import Generator

__all__ = ["binomial", "choice", "exponential", "normal", "permutation", "poisson", "rand", "randint", "randn",
           "random", "random_sample", "seed", "standard_normal", "uniform"]


_global = Generator()


def seed(seed: Any = None) -> None:
    """Reseed the generator behind the module-level functions.

    >>> import lazyarr as la
    >>> la.random.seed(0); a = la.random.random(3).compute()
    >>> la.random.seed(0); b = la.random.random(3).compute()
    >>> bool((a == b).all())
    True
    """
    global _global
    _global = Generator(seed)


def random(size: Any = None, *, chunks: Any = "auto") -> Array:
    """Uniform floats in [0, 1) (``numpy.random.random``).

    >>> import lazyarr as la
    >>> la.random.random((4, 4), chunks=2).numblocks
    (2, 2)
    """
    return _global.random(size, chunks=chunks)


random_sample = random


def rand(*shape: int, chunks: Any = "auto") -> Array:
    """Uniform floats in [0, 1) with the shape given as separate arguments.

    >>> import lazyarr as la
    >>> la.random.rand(2, 3).shape
    (2, 3)
    """
    return _global.random(shape or None, chunks=chunks)


def randn(*shape: int, chunks: Any = "auto") -> Array:
    """Standard normal samples with the shape given as separate arguments.

    >>> import lazyarr as la
    >>> la.random.randn(2, 3).shape
    (2, 3)
    """
    return _global.standard_normal(size=shape or None, chunks=chunks)  # type: ignore[attr-defined]


def randint(low: Any, high: Any = None, size: Any = None, dtype: Any = int, *, chunks: Any = "auto") -> Array:
    """Random integers from [low, high) (``numpy.random.randint``).

    >>> import lazyarr as la
    >>> la.random.randint(0, 5, size=10).dtype
    dtype('int64')
    """
    return _global.integers(low, high, size=size, dtype=dtype, chunks=chunks)


def normal(loc: Any = 0.0, scale: Any = 1.0, size: Any = None, *, chunks: Any = "auto") -> Array:
    """Normal (Gaussian) samples.

    >>> import lazyarr as la
    >>> la.random.normal(9, 1, size=(5000, 5000)).chunksize
    (4096, 4096)
    """
    return _global.normal(loc, scale, size=size, chunks=chunks)  # type: ignore[attr-defined]


def uniform(low: Any = 0.0, high: Any = 1.0, size: Any = None, *, chunks: Any = "auto") -> Array:
    """Uniform samples in [low, high).

    >>> import lazyarr as la
    >>> la.random.uniform(-1, 1, size=3).shape
    (3,)
    """
    return _global.uniform(low, high, size=size, chunks=chunks)  # type: ignore[attr-defined]


def standard_normal(size: Any = None, *, chunks: Any = "auto") -> Array:
    """Standard normal samples.

    >>> import lazyarr as la
    >>> la.random.standard_normal(4).dtype
    dtype('float64')
    """
    return _global.standard_normal(size=size, chunks=chunks)  # type: ignore[attr-defined]


def exponential(scale: Any = 1.0, size: Any = None, *, chunks: Any = "auto") -> Array:
    """Exponential samples.

    >>> import lazyarr as la
    >>> la.random.exponential(2.0, size=3).shape
    (3,)
    """
    return _global.exponential(scale, size=size, chunks=chunks)  # type: ignore[attr-defined]


def poisson(lam: Any = 1.0, size: Any = None, *, chunks: Any = "auto") -> Array:
    """Poisson samples.

    >>> import lazyarr as la
    >>> la.random.poisson(3.0, size=3).dtype
    dtype('int64')
    """
    return _global.poisson(lam, size=size, chunks=chunks)  # type: ignore[attr-defined]


def binomial(n: Any, p: Any, size: Any = None, *, chunks: Any = "auto") -> Array:
    """Binomial samples.

    >>> import lazyarr as la
    >>> la.random.binomial(10, 0.5, size=3).shape
    (3,)
    """
    return _global.binomial(n, p, size=size, chunks=chunks)  # type: ignore[attr-defined]


def choice(a: Any, size: Any = None, replace: bool = True, p: Any = None, *, chunks: Any = "auto") -> Array:
    """Random samples from *a* (``numpy.random.choice``).

    >>> import lazyarr as la
    >>> la.random.choice(3, size=4).shape
    (4,)
    """
    return _global.choice(a, size=size, replace=replace, p=p, chunks=chunks)


def permutation(x: Any, *, chunks: Any = "auto") -> Array:
    """A random permutation (``numpy.random.permutation``).

    >>> import lazyarr as la
    >>> la.random.permutation(4).shape
    (4,)
    """
    return _global.permutation(x, chunks=chunks)


# -- the other distributions, one module-level function each ------------------------------------
def _module_level(method: str, params: tuple[str, ...]) -> Any:
    """``la.random.<method>(...)``: the global generator's method of that name (NumPy's legacy API)."""
    import inspect

    from .generator import _DEFAULTS

    def draw(*args: Any, size: Any = None, chunks: Any = "auto", **kwargs: Any) -> Array:
        return getattr(_global, method)(*args, size=size, chunks=chunks, **kwargs)

    draw.__name__ = draw.__qualname__ = method
    draw.__module__ = __name__
    draw.__doc__ = (f"Samples of ``numpy.random.{method}`` from the module's generator (see :func:`seed`).\n\n"
                    f"    >>> import lazyarr as la\n"
                    f"    >>> la.random.{method}  # doctest: +ELLIPSIS\n"
                    f"    <function {method} at ...>\n")
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    draw.__signature__ = inspect.Signature(  # type: ignore[attr-defined]  # what help() and the parity test see
        [inspect.Parameter(p, kind, default=_DEFAULTS.get((method, p), inspect.Parameter.empty)) for p in params]
        + [inspect.Parameter("size", kind, default=None),
           inspect.Parameter("chunks", inspect.Parameter.KEYWORD_ONLY, default="auto")])
    return draw


def _add_module_level_functions() -> list[str]:
    from .generator import _DISTRIBUTIONS

    added = []
    for method, params in _DISTRIBUTIONS.items():
        if method not in globals():
            globals()[method] = _module_level(method, params)
            added.append(method)
    return added


__all__ += _add_module_level_functions()


def random_integers(low: Any, high: Any = None, size: Any = None, *, chunks: Any = "auto") -> Array:
    """Random integers from the *closed* interval [low, high] (NumPy's legacy ``random_integers``).

    With *high* omitted: [1, low].

    >>> import lazyarr as la
    >>> x = la.random.random_integers(1, 6, size=1000).compute()
    >>> int(x.min()) >= 1 and int(x.max()) <= 6
    True
    """
    if high is None:
        low, high = 1, low
    return _global.integers(low, np.asarray(high) + 1, size=size, dtype=int, chunks=chunks)


__all__ += ["random_integers"]


def _multinomial_block(entropy: Any, spawn_key: tuple, block_id: int, shape: tuple[int, ...], n: int,
                       pvals: np.ndarray) -> np.ndarray:
    stream = np.random.SeedSequence(entropy, spawn_key=(*spawn_key, block_id))
    return np.random.default_rng(stream).multinomial(n, pvals, size=shape)


def multinomial(n: int, pvals: Any, size: Any = None, *, chunks: Any = "auto") -> Array:
    """Counts of *n* draws among ``len(pvals)`` outcomes (``numpy.random.multinomial``).

    The result has shape ``size + (len(pvals),)``; *chunks* cuts the *size* axes, and the
    outcomes axis is one block (each draw's counts must sum to *n*).

    >>> import lazyarr as la
    >>> counts = la.random.multinomial(20, [0.5, 0.5], size=4, chunks=2).compute()
    >>> counts.shape, bool((counts.sum(axis=1) == 20).all())
    ((4, 2), True)
    """
    from ...core.blockwise import PerBlock, blockwise_array
    from ...core.chunks import normalize_chunks
    from ...core.index_maps import BlockShape
    from ...core.tokenize import tokenize
    from .generator import _FlatBlockId, _size_tuple

    if np.ndim(n) != 0:
        raise ValueError("random.multinomial: n must be a scalar for lazy arrays (NumPy also broadcasts an array "
                         "of n); draw once per value of n instead")
    pvals = np.asarray(pvals, dtype=float)
    if pvals.ndim != 1:
        raise ValueError(f"random.multinomial: pvals must be 1-d, got shape {pvals.shape}")
    np.random.default_rng(0).multinomial(n, pvals)  # NumPy's own checks of n and pvals, now
    shape = _size_tuple(size) or ()
    size_chunks = normalize_chunks(chunks, shape, np.int64)
    entropy, spawn_key = _global._next_stream()
    out_chunks = size_chunks + ((len(pvals),),)
    name = "multinomial-" + tokenize(entropy, spawn_key, n, pvals, out_chunks)
    return blockwise_array(
        _multinomial_block,
        [entropy, spawn_key, PerBlock(_FlatBlockId(tuple(len(c) for c in out_chunks))),
         PerBlock(lambda idx: BlockShape(size_chunks)(idx[:-1])), int(n), pvals],
        out_chunks, np.dtype(np.int64), name=name, label="multinomial")


__all__ += ["multinomial"]
