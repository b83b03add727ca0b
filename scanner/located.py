"""Values that remember where they were written.

Parsers return plain dicts, lists and strings, except that a mapping or list may be a
LocatedDict / LocatedList carrying its line span and the line of each key. cfn-lint's decoder
returns its own node classes with ``start_mark`` / ``end_mark``; the helpers here read both, so
nothing downstream needs to know which parser made a value.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Mark(NamedTuple):
    """A 0-based line and column, the shape of a PyYAML mark."""

    line: int
    column: int


class LocatedDict(dict):
    """A dict with its source span and the line of each key."""

    start_mark: Mark | None
    end_mark: Mark | None
    key_lines: dict[str, int]
    file: str | None  # set when the value was written in another file than its resource

    def __init__(self, *args: Any, start: Mark | None = None, end: Mark | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.start_mark = start
        self.end_mark = end
        self.key_lines = {}
        self.file = None


class LocatedList(list):
    """A list with its source span."""

    start_mark: Mark | None
    end_mark: Mark | None

    def __init__(self, *args: Any, start: Mark | None = None, end: Mark | None = None):
        super().__init__(*args)
        self.start_mark = start
        self.end_mark = end


class LocatedStr(str):
    """A string with its source span (list items, where the line of the item matters)."""

    start_mark: Mark | None
    end_mark: Mark | None

    def __new__(cls, value: str, start: Mark | None = None, end: Mark | None = None) -> LocatedStr:
        obj = super().__new__(cls, value)
        obj.start_mark = start
        obj.end_mark = end if end is not None else start
        return obj


class TextLine(int):
    """A path step into a multi-line string: the line's index inside the text."""

    def __str__(self) -> str:
        return f"line{int(self) + 1}"


def span(value: Any) -> tuple[int, int] | None:
    """1-based (first line, last line) of a value, where its parser recorded one."""
    start = getattr(value, "start_mark", None)
    end = getattr(value, "end_mark", None)
    if start is None:
        return None
    first = start.line + 1
    if isinstance(value, str):
        return first, (end.line + 1 if end is not None else first)
    last = first
    if end is not None:
        # A block collection ends where the next token starts, on a later line at the same or a
        # lower indent; a flow collection ends just after its closing bracket.
        block_end = end.line > start.line and end.column <= start.column
        last = end.line if block_end else end.line + 1
    return first, max(first, last)


def line_of(value: Any) -> int | None:
    """1-based first line of a value, or None."""
    s = span(value)
    return s[0] if s else None


def key_line(mapping: Any, key: str) -> int | None:
    """1-based line of ``key`` inside ``mapping`` (LocatedDict or a cfn-lint dict node)."""
    lines = getattr(mapping, "key_lines", None)
    if lines is not None:
        return lines.get(key)
    if isinstance(mapping, dict):
        for k in mapping:
            if k == key:
                return line_of(k) or line_of(mapping.get(key))
    return None


def line_at(root: Any, path: tuple[Any, ...], default: int) -> int:
    """The line of the deepest located step along ``path`` from ``root``."""
    best = line_of(root) or default
    node = root
    for step in path:
        if isinstance(node, dict) and step in node:
            best = key_line(node, step) or line_of(node[step]) or best
            node = node[step]
        elif isinstance(step, TextLine):
            # Only strings that know where their first line of text is (heredoc bodies) say which line.
            if isinstance(node, str) and getattr(node, "text_starts_at", False) and line_of(node):
                best = (line_of(node) or best) + int(step)
            break
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
            best = line_of(node) or best
        else:
            break
    return best
