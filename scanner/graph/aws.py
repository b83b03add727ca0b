"""AWS IAM grants: every policy source in Terraform and CloudFormation, attached to its holder."""

from __future__ import annotations

import json
from typing import Any

from scanner.graph import Grant, Graph, Identity, Statement
from scanner.graph.common import dig, items, loc, resolve_identity
from scanner.located import span
from scanner.model import Location, Ref, Resource, Unknown

# Terraform: resource type -> (attribute naming the holder, attribute with the policy)
TF_INLINE = {
    "aws_iam_role_policy": ("role", "policy"),
    "aws_iam_user_policy": ("user", "policy"),
    "aws_iam_group_policy": ("group", "policy"),
}
TF_ATTACH = {
    "aws_iam_role_policy_attachment": ("role",),
    "aws_iam_user_policy_attachment": ("user",),
    "aws_iam_group_policy_attachment": ("group",),
    "aws_iam_policy_attachment": ("roles", "users", "groups"),
}
CFN_POLICY_TYPES = {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}
# Resource policies: who may use the resource, not what an identity may do.
RESOURCE_POLICIES = {
    "aws_s3_bucket_policy": ("policy",),
    "aws_s3_bucket": ("policy",),
    "aws_sqs_queue_policy": ("policy",),
    "aws_sqs_queue": ("policy",),
    "aws_sns_topic_policy": ("policy",),
    "aws_sns_topic": ("policy",),
    "aws_kms_key": ("policy",),
    "aws_secretsmanager_secret_policy": ("policy",),
    "aws_secretsmanager_secret": ("policy",),
    "aws_ecr_repository_policy": ("policy",),
    "aws_glacier_vault": ("access_policy",),
    "AWS::S3::BucketPolicy": ("Properties", "PolicyDocument"),
    "AWS::SQS::QueuePolicy": ("Properties", "PolicyDocument"),
    "AWS::SNS::TopicPolicy": ("Properties", "PolicyDocument"),
    "AWS::KMS::Key": ("Properties", "KeyPolicy"),
    "AWS::SecretsManager::ResourcePolicy": ("Properties", "ResourcePolicy"),
    "AWS::ECR::Repository": ("Properties", "RepositoryPolicyText"),
}
CFN_PRINCIPALS = {"AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}


def add_grants(graph: Graph) -> None:
    attachments = _tf_attachments(graph)
    for res in graph.resources:
        path = RESOURCE_POLICIES.get(res.type)
        if path is not None:
            _add_document(graph, res, dig(res.attributes, list(path)), path, [], "aws-resource-policy")
            continue
        if res.format == "terraform":
            _terraform(graph, res, attachments)
        elif res.format == "cloudformation":
            _cloudformation(graph, res)
    _unused_documents(graph)


def _unused_documents(graph: Graph) -> None:
    """A ``data "aws_iam_policy_document"`` nothing in the scan uses: still written, so still judged,
    as an identity policy when no statement names a principal (else it is a resource policy)."""
    from scanner.parse.terraform import policy_from_document

    for res in graph.resources:
        if res.type != "data.aws_iam_policy_document" or graph.referrers(res):
            continue
        blocks = items(res.attributes.get("statement"))
        if any(isinstance(b, dict) and ("principals" in b or "not_principals" in b) for b in blocks):
            continue
        _add_document(graph, res, policy_from_document(res.attributes, res.location.file), ("statement",), [])


# --------------------------------------------------------------------------- documents


def parse_document(policy: Any) -> dict[str, Any] | None:
    """A policy document as data, from data, JSON text or nothing knowable."""
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError:
            return None
    return policy if isinstance(policy, dict) else None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if not isinstance(v, Unknown)]


def statements(policy: Any) -> list[tuple[Statement, Any]]:
    """Normalised statements of a document, with the raw statement for its location."""
    doc = parse_document(policy)
    if doc is None:
        return []
    raw = doc.get("Statement")
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    out = []
    for i, stmt in enumerate(items):
        if not isinstance(stmt, dict):
            continue
        principal = stmt.get("Principal")
        not_principal = stmt.get("NotPrincipal")
        condition = stmt.get("Condition")
        out.append(
            (
                Statement(
                    effect=str(stmt.get("Effect", "Allow")),
                    actions=_as_list(stmt.get("Action")),
                    not_actions=_as_list(stmt.get("NotAction")),
                    resources=_as_list(stmt.get("Resource")),
                    not_resources=_as_list(stmt.get("NotResource")),
                    principals=_principals(principal),
                    not_principals=_principals(not_principal),
                    conditions=condition if isinstance(condition, dict) else {},
                    index=i,
                ),
                stmt,
            )
        )
    return out


def _principals(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {str(k): _as_list(v) for k, v in value.items()}
    return str(value)


def _statement_location(res: Resource, raw: Any, fallback: tuple[Any, ...]) -> Location:
    s = span(raw)
    if s and s[0] > 0:
        return Location(getattr(raw, "file", None) or res.location.file, s[0], s[1])
    return loc(res, *fallback)


def _add_document(
    graph: Graph,
    res: Resource,
    policy: Any,
    path: tuple[Any, ...],
    holders: list[tuple[str | None, list]],
    kind: str = "aws-policy",
) -> None:
    parsed = statements(policy)
    if not parsed and policy is not None and parse_document(policy) is None:
        for holder, via in holders:  # a policy known only at apply time: the holder's tier is unknown
            graph.grants.append(Grant(kind="aws-unknown", location=loc(res, *path), source=res, holder=holder, via=via))
    for stmt, raw in parsed:
        where = _statement_location(res, raw, path)
        for holder, via in holders or [(None, [])]:
            graph.grants.append(Grant(kind=kind, location=where, source=res, holder=holder, via=via, statement=stmt))


def _add_managed(graph: Graph, res: Resource, arns: Any, path: tuple[Any, ...], holder: str | None, via: list) -> None:
    items = arns if isinstance(arns, list) else [arns] if arns is not None else []
    for i, arn in enumerate(items):
        if isinstance(arn, Ref):
            target = graph.resource_at(res.module, arn)
            if target is not None and target.type in ("aws_iam_policy", "AWS::IAM::ManagedPolicy"):
                continue  # that policy's statements are attached through _tf_attachments / CFN below
        if isinstance(arn, str) and (":policy/" in arn or "/" not in arn):
            where = loc(res, *path, i) if isinstance(arns, list) else loc(res, *path)
            graph.grants.append(
                Grant(kind="aws-managed-policy", location=where, source=res, holder=holder, via=via, role=arn)
            )


# --------------------------------------------------------------------------- Terraform


def _tf_attachments(graph: Graph) -> dict[tuple[str, str], list[tuple[str | None, list]]]:
    """aws_iam_policy address -> [(holder, [(attachment location, label)])]; managed ARNs become grants."""
    out: dict[tuple[str, str], list[tuple[str | None, list]]] = {}
    for res in graph.resources:
        keys = TF_ATTACH.get(res.type)
        if not keys:
            continue
        policy_arn = res.attributes.get("policy_arn")
        holders: list[str | None] = []
        for key in keys:
            for value in (
                res.attributes.get(key) if isinstance(res.attributes.get(key), list) else [res.attributes.get(key)]
            ):
                if value is not None:
                    holders.append(resolve_identity(graph, res, value))
        via = [(res.location, "attachment")]
        if isinstance(policy_arn, Ref):
            target = graph.resource_at(res.module, policy_arn)
            if target is not None:
                for holder in holders or [None]:
                    out.setdefault((res.module, target.address), []).append((holder, via))
        elif isinstance(policy_arn, str):
            for holder in holders or [None]:
                _add_managed(graph, res, policy_arn, ("policy_arn",), holder, via)
    return out


def _terraform(graph: Graph, res: Resource, attachments: dict) -> None:
    attrs = res.attributes
    if res.type == "aws_iam_policy":
        holders = attachments.get((res.module, res.address), [])
        _add_document(graph, res, attrs.get("policy"), ("policy",), holders)
    elif res.type in TF_INLINE:
        holder_key, policy_key = TF_INLINE[res.type]
        holder = resolve_identity(graph, res, attrs.get(holder_key))
        _add_document(graph, res, attrs.get(policy_key), (policy_key,), [(holder, [])])
    elif res.type == "aws_iam_role":
        _add_document(graph, res, attrs.get("assume_role_policy"), ("assume_role_policy",), [(res.id, [])], "aws-trust")
        for i, inline in enumerate(items(attrs.get("inline_policy"))):
            if isinstance(inline, dict):
                _add_document(graph, res, inline.get("policy"), ("inline_policy", i, "policy"), [(res.id, [])])
        _add_managed(graph, res, attrs.get("managed_policy_arns"), ("managed_policy_arns",), res.id, [])
        for ref in items(attrs.get("managed_policy_arns")):
            target = graph.resource_at(res.module, ref) if isinstance(ref, Ref) else None
            if target is not None and target.type == "aws_iam_policy":
                via = [(loc(res, "managed_policy_arns"), "managed_policy_arns")]
                _add_document(graph, target, target.attributes.get("policy"), ("policy",), [(res.id, via)])


# --------------------------------------------------------------------------- CloudFormation


def _cloudformation(graph: Graph, res: Resource) -> None:
    props = res.attributes.get("Properties")
    if not isinstance(props, dict):
        props = {}
    if res.type in CFN_POLICY_TYPES:
        holders: list[tuple[str | None, list]] = []
        for key in ("Roles", "Users", "Groups"):
            for i, value in enumerate(items(props.get(key))):
                holders.append((resolve_identity(graph, res, value), [(loc(res, "Properties", key, i), key)]))
        _add_document(graph, res, props.get("PolicyDocument"), ("Properties", "PolicyDocument"), holders)
    elif res.type in CFN_PRINCIPALS:
        if res.type == "AWS::IAM::Role":
            _add_document(
                graph,
                res,
                props.get("AssumeRolePolicyDocument"),
                ("Properties", "AssumeRolePolicyDocument"),
                [(res.id, [])],
                "aws-trust",
            )
        for i, policy in enumerate(items(props.get("Policies"))):
            if isinstance(policy, dict):
                path = ("Properties", "Policies", i, "PolicyDocument")
                _add_document(graph, res, policy.get("PolicyDocument"), path, [(res.id, [])])
        arns = props.get("ManagedPolicyArns")
        _add_managed(graph, res, arns, ("Properties", "ManagedPolicyArns"), res.id, [])
        for i, ref in enumerate(arns if isinstance(arns, list) else []):
            target = graph.resource_at(res.module, ref) if isinstance(ref, Ref) else None
            if target is not None and target.type == "AWS::IAM::ManagedPolicy":
                tprops = target.attributes.get("Properties") or {}
                via = [(loc(res, "Properties", "ManagedPolicyArns", i), "ManagedPolicyArns")]
                _add_document(
                    graph, target, tprops.get("PolicyDocument"), ("Properties", "PolicyDocument"), [(res.id, via)]
                )
    elif res.type == "AWS::Serverless::Function":
        _sam_function(graph, res, props)


def _sam_function(graph: Graph, res: Resource, props: dict[str, Any]) -> None:
    """SAM gives a function without ``Role`` a generated role holding its ``Policies``."""
    work = graph.workloads.get(res.id)
    if work is None or props.get("Role") is not None:
        return
    ident_id = f"{res.id}Role"
    graph.identities[ident_id] = Identity(ident_id, f"{res.name}Role", "aws-iam-role", "aws", res.location, res)
    work.identity = ident_id
    policies = props.get("Policies")
    items = policies if isinstance(policies, list) else [policies] if policies is not None else []
    for i, policy in enumerate(items):
        path = ("Properties", "Policies", i) if isinstance(policies, list) else ("Properties", "Policies")
        if isinstance(policy, str):
            _add_managed(graph, res, policy, path, ident_id, [])
        elif isinstance(policy, dict) and "Statement" in policy:
            _add_document(graph, res, policy, path, [(ident_id, [])])


def arn_name(arn: str) -> str:
    """``arn:aws:iam::aws:policy/AdministratorAccess`` -> ``AdministratorAccess``."""
    return arn.rsplit("/", 1)[-1]


def principal_values(principals: Any) -> list[tuple[str, str]]:
    """(type, value) pairs of a normalised Principal; ``"*"`` is ("*", "*")."""
    if principals is None:
        return []
    if isinstance(principals, str):
        return [("*", principals)] if principals == "*" else [("AWS", principals)]
    return [(k, v) for k, values in principals.items() for v in values]


def holder_names(graph: Graph, grant: Grant) -> str:
    ident = graph.identities.get(grant.holder or "")
    return ident.name if ident else ""


def resource_value(res: Resource, *path: Any) -> Any:
    return dig(res.attributes, list(path))
