"""Tools to run your own functions on blocks.

* ``overlap.py``: ``map_overlap`` (blocks with a halo from their neighbours);
* ``along_axis.py``: ``apply_along_axis``;
* ``gufunc.py``: ``apply_gufunc``, ``gufunc``/``as_gufunc``, ``vectorize``;
* ``apply.py``: ``apply_over_axes``, ``frompyfunc``, ``unify_chunks``;
* ``custom_reduction.py``: ``reduction`` (your own chunk/combine/aggregate tree reduction).
"""

from . import along_axis, apply, custom_reduction, overlap
from .along_axis import *
from .apply import *
from .custom_reduction import *
from .gufunc import *
from .gufunc import __all__ as _gufunc_all  # the class gufunc, exported, hides the module gufunc here
from .overlap import *

__all__ = overlap.__all__ + along_axis.__all__ + _gufunc_all + custom_reduction.__all__ + apply.__all__
