"""NPE-LIFE-003: a legacy service-account token Secret, which never expires."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import loc
from scanner.graph.kubernetes import namespace, secret_id

RULE = Rule(
    id="NPE-LIFE-003",
    name="KubernetesLegacyTokenSecret",
    title="Secret of type kubernetes.io/service-account-token (a token that never expires)",
    family="non-expiring-credential",
    severity="high",
    owasp=("NHI7",),
    description=(
        "Token Secrets are the legacy way to get a service-account token: the token does not expire and "
        "is not rotated, and anyone who can read the Secret can act as the service account until the "
        "Secret is deleted. Kubernetes recommends against them since 1.24."
    ),
    fix=(
        "Delete the Secret. Pods get a short-lived projected token automatically; outside the cluster "
        "request one with the TokenRequest API (kubectl create token) with a short --duration."
    ),
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    yield from _listed_secrets(graph)
    for cred in graph.credentials.values():
        if cred.kind != "k8s-service-account-token" or cred.resource is None:
            continue
        owner = graph.label(cred.owner) if cred.owner else "no service account annotation"
        yield Finding(
            rule=RULE,
            message=f"Secret {cred.name} is a non-expiring token for {owner}{graph.run_by(cred.owner)}.",
            location=cred.location,
            key=cred.id,
            resource=cred.resource,
            identity=cred.owner,
        )


def _listed_secrets(graph: Graph) -> Iterator[Finding]:
    """A ServiceAccount whose ``secrets:`` list names token Secrets (the pre-1.24 way to get one)."""
    for ident in graph.identities.values():
        res = ident.resource
        if res is None or ident.kind != "k8s-service-account":
            continue
        key = "secret" if res.format == "terraform" else "secrets"
        listed = res.attributes.get(key)
        if not isinstance(listed, list) or not listed:
            continue
        ns = namespace(res)
        names = [
            str(s.get("name"))
            for s in listed
            if isinstance(s, dict) and s.get("name") and _token_secret(graph, ns, str(s.get("name")))
        ]
        if not names:
            continue
        yield Finding(
            rule=RULE,
            message=f"ServiceAccount {ident.name} lists {', '.join(names)} under {key}: "
            "references to long-lived token Secrets.",
            location=loc(res, key),
            key=f"{ident.id}|listed",
            resource=res,
            identity=ident.id,
            severity="medium",
        )


def _token_secret(graph: Graph, ns: str, name: str) -> bool:
    """A listed Secret that is (or, when not in the scan, is named like) a service-account token."""
    cred = graph.credentials.get(secret_id(ns, name))
    if cred is not None and cred.resource is not None:
        return cred.kind == "k8s-service-account-token"
    return "-token" in name
