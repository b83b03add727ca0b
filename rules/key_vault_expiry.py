"""NPE-LIFE-009: Key Vault secrets, keys and certificates without an expiry, or expiring too late."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import block, dig, loc
from scanner.lifetimes import as_int, days_from_today, parse_date

RULE = Rule(
    id="NPE-LIFE-009",
    name="KeyVaultItemWithoutExpiry",
    title="Key Vault secret, key or certificate without expiry, or valid beyond the limit",
    family="non-expiring-credential",
    severity="medium",
    owasp=("NHI7",),
    description=(
        "A Key Vault secret or key without expiration_date never expires, so nothing forces the "
        "credential in it to be rotated (CIS Azure: set an expiry on every secret and key)."
    ),
    fix="Set expiration_date within the limit and rotate (Key Vault rotation policy, or time_rotating).",
    formats=("terraform",),
)

TYPES = {"azurerm_key_vault_secret": "secret", "azurerm_key_vault_key": "key"}


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    limit = settings.max_key_vault_days
    for res in graph.resources:
        if res.type in TYPES:
            expiry = res.attributes.get("expiration_date")
            kind = TYPES[res.type]
            if expiry is None:
                rotation = block(res.attributes.get("rotation_policy"))
                if isinstance(rotation, dict) and rotation.get("expire_after"):
                    continue
                yield _finding(res, res.location, f"Key Vault {kind} {res.name} has no expiration date.", "none")
                continue
            day = parse_date(expiry)
            if day is not None and days_from_today(day) > limit:
                message = (
                    f"Key Vault {kind} {res.name} expires in {days_from_today(day)} days, beyond the {limit}-day limit."
                )
                yield _finding(res, loc(res, "expiration_date"), message, "late")
        elif res.type == "azurerm_key_vault_certificate":
            months = as_int(
                dig(res.attributes, ["certificate_policy", "x509_certificate_properties", "validity_in_months"])
            )
            if months is not None and months * 30 > limit:
                where = loc(res, "certificate_policy")
                message = (
                    f"Key Vault certificate {res.name} is valid for {months} months, beyond the {limit}-day limit."
                )
                yield _finding(res, where, message, "late")


def _finding(res, where, message: str, key: str) -> Finding:
    return Finding(rule=RULE, message=message, location=where, key=key, resource=res)
