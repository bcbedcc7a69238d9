"""Tools to run your own functions on blocks.

* ``overlap.py``: ``map_overlap`` (blocks with a halo from their neighbours);
* ``along_axis.py``: ``apply_along_axis``;
* ``gufunc.py``: ``apply_gufunc``, ``gufunc``/``as_gufunc``, ``vectorize``;
* ``apply.py``: ``apply_over_axes``, ``frompyfunc``, ``unify_chunks``;
* ``custom_reduction.py``: ``reduction`` (your own chunk/combine/aggregate tree reduction).
"""

from . import along_axis, apply, custom_reduction, gufunc, overlap

# the class gufunc (exported below) shadows the module gufunc in this namespace: read __all__ first
_gufunc_all = gufunc.__all__
from .along_axis import *
from .apply import *
from .custom_reduction import *
from .gufunc import *
from .overlap import *

__all__ = overlap.__all__ + along_axis.__all__ + _gufunc_all + custom_reduction.__all__ + apply.__all__
