"""NPE-PERM-K8S-005: Role can mint tokens for service accounts (create serviceaccounts/token)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac import role_rules
from scanner.rbac_risk import matches

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
    for rule in role_rules(graph):
        found = matches(rule, "token-request")
        if not found:
            continue
        broad = rule.cluster_wide or rule.in_kube_system
        yield Finding(
            rule=RULE,
            message=f"{rule.first.role}{rule.who(graph)}: a rule allows {', '.join(found)}"
            + (" cluster-wide." if rule.cluster_wide else " in kube-system." if rule.in_kube_system else "."),
            location=rule.first.location,
            key=rule.key(),
            resource=rule.first.source,
            identity=rule.holders[0] if rule.holders else None,
            related=[v for g in rule.grants for v in g.via],
            severity=None if broad else "high" if RULE.severity == "critical" else "medium",
        )
