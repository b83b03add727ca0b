"""NPE-LIFE-001: a static IAM user access key for a machine."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import dig

RULE = Rule(
    id="NPE-LIFE-001",
    name="AwsStaticAccessKey",
    title="IAM user access key: a credential that never expires",
    family="non-expiring-credential",
    severity="high",
    owasp=("NHI7",),
    description=(
        "An IAM access key is valid until someone deletes it. Created in IaC it also lands in the state "
        "file, and CloudFormation rotates it only when Serial changes. Machines should use temporary "
        "credentials from a role."
    ),
    fix=(
        "Replace the user and key with a role the workload assumes: Lambda execution role, ECS task role, "
        "EC2 instance profile, IRSA / EKS Pod Identity, or OIDC federation for CI (GitHub Actions, GitLab)."
    ),
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    per_user: dict[str, list[str]] = {}
    for cred in graph.credentials.values():
        if cred.kind != "aws-access-key" or cred.resource is None:
            continue
        res = cred.resource
        status = res.attributes.get("status") or dig(res.attributes, ["Properties", "Status"])
        if isinstance(status, str) and status.lower() == "inactive":
            continue
        if cred.owner:
            per_user.setdefault(cred.owner, []).append(res.address)
        users = ", ".join(graph.workload_label(c) for c in cred.consumers)
        used = f", used by {users}" if users else ""
        yield Finding(
            rule=RULE,
            message=f"Access key {res.address} of {graph.label(cred.owner)} never expires{used}.",
            location=res.location,
            key=res.address,
            resource=res,
            identity=cred.owner,
            related=[(u.location, f"used by {graph.workload_label(u.consumer)}") for u in cred.uses],
        )
    for owner, keys in per_user.items():
        user = graph.identities.get(owner)
        if len(keys) < 2 or user is None or user.resource is None:
            continue
        yield Finding(
            rule=RULE,
            message=f"{graph.label(owner)} has {len(keys)} active access keys ({', '.join(sorted(keys))}): "
            "each is another copy of its power to revoke.",
            location=user.location,
            key=f"{owner}|several",
            resource=user.resource,
            identity=owner,
            severity="medium",
        )
