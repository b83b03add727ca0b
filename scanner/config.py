"""Settings a team may change: lifetimes and thresholds, with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Defaults and where they come from are in the README."""

    max_secret_rotation_days: int = 90  # CIS AWS 2.x / checkov CKV_AWS_304: rotate within 90 days
    max_token_seconds: int = 86_400  # a projected token living beyond a day is a long-lived token
    max_client_secret_days: int = 180  # Microsoft recommends less than 12 months; half a year here
    max_session_seconds: int = 3_600  # the IAM role default; longer sessions need a reason
