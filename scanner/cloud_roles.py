"""GCP and Azure role knowledge from ``data/gcp.yaml`` and ``data/azure.yaml``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def data(name: str) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(resources.files("scanner").joinpath(f"data/{name}.yaml").read_text("utf-8"))


def azure_privileged(role: str) -> tuple[str, str] | None:
    """(name, severity) of a privileged built-in role given by name or definition id."""
    key = role.rsplit("/", 1)[-1].lower()
    for entry in data("azure")["privileged_roles"]:
        if key in (entry["name"].lower(), entry["id"]):
            return entry["name"], entry["severity"]
    return None
