"""Lazy random numbers: ``la.random.random``, ``normal``, ... and ``default_rng(seed)``.

Every call draws a fresh child of the generator's ``SeedSequence`` (so two calls
never repeat numbers), and every block of the result gets its own independent
stream: block ``b`` uses ``SeedSequence(entropy, spawn_key=(..., call, b))``, exactly
what ``SeedSequence.spawn`` would hand out, but computed on the spot so building a
10,000-block array costs nothing. The same seed and the same chunks always give the
same numbers, on any scheduler and any number of threads.

Differences from NumPy: the numbers differ from NumPy's for the same seed (each block
has its own stream), and they depend on the chunks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ...core.blockwise import Aligned, BlockRef, PerBlock, _align, blockwise_array, broadcast_chunks
from ...core.chunks import normalize_chunks
from ...core.data import asarray_like
from ...core.index_maps import BlockShape
from ...core.tokenize import tokenize

__all__ = ["Generator", "RandomState", "default_rng"]


# Generator methods that draw arrays, with their distribution parameters (in NumPy's order).
_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "random": (), "standard_normal": (), "standard_exponential": (), "standard_cauchy": (),
    "normal": ("loc", "scale"), "uniform": ("low", "high"), "exponential": ("scale",),
    "poisson": ("lam",), "binomial": ("n", "p"), "beta": ("a", "b"), "gamma": ("shape", "scale"),
    "chisquare": ("df",), "lognormal": ("mean", "sigma"), "laplace": ("loc", "scale"),
    "logistic": ("loc", "scale"), "geometric": ("p",), "gumbel": ("loc", "scale"), "pareto": ("a",),
    "rayleigh": ("scale",), "standard_gamma": ("shape",), "standard_t": ("df",),
    "triangular": ("left", "mode", "right"), "vonmises": ("mu", "kappa"), "wald": ("mean", "scale"),
    "weibull": ("a",), "zipf": ("a",), "negative_binomial": ("n", "p"), "f": ("dfnum", "dfden"),
    "noncentral_chisquare": ("df", "nonc"), "noncentral_f": ("dfnum", "dfden", "nonc"),
    "power": ("a",), "logseries": ("p",), "hypergeometric": ("ngood", "nbad", "nsample"),
}
_DEFAULTS = {("normal", "loc"): 0.0, ("normal", "scale"): 1.0, ("uniform", "low"): 0.0,
             ("uniform", "high"): 1.0, ("exponential", "scale"): 1.0, ("poisson", "lam"): 1.0,
             ("gamma", "scale"): 1.0, ("lognormal", "mean"): 0.0, ("lognormal", "sigma"): 1.0,
             ("laplace", "loc"): 0.0, ("laplace", "scale"): 1.0, ("logistic", "loc"): 0.0,
             ("logistic", "scale"): 1.0, ("gumbel", "loc"): 0.0, ("gumbel", "scale"): 1.0,
             ("rayleigh", "scale"): 1.0}
_LABELS = {"random": "random_sample"}


def _block_rng(stream: np.random.SeedSequence, make: Any) -> Any:
    """The NumPy generator of one block: *make* is a BitGenerator class (``np.random.PCG64``, ...)
    or, for :class:`RandomState`, a callable taking an integer seed (``np.random.RandomState``)."""
    if isinstance(make, type) and issubclass(make, np.random.BitGenerator):
        return np.random.Generator(make(stream))
    # legacy generators take a 32-bit integer seed: derive one from the block's own stream
    return make(int(stream.generate_state(1)[0]))


def _sample(entropy: Any, spawn_key: tuple, make: Any, block_id: int, method: str, shape: tuple[int, ...],
            *params: Any, **kwargs: Any) -> np.ndarray:
    """Draw one block from its own stream."""
    stream = np.random.SeedSequence(entropy, spawn_key=(*spawn_key, block_id))
    return np.asarray(getattr(_block_rng(stream, make), method)(*params, size=shape, **kwargs))


class _FlatBlockId:
    def __init__(self, numblocks: tuple[int, ...]):
        self.numblocks = numblocks

    def __call__(self, idx: tuple[int, ...]) -> int:
        # Row-major flat index, as np.ravel_multi_index, in plain Python (runs once per block).
        flat = 0
        for i, n in zip(idx, self.numblocks):
            flat = flat * n + i
        return flat


def _size_tuple(size: Any) -> tuple[int, ...] | None:
    if size is None:
        return None
    if isinstance(size, (int, np.integer)):
        size = (size,)
    size = tuple(int(s) for s in size)
    if any(s < 0 for s in size):
        raise ValueError(f"negative dimensions are not allowed, got size {size}")
    return size


class _BlockStreams:
    """What lazy generators share: a root ``SeedSequence``, one fresh stream per call, one per block.

    ``self._make`` says what each block draws from (see ``_block_rng``).
    """

    def __init__(self, seed: Any = None):
        self._make: Any = np.random.PCG64
        if isinstance(seed, Generator):
            self._make, seed = seed._make, seed._root.spawn(1)[0]
        if isinstance(seed, np.random.Generator):
            seed = seed.bit_generator
        if isinstance(seed, type) and issubclass(seed, np.random.BitGenerator):
            self._make, seed = seed, None
        elif isinstance(seed, np.random.BitGenerator):
            self._make, seed = type(seed), seed.seed_seq
        self._root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        self._calls = 0

    def __repr__(self) -> str:
        return f"lazyarr.random.Generator(entropy={self._root.entropy})"

    def _next_stream(self) -> tuple[Any, tuple]:
        key = (*self._root.spawn_key, self._calls)
        self._calls += 1
        return self._root.entropy, key

    def _draw(self, method: str, params: tuple, size: Any, chunks: Any, kwargs: dict) -> Array:
        size = _size_tuple(size)
        lazy_params = [p for p in params if is_array(p) or (isinstance(p, (np.ndarray, list)) and np.ndim(p) > 0)]
        probe_params = [np.asarray(p).reshape(-1)[:1].reshape(()) if isinstance(p, (np.ndarray, list))
                        else (np.ones((), dtype=p.dtype) if is_array(p) else p) for p in params]
        try:
            dtype = _sample(0, (), self._make, 0, method, (1,), *probe_params, **kwargs).dtype
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"random.{method}: {exc}") from None
        if lazy_params:
            shapes = [np.shape(p) if not is_array(p) else p.shape for p in lazy_params]
            bshape = np.broadcast_shapes(*shapes)
            if size is None:
                size = bshape
            elif np.broadcast_shapes(size, bshape) != size:
                raise ValueError(f"random.{method}: parameters of shape {bshape} do not broadcast to "
                                 f"size {size}")
        shape = () if size is None else size
        chunks = normalize_chunks(chunks, shape, dtype, funcname=f"random.{method}")
        entropy, spawn_key = self._next_stream()
        label = _LABELS.get(method, method)
        args: list[Any] = [entropy, spawn_key, self._make, PerBlock(_FlatBlockId(tuple(len(c) for c in chunks))),
                           method, PerBlock(BlockShape(chunks))]
        inputs = []
        for p in params:
            if isinstance(p, (np.ndarray, list)) and np.ndim(p) > 0:
                p = asarray_like(np.asarray(p), chunks)
            if is_array(p):
                p = _align(p, broadcast_chunks(*[_ShapeChunks(chunks), p]))
                inputs.append(p)
                args.append(BlockRef(p.name, Aligned(p.numblocks, len(chunks))))
            else:
                args.append(p)
        param_tokens = [a.name if is_array(a) else a for a in params]
        name = f"{label}-{tokenize(entropy, spawn_key, self._make, method, param_tokens, chunks, kwargs)}"
        return blockwise_array(_sample, args, chunks, dtype, name=name, inputs=inputs, kwargs=kwargs,
                               label=label)

    # -- methods both kinds share -------------------------------------------------------
    def choice(self, a: Any, size: Any = None, replace: bool = True, p: Any = None, axis: int = 0,
               shuffle: bool = True, *, chunks: Any = "auto") -> Array:
        """Random samples from *a* (an int n means ``arange(n)``).

        With ``replace=True`` each block samples independently; without replacement the
        sample is drawn in a single task (it needs the whole population at once).

        >>> import lazyarr as la
        >>> la.random.default_rng(0).choice(5, size=3, replace=False).shape
        (3,)
        """
        if is_array(a):
            n = a.shape[0]
            idx = self.choice(int(n), size=size, replace=replace, p=p, chunks=chunks)
            return a[idx]
        pop = a if isinstance(a, (int, np.integer)) else np.asarray(a)
        if p is not None:
            p = np.asarray(p)
        if replace:
            return self._draw("choice", (pop,), size, chunks, {"replace": True, "p": p})
        entropy, spawn_key = self._next_stream()
        size_t = _size_tuple(size)
        shape = () if size_t is None else size_t
        n_pop = int(pop) if isinstance(pop, (int, np.integer)) else len(pop)
        if int(np.prod(shape)) > n_pop:
            raise ValueError("Cannot take a larger sample than population when replace is False")
        dtype = np.asarray(pop).dtype if not isinstance(pop, (int, np.integer)) else np.dtype(np.int64)
        single = tuple((s,) for s in shape)
        name = "choice-" + tokenize(entropy, spawn_key, self._make, pop, shape, p)
        out = blockwise_array(_sample, [entropy, spawn_key, self._make, 0, "choice", PerBlock(BlockShape(single)), pop],
                              single, dtype, name=name, kwargs={"replace": False, "p": p}, label="choice")
        return out.rechunk(normalize_chunks(chunks, shape, dtype))

    def permutation(self, x: Any, axis: int = 0, *, chunks: Any = "auto") -> Array:
        """A random permutation of ``arange(x)`` (int) or of *x*'s first axis.

        >>> import lazyarr as la
        >>> sorted(la.random.default_rng(1).permutation(5).compute().tolist())
        [0, 1, 2, 3, 4]
        """
        if isinstance(x, (int, np.integer)):
            return self.choice(int(x), size=int(x), replace=False, chunks=chunks)
        arr = x if is_array(x) else asarray_like(np.asarray(x), normalize_chunks(chunks, np.shape(x),
                                                                                 np.asarray(x).dtype))
        order = self.choice(int(arr.shape[axis]), size=int(arr.shape[axis]), replace=False)
        index = [slice(None)] * arr.ndim
        index[axis] = order
        return arr[tuple(index)]


class Generator(_BlockStreams):
    """A lazy counterpart of :class:`numpy.random.Generator`.

    Methods have NumPy's names and parameters plus ``chunks=``. *seed* is anything
    ``numpy.random.default_rng`` takes: None, an int, a ``SeedSequence``, a NumPy
    ``Generator``, or a bit generator, as a class (``la.random.Generator(np.random.PCG64)``,
    a fresh seed) or an instance (its seed and its kind); every block draws from a bit
    generator of that kind (PCG64 by default).

    Examples
    --------
    >>> import lazyarr as la
    >>> rng = la.random.default_rng(42)
    >>> x = rng.normal(0, 1, size=(1000, 1000), chunks=250)
    >>> x.numblocks
    (4, 4)
    >>> bool(abs(x.mean().compute()) < 0.01)
    True
    """

    def random(self, size: Any = None, dtype: Any = np.float64, out: None = None, *,
               chunks: Any = "auto") -> Array:
        """Uniform floats in [0, 1).

        >>> import lazyarr as la
        >>> la.random.default_rng(0).random(5, chunks=2).chunks
        ((2, 2, 1),)
        """
        kwargs = {} if np.dtype(dtype) == np.float64 else {"dtype": dtype}
        return self._draw("random", (), size, chunks, kwargs)

    def integers(self, low: Any, high: Any = None, size: Any = None, dtype: Any = np.int64,
                 endpoint: bool = False, *, chunks: Any = "auto") -> Array:
        """Random integers from [low, high) (or [low, high] with ``endpoint=True``).

        >>> import lazyarr as la
        >>> x = la.random.default_rng(0).integers(0, 10, size=100, chunks=30)
        >>> bool(((x >= 0) & (x < 10)).all().compute())
        True
        """
        if high is None:
            low, high = 0, low
        return self._draw("integers", (low, high), size, chunks, {"dtype": dtype, "endpoint": endpoint})


class RandomState(_BlockStreams):
    """dask.array's ``RandomState``: NumPy's legacy ``numpy.random.RandomState`` methods, lazily.

    Each block draws from its own ``numpy.random.RandomState``, seeded with an integer taken
    from the block's own stream of *seed*'s ``SeedSequence`` (so the same seed and chunks
    give the same numbers). *RandomState*, as in dask, is another callable that makes a
    legacy-style generator from an integer seed. New code should prefer :class:`Generator`.

    Examples
    --------
    >>> import lazyarr as la
    >>> rs = la.random.RandomState(42)
    >>> x = rs.normal(10, 1, size=(1000,), chunks=250)
    >>> bool(abs(x.mean().compute() - 10) < 0.2)
    True
    >>> rs.randint(0, 5, size=4, chunks=2).dtype
    dtype('int64')
    """

    def __init__(self, seed: Any = None, RandomState: Any = None):
        if isinstance(seed, (type, np.random.BitGenerator, np.random.Generator, Generator)):
            raise TypeError(f"RandomState: seed must be None, an int or a sequence of ints, got {seed!r}; "
                            f"use la.random.Generator for bit generators")
        super().__init__(seed)
        self._make = np.random.RandomState if RandomState is None else RandomState

    def __repr__(self) -> str:
        return f"lazyarr.random.RandomState(entropy={self._root.entropy})"

    def seed(self, seed: Any = None) -> None:
        """Start again from *seed* (as ``numpy.random.RandomState.seed``).

        >>> import lazyarr as la
        >>> rs = la.random.RandomState(1); a = rs.random_sample(3).compute()
        >>> rs.seed(1); bool((rs.random_sample(3).compute() == a).all())
        True
        """
        self._root = np.random.SeedSequence(seed)
        self._calls = 0

    def random_sample(self, size: Any = None, *, chunks: Any = "auto") -> Array:
        """Uniform floats in [0, 1).

        >>> import lazyarr as la
        >>> la.random.RandomState(0).random_sample(5, chunks=2).chunks
        ((2, 2, 1),)
        """
        return self._draw("random_sample", (), size, chunks, {})

    random = random_sample

    def randint(self, low: Any, high: Any = None, size: Any = None, dtype: Any = int, *,
                chunks: Any = "auto") -> Array:
        """Random integers from [low, high) (from [0, low) without *high*).

        >>> import lazyarr as la
        >>> x = la.random.RandomState(0).randint(3, size=100, chunks=30)
        >>> bool(((x >= 0) & (x < 3)).all().compute())
        True
        """
        return self._draw("randint", (low, high), size, chunks, {"dtype": dtype})

    def random_integers(self, low: Any, high: Any = None, size: Any = None, *, chunks: Any = "auto") -> Array:
        """Random integers from [low, high] (NumPy's deprecated ``random_integers``; prefer ``randint``).

        >>> import lazyarr as la
        >>> la.random.RandomState(0).random_integers(1, 6, size=3).shape  # doctest: +SKIP
        (3,)
        """
        return self._draw("random_integers", (low, high), size, chunks, {})


class _ShapeChunks:
    def __init__(self, chunks: tuple):
        self.chunks = chunks
        self.shape = tuple(sum(c) for c in chunks)
        self.ndim = len(chunks)


def _add_distribution(cls: type, method: str, params: tuple[str, ...]) -> None:
    defaults = [_DEFAULTS.get((method, p)) for p in params]

    def draw(self: _BlockStreams, *args: Any, size: Any = None, chunks: Any = "auto", **kwargs: Any) -> Array:
        values = list(args[: len(params)])
        rest = args[len(params):]
        if rest:
            if size is not None or len(rest) > 1:
                raise TypeError(f"{method}() takes at most {len(params) + 1} positional arguments")
            size = rest[0]
        for p, default in zip(params[len(values):], defaults[len(values):]):
            if p in kwargs:
                values.append(kwargs.pop(p))
            elif default is not None:
                values.append(default)
            else:
                raise TypeError(f"{method}() missing required argument {p!r}")
        return self._draw(method, tuple(values), size, chunks, kwargs)

    sig = ", ".join(f"{p}={_DEFAULTS[(method, p)]}" if (method, p) in _DEFAULTS else p for p in params)
    draw.__name__ = method
    maker = "default_rng" if cls is Generator else cls.__name__
    draw.__doc__ = (f"Lazy ``numpy.random.{cls.__name__}.{method}({sig}{', ' if sig else ''}size=None)`` "
                    f"with ``chunks=``.\n\n    >>> import lazyarr as la\n"
                    f"    >>> la.random.{maker}(0).{method}  # doctest: +ELLIPSIS\n    <bound method ...>\n")
    setattr(cls, method, draw)


for _method, _params in _DISTRIBUTIONS.items():
    if _method not in ("random",):
        _add_distribution(Generator, _method, _params)
        _add_distribution(RandomState, _method, _params)


def default_rng(seed: Any = None) -> Generator:
    """A lazy random Generator; the same *seed* and chunks give the same numbers.

    >>> import lazyarr as la
    >>> a = la.random.default_rng(7).random(10, chunks=5).compute()
    >>> b = la.random.default_rng(7).random(10, chunks=5).compute()
    >>> bool((a == b).all())
    True
    """
    return Generator(seed)
