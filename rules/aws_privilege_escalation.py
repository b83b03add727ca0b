"""NPE-PERM-AWS-008: a set of permissions that lets the identity raise its own privileges."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from scanner import iam
from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Grant, Graph

RULE = Rule(
    id="NPE-PERM-AWS-008",
    name="AwsPrivilegeEscalation",
    title="AWS permissions allow privilege escalation",
    family="wildcard-permission",
    severity="high",
    owasp=("NHI5",),
    description=(
        "Together, these actions on every resource let the identity give itself more power: attach or "
        "write a policy, create a key for another user, or pass a stronger role to code it controls. "
        "All statements of the identity count together; an unconditional Deny takes actions away. "
        "Methods follow Rhino Security Labs' AWS privilege-escalation research."
    ),
    fix=(
        "Remove one action of the method, or scope it: resource ARNs for the users, roles and policies "
        "concerned, iam:PassedToService on PassRole, a permissions boundary on roles the identity creates."
    ),
    formats=("terraform", "cloudformation"),
)


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    groups: dict[str, list[Grant]] = defaultdict(list)
    for grant in graph.grants:
        if grant.kind == "aws-policy" and grant.statement is not None:
            groups[grant.holder or f"policy:{grant.source.id}"].append(grant)
    for holder_key, grants in groups.items():
        if any(iam.is_admin_statement(g.statement) for g in grants if g.statement):
            continue  # NPE-PERM-AWS-001: already administrator
        by_statement = {id(g.statement): g for g in grants}
        methods, allowed_by = iam.escalations([g.statement for g in grants])
        if not methods:
            continue
        allowed = {action: by_statement[id(stmt)] for action, stmt in allowed_by.items()}
        first = allowed[methods[0]["actions"][0].lower()]
        holder = grants[0].holder
        places = {allowed[a.lower()].location for m in methods for a in m["actions"]} - {first.location}
        who = graph.holder_label(first)
        admin = [m["name"] for m in methods if m.get("admin")]
        names = ", ".join(m["name"] for m in methods[:4]) + (" …" if len(methods) > 4 else "")
        yield Finding(
            rule=RULE,
            message=f"{who} can escalate its privileges through {len(methods)} method(s) "
            f"({names}), e.g. with {', '.join(methods[0]['actions'])} on every resource"
            + (f"; {admin[0]} reaches administrator." if admin else "."),
            location=first.location,
            key=holder_key,
            resource=first.source,
            identity=holder,
            related=[(loc, "also part of the escalation") for loc in sorted(places)] + first.via,
            severity="critical" if admin else None,
            properties={"methods": [m["name"] for m in methods]},
        )
