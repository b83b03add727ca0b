"""NPE-PERM-AWS-003: a partial wildcard (``s3:Get*``) rated by the most powerful action it reaches."""

from __future__ import annotations

from collections.abc import Iterator

from scanner import aws_catalog, iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

SEVERITY = {"Permissions management": "high", "Write": "medium", "Tagging": "low", "Read": "low"}

RULE = Rule(
    id="NPE-PERM-AWS-003",
    name="AwsPartialWildcardAction",
    title="AWS policy action pattern expands to more than the workload needs",
    family="wildcard-permission",
    severity="medium",
    owasp=("NHI5",),
    description=(
        "A pattern such as s3:Get* or iam:*Policy* grants every action it matches today and every one AWS "
        "adds later. npe-scan expands it with the IAM action catalog and rates it by the most powerful "
        "access level reached: Permissions management is high, Write medium, Read and Tagging low; patterns "
        "that only list metadata (ec2:Describe*) pass."
    ),
    fix="List the exact actions (the expansion is in the finding); scope the Resource to ARNs.",
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-policy" or stmt is None or not iam.is_allow(stmt) or iam.scoped(stmt.conditions):
            continue
        if iam.is_admin_statement(stmt):
            continue
        for pattern in stmt.actions:
            name = pattern.strip().partition(":")[2]
            if not name or name == "*" or not ("*" in name or "?" in name):
                continue
            actions = aws_catalog.expand(pattern)
            level = aws_catalog.highest(actions)
            if level in (None, "List") or not (iam.all_resources(stmt) or level == "Permissions management"):
                continue  # listing metadata (ec2:Describe*) is what wildcards are for
            examples = ", ".join(sorted(a.display for a in actions if a.level == level)[:3])
            holder = graph.holder_label(grant)
            yield Finding(
                rule=RULE,
                message=f"{holder}: {pattern} in {iam.describe(stmt)} expands to "
                f"{len(actions)} actions up to {level} (e.g. {examples}).",
                location=grant.location,
                key=f"{grant.holder or ''}|{stmt.index}|{pattern.lower()}",
                resource=grant.source,
                identity=grant.holder,
                related=grant.via,
                severity=SEVERITY[level],
            )
