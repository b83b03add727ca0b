"""NPE-HYG-001: one machine identity run by several workloads."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-HYG-001",
    name="SharedMachineIdentity",
    title="One machine identity used by several workloads",
    family="identity-hygiene",
    severity="low",
    owasp=("NHI9",),
    description=(
        "When several workloads run as one role or service account, its permissions are the union of "
        "what all of them need, audit logs cannot tell them apart, and it cannot be narrowed or revoked "
        "for one of them without touching the others. The default Kubernetes service account is left "
        "to NPE-LIFE-005."
    ),
    fix="Give each workload its own role or service account with the permissions that workload needs.",
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for ident in graph.identities.values():
        if ident.resource is None or (ident.kind == "k8s-service-account" and ident.name == "default"):
            continue
        running = [w for w in graph.workloads.values() if w.identity == ident.id]
        if len({w.name for w in running}) < 2:
            continue
        names = ", ".join(sorted(f"{w.kind} '{w.name}'" for w in running))
        yield Finding(
            rule=RULE,
            message=f"{graph.label(ident.id)} is used by {len(running)} workloads: {names}.",
            location=ident.location,
            key=ident.id,
            resource=ident.resource,
            identity=ident.id,
            related=[(w.identity_location or w.location, f"{w.kind} '{w.name}' runs as it") for w in running],
        )
