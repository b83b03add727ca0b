"""NPE-PERM-K8S-003: Role lets its holder escalate (escalate, bind or impersonate)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac_risk import findings

RULE = Rule(
    id="NPE-PERM-K8S-003",
    name="KubernetesRbacEscalation",
    title="Role lets its holder escalate (escalate, bind or impersonate)",
    family="wildcard-permission",
    severity="critical",
    owasp=("NHI5",),
    description=(
        "bind or escalate lets the holder grant itself any role; impersonate lets it act as any user, group "
        "or service account. Any of them held cluster-wide is cluster-admin in a few steps."
    ),
    fix=(
        "Remove the verb; if a controller really binds roles, restrict it with resourceNames to the roles it may bind."
    ),
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    yield from findings(graph, RULE, "escalation")
