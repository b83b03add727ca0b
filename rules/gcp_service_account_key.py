"""NPE-LIFE-008: a user-managed GCP service-account key."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-LIFE-008",
    name="GcpUserManagedServiceAccountKey",
    title="User-managed GCP service-account key (valid for ten years by default)",
    family="non-expiring-credential",
    severity="high",
    owasp=("NHI7",),
    description=(
        "A google_service_account_key is a private key that stays valid until deleted (the default "
        "validity is ten years), and Terraform writes it to the state file. CIS GCP 1.4 asks for no "
        "user-managed keys."
    ),
    fix=(
        "Attach the service account to the workload (Compute, Cloud Run, GKE Workload Identity) or use "
        "Workload Identity Federation from outside GCP; enforce iam.disableServiceAccountKeyCreation."
    ),
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for cred in graph.credentials.values():
        if cred.kind != "gcp-service-account-key" or cred.resource is None:
            continue
        users = ", ".join(graph.workload_label(c) for c in cred.consumers)
        used = f", used by {users}" if users else ""
        yield Finding(
            rule=RULE,
            message=f"Key {cred.resource.address} of {graph.label(cred.owner)} is a long-lived private key{used}.",
            location=cred.location,
            key=cred.resource.address,
            resource=cred.resource,
            identity=cred.owner,
            related=[(u.location, f"used by {graph.workload_label(u.consumer)}") for u in cred.uses],
        )
