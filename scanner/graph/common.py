"""Identities, workloads, credentials and literal secrets for every cloud, driven by ``data/kinds.yaml``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources as package_files
from typing import Any

from scanner import secrets
from scanner.graph import Credential, Graph, Identity, Use, Workload
from scanner.model import Location, Ref, Resource, Unknown


@lru_cache(maxsize=1)
def kinds() -> dict[str, Any]:
    import yaml

    text = package_files.files("scanner").joinpath("data/kinds.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def dig(value: Any, path: list[Any]) -> Any:
    """Follow ``path``; a list met on a string step is entered at its first element."""
    for step in path:
        while isinstance(value, list) and isinstance(step, str):
            if not value:
                return None
            value = value[0]
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int):
            value = value[step] if -len(value) <= step < len(value) else None
        else:
            return None
    return value


def items(value: Any) -> list[Any]:
    """The elements of a list, or none: a value known only at apply time iterates as empty."""
    return value if isinstance(value, list) else []


def block(value: Any) -> Any:
    """A Terraform nested block is a list of one: the block itself."""
    return value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else value


def ref_paths(value: Any, target: str, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths inside ``value`` where a Ref to ``target`` (or its ``${target...}`` text) stands."""
    target = target.split("[", 1)[0]
    if isinstance(value, Ref):
        if value.target == target:
            yield path
    elif isinstance(value, Unknown):
        if any(r.target == target for r in value.refs):
            yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from ref_paths(v, target, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from ref_paths(v, target, (*path, i))
    elif isinstance(value, str) and "${" + target in value:
        yield path


def loc(resource: Resource, *path: Any) -> Location:
    """Location of an attribute of ``resource`` (the resource itself without a path)."""
    if not path:
        return resource.location
    line = resource.line(*path)
    return Location(resource.location.file, line, line)


def resolve_identity(graph: Graph, resource: Resource, value: Any, depth: int = 0) -> str | None:
    """The identity id an attribute value names: a reference, an alias (instance profile) or a name."""
    if depth > 3 or value is None:
        return None
    if isinstance(value, list):
        return resolve_identity(graph, resource, value[0], depth + 1) if value else None
    if isinstance(value, Ref):
        target = graph.resource_at(resource.module, value)
        if target is None:
            return None
        if target.id in graph.identities:
            return target.id
        alias = kinds()["identity_aliases"].get(target.type)
        if alias:
            return resolve_identity(graph, target, dig(target.attributes, alias), depth + 1)
        return None
    if isinstance(value, str):
        return identity_by_name(graph, resource.module, value)
    return None


def identity_by_name(graph: Graph, module: str, text: str) -> str | None:
    """Match an ARN, email or plain name written as text against identities of the same module."""
    name = text.rsplit("/", 1)[-1].split("@", 1)[0]
    for ident in graph.identities.values():
        res = ident.resource
        if res is None or res.module != module:
            continue
        written = [res.attributes.get(k) for k in ("name", "account_id", "RoleName", "UserName", "display_name")]
        props = res.attributes.get("Properties")
        if isinstance(props, dict):
            written += [props.get("RoleName"), props.get("UserName")]
        if name and name in [w for w in written if isinstance(w, str)]:
            return ident.id
    return None


def add_identities(graph: Graph) -> None:
    table = kinds()["identities"]
    for res in graph.resources:
        spec = table.get(res.type)
        if spec and res.format != "kubernetes" and not res.type.startswith("kubernetes_"):
            graph.identities[res.id] = Identity(res.id, res.name, spec["kind"], spec["provider"], res.location, res)


def add_workloads(graph: Graph) -> None:
    table = kinds()["workloads"]
    for res in graph.resources:
        spec = table.get(res.type)
        if not spec or "pod_spec" in spec:
            continue
        work = Workload(res.id, res.name, spec["kind"], spec["provider"], res.location, res)
        for key in ("identity", "identity_fallback"):
            path = spec.get(key)
            if path and work.identity is None:
                work.identity = resolve_identity(graph, res, dig(res.attributes, path))
                if work.identity:
                    work.identity_location = loc(res, *_located_path(res.attributes, path))
        if work.identity is None and spec["provider"] == "azure":
            work.identity = _system_identity(graph, res)
        graph.workloads[res.id] = work


def _located_path(attrs: Any, path: list[Any]) -> list[Any]:
    """The same path with list indexes made explicit, so line lookups can follow it."""
    out: list[Any] = []
    node = attrs
    for step in path:
        while isinstance(node, list) and isinstance(step, str) and node:
            out.append(0)
            node = node[0]
        out.append(step)
        node = node.get(step) if isinstance(node, dict) else None
    return out


def _system_identity(graph: Graph, res: Resource) -> str | None:
    """Azure's system-assigned managed identity of a resource, if it has one."""
    ident_type = dig(res.attributes, ["identity", "type"])
    if not isinstance(ident_type, str) or "SystemAssigned" not in ident_type:
        return None
    ident_id = f"{res.id}#system-identity"
    graph.identities[ident_id] = Identity(
        ident_id, f"{res.name} (system-assigned)", "azure-managed-identity", "azure", loc(res, "identity"), res
    )
    return ident_id


def add_credentials(graph: Graph) -> None:
    """Typed credentials (keys, client secrets), secret stores, then literal secrets."""
    table = kinds()["credentials"]
    stores = kinds()["secret_stores"]
    for res in graph.resources:
        spec = table.get(res.type)
        if spec:
            owner = None
            for key in ("owner", "owner_fallback"):
                if spec.get(key) and owner is None:
                    owner = resolve_identity(graph, res, dig(res.attributes, spec[key]))
            expiry = dig(res.attributes, spec["expiry"]) if spec.get("expiry") else None
            cred = Credential(
                id=res.id,
                kind=spec["kind"],
                provider=spec["provider"],
                location=res.location,
                owner=owner,
                long_lived=bool(spec.get("long_lived")),
                expires=expiry if isinstance(expiry, str) else None,
                resource=res,
                name=res.name,
            )
            graph.credentials[res.id] = cred
            _add_reference_uses(graph, cred, res)
        elif res.type in stores and res.format != "kubernetes" and not res.type.startswith("kubernetes_"):
            spec = stores[res.type]
            cred = Credential(res.id, spec["kind"], spec["provider"], res.location, resource=res, name=res.name)
            graph.credentials[res.id] = cred
    add_literal_secrets(graph)


def _add_reference_uses(graph: Graph, cred: Credential, res: Resource) -> None:
    """Workloads that reference the credential directly, or through a store that holds it."""
    seen: set[tuple[str, Location]] = set()
    _add_workload_refs(graph, cred, res, "reference", seen)
    for referrer in graph.referrers(res):
        if referrer.id in graph.workloads:
            continue
        # One hop: the credential written into a secret store that workloads read.
        holders = [referrer] + [
            r
            for ref in referrer.refs
            if (r := graph.resource_at(referrer.module, ref)) is not None and r.type in kinds()["secret_stores"]
        ]
        for holder in holders:
            _add_workload_refs(graph, cred, holder, f"through {holder.address}", seen)


def _add_workload_refs(
    graph: Graph, cred: Credential, target: Resource, how: str, seen: set[tuple[str, Location]]
) -> None:
    """A use of ``cred`` at each place a workload references ``target`` (or a value inlined from it)."""
    for referrer in graph.referrers(target):
        if referrer.id in graph.workloads:
            paths = [
                *ref_paths(referrer.attributes, target.address),
                *_derived_paths(referrer.attributes, target.address),
            ]
            for path in paths:
                _use(cred, referrer.id, loc(referrer, *path), how, seen)


def _use(cred: Credential, consumer: str, where: Location, how: str, seen: set[tuple[str, Location]]) -> None:
    if (consumer, where) not in seen:
        seen.add((consumer, where))
        cred.uses.append(Use(consumer, where, how))


def add_secret_store_uses(graph: Graph) -> None:
    """Workloads that reference a Secrets Manager secret, SSM parameter or similar store."""
    for cred in graph.credentials.values():
        if cred.resource is None or cred.kind not in _STORE_KINDS or cred.provider == "kubernetes":
            continue
        _add_workload_refs(graph, cred, cred.resource, "reference", set())


_STORE_KINDS = {spec["kind"] for spec in kinds()["secret_stores"].values()}
_DYNAMIC = re.compile(
    r"\{\{resolve:(secretsmanager|ssm-secure|ssm):([^:}]+)"
    r"|arn:aws[a-z-]*:(secretsmanager):[^:]*:[^:]*:secret:([A-Za-z0-9/_+=.@-]+?)(?:-[A-Za-z0-9]{6})?(?=$|[:\s\"'])"
    r"|arn:aws[a-z-]*:(ssm):[^:]*:[^:]*:parameter(/[A-Za-z0-9/_.-]+)"
)
_STORE_OF = {
    "secretsmanager": "aws-secretsmanager-secret",
    "ssm-secure": "aws-ssm-parameter",
    "ssm": "aws-ssm-parameter",
}


def add_dynamic_reference_uses(graph: Graph) -> None:
    """Workloads naming a stored secret as text: ``{{resolve:secretsmanager:db}}`` or its ARN.

    A declared secret with that name gets the uses; otherwise the name stands for a secret kept
    outside the scan, so two workloads reading it still show as sharing it.
    """
    declared: dict[tuple[str, str], Credential] = {}
    for cred in graph.credentials.values():
        if cred.kind in ("aws-secretsmanager-secret", "aws-ssm-parameter") and cred.resource is not None:
            attrs = cred.resource.attributes
            name = attrs.get("name") or dig(attrs, ["Properties", "Name"])
            if isinstance(name, str):
                declared[(cred.kind, name)] = cred
    for work in list(graph.workloads.values()):
        res = work.resource
        seen: set[tuple[str, Location]] = set()
        for path, _key, text in secrets.walk_strings(res.attributes):
            for m in _DYNAMIC.finditer(text):
                service = m.group(1) or m.group(3) or m.group(5)
                name = m.group(2) or m.group(4) or m.group(6)
                kind = _STORE_OF[service]
                cred = declared.get((kind, name))
                if cred is None:
                    cred_id = f"{kind}:{name}"
                    cred = graph.credentials.get(cred_id) or Credential(
                        cred_id, kind, "aws", loc(res, *path), name=name
                    )
                    graph.credentials[cred_id] = cred
                _use(cred, work.id, loc(res, *path), "dynamic reference", seen)


# --------------------------------------------------------------------------- literal secrets


def add_literal_secrets(graph: Graph) -> None:
    """Each secret value written into the IaC becomes a ``literal-secret`` credential."""
    for res in graph.resources:
        for path, key, value, strength in _secret_candidates(res):
            found = secrets.detect(key, value, strength)
            if found is None:
                continue
            where = loc(res, *path)
            cred = Credential(
                id=f"{res.id}#{'.'.join(str(p) for p in path)}#{key or ''}",
                kind="literal-secret",
                provider=res.format,
                location=where,
                resource=res,
                name=key or res.name,
                long_lived=True,
            )
            cred.detection = found
            cred.path = path
            seen: set[tuple[str, Location]] = set()
            if res.id in graph.workloads:
                _use(cred, res.id, where, "literal", seen)
            holder = graph.credentials.get(_k8s_secret_id(res))
            for use in holder.uses if holder is not None else []:
                _use(cred, use.consumer, use.location, use.how, seen)
            origin = graph.resource_at(res.module, f"var.{path[0]}") if res.type == "tfvars" else res
            if origin is not None:
                _add_workload_refs(graph, cred, origin, "reference", seen)
            graph.credentials[cred.id] = cred


def _k8s_secret_id(res: Resource) -> str:
    """The graph id of a Kubernetes Secret resource (manifest or Terraform), else empty."""
    if res.type not in ("Secret", "kubernetes_secret", "kubernetes_secret_v1"):
        return ""
    from scanner.graph.kubernetes import k8s_name, namespace, secret_id

    return secret_id(namespace(res), k8s_name(res))


def _derived_paths(value: Any, origin: str, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, secrets.Derived):
        if value.origin == origin:
            yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _derived_paths(v, origin, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _derived_paths(v, origin, (*path, i))


def _plain(value: Any) -> Any:
    """A local's own value: its strings are marked as derived from it, but were written there."""
    if isinstance(value, secrets.Derived):
        return str.__str__(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _secret_candidates(res: Resource) -> Iterator[tuple[tuple[Any, ...], str | None, Any, str | None]]:
    """(path, key name, value, forced strength) of the strings in a resource that may be secrets."""
    attrs = res.attributes
    if res.type in ("variable", "local"):
        field_name = "default" if res.type == "variable" else "value"
        for path, _key, value in secrets.walk_strings(_plain(attrs.get(field_name)), (field_name,), res.name):
            yield path, res.name, value, None
        return
    if res.type in ("Parameter",):
        for path, _key, value in secrets.walk_strings(attrs.get("Default"), ("Default",), res.name):
            yield path, res.name, value, None
        return
    store = STORE_VALUES.get(res.type)
    if store is not None:
        yield from _store_values(res, *store)
        return
    if res.format == "cloudformation":
        for path, key, value in secrets.walk_strings(attrs.get("Properties"), ("Properties",)):
            yield path, key, value, None
        return
    if res.format == "kubernetes" and res.type == "Secret":
        yield from _k8s_secret_values(attrs)
        return
    if res.format == "kubernetes" and res.type == "Kustomization":
        yield from _kustomize_literals(attrs)
        return
    if res.format == "kubernetes" and res.type not in _K8S_WITH_VALUES:
        return
    if res.type in ("kubernetes_secret", "kubernetes_secret_v1"):
        for field_name in ("data", "binary_data"):
            for path, key, value in secrets.walk_strings(attrs.get(field_name), (field_name,)):
                yield path, key, value, secrets.name_strength(key) or (None if _not_secret_key(key) else "weak")
        return
    for path, key, value in secrets.walk_strings(attrs):
        yield path, key, value, None


# Secret stores: their value is a secret whatever it is called. type -> (value path, name path, only if)
STORE_VALUES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], str] | None]] = {
    "aws_ssm_parameter": (("value",), ("name",), (("type",), "SecureString")),
    "aws_secretsmanager_secret_version": (("secret_string",), ("secret_id",), None),
    "google_secret_manager_secret_version": (("secret_data",), ("secret",), None),
    "azurerm_key_vault_secret": (("value",), ("name",), None),
    "AWS::SecretsManager::Secret": (("Properties", "SecretString"), ("Properties", "Name"), None),
    "AWS::SSM::Parameter": (("Properties", "Value"), ("Properties", "Name"), (("Properties", "Type"), "SecureString")),
}


def _store_values(
    res: Resource, value_path: tuple[str, ...], name_path: tuple[str, ...], only_if: tuple[tuple[str, ...], str] | None
) -> Iterator[tuple[tuple[Any, ...], str | None, Any, str | None]]:
    """A secret store's value; a plain-text SSM parameter counts only under a secret-like name."""
    forced = "strong" if only_if is None or dig(res.attributes, list(only_if[0])) == only_if[1] else None
    name = dig(res.attributes, list(name_path))
    label = name if isinstance(name, str) else res.name
    value = dig(res.attributes, list(value_path))
    if isinstance(value, dict | list):
        for path, key, leaf in secrets.walk_strings(value, value_path):
            yield path, key, leaf, None
    elif value is not None:
        yield value_path, label, value, forced


_K8S_WITH_VALUES = {
    "ConfigMap",
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
}


def _not_secret_key(key: str | None) -> bool:
    """Keys of a Secret that hold public or non-secret data."""
    if not key:
        return False
    return key.lower().endswith((".crt", ".pub")) or secrets.names_no_secret(key)


def _kustomize_literals(attrs: Any) -> Iterator[tuple[tuple[Any, ...], str | None, Any, str | None]]:
    """``secretGenerator`` / ``configMapGenerator`` ``literals: [KEY=value]`` of a kustomization."""
    for field_name, is_secret in (("secretGenerator", True), ("configMapGenerator", False)):
        for i, generator in enumerate(items(attrs.get(field_name))):
            for j, literal in enumerate(items(generator.get("literals") if isinstance(generator, dict) else None)):
                if not isinstance(literal, str) or "=" not in literal:
                    continue
                key, _, value = literal.partition("=")
                strength = secrets.name_strength(key) or ("weak" if is_secret and not _not_secret_key(key) else None)
                yield (field_name, i, "literals", j), key, value, strength


def _docker_auth_strength(name: str | None) -> str | None:
    """Registry credentials: ``auth`` (base64 user:password) and ``password`` are secrets as written."""
    return "strong" if name in ("auth", "password", "identitytoken", "registrytoken") else None


def _k8s_secret_values(attrs: Any) -> Iterator[tuple[tuple[Any, ...], str | None, Any, str | None]]:
    if attrs.get("type") == "kubernetes.io/service-account-token":
        return
    for field_name, encoded in (("data", True), ("stringData", False)):
        values = attrs.get(field_name)
        if not isinstance(values, dict):
            continue
        for key, raw in values.items():
            value = secrets.decode_base64(raw) if encoded else raw
            if not isinstance(value, str) or "BEGIN CERTIFICATE" in value:
                continue
            if value.lstrip().startswith("{"):  # a JSON document (.dockerconfigjson, config.json): its own keys
                nested = list(secrets.walk_strings(value, (field_name, key)))
                if nested and any(path != (field_name, key) for path, _, _ in nested):
                    for _path, name, leaf in nested:
                        yield (field_name, key), name, leaf, _docker_auth_strength(name)
                    continue
            strength = secrets.name_strength(str(key)) or (None if _not_secret_key(str(key)) else "weak")
            yield (field_name, key), str(key), value, strength
