"""NPE-PERM-K8S-006: Role can execute code in pods or nodes (pods/exec, attach, nodes/proxy, webhooks, CSR approval)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac_risk import findings

RULE = Rule(
    id="NPE-PERM-K8S-006",
    name="KubernetesWorkloadTakeover",
    title="Role can execute code in pods or nodes (pods/exec, attach, nodes/proxy, webhooks, CSR approval)",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        "Exec and attach run commands in other pods with their service accounts; nodes/proxy reaches the "
        "kubelet API of every node; webhook configurations and CSR approval let the holder intercept or mint "
        "credentials."
    ),
    fix="Remove the verb from automation roles; keep it for humans behind just-in-time access.",
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    yield from findings(graph, RULE, "takeover")
