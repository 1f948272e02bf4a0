"""A process killed mid-backlog (SIGTERM or SIGKILL) loses nothing: another process on the same
database resumes every claimed job from Slack, and each message ends with exactly one visible
version (the masked copy, or the original with its author told)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.services.slack_calls import COPY_EVENT
from bot.store import Store
from tests.bot_harness import settings_for
from tests.fakes.slack_api import Fault
from tests.fakes.slack_requests import SlackSender
from tests.test_bot import message_event
from tests.test_store import _free_port, _wait_healthy

TEXT = "please refund card 4111 1111 1111 1111, mail lena.schmidt@example.de"


def start(fake, database_url, tmp_path, name, lease_s="1"):
    port = _free_port()
    settings = settings_for(fake, database_url)
    env = {**os.environ, "SLACK_BOT_TOKEN": settings.slack_bot_token, "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
           "SLACK_USER_TOKEN": settings.slack_user_token, "SLACK_API_URL": fake.api_url, "DATABASE_URL": database_url,
           "PORT": str(port), "MASKBOT_MONITORED_CHANNELS": "CMONITOR", "MASKBOT_ENGINE": "rules", "SLACK_APP_TOKEN": "",
           "MASKBOT_JOB_LEASE_S": lease_s, "MASKBOT_SWEEP_EVERY_S": "0.5", "MASKBOT_REPORT_CHANNEL": "CREPORT"}
    log = open(tmp_path / f"bot-{name}.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    sender = SlackSender(f"http://127.0.0.1:{port}", fake.url)
    _wait_healthy(sender.app_url, proc, tmp_path)
    return proc, sender


def _wait_group_gone(pgid: int, timeout: float = 30.0) -> None:
    """Until no live process is left in the group: an orphaned worker could still write a step."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(status)
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"process group {pgid} still running")


@pytest.mark.slow
@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_process_leaves_nothing_half_done(fake, tmp_path, kill):
    database_url = f"sqlite:///{tmp_path}/bot.db"
    fake.add_user("UALICE", "alice")
    fake.fail["chat.delete"] = [Fault(200, "", delay_s=2.0)] * 6  # deletes crawl: the kill lands mid-step
    first, sender = start(fake, database_url, tmp_path, "first")
    stamps = [fake.add_message("CMONITOR", "UALICE", TEXT) for _ in range(12)]
    for ts in stamps:
        assert sender.event(message_event("CMONITOR", "UALICE", TEXT, ts)).status == 200
    fake.wait_for(lambda: len(fake.called("chat.postMessage")) >= 2)
    os.killpg(first.pid, kill)  # a platform stops the whole dyno: gunicorn's master and its worker
    first.wait(timeout=60)
    _wait_group_gone(first.pid)
    store = Store(database_url)
    assert len(store.open_jobs()) + sum(j.step == "done" for j in [store.job(f"msg:CMONITOR:{t}") for t in stamps]) \
        == len(stamps)  # every message was claimed before its event was acknowledged
    second, _ = start(fake, database_url, tmp_path, "second")
    try:
        fake.wait_for(lambda: not store.open_jobs(), timeout=60)
    finally:
        second.terminate()
        second.wait(timeout=30)
    for ts in stamps:
        original = ("CMONITOR", ts) in fake.messages
        copies = [m for m in fake.messages.values()
                  if (m.get("metadata") or {}).get("event_payload", {}).get("original_ts") == ts
                  and m["metadata"]["event_type"] == COPY_EVENT]
        assert original != bool(copies), ts
        assert len(copies) <= 1
        assert store.job(f"msg:CMONITOR:{ts}").step in ("done", "rolled_back", "reported")


@pytest.mark.slow
def test_a_stopped_process_hands_its_jobs_back_at_once(fake, tmp_path):
    """SIGTERM: the jobs the process had not started are handed back with their lease expired, so
    the next process finishes them without waiting out a long lease (here 300 s)."""
    database_url = f"sqlite:///{tmp_path}/bot.db"
    fake.add_user("UALICE", "alice")
    fake.fail["chat.delete"] = [Fault(200, "", delay_s=1.0)] * 4
    first, sender = start(fake, database_url, tmp_path, "first", lease_s="300")
    stamps = [fake.add_message("CMONITOR", "UALICE", TEXT) for _ in range(20)]
    for ts in stamps:
        assert sender.event(message_event("CMONITOR", "UALICE", TEXT, ts)).status == 200
    os.killpg(first.pid, signal.SIGTERM)
    first.wait(timeout=60)
    _wait_group_gone(first.pid)
    store = Store(database_url)
    second, _ = start(fake, database_url, tmp_path, "second", lease_s="300")
    try:
        fake.wait_for(lambda: not store.open_jobs(), timeout=45)  # far within the 300 s lease
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert all(store.job(f"msg:CMONITOR:{ts}").step in ("done", "rolled_back", "reported") for ts in stamps)


@pytest.mark.slow
def test_two_servers_of_two_workers_boot_together_on_a_fresh_database(fake, tmp_path):
    """Boot is idempotent: the Procfile's gunicorn (2 workers), twice at once on a fresh database,
    ten times; every worker boots (a settings write or a migration racing another never fails it)."""
    from tests.test_store import _free_port

    urls = [f"sqlite:///{tmp_path}/boot{round_}.db" for round_ in range(10)]
    if os.environ.get("MASKBOT_TEST_DATABASE_URL"):
        urls = urls[:5] + [os.environ["MASKBOT_TEST_DATABASE_URL"]] * 5
    for round_, database_url in enumerate(urls):
        procs = []
        try:
            for n in range(2):
                port = _free_port()
                settings = settings_for(fake, database_url)
                env = {**os.environ, "SLACK_BOT_TOKEN": settings.slack_bot_token,
                       "SLACK_SIGNING_SECRET": settings.slack_signing_secret, "SLACK_API_URL": fake.api_url,
                       "DATABASE_URL": database_url, "MASKBOT_MONITORED_CHANNELS": "CMONITOR",
                       "MASKBOT_ENGINE": "rules", "SLACK_APP_TOKEN": "", "MASKBOT_REPORT_CHANNEL": "CREPORT"}
                log = open(tmp_path / f"bot-boot{round_}-{n}.log", "wb")
                procs.append((subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "bot.web:create_wsgi_app()", "--bind", f"127.0.0.1:{port}",
                     "--worker-class", "gthread", "--workers", "2", "--threads", "2", "--timeout", "60"],
                    env=env, cwd=Path(__file__).resolve().parent.parent, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True), port))
            for proc, port in procs:
                _wait_healthy(f"http://127.0.0.1:{port}", proc, tmp_path)
            time.sleep(1.0)  # a worker that failed to boot takes the master down with it
            for proc, _ in procs:
                assert proc.poll() is None, (tmp_path / f"bot-boot{round_}-0.log").read_text(errors="replace")[-1500:]
            logs = " ".join(p.read_text(errors="replace") for p in tmp_path.glob(f"bot-boot{round_}-*.log"))
            assert "Worker failed to boot" not in logs and "IntegrityError" not in logs
        finally:
            for proc, _ in procs:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc, _ in procs:
                proc.wait(timeout=60)
