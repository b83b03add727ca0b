"""NPE-PERM-AWS-002: a whole AWS service granted with ``service:*``."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-PERM-AWS-002",
    name="AwsServiceWildcardAction",
    title="AWS policy grants every action of a service",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        '"service:*" grants every present and future action of the service, including the ones that '
        "change permissions, delete data or hand out credentials. On iam, sts, kms, secretsmanager, ssm "
        "and similar services it is a path to account takeover."
    ),
    fix="Replace service:* with the actions the workload calls, scoped to the resource ARNs it uses.",
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    sensitive = set(iam.facts()["sensitive_services"])
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-policy" or stmt is None or not iam.is_allow(stmt):
            continue
        if iam.is_admin_statement(stmt):
            continue  # NPE-PERM-AWS-001 reports it
        services = [s for s in iam.service_wildcards(stmt.actions) if not (s == "iam" and iam.all_resources(stmt))]
        if not services or iam.scoped(stmt.conditions):
            continue
        risky = [s for s in services if s in sensitive]
        on_all = iam.all_resources(stmt)
        severity = "high" if risky and on_all else "medium" if on_all else "low"
        holder = graph.holder_label(grant)
        scope = "every resource" if on_all else ", ".join(stmt.resources[:2])
        yield Finding(
            rule=RULE,
            message=(
                f"{holder}: {iam.describe(stmt)} grants all of {', '.join(s + ':*' for s in services)} on {scope}."
            ),
            location=grant.location,
            key=f"{grant.holder or ''}|{stmt.index}|{','.join(services)}",
            resource=grant.source,
            identity=grant.holder,
            related=grant.via,
            severity=severity,
        )
