"""Deterministic names for lazy results.

Building the same expression twice must give the same keys, so that a shared
subexpression (``y = x + 1`` used twice) is one set of tasks, computed once. Every
operation therefore names its output ``"<op>-<token>"`` where the token hashes the
function and all arguments (input arrays contribute their own names).

``tokenize`` walks its arguments with :func:`normalize_token`, which turns each into
plain hashable data; objects that cannot be described deterministically get a
random token (safe: they are never wrongly shared, merely never deduplicated).
"""

from __future__ import annotations

import hashlib
import pickle
import types
import uuid
from collections.abc import Callable
from typing import Any

__all__ = ["normalize_token", "tokenize", "register_normalizer"]

_normalizers: dict[type, Callable[[Any], Any]] = {}


def register_normalizer(cls: type) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """Decorator: teach :func:`normalize_token` how to describe instances of *cls*."""

    def deco(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _normalizers[cls] = func
        return func

    return deco


_CodeType = types.CodeType
_PLAIN = (int, float, complex, str, bytes, bool, type(None), type(Ellipsis))


def normalize_token(obj: Any) -> Any:
    """Describe *obj* as nested tuples of plain values, deterministically."""
    t = type(obj)
    if t in _PLAIN:
        return (t.__name__, obj)
    if t is tuple or t is list:
        if all(type(o) is int for o in obj):
            # Chunk tuples can hold 100,000 ints: describe them in one piece (their repr is exact).
            return (t.__name__, "ints", tuple(obj))
        return (t.__name__, tuple(normalize_token(o) for o in obj))
    if t is dict:
        items = sorted(obj.items(), key=lambda kv: repr(kv[0]))
        return ("dict", tuple((normalize_token(k), normalize_token(v)) for k, v in items))
    if t is slice:
        return ("slice", obj.start, obj.stop, obj.step)
    token_method = getattr(obj, "__lazyarr_token__", None)
    if token_method is not None and not isinstance(obj, type):
        return ("obj", token_method())
    for cls in t.__mro__:
        if cls in _normalizers:
            return _normalizers[cls](obj)
    if callable(obj):
        return _normalize_callable(obj)
    if t is _CodeType:
        return _normalize_code(obj)
    if t in (set, frozenset):
        return (t.__name__, tuple(sorted(repr(normalize_token(o)) for o in obj)))
    return ("random", uuid.uuid4().hex)


def _normalize_code(code: Any) -> Any:
    # Nested code objects (generator expressions, inner functions) appear in co_consts.
    return ("code", code.co_code, normalize_token(code.co_consts), code.co_names)


def _normalize_callable(func: Any) -> Any:
    import functools

    if isinstance(func, functools.partial):
        return ("partial", normalize_token(func.func), normalize_token(func.args),
                normalize_token(func.keywords))
    module = getattr(func, "__module__", None)
    qualname = getattr(func, "__qualname__", None)
    code = getattr(func, "__code__", None)
    if code is not None and ("<lambda>" in (qualname or "") or "<locals>" in (qualname or "")):
        # Lambdas and closures: the same source and the same captured values.
        closure = tuple(c.cell_contents for c in (func.__closure__ or ()))
        return ("closure", _normalize_code(code), normalize_token(closure), normalize_token(func.__defaults__))
    if module is not None and qualname is not None:
        return ("func", module, qualname)
    try:
        return ("pickle", hashlib.sha1(pickle.dumps(func, protocol=4)).hexdigest())
    except Exception:
        return ("random", uuid.uuid4().hex)


def tokenize(*args: Any, **kwargs: Any) -> str:
    """A short hex digest that is equal for equal arguments.

    >>> tokenize("add", 1, (2, 3)) == tokenize("add", 1, (2, 3))
    True
    >>> tokenize("add", 1) == tokenize("add", 2)
    False
    """
    description = normalize_token((args, kwargs))
    return hashlib.blake2b(repr(description).encode(), digest_size=8).hexdigest()


_PIECE = 8 * 2**20  # bytes hashed per thread task for large buffers
_pool: Any = None


def _digest(data: Any) -> str:
    """A digest of a byte buffer; large buffers are hashed in pieces on several threads.

    Hashing a 200 MB input with one thread took a quarter of a second, longer than building
    the rest of a typical graph. ``hashlib`` releases the GIL, so pieces hashed on all cores
    finish several times sooner; their digests are then hashed together (with the length).
    Buffers under a few pieces keep the single-pass digest.

    >>> _digest(b"abc") == _digest(b"abc") != _digest(b"abd")
    True
    """
    n = len(data)
    if n < 4 * _PIECE:
        return hashlib.blake2b(data, digest_size=16).hexdigest()
    global _pool
    if _pool is None:
        import os
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="lazyarr-hash")
    # SHA-1 runs at memory speed on CPUs with SHA extensions; it is not used for security here.
    pieces = _pool.map(lambda start: hashlib.sha1(data[start:start + _PIECE]).digest(), range(0, n, _PIECE))
    combined = hashlib.blake2b(b"".join(pieces), digest_size=16)
    combined.update(n.to_bytes(8, "little"))
    return "p" + combined.hexdigest()


def _register_numpy() -> None:
    import numpy as np

    @register_normalizer(np.ndarray)
    def _ndarray(x: np.ndarray) -> Any:
        if isinstance(x, np.memmap) and x.filename is not None:
            import os

            stat = os.stat(x.filename)
            return ("memmap", x.filename, stat.st_mtime_ns, x.offset, x.shape, x.dtype.str)
        if x.dtype.hasobject:
            try:
                data = pickle.dumps(x, protocol=4)
            except Exception:
                return ("random", uuid.uuid4().hex)
        elif x.size == 0:
            data = b""  # memoryview.cast refuses zero-length shapes; the shape is in the token anyway
        else:
            # A zero-copy byte view: hashing a large in-memory input must not double memory.
            data = memoryview(np.ascontiguousarray(x).reshape(-1).view(np.uint8)) if x.size else b""
        return ("ndarray", x.dtype.str, x.shape, _digest(data))

    @register_normalizer(np.ma.MaskedArray)
    def _masked(x: np.ma.MaskedArray) -> Any:
        # Data, mask and fill value together: equal data under different masks are different inputs.
        return ("masked", _ndarray(x.data), _ndarray(np.ma.getmaskarray(x)), normalize_token(x.fill_value))

    @register_normalizer(np.generic)
    def _scalar(x: np.generic) -> Any:
        return ("npscalar", x.dtype.str, x.tobytes())

    @register_normalizer(np.dtype)
    def _dtype(x: np.dtype) -> Any:
        return ("dtype", x.str, str(x.descr))

    @register_normalizer(np.random.SeedSequence)
    def _seedseq(x: np.random.SeedSequence) -> Any:
        return ("seedseq", x.entropy, x.spawn_key, x.pool_size)

    _normalizers[type] = lambda cls: ("type", cls.__module__, cls.__qualname__)
    # NumPy's "argument not given" marker is a singleton: name it, don't randomize it.
    _normalizers[type(np._NoValue)] = lambda _: ("numpy._NoValue",)


_register_numpy()
