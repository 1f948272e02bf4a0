"""Issue #16, through the HTTP boundary: who may change a copy, replays every process sees, and
user-typed text that cannot turn into markup."""
import json
import time
import urllib.parse

from tests.bot_harness import settings_for, start_bot
from tests.test_bot import message_event
from tests.test_feedback import interactive

NAME_AND_CARD = "card 4111 1111 1111 1111 for Okonkwo Adebayo"


def masked_copy(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    return next(k[1] for k, m in fake.messages.items() if m.get("bot_id") and k[0] == "CMONITOR")


def flag(bot, user, channel, ts):
    bot.send.event({"type": "reaction_added", "user": user, "reaction": "mask",
                    "item": {"type": "message", "channel": channel, "ts": ts}, "event_ts": str(time.time())})


def notes_to(fake, user):
    return [c.params for c in fake.called("chat.postEphemeral") if c.params["user"] == user]


def submit_missed(bot, user, channel, copy_ts, word="not"):
    view = {"id": "V9", "type": "modal", "callback_id": "mask_missed", "private_metadata": f"{channel}|{copy_ts}|",
            "state": {"values": {"text": {"text": {"type": "plain_text_input", "value": word}},
                                 "label": {"label": {"type": "static_select", "selected_option": None}}}}}
    return bot.send.interactive({"type": "view_submission", "user": {"id": user}, "view": view})


def test_a_bystander_cannot_rewrite_someone_elses_copy(bot, fake):
    copy_ts = masked_copy(bot, fake)
    before = fake.messages[("CMONITOR", copy_ts)]["text"]
    flag(bot, "UEXT", "CMONITOR", copy_ts)
    note = fake.wait_for(lambda: notes_to(fake, "UEXT"))[0]
    assert "Only the author" in note["text"] and not note.get("blocks")  # no button to open the form
    reply = submit_missed(bot, "UEXT", "CMONITOR", copy_ts, "for")  # a forged submission
    assert reply.status == 200 and b"Only the author" in reply.body
    time.sleep(0.3)
    assert fake.messages[("CMONITOR", copy_ts)]["text"] == before
    assert not fake.called("chat.update")


def test_the_author_and_an_admin_may_fix_a_copy(bot, fake):
    copy_ts = masked_copy(bot, fake)
    flag(bot, "UALICE", "CMONITOR", copy_ts)
    fake.wait_for(lambda: [n for n in notes_to(fake, "UALICE")
                           if "mask_missed_open" in json.dumps(n.get("blocks") or "")])
    assert submit_missed(bot, "UADMIN", "CMONITOR", copy_ts, "Okonkwo").status == 200
    fake.wait_for(lambda: "Okonkwo" not in fake.messages[("CMONITOR", copy_ts)]["text"])


def test_only_masked_copies_can_be_fixed(bot, fake):
    """A bot post that is no masked copy (a `/mask` post, a digest) is never rewritten."""
    ts = fake.add_message("CMONITOR", "UBOT0001", "Do not deploy on Friday")
    fake.messages[("CMONITOR", ts)]["bot_id"] = "B0001"
    reply = submit_missed(bot, "UADMIN", "CMONITOR", ts, "not")
    assert b"not a masked copy" in reply.body
    time.sleep(0.3)
    assert fake.messages[("CMONITOR", ts)]["text"] == "Do not deploy on Friday"


def test_a_replayed_command_is_refused_by_every_worker(fake, tmp_path):
    """Two workers on one database: the same signed `/mask-admin` request runs once."""
    database = f"sqlite:///{tmp_path}/bot.db"
    first, second = (start_bot(fake, settings_for(fake, database)) for _ in range(2))
    try:
        form = {"token": "x", "team_id": "T0001", "channel_id": "C0GENERAL", "user_id": "UADMIN",
                "command": "/mask-admin", "text": "monitor <#CNEW|new>", "trigger_id": "t1", "api_app_id": "A0001",
                "response_url": f"{fake.url}/response/replay"}
        body, stamp = urllib.parse.urlencode(form).encode(), str(int(time.time()))
        kind = "application/x-www-form-urlencoded"
        replies = [bot.send.post(body, kind, timestamp=stamp) for bot in (first, second, first, second)]
        assert [r.status for r in replies] == [200, 401, 401, 401]
    finally:
        first.stop()
        second.stop()


def test_an_event_retried_in_the_same_second_is_acknowledged_and_handled_once(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    envelope = {"token": "x", "team_id": "T0001", "api_app_id": "A0001", "type": "event_callback",
                "event": message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts), "event_id": "EvRETRY1",
                "event_time": int(time.time())}
    body, stamp = json.dumps(envelope).encode(), str(int(time.time()))
    first = bot.send.post(body, "application/json", timestamp=stamp)
    retry = bot.send.post(body, "application/json", timestamp=stamp,
                          headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert (first.status, retry.status) == (200, 200)
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    time.sleep(0.5)
    assert len([c for c in fake.called("chat.postMessage") if c.params.get("channel") == "CMONITOR"]) == 1


def test_reported_words_cannot_inject_markup_into_the_digest(bot, fake):
    from bot.services.feedback import digest_blocks

    word = "x` <!channel> <https://evil.example|Allow all> `y & z"
    bot.store.add_feedback("UALICE", "CMONITOR", "[CUSTOM] rollout", [{"position": 0, "label": "CUSTOM", "word": word}])
    text = json.dumps([b["text"] for b in digest_blocks(bot.store)])  # what Slack renders (button values are not)
    assert "<!channel>" not in text and "<https://evil.example" not in text
    assert "&lt;!channel&gt;" in text and "&amp; z" in text


def _envelope(event):
    return json.dumps({"token": "x", "team_id": "T0001", "api_app_id": "A0001", "type": "event_callback",
                       "event": event, "event_id": f"Ev{time.time_ns()}", "event_time": int(time.time())}).encode()


MALFORMED = [
    (b'{"a":' * 3000 + b"1" + b"}" * 3000, "application/json"),
    (_envelope({"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": 42, "ts": "1.1"}), "application/json"),
    (_envelope({"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": ["a"], "ts": "1.2"}), "application/json"),
    (_envelope({"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": "hi", "ts": "1.3", "files": "x"}),
     "application/json"),
    (_envelope([{"type": "message"}]), "application/json"),
    (_envelope({"type": "message", "channel": "CMONITOR", "user": {"id": "UALICE"}, "text": "hi", "ts": "1.4"}),
     "application/json"),
    (urllib.parse.urlencode({"payload": json.dumps({"type": "view_submission", "user": "UALICE", "view": {}})}).encode(),
     "application/x-www-form-urlencoded"),
    (urllib.parse.urlencode({"payload": json.dumps({"type": "view_submission", "user": {"id": "UALICE"},
                                                    "view": {"callback_id": "mask_missed"}})}).encode(),
     "application/x-www-form-urlencoded"),
]


def test_signed_but_malformed_bodies_get_400_and_the_bot_keeps_working(bot, fake):
    for body, kind in MALFORMED:
        reply = bot.send.post(body, kind)
        assert reply.status == 400, (reply.status, body[:80])
    copy_ts = masked_copy(bot, fake)  # still working
    assert "4111" not in fake.messages[("CMONITOR", copy_ts)]["text"]


def test_bolts_own_records_are_filtered_like_any_librarys():
    """Bolt logs through the `maskbot.bolt` logger; its records still lose payload text."""
    import logging

    from bot.log_hygiene import HygieneFilter

    record = logging.LogRecord("maskbot.bolt", logging.WARNING, "/venv/site-packages/slack_bolt/app/app.py", 1,
                               "Unhandled request (%s) callback_id: lena.schmidt@example.de\nbody: {...}",
                               ("view_submission",), None)
    assert HygieneFilter().filter(record)
    assert "lena.schmidt" not in record.getMessage() and "\\n" not in record.getMessage()
    ours = logging.LogRecord("maskbot.bolt", logging.DEBUG, __file__.replace("tests", "bot"), 1, "x", None, None)
    assert HygieneFilter().filter(ours)  # our own DEBUG records stay


def test_settings_written_at_once_by_many_workers_never_collide(tmp_path):
    """`set_setting` is an upsert: a select-then-insert lost the race at boot (1 in 10 on SQLite)."""
    import os
    import threading

    from bot.store import Store

    urls = [f"sqlite:///{tmp_path}/race.db"] + ([os.environ["MASKBOT_TEST_DATABASE_URL"]]
                                               if os.environ.get("MASKBOT_TEST_DATABASE_URL") else [])
    for url in urls:
        stores = [Store(url) for _ in range(4)]
        errors: list[BaseException] = []
        start = threading.Barrier(len(stores) * 2)

        def write(store, value):
            try:
                start.wait()
                for i in range(20):
                    store.set_setting(f"race-{i}", value)
            except BaseException as exc:  # noqa: BLE001 - the test reports any failure
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(store, f"v{n}")) for n, store in enumerate(stores * 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not errors, errors[:1]
        assert stores[0].get_setting("race-19").startswith("v")


def test_a_flag_in_a_private_channel_the_bot_is_in_is_masked(bot, fake):
    """`conversations.join` refuses private channels; membership is what matters."""
    fake.members.add("GPRIVATE")
    ts = fake.add_message("GPRIVATE", "UALICE", NAME_AND_CARD)
    flag(bot, "UALICE", "GPRIVATE", ts)
    fake.wait_for(lambda: ("GPRIVATE", ts) not in fake.messages)
    copies = [m for (c, _), m in fake.messages.items() if c == "GPRIVATE" and m.get("bot_id")]
    assert copies and "4111" not in copies[0]["text"]
    assert not [c for c in fake.called("conversations.join") if c.params.get("channel") == "GPRIVATE"]


def test_a_flag_in_a_private_channel_the_bot_is_not_in_asks_for_an_invite(bot, fake):
    ts = fake.add_message("GSECRET", "UALICE", NAME_AND_CARD)
    reply = bot.send.interactive({"type": "message_action", "callback_id": "mask_message", "user": {"id": "UALICE"},
                                  "channel": {"id": "GSECRET"}, "message": {"type": "message", "user": "UALICE",
                                                                            "text": NAME_AND_CARD, "ts": ts}})
    assert reply.status == 200
    said = lambda: [t for t in [c.params.get("text", "") for c in fake.called("chat.postEphemeral")]  # noqa: E731
                    + [r.get("text", "") for r in fake.responses] if "/invite @maskbot" in t]
    assert fake.wait_for(said)
    assert ("GSECRET", ts) in fake.messages


def test_fixing_a_long_copy_keeps_all_of_it_in_view(bot, fake):
    """A fixed copy past 3,000 characters is shown whole: section blocks carry every part."""
    filler = "the deploy notes for this week, nothing personal here. " * 70
    text = f"{NAME_AND_CARD}. {filler}and the tail ends here."
    ts = fake.add_message("CMONITOR", "UALICE", text)
    bot.send.event(message_event("CMONITOR", "UALICE", text, ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    copy_ts = next(k[1] for k, m in fake.messages.items() if m.get("bot_id") and k[0] == "CMONITOR")
    assert submit_missed(bot, "UALICE", "CMONITOR", copy_ts, "Okonkwo").status == 200
    fake.wait_for(lambda: "Okonkwo" not in fake.messages[("CMONITOR", copy_ts)]["text"])
    shown = fake.shown(fake.messages[("CMONITOR", copy_ts)])
    assert "and the tail ends here." in shown and "Okonkwo" not in shown and len(shown) > 3000


def test_a_copy_pings_nobody_again_and_still_says_who_was_mentioned(bot, fake):
    text = f"<!channel> <@UOWNER> <!subteam^S0ENG|@eng> card {'4111 1111 1111 1111'} for the <#CNOTICE|notice> team"
    ts = fake.add_message("CMONITOR", "UALICE", text)
    bot.send.event(message_event("CMONITOR", "UALICE", text, ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    shown = fake.shown(copy) + copy["text"]
    assert "<!channel>" not in shown and "<@UOWNER>" not in shown and "<!subteam" not in shown
    assert "@channel" in copy["text"] and "@Olu Owner" in copy["text"] and "@eng" in copy["text"]
    assert "<#CNOTICE|notice>" in copy["text"] and "4111" not in shown


def test_a_thread_broadcast_copy_is_broadcast_too(bot, fake):
    parent = fake.add_message("CMONITOR", "UOWNER", "release thread")
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD, thread_ts=parent)
    fake.messages[("CMONITOR", ts)]["subtype"] = "thread_broadcast"
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts, thread_ts=parent, subtype="thread_broadcast"))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert copy["thread_ts"] == parent and copy.get("subtype") == "thread_broadcast"


def test_a_replaced_thread_parent_keeps_its_replies_with_the_copy(bot, fake):
    parent = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.add_message("CMONITOR", "UOWNER", "on it", thread_ts=parent)
    fake.messages[("CMONITOR", parent)].update(thread_ts=parent, reply_count=1)
    flag(bot, "UALICE", "CMONITOR", parent)
    fake.wait_for(lambda: ("CMONITOR", parent) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert copy["thread_ts"] == parent and copy.get("subtype") == "thread_broadcast"  # in the thread, and in the channel


def test_a_message_deleted_before_redaction_is_not_reposted(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    del fake.messages[("CMONITOR", ts)]  # its author deleted it before the event was handled
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    fake.wait_for(lambda: (job := bot.store.job(f"msg:CMONITOR:{ts}")) is not None and job.step == "done")
    assert not [c for c in fake.called("chat.postMessage") if c.params.get("channel") == "CMONITOR"]
    assert not [n for n in notes_to(fake, "UALICE") if "replaced" in n["text"]]


def test_a_message_deleted_during_redaction_leaves_no_copy(bot, fake):
    from tests.fakes.slack_api import Fault

    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.fail["chat.postMessage"] = [Fault(error="", delay_s=0.6)]  # a slow post, and meanwhile…

    def author_deletes():
        time.sleep(0.3)
        fake.messages.pop(("CMONITOR", ts), None)
    import threading
    threading.Thread(target=author_deletes).start()
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    fake.wait_for(lambda: (job := bot.store.job(f"msg:CMONITOR:{ts}")) is not None and job.step == "done")
    assert not [m for (c, _), m in fake.messages.items() if c == "CMONITOR"]  # neither the original nor a copy
    assert not [n for n in notes_to(fake, "UALICE") if "replaced" in n["text"]]


def test_an_edit_during_redaction_yields_one_copy_of_the_latest_text(bot, fake):
    from tests.fakes.slack_api import Fault

    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.fail["conversations.history"] = [Fault(error="", delay_s=0.4)]
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    edited = NAME_AND_CARD + ", or mail lena.schmidt@example.de"
    fake.messages[("CMONITOR", ts)]["text"] = edited
    bot.send.event({"type": "message", "subtype": "message_changed", "channel": "CMONITOR", "ts": "99.1",
                    "message": {"type": "message", "user": "UALICE", "text": edited, "ts": ts,
                                "edited": {"user": "UALICE", "ts": "99.1"}},
                    "previous_message": {"type": "message", "user": "UALICE", "text": NAME_AND_CARD, "ts": ts}})
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    time.sleep(0.8)
    copies = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert len(copies) == 1 and "lena.schmidt" not in copies[0]["text"] and "[EMAIL]" in copies[0]["text"]


def test_a_reaction_and_a_shortcut_at_once_give_one_copy(bot, fake):
    ts = fake.add_message("C0GENERAL", "UALICE", NAME_AND_CARD)
    flag(bot, "UOWNER", "C0GENERAL", ts)
    bot.send.interactive({"type": "message_action", "callback_id": "mask_message", "user": {"id": "UALICE"},
                          "channel": {"id": "C0GENERAL"},
                          "message": {"type": "message", "user": "UALICE", "text": NAME_AND_CARD, "ts": ts}})
    fake.wait_for(lambda: ("C0GENERAL", ts) not in fake.messages)
    time.sleep(0.8)
    assert len([m for (c, _), m in fake.messages.items() if c == "C0GENERAL" and m.get("bot_id")]) == 1


def test_no_anonymous_copy_when_the_authors_profile_cannot_be_read(bot, fake):
    """One failed `users.info` is retried; when it keeps failing the original stays and people are told."""
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.fail["users.info"] = [(200, "internal_error")]
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert copy["username"] == "alice"

    ts = fake.add_message("CMONITOR", "UEXT", NAME_AND_CARD)
    fake.fail["users.info"] = [(200, "internal_error")] * 10
    bot.send.event(message_event("CMONITOR", "UEXT", NAME_AND_CARD, ts))
    fake.wait_for(lambda: (job := bot.store.job(f"msg:CMONITOR:{ts}")) is not None and job.step == "reported")
    assert ("CMONITOR", ts) in fake.messages  # the original stays
    assert len([m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]) == 1
    assert [n for n in notes_to(fake, "UEXT") if "author_profile_unavailable" in n["text"]]


def test_a_locked_database_does_not_hold_up_the_acknowledgement(fake, tmp_path):
    """The shared replay check has a budget: with the database locked (30 s lock wait), a
    command is still acknowledged within Slack's 3 seconds."""
    import sqlite3

    path = tmp_path / "slow.db"
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{path}"))
    lock = sqlite3.connect(path, timeout=5)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        reply = bot.send.command("/mask-admin", "status", "UADMIN")
        assert reply.status == 200 and reply.elapsed_ms < 3000
    finally:
        lock.rollback()
        lock.close()
        bot.stop()


def test_finished_jobs_are_deleted_after_the_retention_and_open_ones_kept(tmp_path):
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import update

    from bot.store import Store
    from bot.store.models import RedactionJob

    store = Store(f"sqlite:///{tmp_path}/jobs.db")
    for n, step in enumerate(("done", "reported", "queued", "posted", "done")):
        assert store.claim_job(f"msg:C1:{n}", "C1", str(n), None, "U1", "monitor")
        store.advance(f"msg:C1:{n}", step)
    old = datetime.now(timezone.utc) - timedelta(days=8)
    with store.session() as s:
        s.execute(update(RedactionJob).where(RedactionJob.key != "msg:C1:4").values(updated_at=old))
        s.commit()
    assert store.prune_jobs(timedelta(days=7)) == 2
    assert {j.key for j in store.open_jobs()} == {"msg:C1:2", "msg:C1:3"}
    assert store.job("msg:C1:4") is not None  # finished, but within the retention


def test_file_names_are_masked_like_text(bot, fake):
    """A file named after a person is personal data even when the message text is not."""
    name = "lena.schmidt@example.de passport scan.pdf"
    files = [{"id": "F1", "name": name, "permalink": "https://test.slack.com/files/UALICE/F1/scan.pdf"}]
    ts = fake.add_message("CMONITOR", "UALICE", "here you go")
    fake.messages[("CMONITOR", ts)]["files"] = files
    bot.send.event(message_event("CMONITOR", "UALICE", "here you go", ts, subtype="file_share", files=files))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert "lena.schmidt" not in copy["text"] and "[EMAIL] passport scan.pdf>" in copy["text"]
    assert "<https://test.slack.com/files/UALICE/F1/scan.pdf|" in copy["text"]


def _shared(text):
    return [{"is_share": True, "author_name": "Lena Schmidt", "text": text, "fallback": f"[Lena] {text}",
             "footer": "Posted in #sales", "from_url": "https://test.slack.com/archives/C9/p1", "ts": "1.0"}]


def test_a_shared_message_is_masked_and_kept_in_the_copy(bot, fake):
    """PII inside a forwarded message is masked, and the copy keeps the forwarded message."""
    shared = _shared("call me on +44 20 7946 0958, lena.schmidt@example.de")
    ts = fake.add_message("CMONITOR", "UALICE", "fyi, see below")
    fake.messages[("CMONITOR", ts)]["attachments"] = shared
    bot.send.event(message_event("CMONITOR", "UALICE", "fyi, see below", ts, attachments=shared))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    [attachment] = copy["attachments"]
    assert "[PHONENUMBER]" in attachment["text"] and "[EMAIL]" in attachment["text"]
    assert "lena.schmidt" not in json.dumps(copy) and "7946" not in json.dumps(copy)

    text = f"my card is {'4111 1111 1111 1111'}"
    shared = _shared("release notes attached")
    ts = fake.add_message("CMONITOR", "UALICE", text)
    fake.messages[("CMONITOR", ts)]["attachments"] = shared
    bot.send.event(message_event("CMONITOR", "UALICE", text, ts, attachments=shared))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    second = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id") and m is not copy]
    assert second and second[0]["attachments"][0]["text"] == "release notes attached"  # nothing dropped


def test_alembic_works_from_the_repository_root(tmp_path):
    """`alembic upgrade head`, `alembic check` and `alembic revision --autogenerate` as people who
    add a column run them, on DATABASE_URL."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    alembic = [sys.executable, "-m", "alembic"]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}

    def run(*args):
        return subprocess.run(alembic + list(args), cwd=root, env=env, capture_output=True, text=True, timeout=120)

    assert run("upgrade", "head").returncode == 0
    check = run("check")
    assert check.returncode == 0 and "No new upgrade operations detected" in check.stdout + check.stderr
    versions = root / "bot" / "store" / "migrations" / "versions"
    before = set(versions.glob("*.py"))
    made = run("revision", "--autogenerate", "-m", "probe")
    try:
        assert made.returncode == 0, made.stderr[-500:]
        assert len(set(versions.glob("*.py")) - before) == 1
    finally:
        for path in set(versions.glob("*.py")) - before:
            path.unlink()


def test_a_job_moves_only_along_its_state_machine(tmp_path):
    """A finished job never becomes open again through `advance` (a late step of a slow worker
    cannot resurrect it); only a claim reopens a job that ended with no copy."""
    from bot.store import Store

    store = Store(f"sqlite:///{tmp_path}/states.db")
    assert store.claim_job("msg:C1:1", "C1", "1", None, "U1", "monitor")
    assert store.advance("msg:C1:1", "posted", copy_ts="9.1") and store.advance("msg:C1:1", "done")
    assert not store.advance("msg:C1:1", "posted") and store.job("msg:C1:1").step == "done"
    assert not store.claim_job("msg:C1:1", "C1", "1", None, "U1", "reaction")  # replaced: never again
    assert store.claim_job("msg:C1:2", "C1", "2", None, "U1", "monitor") and store.advance("msg:C1:2", "done")
    assert store.claim_job("msg:C1:2", "C1", "2", None, "U1", "reaction")  # was clean: a new look is new work
    assert store.job("msg:C1:2").step == "queued"


def test_an_admin_command_during_a_database_outage_is_answered_in_seconds(fake, tmp_path):
    """Ack first, then "database unavailable; nothing was changed" through the response URL, even
    with the default 30 s lock wait that background work keeps."""
    import sqlite3

    path = tmp_path / "outage.db"
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{path}"))
    lock = sqlite3.connect(path, timeout=5)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        began = time.monotonic()
        reply = bot.send.command("/mask-admin", "monitor <#CNEW|new>", "UADMIN")
        assert reply.status == 200 and reply.elapsed_ms < 3000
        answer = fake.wait_for(lambda: fake.responses and fake.responses[-1], timeout=10)
        assert "database is unavailable; nothing was changed" in answer["text"]
        assert time.monotonic() - began < 8
    finally:
        lock.rollback()
        lock.close()
        bot.stop()
    assert "CNEW" not in bot.store.monitored()
