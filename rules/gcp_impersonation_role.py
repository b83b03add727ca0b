"""NPE-PERM-GCP-002: service-account impersonation or IAM-admin roles on a whole project, folder or organization."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.cloud_roles import data
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.gcp import member_is_service_account

RULE = Rule(
    id="NPE-PERM-GCP-002",
    name="GcpImpersonationRoleAtBroadScope",
    title="GCP role that can act as other service accounts granted at project, folder or organization level",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        "Roles such as iam.serviceAccountUser, serviceAccountTokenCreator, serviceAccountKeyAdmin or "
        "projectIamAdmin granted on a project (folder, organization) apply to every service account in it: "
        "the member can impersonate the most privileged of them, or grant itself any role."
    ),
    fix="Grant the role on the one service account concerned (google_service_account_iam_member), not the project.",
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    roles = set(data("gcp")["impersonation_roles"])
    for grant in graph.grants:
        if grant.kind != "gcp-role" or grant.role not in roles or grant.scope == "service-account":
            continue
        machine = member_is_service_account(grant.member) or grant.holder is not None
        who = graph.label(grant.holder) if grant.holder else (grant.member or "member")
        yield Finding(
            rule=RULE,
            message=f"{who}{graph.run_by(grant.holder)} is granted {grant.role} on the whole {grant.scope}: "
            "it can act as (or grant itself roles over) every service account there.",
            location=grant.location,
            key=f"{grant.role}|{grant.holder or grant.member or ''}|{grant.scope}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
            severity="critical" if machine else None,
        )
