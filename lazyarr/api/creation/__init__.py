"""Creating lazy arrays.

* ``basic.py``: ``zeros``, ``ones``, ``empty``, ``full`` and their ``*_like`` forms;
* ``ranges.py``: ``arange``, ``linspace``, ``fromfunction``, ``indices``, ``meshgrid``;
* ``matrices.py``: ``eye``, ``identity``, ``tri``, ``diag``;
* ``from_data.py``: ``array``, ``asarray``, ``asanyarray`` (and ``from_array``);
* ``common.py``: the shape checks and per-block helpers they share.
"""

from . import basic, from_data, matrices, ranges
from .basic import *
from .from_data import *
from .matrices import *
from .ranges import *

__all__ = basic.__all__ + ranges.__all__ + matrices.__all__ + from_data.__all__
