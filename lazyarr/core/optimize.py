"""Graph optimizations run before execution: cull, then fuse blockwise chains.

* :meth:`Graph.cull` drops every task the requested keys do not need.
* :func:`fuse_blockwise` merges a blockwise layer into the single layer that uses it,
  when each of its blocks feeds exactly one block of that consumer. The merged layer
  runs a :class:`~lazyarr.core.blockwise.FusedFunction` (a straight-line program of
  the original functions), so ``((x + 1) * 2 - y).sum()`` runs one task per block
  for the whole elementwise chain and the first reduction step.

Fusion works on layer *descriptions*, never on individual tasks: fusing a chain over
100,000 blocks costs the same as over 10.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import config
from .blockwise import BlockwiseLayer, FusedFunction
from .fused import IN, LIT, STEP
from .graph import Graph, Key
from .index_maps import Aligned, BlockRef, Composed, PerBlock, _ComposedPerBlock

__all__ = ["fuse_blockwise", "optimize"]


def optimize(graph: Graph, keys: Iterable[Key], fuse: bool | None = None) -> Graph:
    """Cull *graph* to what *keys* need, then fuse blockwise chains."""
    keys = list(keys)
    graph = graph.cull(keys)
    if fuse is None:
        fuse = config.get("fuse")
    if fuse:
        graph = fuse_blockwise(graph, keep={k.name for k in keys})
    return graph


def _program(layer: BlockwiseLayer) -> tuple[list, list]:
    """A layer as (steps, inputs): its function as a one-step program, or its fused program."""
    if isinstance(layer.func, FusedFunction) and not layer.kwargs:
        return list(layer.func.steps), list(layer.args)
    inputs: list[Any] = []
    specs = []
    for a in layer.args:
        if type(a) in (BlockRef, PerBlock):
            specs.append((IN, len(inputs)))
            inputs.append(a)
        else:
            specs.append((LIT, a))
    return [(layer.func, tuple(specs), layer.kwargs, layer.label)], inputs


def _map_key(index_map: Any) -> Any:
    """Equal for index maps that pick the same blocks, so that a producer read twice through
    equal maps (``x + 1`` and ``x ** 2``) is inlined, and computed, once per task.

    Maps describe themselves with ``__lazyarr_token__``; any other map is only equal to itself.
    """
    if type(index_map) is Composed:  # built afresh by each fusion: compare its parts
        return ("composed", _map_key(index_map.inner), _map_key(index_map.outer))
    token = getattr(index_map, "__lazyarr_token__", None)
    return ("token", token()) if token is not None else ("id", id(index_map))


def _fuse_pair(producer: BlockwiseLayer, consumer: BlockwiseLayer) -> BlockwiseLayer:
    """One layer that computes *consumer*, running *producer*'s function inline."""
    c_steps, c_inputs = _program(consumer)
    p_steps, p_inputs = _program(producer)
    new_inputs: list[Any] = []
    remap: dict[int, tuple[int, int]] = {}  # consumer input -> (kind, index)
    inlined: dict[Any, int] = {}  # index map (see _map_key) -> step index of the producer's result
    steps: list = []
    for i, inp in enumerate(c_inputs):
        if type(inp) is BlockRef and inp.name == producer.name:
            m = inp.index_map
            if _map_key(m) not in inlined:
                offset = len(steps)
                base = len(new_inputs)
                # Same block index on this grid (also when single-block axes count as broadcast):
                # the producer's inputs can be used as they are, without composing maps.
                same_index = getattr(m, "identity", False) or (
                    type(m) is Aligned and m.injective_for(consumer.numblocks))
                for pin in p_inputs:
                    if same_index:
                        new_inputs.append(pin)
                    elif (type(pin) is BlockRef and type(pin.index_map) is Aligned
                          and pin.index_map.injective_for(producer.numblocks)):
                        # The producer reads this input at its own block index: the consumer's map
                        # finds it directly (and equal maps let a block read twice be computed once).
                        new_inputs.append(BlockRef(pin.name, m))
                    elif type(pin) is BlockRef:
                        check = getattr(pin.index_map, "injective_for", None)
                        injective = bool(check and check(producer.numblocks))
                        new_inputs.append(BlockRef(pin.name, Composed(pin.index_map, m, injective)))
                    else:
                        new_inputs.append(PerBlock(_ComposedPerBlock(pin.fn, m)))
                for func, specs, kwargs, label in p_steps:
                    specs = tuple(
                        (IN, base + v) if kind == IN else (STEP, offset + v) if kind == STEP else (kind, v)
                        for kind, v in specs
                    )
                    steps.append((func, specs, kwargs, label))
                inlined[_map_key(m)] = len(steps) - 1
            remap[i] = (STEP, inlined[_map_key(m)])
        else:
            remap[i] = (IN, len(new_inputs))
            new_inputs.append(inp)
    offset = len(steps)
    for func, specs, kwargs, label in c_steps:
        specs = tuple(
            remap[v] if kind == IN else (STEP, offset + v) if kind == STEP else (kind, v)
            for kind, v in specs
        )
        steps.append((func, specs, kwargs, label))
    return BlockwiseLayer(consumer.name, FusedFunction(tuple(steps)), new_inputs, consumer.numblocks,
                          None, f"{producer.label}-{consumer.label}" if producer.label != consumer.label
                          else consumer.label, consumer.indices, consumer.info)


def _fusable(producer: Any, consumer: Any) -> bool:
    if not (isinstance(producer, BlockwiseLayer) and isinstance(consumer, BlockwiseLayer)):
        return False
    if any(type(a) is BlockRef and a.name == producer.name for a in producer.args):
        return False  # its tasks read each other (a scan's carries): they must stay tasks
    refs = [a for a in consumer.args if type(a) is BlockRef and a.name == producer.name]
    if not refs:
        return False
    for ref in refs:
        m = ref.index_map
        if not getattr(m, "single", False):
            return False
        check = getattr(m, "injective_for", None)
        if check is None or not check(consumer.numblocks):
            return False
    return True


def fuse_blockwise(graph: Graph, keep: set[str] = frozenset()) -> Graph:  # type: ignore[assignment]
    """Fuse every blockwise layer into its only consumer where blocks map one to one."""
    layers = dict(graph.layers)
    deps = {k: set(v) for k, v in graph.dependencies.items()}
    dependents = {k: set(v) for k, v in graph.dependents().items()}
    changed = True
    while changed:
        changed = False
        for name in list(layers):
            if name in keep or name not in layers:
                continue
            users = dependents.get(name, set())
            if len(users) != 1:
                continue
            (user,) = users
            producer, consumer = layers[name], layers[user]
            if not _fusable(producer, consumer):
                continue
            if producer.indices is not None and consumer.indices is None:
                continue
            layers[user] = _fuse_pair(producer, consumer)
            del layers[name]
            # The consumer now depends on the producer's inputs instead of the producer.
            deps[user] = (deps[user] - {name}) | deps[name]
            for d in deps[name]:
                dependents[d].discard(name)
                dependents[d].add(user)
            del deps[name]
            del dependents[name]
            changed = True
    return Graph(layers, {k: frozenset(v) for k, v in deps.items()})
