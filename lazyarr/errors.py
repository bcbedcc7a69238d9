"""The few lazyarr-specific exceptions and helpers for clear messages.

Errors found while *building* a graph use NumPy's exception types (ValueError,
TypeError, IndexError); the message form is
``<function>: <what is wrong, quoting the value>; <what is allowed>. <how to fix>``.
Errors raised *inside* a task keep their type; :func:`add_note` attaches which
operation and block failed.
"""

from __future__ import annotations

__all__ = ["PerformanceWarning", "UnknownChunkSizeError", "add_note", "unknown_size_error"]


class PerformanceWarning(Warning):
    """An operation will be much slower or use much more memory than usual (dask's warning class).

    Filter it like any warning:

    >>> import warnings, lazyarr as la
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("error", la.PerformanceWarning)
    ...     issubclass(la.PerformanceWarning, Warning)
    True
    """


class UnknownChunkSizeError(ValueError):
    """An operation needs chunk sizes that are not known until computed (``nan``)."""


def unknown_size_error(func: str, axis: int | None = None) -> UnknownChunkSizeError:
    where = f"axis {axis}" if axis is not None else "some axis"
    return UnknownChunkSizeError(
        f"{func}: the chunk sizes along {where} are unknown (nan), typically after boolean "
        f"indexing; this operation needs known sizes. Call x.compute_chunk_sizes() first (or set "
        f"la.config.set(data_dependent_shapes='compute') before making x)."
    )


def add_note(exc: BaseException, note: str) -> None:
    """Attach *note* to *exc* (PEP 678); shown under the traceback on Python >= 3.11."""
    if hasattr(exc, "add_note"):
        exc.add_note(note)
    else:  # Python 3.10: keep the note where tools look for it
        notes = getattr(exc, "__notes__", None)
        if notes is None:
            try:
                exc.__notes__ = [note]  # type: ignore[attr-defined]
            except Exception:
                pass
        else:
            notes.append(note)
