"""Emitters: findings to SARIF, JSON, text and Markdown. They know formats, not clouds."""
