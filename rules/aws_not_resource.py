"""NPE-PERM-AWS-005: an Allow with NotResource (everything but a few resources)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-PERM-AWS-005",
    name="AwsAllowWithNotResource",
    title="AWS policy allows actions on every resource except a list (Allow with NotResource)",
    family="wildcard-permission",
    severity="medium",
    owasp=("NHI5",),
    description=(
        '"Effect: Allow" with "NotResource" covers every resource that is not listed, including ones '
        "created later and in other accounts' trust reach."
    ),
    fix="Use Resource with the ARNs the workload works on; keep NotResource for Deny statements.",
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-policy" or stmt is None or not iam.is_allow(stmt) or not stmt.not_resources:
            continue
        if iam.scoped(stmt.conditions) or iam.is_admin_statement(stmt):
            continue
        holder = graph.holder_label(grant)
        yield Finding(
            rule=RULE,
            message=f"{holder}: {iam.describe(stmt)} applies to every resource "
            f"except {', '.join(stmt.not_resources[:2])}.",
            location=grant.location,
            key=f"{grant.holder or ''}|{stmt.index}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
        )
