"""`/mask-admin scan`: a channel's past messages, through the fake Slack's HTTP boundary."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.services.history_scan import PACES, ReadPace, ScanWorker
from tests.bot_harness import admin, settings_for, start_bot

PII = ("call Maria Garcia on +1 415 555 0134", "mail ann.lee@example.com the contract",
       "card 4111 1111 1111 1111 for the refund")
CLEAN = ("deploy finished", "lgtm", "standup moved to 10:30", "rolled back the config push")
FAST = ReadPace(page_size=3, interval_s=0.0)


@pytest.fixture
def bot(fake, tmp_path):
    under_test = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/bot.db"))
    yield under_test
    under_test.stop()



def scanner(bot, **kw) -> ScanWorker:
    from bot import clients
    from bot.services.container import Services

    services = Services.build(bot.settings, clients.bot_client(bot.settings), clients.user_client(bot.settings))
    return ScanWorker(services, pace=kw.pop("pace", FAST), post_interval_s=0.0, progress_every_s=0.0, **kw)


def history(fake, channel="CMONITOR"):
    """(pii ts, clean ts, reply ts with PII): ten by people (a thread of two replies among them) and one bot post."""
    pii, clean = [], []
    for i in range(8):
        if i % 3 == 0:
            pii.append(fake.add_message(channel, "UALICE", PII[i // 3 % len(PII)]))
        else:
            clean.append(fake.add_message(channel, "UALICE", CLEAN[i % len(CLEAN)]))
    parent = clean[0]
    fake.messages[(channel, parent)].update(thread_ts=parent, reply_count=2)
    clean.append(fake.add_message(channel, "UALICE", "ok, thanks", thread_ts=parent))
    reply = fake.add_message(channel, "UALICE", "her number is +44 20 7946 0958", thread_ts=parent)
    bot_ts = fake.add_message(channel, "UBOT0001", "mail bob@example.com")
    fake.messages[(channel, bot_ts)]["bot_id"] = "BOTHER"
    return pii, clean, reply


def test_report_only_changes_nothing_and_names_no_value(bot, fake):
    pii, clean, reply = history(fake)
    channel = lambda: {k: v for k, v in fake.messages.items() if k[0] == "CMONITOR"}
    before = {k: dict(v) for k, v in channel().items()}
    answer = admin(bot, fake, "scan <#CMONITOR>")
    assert "Queued history scan #1" in answer and "nothing is changed" in answer
    assert scanner(bot).run_once()
    assert channel() == before
    assert not fake.called("chat.delete")
    report = fake.called("chat.postMessage")[-1].params
    assert report["channel"] == "CREPORT"
    assert "4 of 10 messages hold personal data" in report["text"]
    assert "`PHONENUMBER` 2" in report["text"] and "By month:" in report["text"]
    for ts in pii + [reply]:
        assert f"p{ts.replace('.', '')}" in report["text"]  # permalinks, oldest first
    sent = fake.all_text_sent()
    for value in ("Maria", "ann.lee@example.com", "4111", "7946", "bob@example.com"):
        assert value not in sent
    row = bot.store.get_scan(1)
    assert row.state == "done" and row.active_channel is None
    assert "Maria" not in json.dumps([row.counts, row.found])


def test_apply_replaces_exactly_the_pii_messages_oldest_first(bot, fake):
    pii, clean, reply = history(fake)
    assert "replace the messages" in admin(bot, fake, "scan <#CMONITOR> apply")
    assert "already has scan #1" in admin(bot, fake, "scan <#CMONITOR>")  # one per channel
    assert scanner(bot).run_once()
    deleted = [c.params["ts"] for c in fake.called("chat.delete")]
    assert deleted == sorted(pii + [reply], key=float)
    for ts in clean:
        assert ("CMONITOR", ts) in fake.messages
    copies = [m for m in fake.messages.values() if m.get("bot_id") == "BBOT0001" or m.get("user") == "UBOT0001"]
    shown = json.dumps(copies)
    assert "[PHONENUMBER]" in shown and "Maria" not in shown and "4111" not in shown
    assert "Replaced with masked copies: 4" in fake.called("chat.postMessage")[-1].params["text"]
    # a second apply skips what is already replaced
    assert "Queued history scan #2" in admin(bot, fake, "scan <#CMONITOR> apply")
    assert scanner(bot).run_once()
    assert len(fake.called("chat.delete")) == 4


def test_since_and_threads_options(bot, fake):
    history(fake)
    assert "since must be a date" in admin(bot, fake, "scan <#CMONITOR> since=yesterday")
    assert "Queued" in admin(bot, fake, "scan <#CMONITOR> threads=no since=2020-01-01")
    assert scanner(bot).run_once()
    assert "3 of 8 messages" in fake.called("chat.postMessage")[-1].params["text"]
    assert not fake.called("conversations.replies")


def test_rate_limited_reads_wait_out_retry_after(bot, fake):
    history(fake)
    fake.rate_limits["conversations.history"] = (2, 1.0)  # Slack answers 429 beyond 2 reads a second
    admin(bot, fake, "scan <#CMONITOR> threads=no")
    began = time.monotonic()
    assert scanner(bot).run_once()
    assert "conversations.history" in fake.throttled
    assert time.monotonic() - began >= 1.0  # waited for Retry-After rather than failing
    assert bot.store.get_scan(1).state == "done"
    assert "3 of 8 messages" in fake.called("chat.postMessage")[-1].params["text"]


def test_the_limited_tier_paces_reads_and_shows_it(bot, fake):
    history(fake)
    fake.read_limit = 15
    slept = []
    admin(bot, fake, "scan <#CMONITOR> threads=no")
    worker = scanner(bot, pace=PACES["limited"], sleep=slept.append)
    assert worker.run_once()
    assert all(float(c.params["limit"]) <= 15 for c in fake.called("conversations.history"))
    progress = fake.called("chat.postMessage")[0].params["text"]
    assert "15 messages per request, 1 requests a minute" in progress


def test_cancel_stops_a_running_scan(bot, fake):
    history(fake)
    admin(bot, fake, "scan <#CMONITOR> apply")
    worker = scanner(bot)
    original = worker._save

    def save_then_cancel(state, **values):
        bot.store.cancel_scans("CMONITOR")
        original(state, **values)

    worker._save = save_then_cancel
    assert worker.run_once()
    assert bot.store.get_scan(1).state == "cancelled"
    assert not fake.called("chat.delete")
    assert "was cancelled" in fake.called("chat.postMessage")[-1].params["text"]
    assert "No history scan" in admin(bot, fake, "cancel <#CMONITOR>")


SCRIPT = """
import sys, time
from bot import clients
from bot.services.container import Services
from bot.services.history_scan import ReadPace, ScanWorker
from bot.settings import BotSettings
import os
settings = BotSettings.from_env()
services = Services.build(settings, clients.bot_client(settings), clients.user_client(settings))
worker = ScanWorker(services, pace=ReadPace(1, 0.3), post_interval_s=0.0, progress_every_s=0.0,
                    stale_after=__import__("datetime").timedelta(seconds=1))
worker.run_once()
"""


@pytest.mark.slow
def test_a_scan_killed_mid_way_resumes_where_it_stopped(bot, fake, tmp_path):
    pii, clean, reply = history(fake)
    admin(bot, fake, "scan <#CMONITOR> apply threads=no")
    env = {"SLACK_BOT_TOKEN": bot.settings.slack_bot_token, "SLACK_USER_TOKEN": bot.settings.slack_user_token,
           "SLACK_SIGNING_SECRET": "x", "SLACK_API_URL": fake.api_url, "DATABASE_URL": bot.settings.database_url,
           "MASKBOT_ENGINE": "rules", "MASKBOT_REPORT_CHANNEL": "CREPORT", "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen([sys.executable, "-c", SCRIPT], env=env, cwd=Path(__file__).parent.parent)
    fake.wait_for(lambda: len(fake.called("conversations.history")) >= 4, timeout=60)
    process.kill()  # SIGKILL mid-read: the cursor of the last saved page survives
    process.wait()
    saved = bot.store.get_scan(1)
    assert saved.state == "running" and saved.cursor
    reads_before = len(fake.called("conversations.history"))
    time.sleep(1.2)  # its heartbeat goes stale
    assert scanner(bot, stale_after=timedelta(seconds=1)).run_once()
    resumed = fake.called("conversations.history")[reads_before:]
    assert resumed[0].params.get("cursor") == saved.cursor  # continued, not restarted
    assert sorted(c.params["ts"] for c in fake.called("chat.delete")) == sorted(pii, key=float)
    assert bot.store.get_scan(1).state == "done"
