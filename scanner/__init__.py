"""npe-scan: find shared secrets, wildcard grants and non-expiring credentials of machine identities in IaC."""

__version__ = "0.1.0"
