"""Azure RBAC grants: role assignments and custom role definitions."""

from __future__ import annotations

from typing import Any

from scanner.graph import Grant, Graph
from scanner.graph.common import loc
from scanner.model import Ref, Resource


def add_grants(graph: Graph) -> None:
    for res in graph.resources:
        if res.type == "azurerm_role_assignment":
            attrs = res.attributes
            role = attrs.get("role_definition_name")
            role_key = "role_definition_name"
            if role is None:
                role, role_key = attrs.get("role_definition_id"), "role_definition_id"
            scope = attrs.get("scope")
            principal = attrs.get("principal_id")
            graph.grants.append(
                Grant(
                    kind="azure-role",
                    location=loc(res, role_key) if role is not None else res.location,
                    source=res,
                    holder=principal_identity(graph, res, principal),
                    via=[(loc(res, "principal_id"), "principal")],
                    role=str(role) if role is not None else None,
                    scope=str(scope) if scope is not None else None,
                    member=str(principal) if principal is not None else None,
                )
            )


def principal_identity(graph: Graph, res: Resource, principal: Any) -> str | None:
    """The identity a ``principal_id`` references: a managed identity, service principal or the
    system-assigned identity of a workload."""
    if not isinstance(principal, Ref):
        return None
    target = graph.resource_at(res.module, principal)
    if target is None:
        return None
    if target.id in graph.identities:
        return target.id
    system = f"{target.id}#system-identity"
    return system if system in graph.identities else None
