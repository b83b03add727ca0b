"""NPE-PERM-K8S-002: ``*`` in the verbs, resources or apiGroups of any RBAC rule."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.rbac import role_rules

RULE = Rule(
    id="NPE-PERM-K8S-002",
    name="KubernetesRbacWildcard",
    title="Kubernetes Role or ClusterRole rule uses a wildcard",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        'A "*" in verbs, resources or apiGroups grants every present and future verb or resource, '
        "including secrets, pods/exec and the RBAC objects themselves. Every rule of the role counts, "
        "not only the first."
    ),
    fix="List the verbs, resources and apiGroups the service account needs; use resourceNames where you can.",
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for rule in role_rules(graph):
        wild = [f for f in ("verbs", "resources", "apiGroups") if "*" in rule.values(f)]
        if not wild:
            continue
        core = bool({"*", ""} & rule.values("apiGroups"))
        everything = "verbs" in wild and "resources" in wild and core  # cluster-admin equivalent
        cluster = (rule.first.role or "").startswith("ClusterRole/")
        severity = "critical" if everything and cluster else "high" if {"verbs", "resources"} & set(wild) else "medium"
        yield Finding(
            rule=RULE,
            message=f'{rule.first.role}{rule.who(graph)}: a rule has "*" in {", ".join(wild)}.',
            location=rule.first.location,
            key=f"{rule.key()}|{'.'.join(wild)}",
            resource=rule.first.source,
            identity=rule.holders[0] if rule.holders else None,
            related=[v for g in rule.grants for v in g.via],
            severity=severity,
        )
