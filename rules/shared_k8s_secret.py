"""NPE-SEC-004: one Kubernetes Secret used by pods that run as different service accounts."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-SEC-004",
    name="SharedKubernetesSecret",
    title="Kubernetes Secret used by workloads of different service accounts",
    family="shared-secret",
    severity="high",
    owasp=("NHI9",),
    description=(
        "A Secret mounted or read (volume, projected volume, secretKeyRef, envFrom) by pods that run as "
        "different service accounts is one credential shared by several machines: it cannot be rotated "
        "or revoked for one of them alone. Secrets may come from manifests or Terraform."
    ),
    fix="Create one Secret per service account (or per workload), or use workload identity so no Secret is needed.",
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for cred in graph.credentials.values():
        if cred.provider != "kubernetes" or cred.kind not in ("k8s-secret", "k8s-service-account-token"):
            continue
        identities = sorted({graph.workloads[c].identity or "" for c in cred.consumers if c in graph.workloads})
        if len(identities) < 2:
            continue
        names = ", ".join(graph.workload_label(c) for c in cred.consumers)
        accounts = ", ".join(graph.identities[i].name for i in identities if i in graph.identities)
        first_use = min(cred.uses, key=lambda u: u.location)
        declared = cred.resource is not None
        yield Finding(
            rule=RULE,
            message=(
                f"Secret {cred.name} is used by {names}, which run as {len(identities)} service accounts ({accounts})."
            ),
            location=cred.location if declared else first_use.location,
            key="|".join(identities),
            resource=cred.resource,
            related=[(u.location, f"used by {graph.workload_label(u.consumer)} ({u.how})") for u in cred.uses],
        )
