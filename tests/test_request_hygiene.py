"""Request hygiene: signature first, replays refused, and no body or message text in any log
line, at any level, from any library (checked on a real `python -m bot` process's output)."""
import os
import subprocess
import sys
import time
import urllib.parse

import pytest

from tests.bot_harness import settings_for, start_bot
from tests.fakes.slack_requests import SlackSender
from tests.test_bot import PII_TEXT, message_event
from tests.test_store import _free_port, _wait_healthy


def test_non_numeric_timestamp_is_401(bot):
    assert bot.send.command("/mask", "hi", "UALICE", timestamp="abc").status == 401


def test_unsigned_malformed_body_is_401_not_400(bot):
    assert bot.send.post(b"{not json", "application/json", signed=False).status == 401


def test_a_replayed_command_is_refused(bot, fake):
    form = {"command": "/mask-admin", "text": "policy add DATE", "user_id": "UADMIN", "channel_id": "C0GENERAL",
            "trigger_id": "trigREPLAY", "team_id": "T0001", "response_url": f"{fake.url}/response/replay"}
    body = urllib.parse.urlencode(form).encode()
    stamp = str(int(time.time()))
    assert bot.send.post(body, "application/x-www-form-urlencoded", timestamp=stamp).status == 200
    time.sleep(0.3)
    assert bot.send.post(body, "application/x-www-form-urlencoded", timestamp=stamp).status == 401
    fake.wait_for(lambda: fake.responses)
    time.sleep(0.3)
    assert len(fake.responses) == 1


@pytest.mark.slow
def test_logs_hold_no_body_and_one_short_line_per_refused_request(fake, tmp_path):
    port = _free_port()
    settings = settings_for(fake, f"sqlite:///{tmp_path}/bot.db")
    env = {**os.environ, "SLACK_BOT_TOKEN": settings.slack_bot_token, "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
           "SLACK_USER_TOKEN": settings.slack_user_token, "SLACK_API_URL": fake.api_url,
           "DATABASE_URL": settings.database_url, "PORT": str(port), "MASKBOT_MONITORED_CHANNELS": "CMONITOR",
           "MASKBOT_ENGINE": "rules", "SLACK_APP_TOKEN": "", "LOG_LEVEL": "DEBUG"}
    log_path = tmp_path / "bot-hygiene.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        sender = SlackSender(f"http://127.0.0.1:{port}", fake.url)
        _wait_healthy(sender.app_url, proc, tmp_path)
        before = log_path.stat().st_size
        flood = b"x" * 950_000
        for _ in range(20):
            assert sender.post(flood, "application/json", signed=False).status in (401, 413)
        grown = log_path.stat().st_size - before
        assert grown <= 20 * 250, grown
        stale = sender.event(message_event("CMONITOR", "UALICE", PII_TEXT, "1.1"), timestamp=str(int(time.time()) - 400))
        assert stale.status == 401
        ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
        assert sender.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts)).status == 200
        fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
        assert sender.command("/mask", PII_TEXT, "UALICE").status == 200
        fake.wait_for(lambda: fake.responses)
        time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    output = log_path.read_text(errors="replace")
    for value in ("4111", "lena.schmidt", "example.de", "my card is"):
        assert value not in output, value
    assert all(len(line) < 400 for line in output.splitlines())


def test_database_outage_gets_a_clear_reply_not_silence(fake, tmp_path):
    import sqlite3

    path = tmp_path / "down.db"
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{path}?timeout=0.2"))
    lock = sqlite3.connect(path, timeout=5)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        assert bot.send.command("/mask-admin", "monitor <#CNEW|new>", "UADMIN").status == 200
        reply = fake.wait_for(lambda: fake.responses and fake.responses[-1])
        assert "database is unavailable; nothing was changed" in reply["text"]
    finally:
        lock.rollback()
        lock.close()
        bot.stop()


def test_a_failed_admin_lookup_denies_this_request_only(bot, fake):
    from tests.test_bot import admin

    fake.fail["users.info"] = [(500, "internal_error")] * 4  # the SDK's own retries see these too
    assert "only workspace admins" in admin(bot, fake, "status", user="UOWNER")
    fake.fail["users.info"] = []
    assert "*Engine:*" in admin(bot, fake, "status", user="UOWNER")


def test_admin_status_is_rechecked_within_30_seconds():
    from bot.services.profiles import ADMIN_TTL_S

    assert ADMIN_TTL_S <= 30
