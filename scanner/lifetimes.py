"""Read the lifetimes IaC writes: ISO dates, Go durations ("720h"), ISO 8601 durations ("PT8H"),
rate expressions ("rate(30 days)")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_GO = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?\s*$")
_ISO = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE)
_RATE = re.compile(r"^\s*rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def parse_date(text: object) -> date | None:
    """``2027-01-31`` or an RFC 3339 timestamp; None when not a literal date."""
    if not isinstance(text, str):
        return None
    value = text.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def days_from_today(day: date, today: date | None = None) -> int:
    return (day - (today or datetime.now(UTC).date())).days


def go_duration_seconds(text: object) -> float | None:
    """``8760h``, ``90m``, ``1h30m``; None when not a duration."""
    if not isinstance(text, str) or not text.strip():
        return None
    m = _GO.match(text)
    if not m or not any(m.groups()):
        return None
    h, mins, s = (float(g) if g else 0.0 for g in m.groups())
    return h * 3600 + mins * 60 + s


def iso_duration_seconds(text: object) -> int | None:
    """``PT8H``, ``P1DT2H``; None when not an ISO 8601 duration."""
    if not isinstance(text, str):
        return None
    m = _ISO.match(text.strip())
    if not m or not any(m.groups()):
        return None
    d, h, mins, s = (int(g) if g else 0 for g in m.groups())
    return d * 86400 + h * 3600 + mins * 60 + s


def rate_seconds(text: object) -> int | None:
    """``rate(30 days)``; None for cron expressions and anything else."""
    if not isinstance(text, str):
        return None
    m = _RATE.match(text)
    if not m:
        return None
    unit = m.group(2).lower().rstrip("s")
    return int(m.group(1)) * _UNIT_SECONDS[unit]


def as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
