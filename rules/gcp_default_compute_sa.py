"""NPE-PERM-GCP-004: a VM running as the default compute service account with the cloud-platform scope."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.cloud_roles import data
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import block, items, loc

TYPES = ("google_compute_instance", "google_compute_instance_template", "google_compute_instance_from_template")

RULE = Rule(
    id="NPE-PERM-GCP-004",
    name="GcpDefaultComputeServiceAccount",
    title="VM uses the default compute service account with full cloud-platform access",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        "The default compute service account holds roles/editor on the project unless it was "
        "deprivileged; with the cloud-platform scope every process on the VM can use all of it."
    ),
    fix="Create a dedicated service account with the roles the VM needs and set it in service_account.email.",
    formats=("terraform",),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    default = re.compile(data("gcp")["default_service_account"])
    full_scopes = set(data("gcp")["cloud_platform_scopes"])
    for res in graph.resources:
        if res.type not in TYPES:
            continue
        account = block(res.attributes.get("service_account"))
        if not isinstance(account, dict):
            continue
        email = account.get("email")
        scopes = {str(s) for s in items(account.get("scopes")) if isinstance(s, str)}
        if (email is None or (isinstance(email, str) and default.search(email))) and scopes & full_scopes:
            yield Finding(
                rule=RULE,
                message=f"{res.type} {res.name} runs as the default compute service account with the "
                "cloud-platform scope.",
                location=loc(res, "service_account"),
                key=res.address,
                resource=res,
            )
