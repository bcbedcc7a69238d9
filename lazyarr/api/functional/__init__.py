"""Tools to run your own functions on blocks.

* ``overlap.py``: ``map_overlap`` (blocks with a halo from their neighbours);
* ``halo.py``: the halo exchange itself, ``la.overlap``'s ``overlap``, ``trim_internal``, ... (not top level);
* ``windows.py``: ``sliding_window_view``, ``la.lib.stride_tricks``'s (not top level);
* ``along_axis.py``: ``apply_along_axis``;
* ``gufunc.py``: ``apply_gufunc``, ``gufunc``/``as_gufunc``, ``vectorize``;
* ``apply.py``: ``apply_over_axes``, ``frompyfunc``, ``unify_chunks``;
* ``custom_reduction.py``: ``reduction`` (your own chunk/combine/aggregate tree reduction).
"""

from . import along_axis, apply, custom_reduction, gufunc, halo, overlap, windows  # noqa: F401 (halo, windows: sub-namespaces)
from .along_axis import *
from .apply import *
from .custom_reduction import *
from .gufunc import *
from .gufunc import __all__ as _gufunc_all  # the class gufunc, exported, hides the module gufunc here
from .overlap import *

__all__ = overlap.__all__ + along_axis.__all__ + _gufunc_all + custom_reduction.__all__ + apply.__all__
