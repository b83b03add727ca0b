"""NPE-SEC-001: the same literal secret consumed by several workloads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Credential, Graph

RULE = Rule(
    id="NPE-SEC-001",
    name="SharedLiteralSecret",
    title="Same secret value used by several workloads",
    family="shared-secret",
    severity="high",
    owasp=("NHI9", "NHI2"),
    description=(
        "When one password, token or key is given to several machines, none of them can be revoked "
        "alone after a leak: rotating it breaks all of them, and logs cannot tell which one used it. "
        "Values are compared by a salted hash that lives only for the scan."
    ),
    fix=(
        "Issue one credential per workload, kept in a secret store and referenced per workload, or "
        "replace it with a workload identity (IAM role, IRSA, GKE Workload Identity, Azure managed identity)."
    ),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    groups: dict[str, list[Credential]] = defaultdict(list)
    for cred in graph.credentials.values():
        found = cred.detection
        if cred.kind == "literal-secret" and found is not None:
            groups[found.digest].append(cred)
    for creds in groups.values():
        consumers = sorted({c for cred in creds for c in cred.consumers})
        if len(consumers) < 2:
            continue
        creds.sort(key=lambda c: c.location)
        first = creds[0]
        found = first.detection
        names = ", ".join(graph.workload_label(c) for c in consumers)
        who = graph.identities_of(consumers)
        related = [(c.location, "same value written here") for c in creds[1:]]
        related += [(u.location, f"used by {graph.workload_label(u.consumer)}") for c in creds for u in c.uses]
        yield Finding(
            rule=RULE,
            message=(
                f"One secret value ({found.redacted}) is used by {len(consumers)} workloads: {names}{who}. "
                "It cannot be revoked for one without breaking the others."
            ),
            location=first.location,
            key="|".join(consumers),
            resource=first.resource,
            related=_unique(related, first.location),
        )


def _unique(related: list, skip: object) -> list:
    seen = {skip}
    out = []
    for loc, text in related:
        if loc not in seen:
            seen.add(loc)
            out.append((loc, text))
    return out
