"""The core: graph data, chunks, the Array, blockwise, reductions, rechunk, compute."""
