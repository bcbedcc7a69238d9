"""Parity with dask.array: every public name and keyword a dask user types exists in lazyarr.

The measure (issue 16) is dask.array's public surface:

* every name in ``dask.array.__all__``;
* every public function or class *defined in* ``dask.array.linalg``, ``dask.array.fft`` and
  ``dask.array.random`` (those modules have no ``__all__``; what they merely import, such as
  ``linalg.tokenize``, is not their surface);
* the user-level reduction helpers ``dask.array.reductions.reduction`` and ``cumreduction``;
* every public method and property of ``dask.array.Array``.

For each name that exists in lazyarr, every parameter of dask's ``inspect.signature`` must be
a named parameter of lazyarr's (a ``**kwargs`` catch-all does not count: it may reject the
keyword). Two rules keep this about what users type:

* a *required* positional parameter is matched by position, because users pass it by position
  and lazyarr names it after NumPy where dask renamed it (``cumsum(a)``, dask's ``cumsum(x)``);
* parameters whose name starts with ``_`` are dask's private plumbing.

Anything else missing must be a row of the table in ``docs/dask-differences.md`` (parsed here,
so the documentation and the test cannot drift apart), or be in one of the ``PENDING_*`` sets
below: names other engineers are adding right now, which the lead empties when merging.

Run with ``-s`` to see the counts (names present / total, keywords present / total).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import lazyarr as la

da = pytest.importorskip("dask.array")

TABLE = Path(__file__).parents[2] / "docs" / "dask-differences.md"

#: Issue 17 (other engineers): masked arrays, overlapping computations, stats, lib.
PENDING_ISSUE_17: set[str] = set()

#: Issue 16, second half (t16b) and t15a: names and keywords being added on other branches.
#: Entries are "name" or "name:keyword".
PENDING_T16B: set[str] = set()


# --------------------------------------------------------------------------------------------
# dask's surface


def _own_names(module) -> list[str]:
    """Public functions and classes defined in *module* itself (not imported into it)."""
    return sorted(n for n, obj in vars(module).items()
                  if not n.startswith("_") and getattr(obj, "__module__", None) == module.__name__
                  and (inspect.isfunction(obj) or inspect.isclass(obj)))


def dask_surface() -> list[tuple[str, object, object]]:
    """(qualified name, dask object, the lazyarr namespace it should be in), for every public name."""
    out = [(n, getattr(da, n), la) for n in sorted(da.__all__)]
    for sub, ours in [(da.linalg, la.linalg), (da.fft, la.fft), (da.random, la.random)]:
        prefix = sub.__name__.rpartition(".")[2]
        out += [(f"{prefix}.{n}", getattr(sub, n), ours) for n in _own_names(sub)]
    out.append(("cumreduction", da.reductions.cumreduction, la))
    instance = la.ones((2, 2), chunks=1)
    out += [(f"Array.{n}", getattr(da.Array, n), instance) for n in sorted(dir(da.Array)) if not n.startswith("_")]
    return out


def dask_signature(qualname: str, obj: object) -> inspect.Signature | None:
    """dask's signature; the module-level random functions are ``(*args, **kwargs)`` wrappers of the
    ``RandomState`` methods of the same name, so read those."""
    if qualname.startswith("random.") and hasattr(da.random.RandomState, qualname[7:]):
        obj = getattr(da.random.RandomState, qualname[7:])
    if isinstance(obj, property) or not callable(obj):
        return None
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    return sig.replace(parameters=params)


def ours_of(qualname: str, space: object) -> object:
    leaf = qualname.rpartition(".")[2]
    return getattr(space, leaf, None) if hasattr(space, leaf) else _MISSING


_MISSING = object()
_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def keyword_report(theirs: inspect.Signature, ours_obj: object) -> tuple[list[str], list[str], list[str]]:
    """(matched by name, matched by position, missing) among dask's parameters."""
    try:
        ours = inspect.signature(ours_obj)
    except (TypeError, ValueError):
        ours = None
    our_params = [] if ours is None else list(ours.parameters.values())
    if our_params and our_params[0].name == "self":
        our_params = our_params[1:]
    by_name, by_position, missing = [], [], []
    our_positional = [p for p in our_params if p.kind in _POSITIONAL]
    for i, p in enumerate(theirs.parameters.values()):
        if p.kind in _VARIADIC or p.name.startswith("_"):
            continue
        if any(q.name == p.name and q.kind not in _VARIADIC for q in our_params):
            by_name.append(p.name)
        elif (p.kind in _POSITIONAL and p.default is p.empty and i < len(our_positional)
              and our_positional[i].default is p.empty):
            by_position.append(p.name)
        elif any(q.kind is inspect.Parameter.VAR_POSITIONAL for q in our_params) and p.kind in _POSITIONAL \
                and p.default is p.empty:
            by_position.append(p.name)  # lazyarr takes these as *args (e.g. concatenate-like helpers)
        else:
            missing.append(p.name)
    return by_name, by_position, missing


# --------------------------------------------------------------------------------------------
# the documented table


def read_table() -> list[tuple[str, str, str]]:
    """(name, keyword or "", status) of every row of the differences table.

    Rows look like ``| `linalg.solve` | `sym_pos` | accepted | ... |``: the first column names the
    dask function (``Array.x`` for methods), the second a keyword or ``—`` for the name as a whole,
    the third is one of ``accepted`` (lazyarr takes the keyword and ignores it or does the obvious),
    ``absent`` (lazyarr deliberately has no such name/keyword) or ``differs`` (both exist, behaviour
    differs: documentation only).
    """
    rows = []
    for line in TABLE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        keywords = re.findall(r"`([^`]+)`", cells[1]) or [""]
        for name in names:
            for kw in keywords:
                rows.append((name, kw, cells[2].split()[0].lower()))
    return rows


def documented() -> dict[tuple[str, str], str]:
    return {(n, k): s for n, k, s in read_table()}


# --------------------------------------------------------------------------------------------
# the tests


def survey() -> dict:
    """Walk dask's surface once: counts (present, documented, pending) and the undocumented gaps."""
    table = documented()
    pending = PENDING_ISSUE_17 | PENDING_T16B
    count = {f"{kind}_{what}": 0 for kind in ("names", "keywords")
             for what in ("total", "present", "documented", "pending")}
    count["keywords_by_position"] = 0
    gaps = []

    def tally(kind: str, entry: str, key: tuple[str, str]) -> None:
        if key in table:
            count[f"{kind}_documented"] += 1
        elif entry in pending:
            count[f"{kind}_pending"] += 1
        else:
            gaps.append(entry)

    for qualname, obj, space in dask_surface():
        count["names_total"] += 1
        ours = ours_of(qualname, space)
        if ours is _MISSING:
            tally("names", qualname, (qualname, ""))
            continue
        count["names_present"] += 1
        sig = dask_signature(qualname, obj)
        if sig is None:
            continue
        by_name, by_position, missing = keyword_report(sig, ours)
        count["keywords_total"] += len(by_name) + len(by_position) + len(missing)
        count["keywords_present"] += len(by_name) + len(by_position)
        count["keywords_by_position"] += len(by_position)
        for kw in missing:
            tally("keywords", f"{qualname}:{kw}", (qualname, kw))
    count["gaps"] = gaps
    return count


def test_every_dask_name_and_keyword_is_present_or_documented():
    c = survey()
    print(f"\ndask.array parity: names present {c['names_present']} / {c['names_total']} "
          f"(documented as absent {c['names_documented']}, pending on other branches {c['names_pending']}); "
          f"keywords present {c['keywords_present']} / {c['keywords_total']} "
          f"({c['keywords_by_position']} required arguments matched by position; documented as absent "
          f"{c['keywords_documented']}, pending {c['keywords_pending']})")
    assert not c["gaps"], ("missing in lazyarr and not in docs/dask-differences.md (add it, or a row with the "
                           f"reason): {c['gaps']}")
    assert c["names_present"] + c["names_documented"] + c["names_pending"] == c["names_total"]


def test_table_rows_name_real_dask_names_and_keywords():
    """A row must describe something dask has, and its status must be true of lazyarr today."""
    surface = {q: (obj, space) for q, obj, space in dask_surface()}
    # behaviour rows may also name submodule-level functions the surface covers
    stale = []
    for name, kw, status in read_table():
        assert status in {"accepted", "absent", "differs"}, f"{name}: unknown status {status!r}"
        if name not in surface:
            stale.append(f"{name}: not a public dask.array name")
            continue
        obj, space = surface[name]
        ours = ours_of(name, space)
        if not kw:
            if status == "absent" and ours is not _MISSING:
                stale.append(f"{name}: documented as absent but lazyarr has it")
            if status != "absent" and ours is _MISSING:
                stale.append(f"{name}: documented as {status} but lazyarr lacks it")
            continue
        sig = dask_signature(name, obj)
        if sig is None or kw not in sig.parameters:
            stale.append(f"{name}: dask has no keyword {kw!r}")
            continue
        if ours is _MISSING:
            stale.append(f"{name}: lazyarr lacks the function, so its keyword {kw!r} cannot be {status}")
            continue
        by_name, _, missing = keyword_report(sig, ours)
        if status == "accepted" and kw not in by_name:
            stale.append(f"{name}: documented as accepting {kw!r} but lazyarr's signature lacks it")
        if status == "absent" and kw not in missing:
            stale.append(f"{name}: documented as lacking {kw!r} but lazyarr accepts it")
    assert not stale, "\n".join(stale)


def test_pending_sets_are_still_missing():
    """When another branch lands, its names leave the pending sets (so the lists stay exact)."""
    surface = {q: (obj, space) for q, obj, space in dask_surface()}
    done = []
    for entry in sorted(PENDING_ISSUE_17 | PENDING_T16B):
        name, _, kw = entry.partition(":")
        obj, space = surface[name]
        ours = ours_of(name, space)
        if not kw:
            if ours is not _MISSING:
                done.append(entry)
            continue
        if ours is not _MISSING and kw not in keyword_report(dask_signature(name, obj), ours)[2]:
            done.append(entry)
    assert not done, f"remove from the PENDING sets, they have landed: {done}"


def test_keyword_rules_on_known_examples():
    """The matching rules themselves: by name, by position for required arguments, ``**kw`` not enough."""

    def theirs(x, axis=None, name=None, **kwargs): ...

    def ours_a(a, axis=None, name=None): ...

    def ours_b(a, axis=None, **kw): ...

    def theirs_two(x, y, axis=None): ...

    def ours_two(a, b, /, axis=None): ...

    def ours_one(a, axis=None): ...

    sig = inspect.signature(theirs)
    assert keyword_report(sig, ours_a) == (["axis", "name"], ["x"], [])
    assert keyword_report(sig, ours_b) == (["axis"], ["x"], ["name"])
    assert keyword_report(inspect.signature(theirs_two), ours_two) == (["axis"], ["x", "y"], [])
    assert keyword_report(inspect.signature(theirs_two), ours_one) == (["axis"], ["x"], ["y"])
