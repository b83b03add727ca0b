"""NPE-PERM-K8S-004: Role can read Secrets (get, list or watch)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac import role_rules
from scanner.rbac_risk import matches

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
    for rule in role_rules(graph):
        found = matches(rule, "secret-read")
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
