"""NPE-PERM-K8S-001: a service account bound to cluster-admin, admin or edit."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

PRIVILEGED = {"cluster-admin": "critical", "admin": "high", "edit": "high"}

RULE = Rule(
    id="NPE-PERM-K8S-001",
    name="KubernetesPrivilegedRoleBinding",
    title="Service account bound to cluster-admin, admin or edit",
    family="wildcard-permission",
    severity="critical",
    owasp=("NHI5",),
    description=(
        "cluster-admin is every verb on every resource; admin and edit include reading Secrets and "
        "creating pods, which lets the holder run as any service account of the namespace. A pod whose "
        "token is stolen hands all of it over."
    ),
    fix="Bind a Role with the verbs and resources the workload needs, in its own namespace.",
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for grant in graph.grants:
        if grant.kind != "k8s-role-ref" or grant.role not in PRIVILEGED:
            continue
        scope = "cluster-wide" if grant.scope == "cluster" else f"in namespace {grant.scope}"
        yield Finding(
            rule=RULE,
            message=f"{graph.label(grant.holder)}{graph.run_by(grant.holder)} is bound to {grant.role} {scope}.",
            location=grant.location,
            key=f"{grant.holder}|{grant.role}|{grant.scope}",
            resource=grant.source,
            identity=grant.holder,
            severity=PRIVILEGED[grant.role] if grant.role != "cluster-admin" or grant.scope == "cluster" else "high",
        )
