"""NPE-PERM-AWS-013: a role federated to an OIDC provider without audience and subject conditions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.aws import principal_values

RULE = Rule(
    id="NPE-PERM-AWS-013",
    name="AwsOidcTrustWithoutSubject",
    title="Role assumable through OIDC federation without audience and subject conditions",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5", "NHI4"),
    description=(
        "sts:AssumeRoleWithWebIdentity trusts every token the identity provider signs. Without a "
        "condition on the token's sub (which repository, branch, service account) any GitHub "
        "repository, any workload of the cluster or any app of the provider can take the role; "
        "without aud, tokens minted for other clients work too."
    ),
    fix=(
        "Add StringEquals on <provider>:aud and StringEquals/StringLike on <provider>:sub naming the exact "
        "subject, e.g. token.actions.githubusercontent.com:sub = repo:org/repo:ref:refs/heads/main."
    ),
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        stmt = grant.statement
        if grant.kind != "aws-trust" or stmt is None or not iam.is_allow(stmt):
            continue
        federated = [v for t, v in principal_values(stmt.principals) if t == "Federated"]
        web_identity = any(
            "assumerolewithwebidentity" in a.lower() or a.strip() in ("*", "sts:*") for a in stmt.actions
        )
        if not federated or not web_identity:
            continue
        has_aud = _has(stmt.conditions, (":aud", ":amr", ":oaud"))
        has_sub = _has(stmt.conditions, (":sub", ":amr", ":job_workflow_ref"))
        if has_aud and has_sub:
            continue
        github = any("token.actions.githubusercontent.com" in f for f in federated)
        missing = " and ".join(x for x, ok in (("aud", has_aud), ("sub", has_sub)) if not ok)
        yield Finding(
            rule=RULE,
            message=f"{graph.label(grant.holder)}{graph.run_by(grant.holder)}: trust {iam.describe(stmt)} accepts "
            f"tokens of {federated[0]} with no condition on {missing}"
            + (": any GitHub repository can assume it." if github and not has_sub else "."),
            location=grant.location,
            key=f"{grant.holder}|{stmt.index}",
            resource=grant.source,
            identity=grant.holder,
            severity="critical" if github and not has_sub else None,
        )


def _has(conditions: dict[str, Any], suffixes: tuple[str, ...]) -> bool:
    """A condition on a key ending in one of ``suffixes`` whose values are not all wildcards."""
    for block in conditions.values():
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            if "${" in str(key):
                return True  # a key computed at apply time may be the one asked for
            if str(key).lower().endswith(suffixes):
                values = value if isinstance(value, list) else [value]
                if any(str(v).strip() not in ("*", "repo:*", "repo:*/*", "system:serviceaccount:*") for v in values):
                    return True
    return False
