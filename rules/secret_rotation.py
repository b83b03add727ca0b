"""NPE-LIFE-002: a Secrets Manager secret that is never rotated, or rotated too rarely."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.config import Settings
from scanner.findings import Finding, Rule
from scanner.graph import Graph
from scanner.graph.common import block, dig, loc
from scanner.lifetimes import as_int, rate_seconds
from scanner.model import Ref, Resource

RULE = Rule(
    id="NPE-LIFE-002",
    name="SecretWithoutRotation",
    title="Secrets Manager secret without rotation, or rotated less often than the limit",
    family="non-expiring-credential",
    severity="medium",
    owasp=("NHI7",),
    description=(
        "A stored secret that is never rotated stays valid for as long as it exists: a copy taken "
        "from a log, a laptop or a leaked environment keeps working. The default limit is 90 days "
        "(CIS AWS Foundations; Checkov CKV_AWS_304)."
    ),
    fix=(
        "Add aws_secretsmanager_secret_rotation (CloudFormation AWS::SecretsManager::RotationSchedule) "
        "with automatically_after_days at or below the limit, or replace the secret with an IAM role "
        "(RDS IAM authentication, workload identity)."
    ),
    formats=("terraform", "cloudformation"),
)

TF_SECRET, CFN_SECRET = "aws_secretsmanager_secret", "AWS::SecretsManager::Secret"


def check(graph: Graph, settings: Settings) -> Iterator[Finding]:
    schedules = _schedules(graph)
    limit = settings.max_secret_rotation_days
    declared = {(r.module, r.address) for r in graph.resources if r.type in (TF_SECRET, CFN_SECRET)}
    for key, (days, where, path) in schedules.items():
        if key not in declared and days is not None and days > limit:  # the secret lives elsewhere
            message = f"Secret {key[1]} is rotated every {days} days, above the {limit}-day limit."
            yield _finding(where, loc(where, *path), message, "slow")
    for res in graph.resources:
        if res.type not in (TF_SECRET, CFN_SECRET):
            continue
        found = schedules.get((res.module, res.address))
        inline = block(res.attributes.get("rotation_rules")) if res.type == TF_SECRET else None
        if found is None and isinstance(inline, dict):
            found = (_days(inline, "automatically_after_days", "schedule_expression"), res, ("rotation_rules",))
        if found is None:
            yield _finding(res, res.location, f"Secret {res.name} is never rotated.", "none")
            continue
        days, where, path = found
        if days is not None and days > limit:
            message = f"Secret {res.name} is rotated every {days} days, above the {limit}-day limit."
            yield _finding(res, loc(where, *path), message, "slow", [(res.location, "the secret")])


def _finding(res: Resource, where, message: str, key: str, related=None) -> Finding:
    return Finding(rule=RULE, message=message, location=where, key=key, resource=res, related=related or [])


def _days(rules: dict[str, Any], days_key: str, expr_key: str) -> int | None:
    days = as_int(rules.get(days_key))
    if days is not None:
        return days
    seconds = rate_seconds(rules.get(expr_key))
    return seconds // 86400 if seconds is not None else None


def _schedules(graph: Graph) -> dict[tuple[str, str], tuple[int | None, Resource, tuple[Any, ...]]]:
    """(module, secret address) -> (rotation days, schedule resource, path of its rules)."""
    out: dict[tuple[str, str], tuple[int | None, Resource, tuple[Any, ...]]] = {}
    for res in graph.resources:
        if res.type == "aws_secretsmanager_secret_rotation":
            target, rules = res.attributes.get("secret_id"), block(res.attributes.get("rotation_rules"))
            days = _days(rules, "automatically_after_days", "schedule_expression") if isinstance(rules, dict) else None
            path: tuple[Any, ...] = ("rotation_rules",)
        elif res.type == "AWS::SecretsManager::RotationSchedule":
            target = dig(res.attributes, ["Properties", "SecretId"])
            rules = dig(res.attributes, ["Properties", "RotationRules"])
            days = _days(rules, "AutomaticallyAfterDays", "ScheduleExpression") if isinstance(rules, dict) else None
            path = ("Properties", "RotationRules")
        else:
            continue
        if isinstance(target, Ref):
            out[(res.module, target.target)] = (days, res, path)
    return out
