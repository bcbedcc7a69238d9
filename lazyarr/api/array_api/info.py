"""The Python Array API standard: what makes ``lazyarr`` a conforming array namespace.

Libraries such as SciPy and scikit-learn do not import NumPy for array work any more;
they ask the array for its namespace (``xp = x.__array_namespace__()``) and call
``xp.asarray``, ``xp.sum``, ``xp.finfo``, ... on it. The standard
(https://data-apis.org/array-api/2024.12/) fixes those names and signatures. As in
NumPy 2, ``lazyarr`` itself is the namespace: most standard functions are the NumPy
functions of the same name (``la.sum``, ``la.concat``, ``la.acos``, ...), and this
module adds the rest:

- the version and the inspection object (``__array_api_version__``,
  ``__array_namespace_info__()``),
- devices: lazyarr computes on the CPU with NumPy, so the only device is ``"cpu"``,
- data-type functions (``result_type``, ``can_cast``, ``finfo``, ``iinfo``,
  ``isdtype``) that accept lazy arrays without computing them,
- what the array attributes ``to_device``/``__dlpack__``/``__array_namespace__`` do
  (``api/methods.py`` attaches them to ``Array``, with the in-place operator rule:
  ``x += y`` keeps x's dtype and shape).

Manipulation functions that exist only under their standard names live in
``functions.py``.

Dtypes are NumPy's own (``la.float64 is np.float64``): the standard only asks that
dtype objects compare equal, and sharing them keeps NumPy and lazyarr code mixable.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.array import Array, is_array
from ..registry import implements

__all__ = [
    "__array_api_version__", "__array_namespace_info__", "can_cast", "finfo", "iinfo", "isdtype",
    "result_type",
]

#: The newest version of the standard lazyarr conforms to.
__array_api_version__ = "2024.12"

#: Versions ``x.__array_namespace__(api_version=...)`` accepts (the namespace is the same for all).
SUPPORTED_VERSIONS = ("2021.12", "2022.12", "2023.12", "2024.12")

#: The one device: blocks are NumPy arrays in host memory.
CPU = "cpu"

# The standard's dtypes by name, in the order the specification lists them.
_STANDARD_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                    "float32", "float64", "complex64", "complex128")


def check_device(fname: str, device: Any) -> None:
    """Raise ``ValueError`` unless *device* is ``None`` or lazyarr's only device, ``"cpu"``.

    Creation functions call this so that ``device=`` is checked at graph-build time.

    >>> check_device("zeros", "cpu")
    >>> check_device("zeros", "cuda:0")
    Traceback (most recent call last):
    ...
    ValueError: zeros: unsupported device 'cuda:0'; lazyarr only has the device 'cpu'. Pass device=None or device='cpu'
    """
    if device is None or (isinstance(device, str) and device == CPU):
        return
    raise ValueError(f"{fname}: unsupported device {device!r}; lazyarr only has the device 'cpu'. "
                     f"Pass device=None or device='cpu'")


class ArrayNamespaceInfo:
    """What ``lazyarr.__array_namespace_info__()`` returns: the namespace's capabilities.

    Examples
    --------
    >>> import lazyarr as la
    >>> info = la.__array_namespace_info__()
    >>> info.capabilities()["data-dependent shapes"]
    True
    >>> info.default_device(), info.devices()
    ('cpu', ['cpu'])
    >>> info.default_dtypes()["real floating"]
    dtype('float64')
    >>> sorted(info.dtypes(kind="signed integer"))
    ['int16', 'int32', 'int64', 'int8']
    """

    def capabilities(self, /) -> dict[str, Any]:
        """Optional features: lazyarr supports boolean masks and unknown (nan) chunk sizes."""
        return {
            # x[mask] works lazily: the result has unknown chunk sizes until computed.
            "boolean indexing": True,
            # unique_values, nonzero, x[mask]: output shapes that depend on the data.
            "data-dependent shapes": True,
            # Every block is a NumPy array, so NumPy's limit applies.
            "max dimensions": 64,
        }

    def default_device(self, /) -> str:
        """The device arrays are created on: always ``"cpu"``."""
        return CPU

    def devices(self, /) -> list[str]:
        """All devices lazyarr can place arrays on."""
        return [CPU]

    def default_dtypes(self, /, *, device: Any = None) -> dict[str, np.dtype]:
        """The dtypes creation functions use when none is given (NumPy's defaults)."""
        check_device("default_dtypes", device)
        return {
            "real floating": np.dtype(np.float64),
            "complex floating": np.dtype(np.complex128),
            "integral": np.dtype(np.intp),
            "indexing": np.dtype(np.intp),
        }

    def dtypes(self, /, *, device: Any = None, kind: Any = None) -> dict[str, np.dtype]:
        """The standard's dtypes lazyarr supports, by name, optionally only those of *kind*.

        *kind* is anything :func:`isdtype` accepts: a kind name such as ``"integral"``,
        a dtype, or a tuple of those.
        """
        check_device("dtypes", device)
        out = {name: np.dtype(name) for name in _STANDARD_DTYPES}
        if kind is None:
            return out
        return {name: dt for name, dt in out.items() if isdtype(dt, kind)}

    def __repr__(self) -> str:
        return "<lazyarr.__array_namespace_info__()>"


def __array_namespace_info__() -> ArrayNamespaceInfo:
    """The Array API inspection object (devices, default dtypes, capabilities).

    >>> import lazyarr as la
    >>> la.__array_namespace_info__().capabilities()["boolean indexing"]
    True
    """
    return ArrayNamespaceInfo()


# -- data-type functions --------------------------------------------------------------------
def _dtype_of(value: Any) -> Any:
    # Lazy arrays stand for their dtype: the answer never depends on the data.
    return value.dtype if is_array(value) else value


@implements(np.result_type)
def result_type(*arrays_and_dtypes: Any) -> np.dtype:
    """The dtype an operation on these arrays, dtypes and Python scalars returns.

    Follows NumPy 2's promotion (NEP 50), which is the standard's: Python scalars
    are "weak" and take the array's kind and precision.

    >>> import lazyarr as la
    >>> x = la.ones(3, dtype="float32")
    >>> la.result_type(x, 1.0), la.result_type(x, la.int64)
    (dtype('float32'), dtype('float64'))
    """
    if not arrays_and_dtypes:
        raise ValueError("result_type: at least one array or dtype is required; got none. "
                         "Pass the arrays and/or dtypes to combine")
    return np.result_type(*(_dtype_of(v) for v in arrays_and_dtypes))


@implements(np.can_cast)
def can_cast(from_: Any, to: Any, /, casting: str = "safe") -> bool:
    """Whether *from_* (a dtype or an array) can be cast to *to* under *casting* rules.

    >>> import lazyarr as la
    >>> la.can_cast(la.ones(2, dtype="int8"), la.float32), la.can_cast(la.float64, la.int64)
    (True, False)
    """
    if isinstance(from_, (bool, int, float, complex)):
        raise TypeError(f"can_cast: from_ must be a dtype or an array, got the Python scalar {from_!r}; "
                        f"Python scalars have no fixed dtype. Use result_type(x, scalar) instead")
    return bool(np.can_cast(_dtype_of(from_), _dtype_of(to), casting=casting))


class FInfo:
    """What :func:`finfo` returns: the Array API's ``finfo_object``, with NumPy's extras.

    ``bits``, ``eps``, ``max``, ``min``, ``smallest_normal`` and ``dtype`` as the standard
    says: Python ``int``/``float`` (``numpy.finfo(np.float32).eps`` is a NumPy float32,
    which is not a Python float), and for a complex dtype the real dtype of its parts.
    Any other attribute (``tiny``, ``resolution``, ``precision``, ...) is ``numpy.finfo``'s.
    """

    __slots__ = ("_numpy", "bits", "eps", "max", "min", "smallest_normal", "dtype")

    def __init__(self, dtype: np.dtype):
        info = np.finfo(dtype)
        self._numpy = info
        self.bits = int(info.bits)
        self.eps, self.max, self.min = float(info.eps), float(info.max), float(info.min)
        self.smallest_normal = float(info.smallest_normal)
        self.dtype = info.dtype  # float32 for complex64, as the standard says

    def __getattr__(self, name: str) -> Any:
        return getattr(self._numpy, name)

    def __eq__(self, other: object) -> bool:
        other_dtype = getattr(other, "dtype", None)
        return isinstance(other, (FInfo, np.finfo)) and other_dtype == self.dtype

    def __hash__(self) -> int:
        return hash(("finfo", self.dtype))

    def __repr__(self) -> str:
        return (f"finfo(bits={self.bits}, eps={self.eps!r}, max={self.max!r}, min={self.min!r}, "
                f"smallest_normal={self.smallest_normal!r}, dtype={self.dtype})")


def finfo(type: Any, /) -> FInfo:
    """Machine limits of a floating-point dtype (or of a lazy array's dtype).

    The Array API's ``finfo_object``: Python floats, and the real dtype for a complex
    one (see :class:`FInfo`); NumPy's other attributes are there too.

    >>> import lazyarr as la
    >>> la.finfo(la.float32).bits, la.finfo(la.ones(2)).dtype
    (32, dtype('float64'))
    >>> f = la.finfo(la.complex64)
    >>> f.dtype, type(f.eps).__name__, f.resolution
    (dtype('float32'), 'float', np.float32(1e-06))
    """
    dt = np.dtype(_dtype_of(type))
    if dt.kind not in "fc":
        raise ValueError(f"finfo: dtype {dt} is not a floating-point dtype; finfo needs float32, float64, "
                         f"complex64 or complex128. Use iinfo for integer dtypes")
    return FInfo(dt)


def iinfo(type: Any, /) -> np.iinfo:
    """Machine limits of an integer dtype (or of a lazy array's dtype).

    >>> import lazyarr as la
    >>> la.iinfo(la.int8).min, la.iinfo(la.ones(2, dtype="uint16")).max
    (-128, 65535)
    """
    dt = np.dtype(_dtype_of(type))
    if dt.kind not in "iu":
        raise ValueError(f"iinfo: dtype {dt} is not an integer dtype; iinfo needs int8..int64 or "
                         f"uint8..uint64. Use finfo for floating-point dtypes")
    return np.iinfo(dt)


def isdtype(dtype: Any, kind: Any) -> bool:
    """Whether *dtype* is of *kind* (``"bool"``, ``"integral"``, ``"real floating"``, a dtype, a tuple, ...).

    Same as :func:`numpy.isdtype`; *dtype* must be a dtype, not an array.

    >>> import lazyarr as la
    >>> la.isdtype(la.float32, "real floating"), la.isdtype(la.int8, ("bool", "unsigned integer"))
    (True, False)
    """
    if is_array(dtype):
        raise TypeError(f"isdtype: dtype must be a dtype, got a lazy array of dtype {dtype.dtype}; "
                        f"pass x.dtype instead of x")
    return bool(np.isdtype(dtype, kind))


# -- array attributes (api/methods.py attaches them to Array) -----------------------------------
def array_namespace(x: Array, api_version: str | None = None) -> Any:
    """``x.__array_namespace__()``: the ``lazyarr`` module, for any supported standard version."""
    if api_version is not None and api_version not in SUPPORTED_VERSIONS:
        raise ValueError(f"__array_namespace__: unsupported Array API version {api_version!r}; lazyarr "
                         f"supports {', '.join(SUPPORTED_VERSIONS)}. Pass one of those or None")
    import lazyarr

    return lazyarr


def to_device(x: Array, device: Any, /, *, stream: Any = None) -> Array:
    """``x.to_device(device)``: *x* itself, since ``"cpu"`` is lazyarr's only device."""
    check_device("to_device", device)
    if stream is not None:
        raise ValueError(f"to_device: stream={stream!r} is not supported on the CPU; pass stream=None")
    return x


def dlpack(x: Array, /, *, stream: Any = None, max_version: Any = None, dl_device: Any = None,
           copy: Any = None) -> Any:
    """``x.__dlpack__()``: compute *x* and export the NumPy result through DLPack.

    DLPack shares memory that already exists, so a lazy array has to be computed
    first: ``np.from_dlpack(x)`` (or torch's) is an explicit compute, like ``np.asarray(x)``.
    """
    if stream is not None:
        raise ValueError(f"__dlpack__: stream={stream!r} is not supported on the CPU; pass stream=None")
    result = np.asarray(x.compute())
    # The result is a fresh array nobody else holds, so sharing it is as good as a copy.
    return result.__dlpack__(max_version=max_version, dl_device=dl_device, copy=copy)


def dlpack_device(x: Array, /) -> tuple[int, int]:
    """``x.__dlpack_device__()``: DLPack's (device type, id) for host memory, ``(1, 0)``."""
    return (1, 0)  # kDLCPU, device 0
