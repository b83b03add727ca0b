"""NPE-PERM-AWS-001: a machine identity that can do anything in the account."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.aws import arn_name

RULE = Rule(
    id="NPE-PERM-AWS-001",
    name="AwsAdminEquivalentGrant",
    title="AWS policy grants every action (or all of IAM) on every resource",
    family="wildcard-permission",
    severity="critical",
    owasp=("NHI5",),
    description=(
        'An Allow statement with Action "*" on Resource "*" (and no condition that scopes it), or an '
        "attached AdministratorAccess-class managed policy, makes the identity an account administrator. "
        "Whoever steals its credentials owns the account."
    ),
    fix=(
        "List the actions and resource ARNs the workload really calls (IAM Access Analyzer can generate "
        "them from CloudTrail), and attach that policy instead; keep administrator access for humans "
        "behind SSO."
    ),
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    admin = set(iam.facts()["admin_policies"])
    for grant in graph.grants:
        if grant.kind == "aws-policy" and grant.statement is not None:
            stmt = grant.statement
            if not iam.is_admin_statement(stmt) or stmt.not_actions:  # NotAction: NPE-PERM-AWS-004
                continue
            if iam.full_wildcard(stmt.actions):
                what = f"{iam.describe(stmt)} allows every action on every resource"
            else:
                what = f"{iam.describe(stmt)} allows all of IAM on every resource, so it can grant itself anything"
        elif grant.kind == "aws-managed-policy" and grant.role and arn_name(grant.role) in admin:
            what = f"managed policy {arn_name(grant.role)} is attached"
        else:
            continue
        holder = graph.holder_label(grant)
        yield Finding(
            rule=RULE,
            message=f"{holder}: {what}.",
            location=grant.location,
            key=f"{grant.holder or ''}|{grant.kind}|{grant.statement.index if grant.statement else grant.role}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
        )
