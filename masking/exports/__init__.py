"""Masking whole Slack exports and datasets, on one core, every core, or Ray Data."""
