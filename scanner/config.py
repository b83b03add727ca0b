"""Limits a team may change, with documented defaults; read from ``.npe-scan.yaml`` and flags.

``.npe-scan.yaml`` at the repository root (or ``--config FILE``)::

    limits:
      max_secret_rotation_days: 30
      max_token_seconds: 3600
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

CONFIG_NAME = ".npe-scan.yaml"


@dataclass(frozen=True)
class Settings:
    """Each default names where it comes from (see the README's "Limits" table)."""

    # AWS Secrets Manager rotation: CIS AWS Foundations and Checkov CKV_AWS_304 ask for 90 days.
    max_secret_rotation_days: int = 90
    # Projected service-account tokens: the kubelet rotates after 80 % of the TTL or 24 h; a token
    # that lives longer than a day is long-lived (Kubernetes ServiceAccountTokenProjection docs).
    max_token_seconds: int = 86_400
    # Azure client secrets: Microsoft recommends lifetimes well under 12 months; half a year leaves
    # room for one rotation cycle.
    max_client_secret_days: int = 180
    # IAM role sessions: 3600 s is the IAM default; longer ones keep stolen sessions valid longer.
    max_session_seconds: int = 3_600
    # Key Vault secrets, keys and certificates: at most a year (CIS Azure 8.x asks for an expiry;
    # 398 days is the public-CA certificate maximum).
    max_key_vault_days: int = 365


def load(path: Path | None, root: Path, overrides: dict[str, Any]) -> Settings:
    """Defaults, then the config file, then flags; an unknown key is a usage error."""
    import yaml

    settings = Settings()
    candidate = path or (root / CONFIG_NAME)
    if candidate.is_file():
        data = yaml.safe_load(candidate.read_text("utf-8")) or {}
        limits = data.get("limits", {}) if isinstance(data, dict) else None
        if not isinstance(limits, dict):
            raise ValueError(f"{candidate}: expected a 'limits' mapping")
        settings = _apply(settings, limits, str(candidate))
    return _apply(settings, {k: v for k, v in overrides.items() if v is not None}, "flags")


def _apply(settings: Settings, values: dict[str, Any], source: str) -> Settings:
    known = {f.name for f in fields(Settings)}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"{source}: unknown limit '{key}' (known: {', '.join(sorted(known))})")
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"{source}: limit '{key}' must be a positive whole number")
    return replace(settings, **values)
