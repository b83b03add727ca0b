"""The rule pack. Each module holds one rule: its metadata (``RULE``) beside its logic (``check``)."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from scanner.findings import Rule

MODULES = (
    "aws_admin_grant",
    "aws_service_wildcard",
    "aws_not_action",
    "aws_partial_wildcard",
    "aws_not_resource",
    "aws_resource_star",
    "aws_pass_role",
    "aws_privilege_escalation",
    "aws_trust_cross_account",
    "aws_trust_oidc",
    "aws_public_resource_policy",
    "aws_trust_any_principal",
    "k8s_cluster_admin_binding",
    "k8s_rbac_wildcard",
    "k8s_rbac_escalation",
    "k8s_secret_read",
    "k8s_token_request",
    "k8s_takeover",
    "gcp_basic_role",
    "gcp_impersonation_role",
    "gcp_default_compute_sa",
    "azure_privileged_role",
    "azure_custom_role_wildcard",
    "shared_literal_secret",
    "hardcoded_secret",
    "shared_store_secret",
    "shared_k8s_secret",
    "shared_credential",
    "shared_identity",
    "aws_access_key",
    "k8s_legacy_token",
    "azure_secret_no_expiry",
    "gcp_service_account_key",
    "gcp_static_keys",
    "secret_rotation",
    "long_session",
    "key_vault_expiry",
    "k8s_projected_token",
    "k8s_automount_token",
)


def load() -> list[ModuleType]:
    """Every rule module, sorted by rule id."""
    mods = [import_module(f"rules.{name}") for name in MODULES]
    return sorted(mods, key=lambda m: m.RULE.id)


def rules() -> list[Rule]:
    return [m.RULE for m in load()]
