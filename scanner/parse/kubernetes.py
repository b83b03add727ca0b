"""Kubernetes manifests: every document of a multi-document YAML (or a JSON manifest) as a Resource."""

from __future__ import annotations

from typing import Any

from scanner.located import LocatedDict, span
from scanner.model import Location, Resource, Suppression
from scanner.yaml_safe import compose_documents, to_value

CLUSTER_SCOPED = {
    "ClusterRole",
    "ClusterRoleBinding",
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "CustomResourceDefinition",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "PriorityClass",
    "APIService",
    "CertificateSigningRequest",
    "IngressClass",
    "RuntimeClass",
    "ClusterIssuer",
    "PodSecurityPolicy",
    "VolumeAttachment",
    "CSIDriver",
}
SUPPRESS_PREFIX = "ignore.npe-scan.io/"


def documents(text: str) -> list[Any]:
    """The documents of a YAML stream, bounded (see yaml_safe)."""
    return [to_value(node) for node in compose_documents(text)]


def to_resources(docs: list[Any], file: str) -> list[Resource]:
    out: list[Resource] = []
    for doc in docs:
        for item in _items(doc):
            res = _resource(item, file)
            if res is not None:
                out.append(res)
    return out


def _items(doc: Any) -> list[Any]:
    if isinstance(doc, dict) and str(doc.get("kind", "")).endswith("List") and isinstance(doc.get("items"), list):
        return list(doc["items"])
    return [doc]


def _resource(doc: Any, file: str) -> Resource | None:
    if not isinstance(doc, dict) or not isinstance(doc.get("kind"), str) or "apiVersion" not in doc:
        return None
    kind = doc["kind"]
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    name = str(meta.get("name") or meta.get("generateName") or "unnamed")
    if kind in CLUSTER_SCOPED:
        address = f"{kind}/{name}"
    else:
        address = f"{namespace_of(doc)}/{kind}/{name}"
    first, last = span(doc) or (1, 1)
    res = Resource(
        format="kubernetes",
        type=kind,
        name=name,
        address=address,
        module="kubernetes",
        location=Location(file, first, last),
        attributes=doc if isinstance(doc, LocatedDict) else LocatedDict(doc),
    )
    res.suppressions.extend(annotation_suppressions(meta.get("annotations")))
    return res


def namespace_of(doc: Any) -> str:
    meta = doc.get("metadata") if isinstance(doc, dict) else None
    ns = meta.get("namespace") if isinstance(meta, dict) else None
    return str(ns) if ns else "default"


def annotation_suppressions(annotations: Any) -> list[Suppression]:
    """``ignore.npe-scan.io/NPE-SEC-002: "reason [until=2027-01-31]"`` annotations."""
    out: list[Suppression] = []
    if not isinstance(annotations, dict):
        return out
    for key, value in annotations.items():
        if isinstance(key, str) and key.startswith(SUPPRESS_PREFIX):
            from scanner.suppress import split_reason

            reason, until = split_reason(str(value or ""))
            out.append(Suppression(rule_id=key[len(SUPPRESS_PREFIX) :], reason=reason, until=until))
    return out
