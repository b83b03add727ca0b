"""NPE-PERM-AWS-015: a resource policy open to every AWS principal."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-PERM-AWS-015",
    name="AwsPublicResourcePolicy",
    title="Resource policy allows any principal without a scoping condition",
    family="wildcard-permission",
    severity="critical",
    owasp=("NHI5",),
    description=(
        'Principal "*" (or {"AWS": "*"}) in a bucket, queue, topic, key or secret policy lets anyone '
        "with AWS credentials call the allowed actions, unless a condition such as aws:PrincipalOrgID, "
        "aws:SourceArn, aws:SourceAccount, aws:SourceVpce or aws:SourceIp ties it down."
    ),
    fix="Name the principals (role ARNs, a service principal) or add aws:PrincipalOrgID / aws:SourceArn conditions.",
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-resource-policy" or stmt is None or not iam.is_allow(stmt):
            continue
        if not iam.any_principal(stmt.principals) or iam.scoped(stmt.conditions):
            continue
        yield Finding(
            rule=RULE,
            message=f"{grant.source.type} {grant.source.address}: {iam.describe(stmt)} is open to any AWS principal.",
            location=grant.location,
            key=f"{grant.source.address}|{stmt.index}",
            resource=grant.source,
        )
