"""Kubernetes in the identity graph: service accounts, pods and their secrets, RBAC grants.

Manifests and Terraform ``kubernetes_*`` resources meet here under one naming scheme,
``kubernetes:<namespace>/<Kind>/<name>``, so a Secret written in Terraform and mounted by a
Deployment manifest is one node.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scanner.graph import Credential, Grant, Graph, Identity, Use, Workload
from scanner.graph.common import block, dig, items, kinds, loc
from scanner.model import Location, Ref, Resource

TF_SA = {"kubernetes_service_account", "kubernetes_service_account_v1"}
TF_SECRET = {"kubernetes_secret", "kubernetes_secret_v1"}
TF_ROLES = {
    "kubernetes_role": "Role",
    "kubernetes_role_v1": "Role",
    "kubernetes_cluster_role": "ClusterRole",
    "kubernetes_cluster_role_v1": "ClusterRole",
}
TF_BINDINGS = {
    "kubernetes_role_binding": "RoleBinding",
    "kubernetes_role_binding_v1": "RoleBinding",
    "kubernetes_cluster_role_binding": "ClusterRoleBinding",
    "kubernetes_cluster_role_binding_v1": "ClusterRoleBinding",
}
TOKEN_TYPE = "kubernetes.io/service-account-token"


def is_tf(res: Resource) -> bool:
    return res.format == "terraform"


def meta(res: Resource) -> dict[str, Any]:
    m = block(dig(res.attributes, ["metadata"]))
    return m if isinstance(m, dict) else {}


def namespace(res: Resource) -> str:
    ns = meta(res).get("namespace")
    return ns if isinstance(ns, str) and ns else "default"


def k8s_name(res: Resource) -> str:
    name = meta(res).get("name")
    return name if isinstance(name, str) else res.name


def sa_id(ns: str, name: str) -> str:
    return f"kubernetes:{ns}/ServiceAccount/{name}"


def secret_id(ns: str, name: str) -> str:
    return f"kubernetes:{ns}/Secret/{name}"


def _meta_path(res: Resource, *rest: Any) -> tuple[Any, ...]:
    return ("metadata", 0, *rest) if is_tf(res) else ("metadata", *rest)


# --------------------------------------------------------------------------- identities


def add_identities(graph: Graph) -> None:
    for res in graph.resources:
        if (res.format == "kubernetes" and res.type == "ServiceAccount") or res.type in TF_SA:
            ns, name = namespace(res), k8s_name(res)
            ident = Identity(sa_id(ns, name), name, "k8s-service-account", "kubernetes", res.location, res)
            annotations = meta(res).get("annotations")
            if isinstance(annotations, dict):
                ident.annotations = {str(k): v for k, v in annotations.items()}
            graph.identities[ident.id] = ident


def _implied_sa(graph: Graph, ns: str, name: str, where: Location) -> str:
    """The id of a service account a pod names, adding it when no manifest declares it."""
    ident = sa_id(ns, name)
    if ident not in graph.identities:
        graph.identities[ident] = Identity(ident, name, "k8s-service-account", "kubernetes", where, None)
    return ident


# --------------------------------------------------------------------------- workloads


@dataclass
class SecretRef:
    """A pod's reference to a Secret by name."""

    name: str
    how: str
    path: tuple[Any, ...]


def pod_spec_path(res: Resource) -> tuple[Any, ...] | None:
    spec = kinds()["workloads"].get(res.type)
    if not spec or "pod_spec" not in spec:
        return None
    if res.format != "kubernetes" and not res.type.startswith("kubernetes_"):
        return None
    path: list[Any] = []
    node: Any = res.attributes
    for step in spec["pod_spec"]:
        while isinstance(node, list) and node:
            path.append(0)
            node = node[0]
        path.append(step)
        node = node.get(step) if isinstance(node, dict) else None
    while isinstance(node, list) and node:
        path.append(0)
        node = node[0]
    return tuple(path) if isinstance(node, dict) else None


def add_workloads(graph: Graph) -> None:
    for res in graph.resources:
        path = pod_spec_path(res)
        if path is None:
            continue
        spec = dig(res.attributes, list(path))
        tf = is_tf(res)
        sa_key = "service_account_name" if tf else "serviceAccountName"
        sa = spec.get(sa_key) or (None if tf else spec.get("serviceAccount"))
        sa_name = sa if isinstance(sa, str) and sa else "default"
        ns = namespace(res)
        workload_kind = kinds()["workloads"][res.type]["kind"]
        work = Workload(res.id, k8s_name(res), workload_kind, "kubernetes", res.location, res)
        work.identity = _implied_sa(graph, ns, sa_name, res.location)
        work.identity_location = loc(res, *path, sa_key) if sa_key in spec else res.location
        automount_key = "automount_service_account_token" if tf else "automountServiceAccountToken"
        pod_setting = spec.get(automount_key)
        sa_res = graph.identities[work.identity].resource
        sa_setting = dig(sa_res.attributes, [automount_key]) if sa_res is not None else None
        if isinstance(pod_setting, bool):
            work.automount_token = pod_setting
        elif isinstance(sa_setting, bool):
            work.automount_token = sa_setting
        else:
            work.automount_token = True
        work.pod_spec_path = path
        graph.workloads[res.id] = work


def secret_refs(spec: dict[str, Any], tf: bool) -> Iterator[SecretRef]:
    """Every Secret a pod spec mounts or reads: volumes, projected sources, env, envFrom."""
    if tf:
        yield from _tf_secret_refs(spec)
        return
    for i, vol in enumerate(items(spec.get("volumes"))):
        name = dig(vol, ["secret", "secretName"])
        if isinstance(name, str) and not _public_items(dig(vol, ["secret", "items"])):
            yield SecretRef(name, f"volume {vol.get('name', i)}", ("volumes", i, "secret", "secretName"))
        for j, src in enumerate(items(dig(vol, ["projected", "sources"]))):
            pname = dig(src, ["secret", "name"])
            if isinstance(pname, str):
                yield SecretRef(pname, "projected volume", ("volumes", i, "projected", "sources", j, "secret", "name"))
    for group in ("initContainers", "containers", "ephemeralContainers"):
        for ci, container in enumerate(items(spec.get(group))):
            for ei, env in enumerate(items(container.get("env") if isinstance(container, dict) else None)):
                name = dig(env, ["valueFrom", "secretKeyRef", "name"])
                if isinstance(name, str):
                    path = (group, ci, "env", ei, "valueFrom", "secretKeyRef", "name")
                    yield SecretRef(name, f"env {env.get('name', '')}", path)
            for ei, env in enumerate(items(container.get("envFrom") if isinstance(container, dict) else None)):
                name = dig(env, ["secretRef", "name"])
                if isinstance(name, str):
                    yield SecretRef(name, "envFrom", (group, ci, "envFrom", ei, "secretRef", "name"))


def _public_items(selected: Any) -> bool:
    """A volume that mounts only certificates or public keys of a Secret takes no secret from it."""
    keys = [str(i.get("key", "")) for i in items(selected) if isinstance(i, dict)]
    return bool(keys) and all(k.endswith((".crt", ".pub", ".cert")) or k in ("ca", "ca.pem") for k in keys)


def _tf_secret_refs(spec: dict[str, Any]) -> Iterator[SecretRef]:
    for i, vol in enumerate(items(spec.get("volume"))):
        name = dig(vol, ["secret", "secret_name"])
        if isinstance(name, str):
            yield SecretRef(name, "volume", ("volume", i, "secret", 0, "secret_name"))
    for group in ("init_container", "container"):
        for ci, container in enumerate(items(spec.get(group))):
            if not isinstance(container, dict):
                continue
            for ei, env in enumerate(items(container.get("env"))):
                name = dig(env, ["value_from", "secret_key_ref", "name"])
                if isinstance(name, str):
                    path = (group, ci, "env", ei, "value_from", 0, "secret_key_ref", 0, "name")
                    yield SecretRef(name, f"env {dig(env, ['name']) or ''}", path)
            for ei, env in enumerate(items(container.get("env_from"))):
                name = dig(env, ["secret_ref", "name"])
                if isinstance(name, str):
                    yield SecretRef(name, "env_from", (group, ci, "env_from", ei, "secret_ref", 0, "name"))


# --------------------------------------------------------------------------- credentials


def add_credentials(graph: Graph) -> None:
    """Secrets as credentials (legacy SA tokens owned by their SA), with the pods that use them."""
    for res in graph.resources:
        if not ((res.format == "kubernetes" and res.type == "Secret") or res.type in TF_SECRET):
            continue
        ns, name = namespace(res), k8s_name(res)
        stype = block(dig(res.attributes, ["type"]))
        cred = Credential(secret_id(ns, name), "k8s-secret", "kubernetes", res.location, resource=res, name=name)
        if stype == TOKEN_TYPE:
            cred.kind = "k8s-service-account-token"
            cred.long_lived = True
            owner = (meta(res).get("annotations") or {}).get("kubernetes.io/service-account.name")
            if isinstance(owner, str):
                cred.owner = _implied_sa(graph, ns, owner, res.location)
        graph.credentials[cred.id] = cred
    for work in list(graph.workloads.values()):
        path = work.pod_spec_path
        if path is None:
            continue
        res = work.resource
        spec = dig(res.attributes, list(path))
        ns = namespace(res)
        seen: set[tuple[str, Location]] = set()
        for ref in secret_refs(spec, is_tf(res)):
            cred = graph.credentials.get(secret_id(ns, ref.name))
            if cred is None:
                where = loc(res, *path, *ref.path)
                cred = Credential(secret_id(ns, ref.name), "k8s-secret", "kubernetes", where, name=ref.name)
                graph.credentials[cred.id] = cred
            where = loc(res, *path, *ref.path)
            if (work.id, where) not in seen:
                seen.add((work.id, where))
                cred.uses.append(Use(work.id, where, ref.how))


# --------------------------------------------------------------------------- grants


def _rules(res: Resource) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    key = "rule" if is_tf(res) else "rules"
    out = []
    for i, rule in enumerate(items(res.attributes.get(key))):
        if isinstance(rule, dict):
            out.append(((key, i), normalise_rule(rule, is_tf(res))))
    return out


def normalise_rule(rule: dict[str, Any], tf: bool) -> dict[str, Any]:
    """A PolicyRule with manifest field names whatever its source."""
    names = {"api_groups": "apiGroups", "resource_names": "resourceNames", "non_resource_urls": "nonResourceURLs"}
    out: dict[str, Any] = {}
    for key, value in rule.items():
        out[names.get(key, key) if tf else key] = [str(v) for v in value] if isinstance(value, list) else value
    return out


def add_grants(graph: Graph) -> None:
    """Every rule of every Role and ClusterRole, held by the service accounts bound to it."""
    roles: dict[tuple[str, str], list[Resource]] = {}  # a name may be defined twice (overlays)
    for res in graph.resources:
        kind = res.type if res.format == "kubernetes" else TF_ROLES.get(res.type)
        if kind in ("Role", "ClusterRole"):
            scope = "cluster" if kind == "ClusterRole" else namespace(res)
            roles.setdefault((scope, k8s_name(res)), []).append(res)
    bound: dict[tuple[str, str], list[tuple[str, Location, str]]] = {}
    builtin: list[tuple[str, str, str, Location, Resource]] = []
    for res in graph.resources:
        kind = res.type if res.format == "kubernetes" else TF_BINDINGS.get(res.type)
        if kind not in ("RoleBinding", "ClusterRoleBinding"):
            continue
        role_ref = block(dig(res.attributes, ["role_ref" if is_tf(res) else "roleRef"]))
        if not isinstance(role_ref, dict) or not isinstance(role_ref.get("name"), str):
            continue
        role_name = role_ref["name"]
        role_kind = role_ref.get("kind", "ClusterRole")
        scope = "cluster" if role_kind == "ClusterRole" else namespace(res)
        binding_scope = "cluster" if kind == "ClusterRoleBinding" else namespace(res)
        for i, subject in enumerate(items(res.attributes.get("subject" if is_tf(res) else "subjects"))):
            if not isinstance(subject, dict) or subject.get("kind") != "ServiceAccount":
                continue
            sname = subject.get("name")
            if not isinstance(sname, str):
                continue
            sns = subject.get("namespace") or namespace(res)
            holder = _implied_sa(graph, str(sns), sname, res.location)
            where = loc(res, "subject" if is_tf(res) else "subjects", i)
            if (scope, role_name) in roles:
                bound.setdefault((scope, role_name), []).append((holder, where, binding_scope))
            else:
                builtin.append((holder, role_name, binding_scope, where, res))
    for (scope, name), definitions in roles.items():
        holders = bound.get((scope, name), [])
        for res, (path, rule) in ((r, pr) for r in definitions for pr in _rules(r)):
            where = loc(res, *path)
            for holder, via, binding_scope in holders or [(None, None, scope)]:
                graph.grants.append(
                    Grant(
                        kind="k8s-rule",
                        location=where,
                        source=res,
                        holder=holder,
                        via=[(via, "binding")] if via else [],
                        role=f"{res.type if res.format == 'kubernetes' else TF_ROLES[res.type]}/{name}",
                        scope=binding_scope,
                        rule=rule,
                    )
                )
    for holder, role_name, scope, where, res in builtin:
        graph.grants.append(
            Grant(kind="k8s-role-ref", location=where, source=res, holder=holder, role=role_name, scope=scope)
        )


# Annotations by which a service account assumes a cloud identity (IRSA, GKE Workload Identity,
# Azure Workload Identity), with the identity kind they point at.
FEDERATION = {
    "eks.amazonaws.com/role-arn": "aws-iam-role",
    "iam.gke.io/gcp-service-account": "gcp-service-account",
    "azure.workload.identity/client-id": "azure-managed-identity",
}


def add_federation(graph: Graph) -> None:
    """Link each annotated service account to the cloud identity it assumes, across formats."""
    for ident in list(graph.identities.values()):
        for key, kind in FEDERATION.items():
            value = ident.annotations.get(key)
            if value is None:
                continue
            target = None
            if isinstance(value, Ref) and ident.resource is not None:
                res = graph.resource_at(ident.resource.module, value)
                target = res.id if res is not None and res.id in graph.identities else None
            elif isinstance(value, str):
                target = _cloud_identity_named(graph, kind, value)
            if target:
                ident.assumes = target


def _cloud_identity_named(graph: Graph, kind: str, text: str) -> str | None:
    """The identity an ARN (role/NAME), email (NAME@...) or name written as text designates."""
    name = text.rsplit("/", 1)[-1].split("@", 1)[0]
    for ident in graph.identities.values():
        if ident.kind != kind or ident.resource is None:
            continue
        attrs = ident.resource.attributes
        props = attrs.get("Properties") if isinstance(attrs.get("Properties"), dict) else {}
        written = {attrs.get("name"), attrs.get("account_id"), props.get("RoleName"), ident.name}
        if name in written:
            return ident.id
    return None
