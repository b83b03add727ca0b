"""Match RBAC rules against the risky grants listed in ``data/kubernetes.yaml``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from scanner.rbac import RoleRule


@lru_cache(maxsize=1)
def risky() -> dict[str, list[dict[str, Any]]]:
    import yaml

    return yaml.safe_load(resources.files("scanner").joinpath("data/kubernetes.yaml").read_text("utf-8"))["risky"]


def matches(rule: RoleRule, category: str) -> list[str]:
    """``verb resource`` pairs of ``rule`` that fall in ``category`` (explicit names, no wildcards)."""
    if rule.wildcard or rule.values("resourceNames"):
        return []
    verbs, resources_ = rule.values("verbs"), rule.values("resources")
    out = []
    for entry in risky()[category]:
        for res in entry["resources"]:
            for verb in entry["verbs"]:
                if verb in verbs and res in resources_:
                    out.append(f"{verb} {res}")
    return out
