"""Start the real WSGI app over HTTP on 127.0.0.1 against the fake Slack Web API."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.settings import BotSettings
from bot.store import Store
from bot.web import create_wsgi_app
from masking.settings import MaskingSettings
from tests.fakes.slack_api import BOT_TOKEN, USER_TOKEN, FakeSlack
from tests.fakes.slack_requests import SIGNING_SECRET, SlackSender


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class BotUnderTest:
    fake: FakeSlack
    send: SlackSender
    store: Store
    settings: BotSettings
    server: WSGIServer

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def settings_for(fake: FakeSlack, database_url: str, *, user_token: bool = True, engine: str = "rules",
                 **overrides) -> BotSettings:
    values = dict(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                  slack_user_token=USER_TOKEN if user_token else "", slack_api_url=fake.api_url,
                  database_url=database_url, admins=("UADMIN",), monitored_channels=("CMONITOR",),
                  report_channel="CREPORT", masking=MaskingSettings(engine=engine))
    values.update(overrides)
    return BotSettings(**values)


def start_bot(fake: FakeSlack, settings: BotSettings) -> BotUnderTest:
    server = make_server("127.0.0.1", 0, create_wsgi_app(settings), server_class=_ThreadingServer,
                         handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    return BotUnderTest(fake, SlackSender(url, fake.url), Store(settings.database_url), settings, server)


def admin(bot: BotUnderTest, fake: FakeSlack, text: str, user: str = "UADMIN") -> str:
    """Run `/mask-admin TEXT` as `user`; the ephemeral answer's text."""
    before = len(fake.responses)
    bot.send.command("/mask-admin", text, user)
    return fake.wait_for(lambda: len(fake.responses) > before and fake.responses[-1])["text"]
