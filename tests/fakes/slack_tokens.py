"""The fake workspace's tokens and bot user, shared by the fake Slack's modules."""
BOT_TOKEN = "xoxb-test-bot"
USER_TOKEN = "xoxp-test-admin"
APP_TOKEN = "xapp-1-test-app"  # an app-level token: connections:write, for Socket Mode
BOT_USER = "UBOT0001"
