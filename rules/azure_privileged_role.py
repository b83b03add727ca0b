"""NPE-PERM-AZ-001: Owner, Contributor or an access-administrator role at subscription or management group."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.cloud_roles import azure_privileged
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

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
        privileged = azure_privileged(grant.role)
        if privileged is None or not _BROAD_SCOPE.search(grant.scope.strip()):
            continue
        name, severity = privileged
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
