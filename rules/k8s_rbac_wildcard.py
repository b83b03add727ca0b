"""NPE-PERM-K8S-002: ``*`` in the verbs, resources or apiGroups of any RBAC rule."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Grant, Graph

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
    by_rule: dict[tuple[str, int], list[Grant]] = {}
    for grant in graph.grants:
        if grant.kind == "k8s-rule" and grant.rule is not None:
            by_rule.setdefault((grant.source.id, grant.location.start_line), []).append(grant)
    for grants in by_rule.values():
        first = grants[0]
        rule = first.rule or {}
        wild = [f for f in ("verbs", "resources", "apiGroups") if "*" in _values(rule.get(f))]
        if not wild:
            continue
        core = bool({"*", ""} & set(_values(rule.get("apiGroups"))))
        everything = "verbs" in wild and "resources" in wild and core  # cluster-admin equivalent
        cluster = first.role is not None and first.role.startswith("ClusterRole/")
        severity = "critical" if everything and cluster else "high" if {"verbs", "resources"} & set(wild) else "medium"
        holders = sorted({g.holder for g in grants if g.holder})
        if holders:
            who = "; ".join(graph.label(h) + graph.run_by(h) for h in holders)
            held = f" bound to {who}"
        else:
            held = " (not bound to a service account in this scan)"
        yield Finding(
            rule=RULE,
            message=f'{first.role}{held}: a rule has "*" in {", ".join(wild)}.',
            location=first.location,
            key=f"{first.role}|{'.'.join(wild)}|{first.location.start_line - first.source.location.start_line}",
            resource=first.source,
            identity=holders[0] if holders else None,
            related=[v for g in grants for v in g.via],
            severity=severity,
        )


def _values(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value is not None else []
