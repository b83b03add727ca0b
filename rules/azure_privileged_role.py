"""NPE-PERM-AZ-001: Owner, Contributor or an access-administrator role at subscription or management group."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

# Built-in role names and definition ids (Microsoft "Azure built-in roles", privileged category).
PRIVILEGED = {
    "owner": ("Owner", "critical"),
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": ("Owner", "critical"),
    "user access administrator": ("User Access Administrator", "critical"),
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": ("User Access Administrator", "critical"),
    "role based access control administrator": ("Role Based Access Control Administrator", "critical"),
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168": ("Role Based Access Control Administrator", "critical"),
    "contributor": ("Contributor", "high"),
    "b24988ac-6180-42a0-ab88-20f7382dd24c": ("Contributor", "high"),
}
_BROAD_SCOPE = re.compile(
    r"^(/|/subscriptions/[^/]+/?|/providers/Microsoft\.Management/managementGroups/[^/]+/?)$"
    r"|^\$\{(data\.)?azurerm_(subscription|management_group)\.",
    re.IGNORECASE,
)

RULE = Rule(
    id="NPE-PERM-AZ-001",
    name="AzurePrivilegedRoleAtBroadScope",
    title="Azure privileged role assigned at subscription or management-group scope",
    family="wildcard-permission",
    severity="critical",
    owasp=("NHI5",),
    description=(
        "Owner, User Access Administrator and Role Based Access Control Administrator can grant "
        "themselves anything; Contributor can change every resource. At subscription or management-group "
        "scope that covers every resource group below."
    ),
    fix="Assign a job-function role at the resource group or resource the identity works on.",
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        if grant.kind != "azure-role" or not grant.role or not grant.scope:
            continue
        key = grant.role.rsplit("/", 1)[-1].lower()
        if key not in PRIVILEGED or not _BROAD_SCOPE.search(grant.scope.strip()):
            continue
        name, severity = PRIVILEGED[key]
        who = graph.label(grant.holder) if grant.holder else "principal"
        yield Finding(
            rule=RULE,
            message=f"{who}{graph.run_by(grant.holder)} is assigned {name} at scope {grant.scope}.",
            location=grant.location,
            key=f"{name}|{grant.holder or grant.member or ''}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
            severity=severity,
        )
