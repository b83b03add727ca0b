"""Privilege tier of an identity, from everything it is granted: the permission analysis that
the wildcard rules use, summed up as admin > privilege-escalation > write > read > none."""

from __future__ import annotations

from scanner import aws_catalog, iam
from scanner.cloud_roles import azure_privileged, data
from scanner.graph import Grant, Graph
from scanner.rbac import RoleRule
from scanner.rbac_risk import matches

TIERS = ("none", "unknown", "read", "write", "privilege-escalation", "admin")
K8S_WRITE = {"create", "update", "patch", "delete", "deletecollection"}
K8S_BUILTIN = {"cluster-admin": "admin", "admin": "privilege-escalation", "edit": "write", "view": "read"}
AWS_LEVEL_TIER = {
    "Permissions management": "write",
    "Write": "write",
    "Tagging": "write",
    "Read": "read",
    "List": "read",
}


def tier(graph: Graph, identity_id: str) -> str:
    grants = graph.grants_of(identity_id)
    if not grants:
        return "none"
    tiers = [_aws(grants)] + [_other(g) for g in grants if not g.kind.startswith("aws-")]
    return max(tiers, key=TIERS.index)


def _aws(grants: list[Grant]) -> str:
    statements = [g.statement for g in grants if g.kind == "aws-policy" and g.statement is not None]
    managed = [g.role or "" for g in grants if g.kind == "aws-managed-policy"]
    unknown = any(g.kind == "aws-unknown" for g in grants)
    if any(iam.is_admin_statement(s) for s in statements) or any(
        name.rsplit("/", 1)[-1] in iam.facts()["admin_policies"] for name in managed
    ):
        return "admin"
    if statements and iam.escalations(statements)[0]:
        return "privilege-escalation"
    best = "none"
    for stmt in statements:
        if not iam.is_allow(stmt):
            continue
        patterns = ["*"] if stmt.not_actions else stmt.actions
        for pattern in patterns:
            level = aws_catalog.highest(aws_catalog.expand(pattern))
            found = AWS_LEVEL_TIER.get(level or "", "unknown" if not aws_catalog.known_prefix(pattern) else "none")
            best = max(best, found, key=TIERS.index)
    for name in managed:
        found = "read" if "ReadOnly" in name or "ViewOnly" in name else "write"
        best = max(best, found, key=TIERS.index)
    if unknown:
        best = max(best, "unknown", key=TIERS.index)
    return best


def _other(grant: Grant) -> str:
    if grant.kind == "k8s-role-ref":
        return K8S_BUILTIN.get(grant.role or "", "unknown")
    if grant.kind == "k8s-rule" and grant.rule is not None:
        rule = RoleRule([grant])
        verbs, resources = rule.values("verbs"), rule.values("resources")
        if "*" in verbs and "*" in resources:
            return "admin"
        if any(matches(rule, c) for c in ("escalation", "token-request", "takeover")) or (
            matches(rule, "secret-read") and rule.cluster_wide
        ):
            return "privilege-escalation"
        if "*" in verbs or verbs & K8S_WRITE or verbs & {"escalate", "bind", "impersonate"}:
            return "write"
        return "read" if verbs else "none"
    if grant.kind == "gcp-role":
        role = grant.role or ""
        if role in ("roles/owner", "roles/editor"):
            return "privilege-escalation" if grant.scope == "service-account" else "admin"
        if role in data("gcp")["impersonation_roles"]:
            return "privilege-escalation"
        return "read" if role.lower().endswith(("viewer", "reader", "browser")) else "write"
    if grant.kind == "azure-role":
        privileged = azure_privileged(grant.role or "")
        if privileged and privileged[1] == "critical":
            return "admin"
        if privileged:
            return "write"
        return "read" if "reader" in (grant.role or "").lower() else "unknown" if grant.role is None else "write"
    return "unknown"
