"""maskbot's Slack app."""
