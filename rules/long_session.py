"""NPE-LIFE-013: role or permission-set sessions longer than the limit."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import dig, loc
from scanner.lifetimes import as_int, iso_duration_seconds

RULE = Rule(
    id="NPE-LIFE-013",
    name="LongSessionDuration",
    title="IAM role or SSO permission set allows sessions longer than the limit",
    family="non-expiring-credential",
    severity="medium",
    owasp=("NHI7",),
    description=(
        "Temporary credentials are only as short-lived as their session: a 12-hour session stolen "
        "from a machine stays usable for 12 hours. The IAM default is one hour."
    ),
    fix="Lower max_session_duration (MaxSessionDuration, SessionDuration) to the limit; machines can re-assume.",
    formats=("terraform", "cloudformation"),
)

# resource type -> (attribute path, parser)
SOURCES = {
    "aws_iam_role": (("max_session_duration",), as_int),
    "AWS::IAM::Role": (("Properties", "MaxSessionDuration"), as_int),
    "aws_ssoadmin_permission_set": (("session_duration",), iso_duration_seconds),
    "AWS::SSO::PermissionSet": (("Properties", "SessionDuration"), iso_duration_seconds),
}


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    limit = settings.max_session_seconds
    for res in graph.resources:
        source = SOURCES.get(res.type)
        if source is None:
            continue
        path, parse = source
        seconds = parse(dig(res.attributes, list(path)))
        if seconds is None or seconds <= limit:
            continue
        who = graph.label(res.id) if res.id in graph.identities else f"permission set {res.name}"
        yield Finding(
            rule=RULE,
            message=f"{who}{graph.run_by(res.id)}: sessions last up to {seconds // 3600} h ({seconds} s), "
            f"above the {limit} s limit.",
            location=loc(res, *path),
            key=res.address,
            resource=res,
            identity=res.id if res.id in graph.identities else None,
        )
