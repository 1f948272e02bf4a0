"""Issue #16: malformed input, database outages, processes and logs."""
import json
import time
import urllib.parse

from tests.bot_harness import settings_for, start_bot
from tests.test_hardening import masked_copy


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
