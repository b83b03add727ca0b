"""NPE-PERM-AWS-004: an Allow with NotAction, which grants everything except a list."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-PERM-AWS-004",
    name="AwsAllowWithNotAction",
    title="AWS policy allows everything except a list of actions (Allow with NotAction)",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        '"Effect: Allow" with "NotAction" grants every action of every service that is not listed, '
        'including actions AWS adds later. On Resource "*" with iam:* left in reach it is an administrator.'
    ),
    fix="Use Action with the actions the workload needs; keep NotAction for Deny statements.",
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-policy" or stmt is None or not iam.is_allow(stmt) or not stmt.not_actions:
            continue
        if iam.scoped(stmt.conditions):
            continue
        on_all = iam.all_resources(stmt)
        keeps_iam = not any(a.lower() in ("iam:*", "*") for a in stmt.not_actions)
        severity = "critical" if on_all and keeps_iam else "high" if on_all else "medium"
        holder = graph.holder_label(grant)
        yield Finding(
            rule=RULE,
            message=(
                f"{holder}: {iam.describe(stmt)} allows every action except "
                f"{len(stmt.not_actions)} listed" + (", IAM included" if keeps_iam else "") + "."
            ),
            location=grant.location,
            key=f"{grant.holder or ''}|{stmt.index}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
            severity=severity,
        )
