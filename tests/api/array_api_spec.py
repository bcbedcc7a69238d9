"""The Python Array API standard, version 2024.12, as data.

Written by hand from the specification's function pages
(https://data-apis.org/array-api/2024.12/API_specification/index.html and the
``linalg`` / ``fft`` extension pages). Each entry is the signature as the standard
prints it; ``tests/api/test_array_api.py`` parses them with :mod:`ast` and compares
them with ``inspect.signature`` of the lazyarr function of the same name.

Parameter kinds in the standard: parameters before ``/`` are positional-only,
parameters after ``*`` are keyword-only, the rest (e.g. ``shape`` in
``reshape(x, /, shape, *, copy=None)``) may be passed either way.
"""

CONSTANTS = ["e", "inf", "nan", "newaxis", "pi"]

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64", "complex64", "complex128"]

_UNARY = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "bitwise_invert", "ceil", "conj",
          "cos", "cosh", "exp", "expm1", "floor", "imag", "isfinite", "isinf", "isnan", "log", "log1p",
          "log2", "log10", "logical_not", "negative", "positive", "real", "reciprocal", "round", "sign",
          "signbit", "sin", "sinh", "square", "sqrt", "tan", "tanh", "trunc"]
_BINARY = ["add", "atan2", "bitwise_and", "bitwise_left_shift", "bitwise_or", "bitwise_right_shift",
           "bitwise_xor", "copysign", "divide", "equal", "floor_divide", "greater", "greater_equal",
           "hypot", "less", "less_equal", "logaddexp", "logical_and", "logical_or", "logical_xor",
           "maximum", "minimum", "multiply", "nextafter", "not_equal", "pow", "remainder", "subtract"]

#: category -> list of signatures (main namespace)
MAIN = {
    "creation": [
        "arange(start, /, stop=None, step=1, *, dtype=None, device=None)",
        "asarray(obj, /, *, dtype=None, device=None, copy=None)",
        "empty(shape, *, dtype=None, device=None)",
        "empty_like(x, /, *, dtype=None, device=None)",
        "eye(n_rows, n_cols=None, /, *, k=0, dtype=None, device=None)",
        "from_dlpack(x, /, *, device=None, copy=None)",
        "full(shape, fill_value, *, dtype=None, device=None)",
        "full_like(x, /, fill_value, *, dtype=None, device=None)",
        "linspace(start, stop, /, num, *, dtype=None, device=None, endpoint=True)",
        "meshgrid(*arrays, indexing='xy')",
        "ones(shape, *, dtype=None, device=None)",
        "ones_like(x, /, *, dtype=None, device=None)",
        "tril(x, /, *, k=0)",
        "triu(x, /, *, k=0)",
        "zeros(shape, *, dtype=None, device=None)",
        "zeros_like(x, /, *, dtype=None, device=None)",
    ],
    "data types": [
        "astype(x, dtype, /, *, copy=True, device=None)",
        "can_cast(from_, to, /)",
        "finfo(type, /)",
        "iinfo(type, /)",
        "isdtype(dtype, kind)",
        "result_type(*arrays_and_dtypes)",
    ],
    "elementwise": (
        [f"{name}(x, /)" for name in _UNARY if name != "round"]
        + ["round(x, /)", "clip(x, /, min=None, max=None)"]
        + [f"{name}(x1, x2, /)" for name in _BINARY]
    ),
    "indexing": [
        "take(x, indices, /, *, axis=None)",
        "take_along_axis(x, indices, /, *, axis=-1)",
    ],
    "inspection": ["__array_namespace_info__()"],
    "linear algebra": [
        "matmul(x1, x2, /)",
        "matrix_transpose(x, /)",
        "tensordot(x1, x2, /, *, axes=2)",
        "vecdot(x1, x2, /, *, axis=-1)",
    ],
    "manipulation": [
        "broadcast_arrays(*arrays)",
        "broadcast_to(x, /, shape)",
        "concat(arrays, /, *, axis=0)",
        "expand_dims(x, /, *, axis=0)",
        "flip(x, /, *, axis=None)",
        "moveaxis(x, source, destination, /)",
        "permute_dims(x, /, axes)",
        "repeat(x, repeats, /, *, axis=None)",
        "reshape(x, /, shape, *, copy=None)",
        "roll(x, /, shift, *, axis=None)",
        "squeeze(x, /, axis)",
        "stack(arrays, /, *, axis=0)",
        "tile(x, repetitions, /)",
        "unstack(x, /, *, axis=0)",
    ],
    "searching": [
        "argmax(x, /, *, axis=None, keepdims=False)",
        "argmin(x, /, *, axis=None, keepdims=False)",
        "count_nonzero(x, /, *, axis=None, keepdims=False)",
        "nonzero(x, /)",
        "searchsorted(x1, x2, /, *, side='left', sorter=None)",
        "where(condition, x1, x2, /)",
    ],
    "set": [
        "unique_all(x, /)",
        "unique_counts(x, /)",
        "unique_inverse(x, /)",
        "unique_values(x, /)",
    ],
    "sorting": [
        "argsort(x, /, *, axis=-1, descending=False, stable=True)",
        "sort(x, /, *, axis=-1, descending=False, stable=True)",
    ],
    "statistical": [
        "cumulative_prod(x, /, *, axis=None, dtype=None, include_initial=False)",
        "cumulative_sum(x, /, *, axis=None, dtype=None, include_initial=False)",
        "max(x, /, *, axis=None, keepdims=False)",
        "mean(x, /, *, axis=None, keepdims=False)",
        "min(x, /, *, axis=None, keepdims=False)",
        "prod(x, /, *, axis=None, dtype=None, keepdims=False)",
        "std(x, /, *, axis=None, correction=0.0, keepdims=False)",
        "sum(x, /, *, axis=None, dtype=None, keepdims=False)",
        "var(x, /, *, axis=None, correction=0.0, keepdims=False)",
    ],
    "utility": [
        "all(x, /, *, axis=None, keepdims=False)",
        "any(x, /, *, axis=None, keepdims=False)",
        "diff(x, /, *, axis=-1, n=1, prepend=None, append=None)",
    ],
}

LINALG = [
    "cholesky(x, /, *, upper=False)",
    "cross(x1, x2, /, *, axis=-1)",
    "det(x, /)",
    "diagonal(x, /, *, offset=0)",
    "eigh(x, /)",
    "eigvalsh(x, /)",
    "inv(x, /)",
    "matmul(x1, x2, /)",
    "matrix_norm(x, /, *, keepdims=False, ord='fro')",
    "matrix_power(x, n, /)",
    "matrix_rank(x, /, *, rtol=None)",
    "matrix_transpose(x, /)",
    "outer(x1, x2, /)",
    "pinv(x, /, *, rtol=None)",
    "qr(x, /, *, mode='reduced')",
    "slogdet(x, /)",
    "solve(x1, x2, /)",
    "svd(x, /, *, full_matrices=True)",
    "svdvals(x, /)",
    "tensordot(x1, x2, /, *, axes=2)",
    "trace(x, /, *, offset=0, dtype=None)",
    "vecdot(x1, x2, /, *, axis=-1)",
    "vector_norm(x, /, *, axis=None, keepdims=False, ord=2)",
]

FFT = [
    "fft(x, /, *, n=None, axis=-1, norm='backward')",
    "ifft(x, /, *, n=None, axis=-1, norm='backward')",
    "fftn(x, /, *, s=None, axes=None, norm='backward')",
    "ifftn(x, /, *, s=None, axes=None, norm='backward')",
    "rfft(x, /, *, n=None, axis=-1, norm='backward')",
    "irfft(x, /, *, n=None, axis=-1, norm='backward')",
    "rfftn(x, /, *, s=None, axes=None, norm='backward')",
    "irfftn(x, /, *, s=None, axes=None, norm='backward')",
    "hfft(x, /, *, n=None, axis=-1, norm='backward')",
    "ihfft(x, /, *, n=None, axis=-1, norm='backward')",
    "fftfreq(n, /, *, d=1.0, dtype=None, device=None)",
    "rfftfreq(n, /, *, d=1.0, dtype=None, device=None)",
    "fftshift(x, /, *, axes=None)",
    "ifftshift(x, /, *, axes=None)",
]

#: Array object: attributes and methods (signatures for the methods; ``self`` first)
ARRAY_ATTRIBUTES = ["dtype", "device", "mT", "ndim", "shape", "size", "T"]
ARRAY_METHODS = (
    ["__array_namespace__(self, /, *, api_version=None)",
     "__dlpack__(self, /, *, stream=None, max_version=None, dl_device=None, copy=None)",
     "__dlpack_device__(self, /)",
     "__getitem__(self, key, /)",
     "__setitem__(self, key, value, /)",
     "to_device(self, device, /, *, stream=None)"]
    + [f"__{name}__(self, /)" for name in ("abs", "bool", "complex", "float", "index", "int", "invert",
                                             "neg", "pos")]
    + [f"__{name}__(self, other, /)" for name in ("add", "and", "eq", "floordiv", "ge", "gt", "le",
                                                    "lshift", "lt", "matmul", "mod", "mul", "ne", "or",
                                                    "pow", "rshift", "sub", "truediv", "xor")]
)

INFO_METHODS = [
    "capabilities(self, /)",
    "default_device(self, /)",
    "default_dtypes(self, /, *, device=None)",
    "devices(self, /)",
    "dtypes(self, /, *, device=None, kind=None)",
]

#: In array-api-strict's 2024.12 namespace, new in the 2025.12 draft; the issue asks for broadcast_shapes.
DRAFT = ["broadcast_shapes(*shapes)", "isin(x1, x2, /, *, invert=False)"]

#: Which other work area owns the functions not in this branch's scope (for xfail marks).
OTHER_AREAS = {
    "sorting/searching/set/indexing": {"argsort", "sort", "searchsorted", "nonzero", "unique_all",
                                       "unique_counts", "unique_inverse", "unique_values", "take",
                                       "take_along_axis", "diff", "tril", "triu", "flip", "roll", "isin"},
    "linalg": {"tensordot", "vecdot"},
}
