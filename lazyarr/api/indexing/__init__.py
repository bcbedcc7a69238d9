"""Indexing, selection and searching.

* ``getitem.py``: fancy indexing (integer arrays, boolean masks, lazy indices) behind ``x[...]``;
* ``lazy_indices.py``: indexing with lazy (not yet computed) index arrays;
* ``assignment.py``: ``x[...] = value``;
* ``selection.py``: ``take``, ``choose``, ``diagonal``, ``diff``, ``gradient``, ``tril``, ...;
* ``index_tricks.py``: ``ravel_multi_index``, ``unravel_index``, ``tril_indices``/``triu_indices``;
* ``searching.py``: ``nonzero``, ``argwhere``, ``compress``, ``extract``, ``compute_chunk_sizes``.
"""

from . import assignment, getitem, index_tricks, lazy_indices, searching, selection
from .assignment import *
from .getitem import *
from .index_tricks import *
from .lazy_indices import *
from .searching import *
from .selection import *

__all__ = (getitem.__all__ + lazy_indices.__all__ + assignment.__all__ + selection.__all__ + searching.__all__
           + index_tricks.__all__)
