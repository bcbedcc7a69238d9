"""Changing shape and order.

* ``shape.py``: ``reshape``, ``transpose``, ``concatenate``, ``broadcast_to``, ``squeeze``, ...;
* ``joining.py``: ``stack``, ``split``, ``block``, ``roll``, ``flip``, ...;
* ``padding.py``: ``pad``;
* ``sorting.py``: ``sort``, ``argsort``, ``partition``, ``searchsorted``, ``topk``, ...;
* ``setops.py``: ``unique`` (all forms), ``isin``, ``union1d``;
* ``editing.py``: ``insert``, ``delete``, ``shuffle``.
"""

from . import editing, joining, padding, setops, shape, sorting
from .editing import *
from .joining import *
from .padding import *
from .setops import *
from .shape import *
from .sorting import *

__all__ = shape.__all__ + joining.__all__ + padding.__all__ + sorting.__all__ + setops.__all__ + editing.__all__
