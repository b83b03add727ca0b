"""NPE-PERM-K8S-004: Role can read Secrets (get, list or watch)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac_risk import findings

RULE = Rule(
    id="NPE-PERM-K8S-004",
    name="KubernetesSecretRead",
    title="Role can read Secrets (get, list or watch)",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        "Reading Secrets reads every credential stored in them, service-account tokens included; list and "
        "watch return the contents too. Cluster-wide it is every secret of every namespace."
    ),
    fix=(
        "Limit the rule to the Secrets the workload needs with resourceNames, in its own namespace; mount a "
        "Secret instead of reading it through the API."
    ),
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    yield from findings(graph, RULE, "secret-read")
