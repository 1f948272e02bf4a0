"""Retraining workers: a dead worker's run is failed within a minute and reported, cancel works
on it, and the run row is the one invariant that keeps two runs from executing at once."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from bot import clients
from bot.services.container import Services
from bot.services.retraining import STALE_AFTER, RetrainingWorker
from bot.store.models import TrainingRunRow
from tests.test_bot import admin


def a_dead_workers_run(store, silent_for: timedelta):
    run = store.queue_run("local", {"rows": 10}, "UADMIN", "C0GENERAL")
    claimed = store.claim_next_run("host:1234:dead")
    with store.session() as s:
        s.execute(update(TrainingRunRow).where(TrainingRunRow.id == run.id)
                  .values(heartbeat_at=datetime.now(timezone.utc) - silent_for))
        s.commit()
    return claimed


def test_a_run_is_failed_within_a_minute_of_its_last_heartbeat_and_reported(bot, fake, tmp_path):
    assert STALE_AFTER <= timedelta(minutes=1)
    run = a_dead_workers_run(bot.store, timedelta(seconds=61))
    services = Services.build(bot.settings, clients.bot_client(bot.settings), clients.user_client(bot.settings))
    RetrainingWorker(services, tmp_path / "runs").run_once()
    assert bot.store.get_run(run.id).state == "failed"
    notices = [c for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT"]
    assert notices and f"Retraining #{run.id} failed: its worker stopped" in notices[0].params["text"]


def test_cancel_ends_a_dead_workers_run_at_once(bot, fake):
    run = a_dead_workers_run(bot.store, timedelta(minutes=5))
    assert f"Cancelling run #{run.id}" in admin(bot, fake, "cancel")
    assert bot.store.get_run(run.id).state == "cancelled" and bot.store.active_run() is None


def test_a_worker_whose_run_was_taken_away_is_told_to_stop(bot):
    run = a_dead_workers_run(bot.store, timedelta(minutes=5))
    assert bot.store.heartbeat(run.id, "host:1234:dead") is True
    bot.store.fail_stale_runs(timedelta(seconds=0))
    assert bot.store.heartbeat(run.id, "host:1234:dead") is False  # failed as stale: the row says stop
    second = bot.store.queue_run("local", {}, "UADMIN", "C0GENERAL")
    assert bot.store.claim_next_run("host:9:alive").id == second.id
    assert bot.store.heartbeat(second.id, "host:1234:dead") is False  # not the holder


def test_cancel_while_claiming_leaves_one_run_at_most(bot):
    run = bot.store.queue_run("local", {}, "UADMIN", "C0GENERAL")
    bot.store.request_cancel()
    assert bot.store.claim_next_run("host:1:a") is None
    assert bot.store.get_run(run.id).state == "cancelled"
    assert bot.store.queue_run("local", {}, "UADMIN", "C0GENERAL").id != run.id
