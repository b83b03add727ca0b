"""NPE-LIFE-005: a service-account token mounted into a pod (pod setting wins over the SA's)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import dig, loc

RULE = Rule(
    id="NPE-LIFE-005",
    name="KubernetesTokenAutomounted",
    title="Service-account token mounted into a pod",
    family="non-expiring-credential",
    severity="low",
    owasp=("NHI7", "NHI5"),
    description=(
        "Unless automountServiceAccountToken is false on the pod, or on its service account when the "
        "pod does not say, every container gets an API token. Code running in the pod (or an attacker "
        "in it) can act with the service account's RBAC rights; it matters most when the account is "
        "bound to roles."
    ),
    fix=(
        "Set automountServiceAccountToken: false on the ServiceAccount and opt in per pod that calls the "
        "Kubernetes API; give such pods their own service account with a narrow Role."
    ),
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for work in graph.workloads.values():
        path = work.pod_spec_path
        if path is None or not work.automount_token:
            continue
        tf = work.resource.format == "terraform"
        key = "automount_service_account_token" if tf else "automountServiceAccountToken"
        spec = dig(work.resource.attributes, list(path))
        where = loc(work.resource, *path, key) if key in spec else work.resource.location
        grants = graph.grants_of(work.identity or "")
        roles = sorted({g.role or "" for g in grants} - {""})
        bound = f", bound to {', '.join(roles[:3])}" if roles else ""
        yield Finding(
            rule=RULE,
            message=f"{graph.workload_label(work.id)} runs with the API token of {graph.label(work.identity)}{bound}.",
            location=where,
            key=work.identity or "",
            resource=work.resource,
            identity=work.identity,
            related=[(g.via[0][0], "binding") for g in grants if g.via][:3],
            severity="high" if roles else None,
        )
