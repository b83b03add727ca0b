"""NPE-PERM-AZ-002: a custom Azure role with "*" or Microsoft.Authorization write actions."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.cloud_roles import data
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import items, loc

RULE = Rule(
    id="NPE-PERM-AZ-002",
    name="AzureCustomRoleWildcard",
    title="Azure custom role grants every action or role-assignment rights",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        'A custom role with actions ["*"] is Owner under another name; Microsoft.Authorization/* or '
        "roleAssignments/write lets its holder assign itself any role. Microsoft advises against "
        "wildcards in custom roles."
    ),
    fix="List the resource-provider operations the identity needs; leave Microsoft.Authorization to administrators.",
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    dangerous = {a.lower() for a in data("azure")["authorization_actions"]}
    for res in graph.resources:
        if res.type != "azurerm_role_definition":
            continue
        for i, perm in enumerate(items(res.attributes.get("permissions"))):
            actions = [str(a) for a in items(perm.get("actions"))] if isinstance(perm, dict) else []
            hits = [a for a in actions if a == "*" or a.lower() in dangerous]
            if not hits:
                continue
            scopes = [str(s) for s in items(res.attributes.get("assignable_scopes"))]
            broad = any(s == "/" or s.count("/") <= 2 or "subscription" in s for s in scopes)
            yield Finding(
                rule=RULE,
                message=f"Custom role {res.name} allows {', '.join(hits)}"
                + (f" and is assignable at {scopes[0]}." if scopes else "."),
                location=loc(res, "permissions", i),
                key=f"{res.address}|{i}",
                resource=res,
                severity="critical" if "*" in hits and broad else None,
            )
