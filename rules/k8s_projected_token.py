"""NPE-LIFE-004: projected service-account tokens that live too long or name no audience."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import dig, items, loc
from scanner.lifetimes import as_int

RULE = Rule(
    id="NPE-LIFE-004",
    name="KubernetesLongLivedProjectedToken",
    title="Projected service-account token with a long lifetime or no audience",
    family="non-expiring-credential",
    severity="medium",
    owasp=("NHI7", "NHI4"),
    description=(
        "A projected token lives expirationSeconds (one hour by default). Above the limit it is a "
        "long-lived credential; without an audience it is accepted by the Kubernetes API server and "
        "can be replayed there by any service it is sent to."
    ),
    fix="Set expirationSeconds to the shortest the client tolerates (minimum 600) and an audience naming its receiver.",
    formats=("terraform", "kubernetes"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for work in graph.workloads.values():
        path = work.pod_spec_path
        if path is None:
            continue
        tf = work.resource.format == "terraform"
        spec = dig(work.resource.attributes, list(path))
        for token_path, token in _tokens(spec, tf):
            seconds = as_int(token.get("expiration_seconds" if tf else "expirationSeconds"))
            audience = token.get("audience")
            where = loc(work.resource, *path, *token_path)
            if seconds is not None and seconds > settings.max_token_seconds:
                yield Finding(
                    rule=RULE,
                    message=f"{graph.workload_label(work.id)} mounts a token valid for {seconds} s, above the "
                    f"{settings.max_token_seconds} s limit.",
                    location=where,
                    key=f"{'.'.join(map(str, token_path))}|long",
                    resource=work.resource,
                    identity=work.identity,
                )
            if not audience:
                yield Finding(
                    rule=RULE,
                    message=f"{graph.workload_label(work.id)} mounts a projected token with no audience: "
                    "it is valid for the API server wherever it is sent.",
                    location=where,
                    key=f"{'.'.join(map(str, token_path))}|audience",
                    resource=work.resource,
                    identity=work.identity,
                    severity="low",
                )


def _tokens(spec: dict[str, Any], tf: bool) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    volumes_key, projected_key, sources_key = (
        ("volume", "projected", "sources") if tf else ("volumes", "projected", "sources")
    )
    token_key = "service_account_token" if tf else "serviceAccountToken"
    for i, vol in enumerate(items(spec.get(volumes_key))):
        projected = dig(vol, [projected_key])
        projected_path: tuple[Any, ...] = (volumes_key, i, projected_key)
        if isinstance(projected, list):
            projected, projected_path = (projected[0] if projected else None), (*projected_path, 0)
        if not isinstance(projected, dict):
            continue
        for j, source in enumerate(items(projected.get(sources_key))):
            token = source.get(token_key) if isinstance(source, dict) else None
            token_path = (*projected_path, sources_key, j, token_key)
            if isinstance(token, list):
                token, token_path = (token[0] if token else None), (*token_path, 0)
            if isinstance(token, dict):
                yield token_path, token
