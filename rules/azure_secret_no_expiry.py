"""NPE-LIFE-007: an Azure AD application or service-principal password without an end date."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

RULE = Rule(
    id="NPE-LIFE-007",
    name="AzureClientSecretWithoutExpiry",
    title="Azure client secret without an end date",
    family="non-expiring-credential",
    severity="high",
    owasp=("NHI7",),
    description=(
        "azuread_application_password and azuread_service_principal_password without end_date (or "
        "end_date_relative) send no end date, so the secret lives as long as the tenant's policy allows, "
        "often years, and sits in the Terraform state."
    ),
    fix=(
        "Prefer a federated identity credential (azuread_application_federated_identity_credential) or a "
        "managed identity. If a secret is unavoidable set a short end_date and rotate it with "
        "rotate_when_changed and time_rotating."
    ),
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for cred in graph.credentials.values():
        if cred.kind != "azure-client-secret" or cred.resource is None:
            continue
        attrs = cred.resource.attributes
        if attrs.get("end_date") is not None or attrs.get("end_date_relative") is not None:
            continue
        yield Finding(
            rule=RULE,
            message=f"Client secret {cred.resource.address} of {graph.label(cred.owner)} has no end date.",
            location=cred.location,
            key=cred.resource.address,
            resource=cred.resource,
            identity=cred.owner,
        )
