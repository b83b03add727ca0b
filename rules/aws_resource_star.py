"""NPE-PERM-AWS-006: actions that could be scoped to ARNs granted on Resource "*"."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import aws_catalog, iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

SEVERITY = {"Permissions management": "high", "Write": "low"}

RULE = Rule(
    id="NPE-PERM-AWS-006",
    name="AwsUnscopedResource",
    title='Write or permissions-management actions granted on Resource "*" although they can be scoped',
    family="wildcard-permission",
    severity="medium",
    owasp=("NHI5",),
    description=(
        "These actions accept a resource ARN, yet the statement grants them on every resource of every "
        'kind in the account. Permissions-management actions on "*" (iam:CreateUser, kms:PutKeyPolicy, '
        "s3:PutBucketPolicy ...) expose every resource; write actions modify all of them."
    ),
    fix='Replace Resource "*" with the ARNs (or ARN patterns) of the resources the workload uses.',
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-policy" or stmt is None or not iam.is_allow(stmt) or stmt.not_actions:
            continue
        if not any(r.strip() == "*" for r in stmt.resources) or iam.scoped(stmt.conditions):
            continue
        if iam.is_admin_statement(stmt):
            continue
        hits = [
            a
            for pattern in stmt.actions
            if "*" not in pattern and "?" not in pattern
            for a in aws_catalog.expand(pattern)
            if a.restrictable and a.level in SEVERITY and a.name != "iam:passrole"  # PassRole: NPE-PERM-AWS-007
        ]
        if not hits:
            continue
        level = aws_catalog.highest(hits)
        names = ", ".join(sorted({a.display for a in hits if a.level == level})[:4])
        holder = graph.holder_label(grant)
        yield Finding(
            rule=RULE,
            message=f"{holder}: {iam.describe(stmt)} grants {level.lower()} actions ({names}) on every resource.",
            location=grant.location,
            key=f"{grant.holder or ''}|{stmt.index}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
            severity=SEVERITY[level],
        )
