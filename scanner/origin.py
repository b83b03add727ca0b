"""Where a value came from: strings inlined from a variable, local or parameter default.

A secret written once in ``variable "x" { default = ... }`` and used by two workloads is one
hard-coded secret (reported where it is written) consumed twice (a shared secret); marking the
inlined strings keeps both facts.
"""

from __future__ import annotations

from typing import Any

from scanner.located import LocatedDict, LocatedList


class Derived(str):
    """A string that came from a variable or local: its secret belongs to where it was written."""

    origin: str

    def __new__(cls, value: str, origin: str) -> Derived:
        obj = super().__new__(cls, value)
        obj.origin = origin
        return obj


def mark_origin(value: Any, origin: str) -> Any:
    """Mark every string inside ``value`` as coming from ``origin`` (a variable or local)."""
    if isinstance(value, Derived):
        return value
    if isinstance(value, str):
        return Derived(value, origin)
    if isinstance(value, LocatedDict):
        out = LocatedDict(start=value.start_mark, end=value.end_mark)
        out.key_lines = value.key_lines
        out.file = value.file
        out.update((k, mark_origin(v, origin)) for k, v in value.items())
        return out
    if isinstance(value, dict):
        return {k: mark_origin(v, origin) for k, v in value.items()}
    if isinstance(value, LocatedList):
        return LocatedList((mark_origin(v, origin) for v in value), start=value.start_mark, end=value.end_mark)
    if isinstance(value, list):
        return [mark_origin(v, origin) for v in value]
    return value
