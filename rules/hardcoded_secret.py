"""NPE-SEC-002: a secret value written into the IaC itself."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph

CRITICAL_DETECTORS = {"aws-access-key-id", "private-key", "gcp-service-account-key", "azure-storage-key"}

RULE = Rule(
    id="NPE-SEC-002",
    name="HardcodedSecret",
    title="Secret value written in infrastructure code",
    family="hardcoded-secret",
    severity="high",
    owasp=("NHI2",),
    description=(
        "A password, token or key written in Terraform, CloudFormation or a Kubernetes manifest is in "
        "every clone, fork, CI log and state file of the repository, and cannot be rotated without a "
        "commit. Kubernetes Secret data is only base64, not encryption."
    ),
    fix=(
        "Rotate the value now. Then keep it in a secret store (AWS Secrets Manager or SSM SecureString, "
        "GCP Secret Manager, Azure Key Vault, External Secrets / CSI driver) and reference it: a "
        "variable without default, a NoEcho parameter, {{resolve:secretsmanager:...}}, secretKeyRef. "
        "Better, replace it with a workload identity so there is no secret."
    ),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    for cred in graph.credentials.values():
        found = cred.detection
        if cred.kind != "literal-secret" or found is None or cred.resource is None:
            continue
        res = cred.resource
        kind = "a secret value" if found.detector == "secret-name" else f"a {found.label}"
        users = ", ".join(graph.workload_label(c) for c in cred.consumers if c != res.id)
        used = f"; used by {users}" if users else ""
        yield Finding(
            rule=RULE,
            message=f"{res.address}: '{cred.name}' holds {kind} written in the code ({found.redacted}){used}.",
            location=cred.location,
            key=".".join(str(p) for p in cred.path),
            resource=res,
            related=[
                (u.location, f"used by {graph.workload_label(u.consumer)}") for u in cred.uses if u.consumer != res.id
            ],
            severity="critical" if found.detector in CRITICAL_DETECTORS else None,
            properties={"detector": found.detector},
        )
