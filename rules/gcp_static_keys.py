"""NPE-LIFE-014: GCP HMAC keys and API keys, which never expire."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import block

RULE = Rule(
    id="NPE-LIFE-014",
    name="GcpNonExpiringKey",
    title="GCP HMAC key or API key (no expiry)",
    family="non-expiring-credential",
    severity="high",
    owasp=("NHI7",),
    description=(
        "Cloud Storage HMAC keys and API keys stay valid until deleted, and Terraform stores their "
        "secrets in state. An API key without restrictions works for any API it is enabled for."
    ),
    fix=(
        "Use the service account itself (OAuth tokens through Workload Identity) instead of an HMAC key; "
        "restrict API keys to the APIs and clients that need them and rotate them."
    ),
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for res in graph.resources:
        if res.type == "google_storage_hmac_key":
            state = res.attributes.get("state")
            if isinstance(state, str) and state.upper() == "INACTIVE":
                continue
            cred = graph.credentials.get(res.id)
            owner = graph.label(cred.owner) if cred and cred.owner else "a service account"
            message = f"HMAC key {res.address} of {owner} never expires."
        elif res.type == "google_apikeys_key":
            restrictions = block(res.attributes.get("restrictions"))
            limited = isinstance(restrictions, dict) and restrictions.get("api_targets")
            message = f"API key {res.address} never expires" + ("." if limited else " and is not restricted to APIs.")
        else:
            continue
        yield Finding(rule=RULE, message=message, location=res.location, key=res.address, resource=res)
