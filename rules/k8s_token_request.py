"""NPE-PERM-K8S-005: Role can mint tokens for service accounts (create serviceaccounts/token)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac_risk import findings

RULE = Rule(
    id="NPE-PERM-K8S-005",
    name="KubernetesTokenRequest",
    title="Role can mint tokens for service accounts (create serviceaccounts/token)",
    family="wildcard-permission",
    severity="critical",
    owasp=("NHI5",),
    description=(
        "create on serviceaccounts/token issues a token for any service account in scope, so the holder can "
        "act as all of them."
    ),
    fix="Grant it with resourceNames for the one service account concerned, or not at all.",
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    yield from findings(graph, RULE, "token-request")
