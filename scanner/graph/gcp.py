"""GCP IAM grants: project, folder, organization and service-account IAM members and bindings."""

from __future__ import annotations

import re
from typing import Any

from scanner.graph import Grant, Graph
from scanner.graph.common import identity_by_name, items, loc
from scanner.model import Ref, Resource

# resource type -> (scope kind, attribute naming the scope)
IAM_TYPES = {
    "google_project_iam_member": ("project", "project"),
    "google_project_iam_binding": ("project", "project"),
    "google_folder_iam_member": ("folder", "folder"),
    "google_folder_iam_binding": ("folder", "folder"),
    "google_organization_iam_member": ("organization", "org_id"),
    "google_organization_iam_binding": ("organization", "org_id"),
    "google_service_account_iam_member": ("service-account", "service_account_id"),
    "google_service_account_iam_binding": ("service-account", "service_account_id"),
}
_SA_REF = re.compile(r"\$\{(google_service_account\.[A-Za-z0-9_-]+)")


POLICY_TYPES = {
    "google_project_iam_policy": "project",
    "google_folder_iam_policy": "folder",
    "google_organization_iam_policy": "organization",
    "google_service_account_iam_policy": "service-account",
}


def add_grants(graph: Graph) -> None:
    for res in graph.resources:
        if res.type in POLICY_TYPES:
            _policy(graph, res, POLICY_TYPES[res.type])
            continue
        spec = IAM_TYPES.get(res.type)
        if spec is None:
            continue
        scope_kind, _scope_key = spec
        role = res.attributes.get("role")
        if not isinstance(role, str):
            continue
        members: Any = res.attributes.get("member")
        path: tuple[Any, ...] = ("member",)
        if members is None:
            members, path = res.attributes.get("members"), ("members",)
        items = members if isinstance(members, list) else [members]
        for i, member in enumerate(items):
            if member is None:
                continue
            where = loc(res, *path, i) if isinstance(members, list) else loc(res, *path)
            graph.grants.append(
                Grant(
                    kind="gcp-role",
                    location=loc(res, "role"),
                    source=res,
                    holder=member_identity(graph, res, member),
                    via=[(where, "member")],
                    role=role,
                    scope=scope_kind,
                    member=str(member),
                )
            )


def member_identity(graph: Graph, res: Resource, member: Any) -> str | None:
    """The service account identity a member string names, when it is declared in the scan."""
    if isinstance(member, Ref):
        target = graph.resource_at(res.module, member)
        return target.id if target is not None and target.id in graph.identities else None
    if not isinstance(member, str):
        return None
    m = _SA_REF.search(member)
    if m:
        target = graph.resource_at(res.module, m.group(1))
        return target.id if target is not None else None
    if member.startswith("serviceAccount:"):
        return identity_by_name(graph, res.module, member.split(":", 1)[1])
    return None


def member_is_service_account(member: str | None) -> bool:
    return bool(member) and (
        member.startswith("serviceAccount:") or "google_service_account." in member or "gserviceaccount.com" in member
    )


def _policy(graph: Graph, res: Resource, scope: str) -> None:
    """``policy_data = data.google_iam_policy.x.policy_data``: each binding of the document."""
    ref = res.attributes.get("policy_data")
    doc = graph.resource_at(res.module, ref) if isinstance(ref, Ref) else None
    if doc is None or doc.type != "data.google_iam_policy":
        return
    for i, binding in enumerate(items(doc.attributes.get("binding"))):
        role = binding.get("role") if isinstance(binding, dict) else None
        if not isinstance(role, str):
            continue
        for j, member in enumerate(items(binding.get("members"))):
            graph.grants.append(
                Grant(
                    kind="gcp-role",
                    location=loc(doc, "binding", i, "role"),
                    source=doc,
                    holder=member_identity(graph, doc, member),
                    via=[(loc(doc, "binding", i, "members", j), "member"), (res.location, "policy")],
                    role=role,
                    scope=scope,
                    member=str(member),
                )
            )
