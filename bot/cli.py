"""`maskbot run`: serve Slack when it is configured, otherwise show the offline demo."""
from __future__ import annotations

import argparse
import sys

from bot.settings import BotSettings
from masking.demo import run_demo
from masking.engines import build_pipeline

CONNECT_HELP = """\
To connect Slack, create the app from manifest.yml (api.slack.com/apps -> Create New App ->
From a manifest), install it to your workspace, then set in the environment or in .env:
  SLACK_BOT_TOKEN=xoxb-...        (OAuth & Permissions -> Bot User OAuth Token)
  SLACK_SIGNING_SECRET=...        (Basic Information -> Signing Secret), for HTTP mode, or
  SLACK_APP_TOKEN=xapp-...        (Basic Information -> App-Level Tokens, connections:write), for Socket Mode
and run `make run` again. See .env.example for the optional settings."""


def register_run(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="serve the Slack app if configured, otherwise run the demo")
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    settings = BotSettings.from_env()
    if settings.partly_configured:
        print(f"maskbot: Slack is partly configured; missing: {', '.join(settings.missing())} (see .env.example)",
              file=sys.stderr)
        return 2
    if not settings.missing():
        from bot.__main__ import main as serve_bot

        return serve_bot()
    run_demo(build_pipeline(settings.masking), sys.stdout)
    print(CONNECT_HELP, file=sys.stderr)
    return 0
