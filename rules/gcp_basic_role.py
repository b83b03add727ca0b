"""NPE-PERM-GCP-001: a basic role (owner, editor, viewer) granted at project, folder or organization."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.cloud_roles import data
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.gcp import member_is_service_account

RULE = Rule(
    id="NPE-PERM-GCP-001",
    name="GcpBasicRoleGranted",
    title="GCP basic role granted at project, folder or organization level",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        "roles/owner and roles/editor cover thousands of permissions across every service of the "
        "project, folder or organization (editor can act as any service account there); roles/viewer "
        "reads all of it. Google recommends predefined or custom roles instead."
    ),
    fix="Grant the predefined roles the service account needs, on the narrowest resource.",
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    basic = data("gcp")["basic_roles"]
    for grant in graph.grants:
        if grant.kind != "gcp-role" or grant.role not in basic or grant.scope == "service-account":
            continue
        severity = basic[grant.role]
        is_sa = member_is_service_account(grant.member) or grant.holder is not None
        if not is_sa and severity != "critical":
            severity = "medium"
        who = graph.label(grant.holder) if grant.holder else "member"
        yield Finding(
            rule=RULE,
            message=f"{who}{graph.run_by(grant.holder)} is granted {grant.role} at {grant.scope} level.",
            location=grant.location,
            key=f"{grant.role}|{grant.holder or ''}|{grant.scope}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
            severity=severity,
        )
