"""Kubernetes RBAC semantics the rules share: each rule of each role, with who holds it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from scanner.graph import Grant, Graph


@dataclass
class RoleRule:
    """One PolicyRule of a Role or ClusterRole and the grants (one per bound service account)."""

    grants: list[Grant]

    @property
    def first(self) -> Grant:
        return self.grants[0]

    def values(self, field: str) -> set[str]:
        raw = (self.first.rule or {}).get(field)
        items = raw if isinstance(raw, list) else [raw] if raw is not None else []
        return {str(v) for v in items}

    @property
    def holders(self) -> list[str]:
        return sorted({g.holder for g in self.grants if g.holder})

    @property
    def cluster_wide(self) -> bool:
        return any(g.scope == "cluster" for g in self.grants) or (self.first.role or "").startswith("ClusterRole/")

    @property
    def in_kube_system(self) -> bool:
        return any(g.scope == "kube-system" for g in self.grants)

    @property
    def wildcard(self) -> bool:
        return "*" in self.values("verbs") | self.values("resources")

    def who(self, graph: Graph) -> str:
        if not self.holders:
            return " (not bound to a service account in this scan)"
        return " bound to " + "; ".join(graph.label(h) + graph.run_by(h) for h in self.holders)

    def key(self) -> str:
        return f"{self.first.role}|{self.first.location.start_line - self.first.source.location.start_line}"


def role_rules(graph: Graph) -> Iterator[RoleRule]:
    groups: dict[tuple[str, int], list[Grant]] = {}
    for grant in graph.grants:
        if grant.kind == "k8s-rule" and grant.rule is not None:
            groups.setdefault((grant.source.id, grant.location.start_line), []).append(grant)
    for grants in groups.values():
        yield RoleRule(grants)
