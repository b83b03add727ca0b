"""AWS IAM policy semantics the rules share: wildcards, principals, scoping conditions."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from scanner.graph import Statement

ANY_PRINCIPAL_ARNS = ("*", "arn:aws:iam::*:root")


@lru_cache(maxsize=1)
def facts() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(resources.files("scanner").joinpath("data/aws.yaml").read_text("utf-8"))


def is_allow(stmt: Statement) -> bool:
    return stmt.effect.lower() == "allow"


def full_wildcard(actions: list[str]) -> bool:
    return any(a.strip() in ("*", "*:*") for a in actions)


def service_wildcards(actions: list[str]) -> list[str]:
    """Services granted whole (``s3:*``)."""
    out = []
    for a in actions:
        prefix, _, name = a.strip().partition(":")
        if name == "*" and prefix not in ("", "*"):
            out.append(prefix.lower())
    return sorted(set(out))


def all_resources(stmt: Statement) -> bool:
    """Resource ``*`` (or an Allow with NotResource, which is all but a few)."""
    return any(r.strip() == "*" for r in stmt.resources) or bool(stmt.not_resources)


def scoped(conditions: dict[str, Any]) -> bool:
    """True when a condition ties the statement to known principals, sources or tags."""
    keys = facts()["scoping_condition_keys"]
    for _operator, block in conditions.items():
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            lower = str(key).lower()
            if not any(lower == k or (k.endswith("/*") and lower.startswith(k[:-1])) for k in keys):
                continue
            values = value if isinstance(value, list) else [value]
            if values and not all(str(v).strip() in ("*", "") for v in values):
                return True
    return False


def condition_keys(conditions: dict[str, Any]) -> set[str]:
    return {str(k).lower() for block in conditions.values() if isinstance(block, dict) for k in block}


def any_principal(principals: Any) -> bool:
    """``"*"``, ``{"AWS": "*"}`` or ``arn:aws:iam::*:root``: every AWS account."""
    if principals is None:
        return False
    if isinstance(principals, str):
        return principals.strip() in ANY_PRINCIPAL_ARNS
    values = principals.get("AWS", []) + principals.get("*", [])
    return any(str(v).strip() in ANY_PRINCIPAL_ARNS for v in values)


def describe(stmt: Statement) -> str:
    """Short, secret-free description of a statement for messages."""
    actions = ", ".join(stmt.actions[:3]) + (" …" if len(stmt.actions) > 3 else "")
    if stmt.not_actions:
        actions = "NotAction " + ", ".join(stmt.not_actions[:3])
    resources = ", ".join(stmt.resources[:2]) or ("NotResource" if stmt.not_resources else "-")
    return f"statement {stmt.index + 1} ({actions} on {resources})"
