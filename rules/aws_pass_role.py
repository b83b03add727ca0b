"""NPE-PERM-AWS-007: iam:PassRole on every role, to any service."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import aws_catalog, iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-PERM-AWS-007",
    name="AwsUnscopedPassRole",
    title="iam:PassRole allowed for every role",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        'iam:PassRole on Resource "*" lets the identity hand any role in the account, administrator roles '
        "included, to a service it controls (a Lambda, an EC2 instance, a Glue job) and act with that "
        "role's permissions."
    ),
    fix="Scope PassRole to the ARNs of the roles the workload must pass, with an iam:PassedToService condition.",
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-policy" or stmt is None or not iam.is_allow(stmt) or iam.is_admin_statement(stmt):
            continue
        if not iam.all_resources(stmt) or "iam:passedtoservice" in iam.condition_keys(stmt.conditions):
            continue
        if stmt.not_actions:
            excluded = {a.name for p in stmt.not_actions for a in aws_catalog.expand(p)}
            grants_pass_role = "iam:passrole" not in excluded
        else:
            grants_pass_role = any(a.name == "iam:passrole" for p in stmt.actions for a in aws_catalog.expand(p))
        if not grants_pass_role or iam.scoped(stmt.conditions):
            continue
        holder = graph.holder_label(grant)
        yield Finding(
            rule=RULE,
            message=f"{holder}: {iam.describe(stmt)} allows iam:PassRole for every "
            "role, without an iam:PassedToService condition.",
            location=grant.location,
            key=f"{grant.holder or ''}|{stmt.index}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
        )
