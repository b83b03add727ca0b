"""Match RBAC rules against the risky grants listed in ``data/kubernetes.yaml``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from scanner.rbac import RoleRule, role_rules

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scanner.findings import Finding, Rule
    from scanner.graph import Graph


@lru_cache(maxsize=1)
def risky() -> dict[str, list[dict[str, Any]]]:
    import yaml

    return yaml.safe_load(resources.files("scanner").joinpath("data/kubernetes.yaml").read_text("utf-8"))["risky"]


def matches(rule: RoleRule, category: str) -> list[str]:
    """``verb resource`` pairs of ``rule`` that fall in ``category`` (explicit names, no wildcards)."""
    if rule.wildcard or rule.values("resourceNames"):
        return []
    verbs, resources_ = rule.values("verbs"), rule.values("resources")
    out = []
    for entry in risky()[category]:
        for res in entry["resources"]:
            for verb in entry["verbs"]:
                if verb in verbs and res in resources_:
                    out.append(f"{verb} {res}")
    return out


def findings(graph: Graph, rule_meta: Rule, category: str) -> Iterator[Finding]:
    """One finding per RBAC rule that grants something of ``category``; severity one step lower
    when the grant is confined to a namespace other than kube-system."""
    from scanner.findings import Finding

    for rule in role_rules(graph):
        found = matches(rule, category)
        if not found:
            continue
        broad = rule.cluster_wide or rule.in_kube_system
        where = " cluster-wide." if rule.cluster_wide else " in kube-system." if rule.in_kube_system else "."
        yield Finding(
            rule=rule_meta,
            message=f"{rule.first.role}{rule.who(graph)}: a rule allows {', '.join(found)}{where}",
            location=rule.first.location,
            key=rule.key(),
            resource=rule.first.source,
            identity=rule.holders[0] if rule.holders else None,
            related=[v for g in rule.grants for v in g.via],
            severity=None if broad else "high" if rule_meta.severity == "critical" else "medium",
        )
