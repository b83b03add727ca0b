"""NPE-PERM-K8S-006: Role can execute code in pods or nodes (pods/exec, attach, nodes/proxy, webhooks, CSR approval)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac import role_rules
from scanner.rbac_risk import matches

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
    for rule in role_rules(graph):
        found = matches(rule, "takeover")
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
