"""HTML repr of an array (placeholder table; the full version adds the chunk SVG)."""

from __future__ import annotations

import html
from typing import Any

from ..core.chunks import format_bytes


def array_html(x: Any) -> str:
    rows = [("Bytes", format_bytes(x.nbytes)), ("Shape", str(x.shape)), ("Type", str(x.dtype))]
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"
