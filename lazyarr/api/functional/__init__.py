"""Tools to run your own functions on blocks.

* ``overlap.py``: ``map_overlap`` (blocks with a halo from their neighbours);
* ``along_axis.py``: ``apply_along_axis``;
* ``gufunc.py``: ``apply_gufunc``, ``vectorize``;
* ``custom_reduction.py``: ``reduction`` (your own chunk/combine/aggregate tree reduction).
"""

from . import along_axis, custom_reduction, gufunc, overlap
from .along_axis import *
from .custom_reduction import *
from .gufunc import *
from .overlap import *

__all__ = overlap.__all__ + along_axis.__all__ + gufunc.__all__ + custom_reduction.__all__
