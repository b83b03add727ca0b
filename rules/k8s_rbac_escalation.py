"""NPE-PERM-K8S-003: Role lets its holder escalate (escalate, bind or impersonate)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac import role_rules
from scanner.rbac_risk import matches

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
    for rule in role_rules(graph):
        found = matches(rule, "escalation")
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
