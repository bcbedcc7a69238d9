"""Indexing, selection and searching.

* ``getitem.py``: fancy indexing (integer arrays, boolean masks, lazy indices) behind ``x[...]``;
* ``lazy_indices.py``: indexing with lazy (not yet computed) index arrays;
* ``assignment.py``: ``x[...] = value``;
* ``selection.py``: ``take``, ``choose``, ``diagonal``, ``diff``, ``gradient``, ``tril``, ...;
* ``searching.py``: ``nonzero``, ``argwhere``, ``compress``, ``extract``, ``compute_chunk_sizes``.
"""

from . import assignment, getitem, lazy_indices, searching, selection
from .assignment import *
from .getitem import *
from .lazy_indices import *
from .searching import *
from .selection import *

__all__ = getitem.__all__ + lazy_indices.__all__ + assignment.__all__ + selection.__all__ + searching.__all__
