"""What the handlers do, independent of how Slack delivered the request."""
