"""normalize_chunks: every accepted form, and clear errors for the rest."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lazyarr as la
from lazyarr.core.chunks import auto_chunks, format_bytes, normalize_chunks, parse_bytes, unify_chunks_1d


@pytest.mark.parametrize(
    "chunks, shape, expected",
    [
        (4, (10,), ((4, 4, 2),)),
        ((5, 2), (10, 4), ((5, 5), (2, 2))),
        (((3, 7), -1), (10, 4), ((3, 7), (4,))),
        ({0: 5}, (10, 4), ((5, 5), (4,))),
        ({-1: 2}, (3, 4), ((3,), (2, 2))),
        (-1, (10,), ((10,),)),
        (None, (10,), ((10,),)),
        ((None, 3), (2, 7), ((2,), (3, 3, 1))),
        ("auto", (10,), ((10,),)),
        ("16 B", (10,), ((2, 2, 2, 2, 2),)),
        (3, (0,), ((0,),)),
        ((), (), ()),
        (5, (), ()),
        (((math.nan, math.nan),), (math.nan,), ((math.nan, math.nan),)),
    ],
)
def test_normalize_chunks_forms(chunks, shape, expected):
    result = normalize_chunks(chunks, shape, dtype=np.int64)
    assert repr(result) == repr(expected)


def test_auto_chunks_default_is_near_square_128mib():
    assert la.random.random((10000, 10000)).chunksize == (4096, 4096)
    with la.config.set(chunk_size="8 MiB"):
        assert la.ones((10000, 10000)).chunksize == (1024, 1024)


def test_auto_chunks_small_axes_are_taken_whole():
    assert auto_chunks((10, 10**8), 8, "128 MiB") == (10, 1677721)


@pytest.mark.parametrize(
    "chunks, shape, match",
    [
        ((3, 3), (10, 4, 2), "got 2 chunk sizes .* 3 dimensions.*chunks=\\(3, 3, 3\\)"),
        ((3, 3), (10,), "axis 0 sum to 6, but the axis has length 10"),  # 1-d: a flat tuple is block sizes
        (((3, 3),), (10,), "axis 0 sum to 6, but the axis has length 10"),
        (0, (10,), "block size 0 for axis 0 must be a positive integer"),
        ({3: 2}, (4, 4), "chunk dict has axis 3"),
        ((2.5,), (10,), "positive integer"),
        ("lots", (10,), "chunks='lots' cannot be read as a size"),
    ],
)
def test_normalize_chunks_errors(chunks, shape, match):
    with pytest.raises(ValueError, match=match):
        normalize_chunks(chunks, shape)


def test_normalize_chunks_bad_type():
    with pytest.raises(TypeError, match="chunks must be"):
        normalize_chunks(object(), (3,))


def test_creation_reports_bad_chunks_at_build_time():
    with pytest.raises(ValueError, match="sum to 5"):
        la.ones(10, chunks=((2, 3),))


@given(st.lists(st.integers(0, 50), min_size=0, max_size=3), st.integers(1, 20))
def test_int_chunks_cover_shape(shape, block):
    chunks = normalize_chunks(block, tuple(shape))
    assert tuple(sum(c) for c in chunks) == tuple(shape)
    assert all(max(c) <= block for c in chunks if sum(c))


@given(st.lists(st.integers(1, 5), min_size=1, max_size=5), st.lists(st.integers(1, 5), min_size=1, max_size=5))
def test_unify_chunks_refines_both(a, b):
    total = sum(a)
    b = list(b)
    while sum(b) < total:
        b.append(1)
    while sum(b) > total:
        b[-1] -= 1
        if b[-1] == 0:
            b.pop()
    unified = unify_chunks_1d(tuple(a), tuple(b))
    bounds = set(np.cumsum(unified))
    assert set(np.cumsum(a)) <= bounds and set(np.cumsum(b)) <= bounds
    assert sum(unified) == total


def test_bytes_helpers():
    assert parse_bytes("128 MiB") == 128 * 2**20
    assert parse_bytes("1 kB") == 1000
    assert format_bytes(160) == "160 B"
    assert format_bytes(800_000_000) == "762.94 MiB"


def test_errors_about_a_million_block_sizes_stay_short():
    import lazyarr as la

    with pytest.raises(ValueError, match=r"sum to 1000001, but the axis has length 1000000") as info:
        la.ones(10**6, chunks=((1,) * 999_999 + (2,),))
    assert len(str(info.value)) < 400
