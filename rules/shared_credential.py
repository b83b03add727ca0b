"""NPE-SEC-005: one access key, service-account key or client secret used by several workloads."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

KEY_KINDS = {
    "aws-access-key",
    "gcp-service-account-key",
    "gcp-hmac-key",
    "azure-client-secret",
    "azure-client-certificate",
}

RULE = Rule(
    id="NPE-SEC-005",
    name="SharedMachineKey",
    title="One cloud key or client secret used by several workloads",
    family="shared-secret",
    severity="high",
    owasp=("NHI9", "NHI7"),
    description=(
        "An IAM access key, service-account key or client secret handed to several workloads makes them "
        "one identity: a leak from any of them cannot be revoked without an outage of all, and audit "
        "logs cannot say which machine acted."
    ),
    fix=(
        "Give each workload its own identity instead of a key: a Lambda execution role, ECS task role, "
        "instance profile, IRSA / EKS Pod Identity, GKE Workload Identity or an Azure managed identity."
    ),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for cred in graph.credentials.values():
        if cred.kind not in KEY_KINDS or len(cred.consumers) < 2:
            continue
        names = ", ".join(graph.workload_label(c) for c in cred.consumers)
        owner = f" of {graph.label(cred.owner)}" if cred.owner else ""
        yield Finding(
            rule=RULE,
            message=f"{cred.kind} {cred.name}{owner} is used by {len(cred.consumers)} workloads: {names}"
            f"{graph.identities_of(cred.consumers)}.",
            location=cred.location,
            key="|".join(cred.consumers),
            resource=cred.resource,
            identity=cred.owner,
            related=[(u.location, f"used by {graph.workload_label(u.consumer)} ({u.how})") for u in cred.uses],
        )
