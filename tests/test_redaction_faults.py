"""Never a moment with neither version: every fault injected at the HTTP boundary of the fake
Slack, through the real app. After each, the message has a visible version (original or masked
copy), and what was done is finished or reported."""
import sqlite3
import time

import pytest

from bot.services.slack_calls import COPY_EVENT
from tests.bot_harness import settings_for, start_bot
from tests.fakes.slack_api import Fault
from tests.test_bot import CARD, EMAIL, PII_TEXT, assert_no_pii_left, message_event

MASKED = "my card is [CREDITCARDNUMBER], mail [EMAIL]"


@pytest.fixture
def bot(fake, tmp_path):
    under_test = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/bot.db", retry_budget_s=3.0,
                                              sweep_every_s=0.3, job_lease_s=1.0))
    yield under_test
    under_test.stop()


def copies(fake):
    return [ts for (channel, ts), m in fake.messages.items() if channel == "CMONITOR" and m.get("bot_id")
            and (m.get("metadata") or {}).get("event_type") == COPY_EVENT]


def send(bot, fake, text=PII_TEXT, **extra):
    ts = fake.add_message("CMONITOR", "UALICE", text, **extra)
    assert bot.send.event(message_event("CMONITOR", "UALICE", text, ts)).status == 200
    return ts


def settled(bot, fake, ts):
    """Wait until the job is finished or reported; then exactly one version is visible."""
    fake.wait_for(lambda: (job := bot.store.job(f"msg:CMONITOR:{ts}")) and job.step not in ("queued", "posted"))
    job = bot.store.job(f"msg:CMONITOR:{ts}")
    original = ("CMONITOR", ts) in fake.messages
    assert original != bool(copies(fake)), "exactly one of original and masked copy must be visible"
    assert_no_pii_left(fake, CARD, EMAIL)
    return job.step, original


def reported(fake, code):
    return [c for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT" and code in c.params["text"]]


def test_post_refused_leaves_the_original_and_reports(bot, fake):
    fake.fail["chat.postMessage"] = [(200, "channel_not_found")]
    ts = send(bot, fake)
    assert settled(bot, fake, ts) == ("reported", True)
    assert not fake.called("chat.delete") and reported(fake, "channel_not_found")


def test_post_failing_for_longer_than_the_budget_leaves_the_original(bot, fake):
    fake.fail["chat.postMessage"] = [Fault(500, "internal_error")] * 30
    ts = send(bot, fake)
    fake.wait_for(lambda: bot.store.job(f"msg:CMONITOR:{ts}").step == "reported", timeout=20)
    fake.fail["chat.postMessage"] = []
    assert settled(bot, fake, ts) == ("reported", True) and not fake.called("chat.delete")


def test_post_applied_but_answered_500_is_not_posted_twice(bot, fake):
    fake.fail["chat.postMessage"] = [Fault(500, "internal_error", applied=True)]
    ts = send(bot, fake)
    assert settled(bot, fake, ts) == ("done", False)
    assert len(copies(fake)) == 1 and fake.messages[("CMONITOR", copies(fake)[0])]["text"] == MASKED


def test_delete_refused_removes_the_copy_again(bot, fake):
    fake.fail["chat.delete"] = [(200, "cant_delete_message")]
    ts = send(bot, fake)
    assert settled(bot, fake, ts) == ("rolled_back", True)
    assert reported(fake, "cant_delete_message")
    note = [c for c in fake.called("chat.postEphemeral") if c.params["user"] == "UALICE"]
    assert "Please delete it yourself" in note[-1].params["text"]


def test_delete_applied_but_answered_500_is_checked_not_reported(bot, fake):
    fake.fail["chat.delete"] = [Fault(500, "internal_error", applied=True)]
    ts = send(bot, fake)
    assert settled(bot, fake, ts) == ("done", False)
    assert any(c.method == "conversations.history" for c in fake.calls) and not reported(fake, "internal_error")


def test_delete_failing_once_is_retried(bot, fake):
    fake.fail["chat.delete"] = [Fault(503, "service_unavailable")]
    ts = send(bot, fake)
    assert settled(bot, fake, ts) == ("done", False)
    assert len([c for c in fake.called("chat.delete") if c.params["ts"] == ts]) == 2


def test_delete_rate_limited_past_the_budget_is_finished_later(bot, fake):
    """Rate limits outlasting one step's budget leave the job open (the copy up, the original
    still there); the sweeper deletes the original once Slack lets it."""
    fake.fail["chat.delete"] = [(429, 1)] * 8
    ts = send(bot, fake)
    fake.wait_for(lambda: bot.store.job(f"msg:CMONITOR:{ts}").detail == "ratelimited")
    assert settled(bot, fake, ts) == ("done", False)


def test_delete_slower_than_the_client_timeout(fake, tmp_path):
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/slow.db", retry_budget_s=3.0, slack_timeout_s=1.0))
    try:
        fake.fail["chat.delete"] = [Fault(200, "", delay_s=2.0)]  # applied, but after the client gave up
        ts = send(bot, fake)
        assert settled(bot, fake, ts) == ("done", False)
    finally:
        bot.stop()


def test_a_message_over_slacks_limit_is_posted_in_parts(bot, fake):
    text = "x@y.io " * 5_500  # 38,500 characters; masked, 44,000: over Slack's 40,000
    ts = send(bot, fake, text)
    step, original = settled(bot, fake, ts)
    assert (step, original) == ("done", False)
    posts = [c for c in fake.called("chat.postMessage") if c.params["channel"] == "CMONITOR"]
    assert len(posts) == 2 and all(len(p.params["text"]) <= 40_000 for p in posts)
    assert posts[1].params["thread_ts"] in copies(fake) and "thread_ts" not in posts[0].params
    assert "x@y.io" not in "".join(p.params["text"] for p in posts)


def test_a_crash_between_post_and_delete_is_finished_by_the_sweeper(bot, fake):
    """A process that posted the copy and died: the job stays `posted`; the sweeper (of this or
    any other process) reads the message again from Slack and deletes the original."""
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    copy = fake.api_chat_postMessage({"channel": "CMONITOR", "text": MASKED, "metadata": {
        "event_type": COPY_EVENT, "event_payload": {"original_ts": ts, "part": 0}}}, "xoxb-test-bot")["ts"]
    bot.store.claim_job(f"msg:CMONITOR:{ts}", "CMONITOR", ts, None, "UALICE", "monitor")
    bot.store.advance(f"msg:CMONITOR:{ts}", "posted", copy_ts=copy)
    assert settled(bot, fake, ts) == ("done", False)
    assert copies(fake) == [copy]


def test_a_crash_before_anything_was_posted_is_redone_from_slack(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    bot.store.claim_job(f"msg:CMONITOR:{ts}", "CMONITOR", ts, None, "UALICE", "monitor")
    assert settled(bot, fake, ts) == ("done", False)


def test_a_locked_database_refuses_the_event_so_slack_redelivers(fake, tmp_path):
    path = tmp_path / "locked.db"
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{path}?timeout=0.2"))
    try:
        lock = sqlite3.connect(path, timeout=5)
        lock.execute("BEGIN EXCLUSIVE")
        ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
        reply = bot.send.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts), event_id="EvLOCK")
        assert reply.status == 503 and not fake.called("chat.postMessage")
        lock.rollback()
        lock.close()
        reply = bot.send.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts), event_id="EvLOCK",
                               timestamp=str(int(time.time()) + 1),  # a redelivery is signed anew
                               headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
        assert reply.status == 200
        fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
        time.sleep(0.2)
        assert copies(fake)
    finally:
        bot.stop()


def test_a_backlog_beyond_the_queue_is_taken_up_as_workers_free(fake, tmp_path):
    """Only two messages' text in memory at once: the rest wait as job keys and are read again
    from Slack when a worker frees up. None is left behind."""
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/backlog.db", queue_capacity=2))
    try:
        stamps = [send(bot, fake) for _ in range(12)]
        fake.wait_for(lambda: all(("CMONITOR", ts) not in fake.messages for ts in stamps), timeout=60)
        assert len(copies(fake)) == 12
    finally:
        bot.stop()
