"""Decide whether a literal value is a secret, and show it without revealing it.

Known credential formats come from ``data/secret_patterns.yaml``; a value under a secret-like
name counts when it is not a placeholder or a reference and, for weak names, looks random.
The raw value never leaves this module except as a salted hash (for equality within one run)
or a redacted form.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from scanner.located import TextLine
from scanner.model import Ref, Unknown
from scanner.origin import Derived

_SALT = os.urandom(16)  # per run: hashes compare values inside one scan and mean nothing after it
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")
_REFERENCE = re.compile(
    r"^(arn:|alias/|/|projects/|\{\{resolve:|\$\{|\$\(|@Microsoft\.KeyVault\(|secretsmanager:|ssm:|vault:|"
    r"https?://(?![^/\s]*:[^/\s]*@)|file://|sha256:|data\.|var\.|local\.)"
)
# Keys whose values are never secrets: policies, metadata, and references to where a value lives
# (Kubernetes env sources and their Terraform spellings).
SKIP_KEYS = {
    "policy", "assume_role_policy", "PolicyDocument", "AssumeRolePolicyDocument", "Policies", "inline_policy",
    "tags", "Tags", "tags_all", "labels", "description", "Description", "Metadata", "annotations", "DependsOn",
    "Condition", "Type", "selector", "matchLabels", "Outputs", "ManagedPolicyArns", "managed_policy_arns",
    "__labels__", "validation", "sensitive", "type", "image", "Image", "command", "args", "Command",
    "valueFrom", "value_from", "configMapKeyRef", "secretKeyRef", "configMapRef", "secretRef", "fieldRef",
    "resourceFieldRef", "config_map_key_ref", "secret_key_ref", "config_map_ref", "secret_ref", "field_ref",
}  # fmt: skip


# Attributes that hold a boot script: its assignments are read one by one.
SCRIPT_KEYS = {"user_data", "UserData", "custom_data", "startup-script", "startup_script", "user_data_base64"}
_ASSIGNMENT = re.compile(
    r"""^\s*(?:export\s+|set\s+|\$env:)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*["']?([^"'\s;]+)["']?\s*;?\s*$"""
)
_FLAG = re.compile(r"""(?:^|\s)--?([A-Za-z][A-Za-z0-9_-]*)(?:=|\s+)["']?([^-"'\s][^"'\s]*)""")


def script_lines(text: str) -> Iterator[tuple[int, str | None, str]]:
    """(line index, name, value) for each assignment or --flag of a boot script, (index, None, line)
    for other lines."""
    for index, line in enumerate(text.splitlines()):
        if not line.strip() or line.lstrip().startswith("#!"):
            continue
        m = _ASSIGNMENT.match(line)
        if m:
            yield index, m.group(1), m.group(2)
            continue
        flags = list(_FLAG.finditer(line))
        for f in flags:
            yield index, f.group(1), f.group(2)
        if not flags:
            yield index, None, line


# Lists of {name: X, value: Y} (env vars, tags, stack parameters): Y is named X.
PAIR_NAMES = ("name", "Name", "Key", "key", "ParameterKey", "OptionName")
PAIR_VALUES = ("value", "Value", "ParameterValue")


@dataclass(frozen=True)
class Detection:
    """Why a value is a secret; ``value`` stays in memory only."""

    detector: str
    label: str
    value: str

    @property
    def redacted(self) -> str:
        return redact(self.value)

    @property
    def digest(self) -> str:
        return digest(self.value)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("scanner").joinpath("data/secret_patterns.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    return {
        "patterns": [(p["id"], p["name"], re.compile(p["regex"])) for p in raw["patterns"]],
        "strong": set(raw["names"]["strong"]),
        "weak": set(raw["names"]["weak"]),
        "not_secret": set(raw["names"]["not_secret"]),
        "benign": set(raw["names"]["benign"]),
        "placeholders": re.compile(raw["placeholders"]),
    }


def redact(value: str) -> str:
    """A few leading characters and the length: enough to recognise, too little to use."""
    shown = min(4, len(value) // 8)
    return f"{value[:shown]}{'*' * 4} ({len(value)} chars)"


def digest(value: str) -> str:
    """Salted hash for equality inside one run; never printed."""
    return hashlib.sha256(_SALT + value.encode("utf-8", "replace")).hexdigest()


def name_tokens(name: str) -> list[str]:
    return [t.lower() for t in _CAMEL.split(name) if t]


def names_no_secret(name: str) -> bool:
    """A name whose last word says it holds a reference, size or switch (``secret_arn``, ``username``)."""
    tokens = name_tokens(name)
    return bool(tokens) and tokens[-1] in _data()["not_secret"]


def name_strength(name: str | None) -> str | None:
    """'strong', 'weak' or None for a key name."""
    if not name:
        return None
    data = _data()
    tokens = name_tokens(name)
    if not tokens or names_no_secret(name):
        return None
    pairs = {a + b for a, b in zip(tokens, tokens[1:], strict=False)}
    triples = {a + b + c for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)}
    joined = set(tokens) | pairs | triples
    if joined & data["benign"]:
        return None
    if joined & data["strong"]:
        return "strong"
    if joined & data["weak"]:
        return "weak"
    return None


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_SLUG = re.compile(r"^[a-z0-9]+(?:[-_./][a-z0-9]+)+$")


def names_a_secret(value: str) -> bool:
    """``app-db-password``, ``tfc-agent-k8s-secrets``: a lower-case name that says what it names."""
    return bool(_SLUG.match(value)) and bool(set(re.split(r"[-_./]", value)) & _data()["strong"])


def looks_random(value: str) -> bool:
    """Long, high-entropy, letters mixed with digits, no words or dotted names: a generated key."""
    if len(value) < 16 or entropy(value) < 3.5 or any(c.isspace() for c in value):
        return False
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    return not re.fullmatch(r"[a-z0-9_-]+(\.[a-z0-9_-]+)+", value)  # a dotted setting name


def is_placeholder(value: str) -> bool:
    v = value.strip()
    return bool(_data()["placeholders"].match(v)) or bool(_REFERENCE.match(v))


_CERTIFICATE_B64 = "LS0tLS1CRUdJTiBDRVJU"  # base64 of "-----BEGIN CERT": a public certificate


def detect(key: str | None, value: Any, strength: str | None = None) -> Detection | None:
    """A Detection when ``value`` (under ``key``) is a literal secret."""
    if not isinstance(value, str) or isinstance(value, Derived) or not value.strip():
        return None
    if "BEGIN CERTIFICATE" in value or value.lstrip().startswith(_CERTIFICATE_B64):
        return None
    for pid, pname, regex in _data()["patterns"]:
        m = regex.search(value)
        if m and not is_placeholder(m.group(0)):
            return Detection(pid, pname, value)
    strength = strength or name_strength(key)
    if strength is None or is_placeholder(value) or "${" in value:
        return None
    v = value.strip()
    if len(v) < 6 or len(v) > 4096 or v.isdigit() or len(v.split()) >= 3:
        return None
    if names_a_secret(v):
        return None
    if strength == "weak" and not looks_random(v):
        return None
    return Detection("secret-name", "secret value", value)


def decode_base64(value: Any) -> str | None:
    """A Kubernetes Secret ``data`` value, decoded; None when it is not base64 text."""
    if not isinstance(value, str):
        return None
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def walk_strings(
    value: Any, path: tuple[Any, ...] = (), key: str | None = None
) -> Iterator[tuple[tuple[Any, ...], str | None, str]]:
    """Every string leaf as (path, nearest key name, value); name/value pairs use the name."""
    if isinstance(value, dict):
        name_key = next((k for k in PAIR_NAMES if isinstance(value.get(k), str)), None)
        value_key = next((k for k in PAIR_VALUES if k in value), None)
        pair = name_key is not None and value_key is not None
        for k, v in value.items():
            if k in SKIP_KEYS or (pair and k == name_key):
                continue
            if pair and k == value_key:
                yield from walk_strings(v, (*path, k), value[name_key])
            else:
                yield from walk_strings(v, (*path, k), str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk_strings(v, (*path, i), key)
    elif isinstance(value, str) and key in SCRIPT_KEYS:
        text = decode_base64(value) if key == "user_data_base64" else value
        target = value if text is value else None
        for index, name, part in script_lines(text or ""):
            yield (*path, TextLine(index)) if target is not None else path, name, part
    elif isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in ("{", "[") and len(stripped) < 1_000_000:
            import json

            try:
                parsed = json.loads(stripped)
            except ValueError:
                parsed = None
            if isinstance(parsed, (dict, list)):
                yield from walk_strings(parsed, path, key)
                return
        yield path, key, value
    elif isinstance(value, (Ref, Unknown)):
        return
