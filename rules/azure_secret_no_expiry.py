"""NPE-LIFE-007: an Azure AD application or service-principal password without an end date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import items, loc
from scanner.lifetimes import days_from_today, go_duration_seconds, parse_date
from scanner.model import Resource

RULE = Rule(
    id="NPE-LIFE-007",
    name="AzureClientSecretWithoutExpiry",
    title="Azure client secret without an end date, or valid beyond the limit",
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
    limit = settings.max_client_secret_days
    for cred in graph.credentials.values():
        if cred.kind != "azure-client-secret" or cred.resource is None:
            continue
        owner = graph.label(cred.owner)
        yield from _check_password(cred.resource, cred.resource.attributes, (), owner, cred.owner, limit)
    for res in graph.resources:
        if res.type == "azuread_application":  # inline password blocks (azuread 3.x)
            for i, block in enumerate(items(res.attributes.get("password"))):
                if isinstance(block, dict):
                    yield from _check_password(res, block, ("password", i), graph.label(res.id), res.id, limit)


def _check_password(
    res: Resource, attrs: dict[str, Any], path: tuple[Any, ...], owner: str, owner_id: str | None, limit: int
) -> Iterator[Finding]:
    end_date, relative = attrs.get("end_date"), attrs.get("end_date_relative")
    name = res.address + ("." + ".".join(map(str, path)) if path else "")
    if end_date is None and relative is None:
        message = f"Client secret {name} of {owner} has no end date."
        yield Finding(
            rule=RULE, message=message, location=loc(res, *path), key=f"{name}|none", resource=res, identity=owner_id
        )
        return
    day = parse_date(end_date)
    days = days_from_today(day) if day is not None else None
    hours = go_duration_seconds(relative)
    if days is None and hours is not None:
        days = int(hours // 86400)
    if days is not None and days > limit:
        where = loc(res, *path, "end_date" if end_date is not None else "end_date_relative")
        message = f"Client secret {name} of {owner} is valid for {days} days, beyond the {limit}-day limit."
        yield Finding(rule=RULE, message=message, location=where, key=f"{name}|long", resource=res, identity=owner_id)
