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


@lru_cache(maxsize=1)
def escalation_methods() -> list[dict[str, Any]]:
    import yaml

    text = resources.files("scanner").joinpath("data/aws_privilege_escalation.yaml").read_text("utf-8")
    return yaml.safe_load(text)["methods"]


def is_admin_statement(stmt: Statement) -> bool:
    """Allow of every action, of all of IAM, or of everything but a list that leaves IAM in, on every
    resource and without a scoping condition."""
    if not is_allow(stmt) or not all_resources(stmt) or scoped(stmt.conditions):
        return False
    if stmt.not_actions:
        return not any(a.strip().lower() in ("*", "iam:*", "*:*") for a in stmt.not_actions)
    return full_wildcard(stmt.actions) or any(a.strip().lower() == "iam:*" for a in stmt.actions)


def allowed_everywhere(stmt: Statement) -> set[str]:
    """Lower-case actions an unscoped Allow statement grants on every resource."""
    from scanner import aws_catalog

    if not is_allow(stmt) or not all_resources(stmt) or scoped(stmt.conditions):
        return set()
    if stmt.not_actions:
        excluded = {a.name for pattern in stmt.not_actions for a in aws_catalog.expand(pattern)}
        return {a.name for a in aws_catalog.expand("*")} - excluded
    return {a.name for pattern in stmt.actions for a in aws_catalog.expand(pattern)}


def denied_everywhere(stmt: Statement) -> set[str]:
    """Actions an unconditional Deny on every resource takes away (a Deny with a condition may not apply)."""
    from scanner import aws_catalog

    if is_allow(stmt) or stmt.conditions or not any(r.strip() == "*" for r in stmt.resources):
        return set()
    return {a.name for pattern in stmt.actions for a in aws_catalog.expand(pattern)}


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
    for operator, block in conditions.items():
        if "${" in str(operator):
            return True  # computed at apply time (a dynamic block): it may well scope the statement
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            lower = str(key).lower()
            if "${" in lower:
                return True
            tag_key = lower.partition(":")[2].startswith(tuple(facts()["scoping_condition_key_tags"]))
            if not tag_key and lower not in keys:
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


def escalations(statements: list[Statement]) -> tuple[list[dict[str, Any]], dict[str, Statement]]:
    """Escalation methods the statements (of one identity, together) allow on every resource, and
    for each allowed action the statement that grants it. An unconditional Deny takes actions away."""
    allowed: dict[str, Statement] = {}
    denied: set[str] = set()
    for stmt in statements:
        for action in allowed_everywhere(stmt):
            allowed.setdefault(action, stmt)
        denied |= denied_everywhere(stmt)
    usable = set(allowed) - denied
    methods = [m for m in escalation_methods() if all(a.lower() in usable for a in m["actions"])]
    return methods, allowed
