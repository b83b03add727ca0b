"""NPE-PERM-AWS-011: a role that any AWS account can assume."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-PERM-AWS-011",
    name="AwsRoleAssumableByAnyPrincipal",
    title="IAM role trust policy lets any AWS principal assume the role",
    family="wildcard-permission",
    severity="critical",
    owasp=("NHI5", "NHI4"),
    description=(
        'A trust policy with Principal "*", {"AWS": "*"} or arn:aws:iam::*:root and no condition '
        "that scopes it (aws:PrincipalOrgID, aws:SourceArn, sts:ExternalId, ...) lets anyone with an AWS "
        "account take the role's permissions."
    ),
    fix=(
        "Name the exact principals (an account root ARN, a role ARN or a service principal) or add a "
        "condition on aws:PrincipalOrgID / aws:PrincipalArn / sts:ExternalId."
    ),
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-trust" or stmt is None or not iam.is_allow(stmt):
            continue
        if not iam.any_principal(stmt.principals) or iam.scoped(stmt.conditions):
            continue
        yield Finding(
            rule=RULE,
            message=(
                f"{graph.label(grant.holder)}{graph.run_by(grant.holder)}: trust {iam.describe(stmt)} lets any "
                "AWS principal assume it, with no condition on organisation, source or external id."
            ),
            location=grant.location,
            key=f"{grant.holder}|{stmt.index}",
            resource=grant.source,
            identity=grant.holder,
        )
