"""`python -m bot`: HTTP on $PORT under gunicorn, or Socket Mode when SLACK_APP_TOKEN is set."""
from __future__ import annotations

import atexit
import os
import signal
import sys

from bot import clients, log_hygiene
from bot.settings import BotSettings


def _few_malloc_arenas() -> None:
    """glibc gives busy threads malloc arenas of their own and rarely hands their memory back; a
    flood of long messages on many threads then holds hundreds of MB. Two arenas keep the peak
    under 400 MB (benchmarks/bot_load.py); set once, by re-executing before anything is loaded."""
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return
    os.environ["MALLOC_ARENA_MAX"] = "2"
    os.execv(sys.executable, [sys.executable, "-m", "bot"])


def main() -> int:
    _few_malloc_arenas()
    try:
        settings = BotSettings.from_env()
    except ValueError as exc:
        print(f"maskbot: {exc}", file=sys.stderr)
        return 2
    log_hygiene.configure(settings.log_level)
    missing = settings.missing()
    if missing:
        print(f"maskbot: missing required settings: {', '.join(missing)} (see .env.example)", file=sys.stderr)
        return 2
    problem = clients.check_slack(settings)
    if problem:
        print(f"maskbot: cannot use Slack at {settings.slack_api_url}: {problem}", file=sys.stderr)
        return 2
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        from bot.app import create_app

        app, services = create_app(settings, clients.bot_client(settings), clients.user_client(settings))
        # SIGTERM ends the process through sys.exit, so the claimed jobs are handed back on the way out.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        atexit.register(services.redaction_queue.hand_back)
        SocketModeHandler(app, settings.slack_app_token).start()
        return 0
    from bot.server import serve

    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
