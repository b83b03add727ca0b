"""NPE-PERM-AWS-012: a role that another AWS account can assume without an external id or org condition."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.aws import principal_values

_ACCOUNT = re.compile(r"^(\d{12})$|^arn:aws[a-z-]*:iam::(\d{12}):")
PROTECTING_KEYS = {
    "sts:externalid",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalarn",
    "aws:sourceidentity",
    "aws:multifactorauthpresent",
    "aws:sourcearn",
    "aws:sourceaccount",
}

RULE = Rule(
    id="NPE-PERM-AWS-012",
    name="AwsCrossAccountTrustWithoutCondition",
    title="Role trusts another AWS account without sts:ExternalId or an organisation condition",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5", "NHI3"),
    description=(
        "Trusting an account lets every principal that account allows assume the role. For a third "
        "party without sts:ExternalId this is the confused-deputy problem; for your own accounts, "
        "aws:PrincipalOrgID or aws:PrincipalArn narrows it to the callers you mean."
    ),
    fix=(
        "Add an sts:ExternalId condition (vendors) or aws:PrincipalOrgID / aws:PrincipalArn (your accounts), "
        "or name the exact role ARN."
    ),
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-trust" or stmt is None or not iam.is_allow(stmt) or iam.any_principal(stmt.principals):
            continue
        accounts = []
        for ptype, value in principal_values(stmt.principals):
            m = _ACCOUNT.match(value.strip()) if ptype == "AWS" else None
            if m and (m.group(1) or value.strip().endswith(":root")):
                accounts.append(m.group(1) or m.group(2))
        if not accounts or iam.condition_keys(stmt.conditions) & PROTECTING_KEYS:
            continue
        yield Finding(
            rule=RULE,
            message=f"{graph.label(grant.holder)}{graph.run_by(grant.holder)}: trust {iam.describe(stmt)} lets "
            f"account(s) {', '.join(sorted(set(accounts)))} assume it with no external id or organisation condition.",
            location=grant.location,
            key=f"{grant.holder}|{stmt.index}",
            resource=grant.source,
            identity=grant.holder,
        )
