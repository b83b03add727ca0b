"""PyYAML loading with source lines and bounds against hostile files.

Composes with the C loader where available, refuses documents whose aliases would expand past
a node budget (the "billion laughs" bomb) or that nest too deeply, and builds LocatedDict /
LocatedList values so every key keeps its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from scanner.located import LocatedDict, LocatedList, LocatedStr, Mark

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_EXPANDED_NODES = 500_000
MAX_DEPTH = 200


class DocumentTooLarge(ValueError):
    """A document whose expansion or nesting passes the scanner's bounds."""

    def __init__(self, reason: str, line: int):
        super().__init__(reason)
        self.line = line


def compose_documents(text: str) -> Iterator[yaml.Node]:
    """Yield each document's node graph, checked against the expansion and depth bounds."""
    for node in yaml.compose_all(text, Loader=_Loader):
        if node is None:
            continue
        check_bounds(node)
        yield node


def check_bounds(root: yaml.Node) -> None:
    """Raise DocumentTooLarge if the expanded tree would exceed the bounds.

    Sizes are memoised per node object, so a shared (aliased) node costs its size at each use
    without being walked again: the check is linear in the composed graph.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise DocumentTooLarge(f"nesting deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        key = id(node)
        if key in sizes and not done:
            continue
        children = _children(node)
        if not done:
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        if total > MAX_EXPANDED_NODES:
            raise DocumentTooLarge(f"aliases expand to more than {MAX_EXPANDED_NODES} nodes", node.start_mark.line + 1)
        sizes[key] = total


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def to_value(node: yaml.Node) -> Any:
    """Construct plain values with source marks from a checked node graph."""
    constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
    yaml.constructor.SafeConstructor.__init__(constructor)
    return _build(node, constructor, {})


def _mark(m: Any) -> Mark:
    return Mark(m.line, m.column)


def _build(node: yaml.Node, constructor: Any, memo: dict[int, Any]) -> Any:
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, yaml.MappingNode):
        out = LocatedDict(start=_mark(node.start_mark), end=_mark(node.end_mark))
        memo[id(node)] = out
        constructor.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = _build(key_node, constructor, memo)
            if isinstance(key, (dict, list)):
                key = str(key)
            out[key] = _build(value_node, constructor, memo)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out_list = LocatedList(start=_mark(node.start_mark), end=_mark(node.end_mark))
        memo[id(node)] = out_list
        out_list.extend(_build(n, constructor, memo) for n in node.value)
        return out_list
    try:
        value = constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        value = node.value  # unknown tag: keep the scalar text
    if isinstance(value, str):
        value = LocatedStr(value, _mark(node.start_mark), _mark(node.end_mark))
    memo[id(node)] = value
    return value
