"""The store on SQLite, and on PostgreSQL when MASKBOT_TEST_DATABASE_URL is set (.ci/run sets it)."""
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from bot.store import Store

PG_URL = os.environ.get("MASKBOT_TEST_DATABASE_URL", "")


def _fresh_pg() -> str:
    """A schema of its own per test, so runs never see each other's rows."""
    schema = "t" + uuid.uuid4().hex[:12]
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/store.db"
    if not PG_URL:
        pytest.skip("MASKBOT_TEST_DATABASE_URL not set (.ci/run starts PostgreSQL and sets it)")
    return _fresh_pg()


def test_an_event_is_claimed_once_across_processes(database_url):
    stores = [Store(database_url), Store(database_url)]  # two web processes, one database
    with ThreadPoolExecutor(max_workers=8) as pool:
        claims = list(pool.map(lambda i: stores[i % 2].claim_event("Ev123"), range(16)))
    assert claims.count(True) == 1


def test_monitored_channels_and_settings(database_url):
    store = Store(database_url)
    store.seed_monitored(["C1", "C2", "C1"])
    assert store.monitored() == ["C1", "C2"]
    assert store.monitor("C3", by="U1") and not store.monitor("C3")
    assert store.unmonitor("C1") and not store.unmonitor("C1")
    assert Store(database_url).monitored() == ["C2", "C3"]
    store.set_setting("engine", "rules")
    store.set_setting("engine", "local")
    assert store.get_setting("engine") == "local" and store.get_setting("missing", "x") == "x"


def test_audit_rows_hold_counts_not_text(database_url):
    store = Store(database_url)
    store.record(channel_id="C1", author_id="U1", trigger="monitor", outcome="replaced",
                 labels=["EMAIL", "EMAIL", "IBAN"], engine="rules", latency_ms=3.14159)
    [row] = store.redactions()
    assert row.labels == {"EMAIL": 2, "IBAN": 1} and row.latency_ms == 3.14
    assert store.recent_counts() == {"replaced": 1}
    columns = {c.name for c in row.__table__.columns}
    assert not columns & {"text", "message", "value", "original", "masked_text"}


@pytest.mark.slow
def test_two_bot_processes_sharing_one_database_act_once(database_url, tmp_path):
    from tests.bot_harness import settings_for
    from tests.fakes.slack_api import FakeSlack
    from tests.fakes.slack_requests import SlackSender

    fake = FakeSlack().start()
    fake.add_user("UALICE", "alice")
    procs, senders = [], []
    try:
        settings = settings_for(fake, database_url)
        for port in (_free_port(), _free_port()):
            env = {**os.environ, "SLACK_BOT_TOKEN": settings.slack_bot_token,
                   "SLACK_SIGNING_SECRET": settings.slack_signing_secret, "SLACK_USER_TOKEN": settings.slack_user_token,
                   "SLACK_API_URL": fake.api_url, "DATABASE_URL": database_url, "PORT": str(port),
                   "MASKBOT_MONITORED_CHANNELS": "CMONITOR", "MASKBOT_ENGINE": "rules", "SLACK_APP_TOKEN": ""}
            log = open(tmp_path / f"bot-{port}.log", "wb")
            procs.append(subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path,
                                          stdout=log, stderr=subprocess.STDOUT))
            senders.append(SlackSender(f"http://127.0.0.1:{port}", fake.url))
        for sender, proc in zip(senders, procs):
            _wait_healthy(sender.app_url, proc, tmp_path)
        text_ = "call me on +44 20 7946 0958"
        ts = fake.add_message("CMONITOR", "UALICE", text_)
        event = {"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": text_, "ts": ts}
        replies = [sender.event(event, event_id="EvTWICE") for sender in senders]
        assert [r.status for r in replies] == [200, 200]
        fake.wait_for(lambda: fake.called("chat.postMessage"))
        time.sleep(1.0)
        assert len(fake.called("chat.delete")) == 1 and len(fake.called("chat.postMessage")) == 1
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)
        fake.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc, logs, timeout: float = 90) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = "\n".join(p.read_text(errors="replace")[-2000:] for p in logs.glob("bot-*.log"))
            raise AssertionError(f"bot process exited with {proc.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never became healthy")
