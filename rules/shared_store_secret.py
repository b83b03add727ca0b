"""NPE-SEC-003: one stored secret read by workloads that run as different identities."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

STORE_KINDS = {"aws-secretsmanager-secret", "aws-ssm-parameter", "gcp-secret", "azure-key-vault-secret"}

RULE = Rule(
    id="NPE-SEC-003",
    name="SharedStoredSecret",
    title="Stored secret read by workloads that run as different identities",
    family="shared-secret",
    severity="medium",
    owasp=("NHI9",),
    description=(
        "A Secrets Manager secret, SSM parameter, Secret Manager secret or Key Vault secret referenced by "
        "workloads with different identities is one credential shared by several machines: rotating or "
        "revoking it after a leak affects all of them."
    ),
    fix=(
        "Store one secret per workload and scope each secret's resource policy or IAM grant to that "
        "workload's identity."
    ),
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for cred in graph.credentials.values():
        if cred.kind not in STORE_KINDS:
            continue
        identities = sorted({graph.workloads[c].identity or c for c in cred.consumers if c in graph.workloads})
        if len(identities) < 2:
            continue
        names = ", ".join(graph.workload_label(c) for c in cred.consumers)
        yield Finding(
            rule=RULE,
            message=f"{cred.kind} {cred.name} is read by {names}, running as {len(identities)} different identities"
            f"{graph.identities_of(cred.consumers)}.",
            location=cred.location,
            key="|".join(identities),
            resource=cred.resource,
            related=[(u.location, f"used by {graph.workload_label(u.consumer)}") for u in cred.uses],
        )
