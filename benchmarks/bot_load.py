"""Bot under load (issue #10), one `python -m bot` process against the fake Slack.

    python benchmarks/bot_load.py [--events 500] [--engine auto]

At 20 and 50 concurrent senders of PII events: acks p50/p95/max, messages redacted, and the ack
latency of `/mask` commands sent during the burst; then a flood of 20 messages of 100 KB, with the
bot's peak RSS.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bot_harness import settings_for  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.fakes.slack_requests import SlackSender  # noqa: E402
from tests.test_store import _free_port, _wait_healthy  # noqa: E402

TEXTS = [
    "Hi team, Margaret Okonkwo's new number is +44 20 7946 0958, card 4111 1111 1111 1111.",
    "Please wire the refund to DE89 3704 0044 0532 0130 00 and cc lena.schmidt@example.de",
    "Customer Tomasz Nowak called from (415) 555-2671 about order 48213377, lives at 12 Elm Street.",
]


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def process_tree(pid: int) -> list[int]:
    """The bot's process and its gunicorn workers."""
    try:
        return [pid, *(int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    except OSError:
        return [pid]


def peak_rss_mb(pid: int) -> float:
    """Peak RSS of the bot: its gunicorn master and workers (VmHWM), the largest."""
    peaks = []
    for p in process_tree(pid):
        try:
            line = next(l for l in Path(f"/proc/{p}/status").read_text().splitlines() if l.startswith("VmHWM"))
            peaks.append(int(line.split()[1]) / 1024)
        except (OSError, StopIteration):
            pass
    return max(peaks) if peaks else 0.0


def reset_peak(pid: int) -> None:
    """Start VmHWM afresh (Linux: writing 5 to clear_refs), so the flood's peak is its own."""
    for p in process_tree(pid):
        try:
            Path(f"/proc/{p}/clear_refs").write_text("5")
        except OSError:
            pass


def start_bot(fake: FakeSlack, tmp: str, engine: str):
    port = _free_port()
    settings = settings_for(fake, f"sqlite:///{tmp}/bench.db")
    env = {**os.environ, "SLACK_BOT_TOKEN": settings.slack_bot_token, "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
           "SLACK_USER_TOKEN": settings.slack_user_token, "SLACK_API_URL": fake.api_url,
           "DATABASE_URL": settings.database_url, "PORT": str(port), "MASKBOT_MONITORED_CHANNELS": "CMONITOR",
           "MASKBOT_ENGINE": engine, "SLACK_APP_TOKEN": "", "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp, stdout=subprocess.DEVNULL,
                            stderr=open(Path(tmp) / "bot-bench.log", "wb"))
    sender = SlackSender(f"http://127.0.0.1:{port}", fake.url)
    _wait_healthy(sender.app_url, proc, Path(tmp))
    return proc, sender


def burst(fake: FakeSlack, sender: SlackSender, events: int, concurrency: int, tag: str) -> dict:
    stamps, acks, command_acks = [], [], []
    done = threading.Event()

    def deliver(i: int) -> None:
        text = f"{tag}{i:05d} " + TEXTS[i % len(TEXTS)]
        ts = fake.add_message("CMONITOR", "UALICE", text)
        stamps.append(ts)
        reply = sender.event({"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": text, "ts": ts})
        acks.append(reply.elapsed_ms)

    def commands() -> None:
        while not done.is_set():
            command_acks.append(sender.command("/mask", "call me on +44 20 7946 0958", "UALICE").elapsed_ms)
            time.sleep(0.05)

    probe = threading.Thread(target=commands)
    probe.start()
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(deliver, range(events)))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and any(("CMONITOR", ts) in fake.messages for ts in stamps):
        time.sleep(0.1)
    seconds = time.perf_counter() - began
    done.set()
    probe.join()
    redacted = sum(("CMONITOR", ts) not in fake.messages for ts in stamps)
    return {"acks": acks, "commands": command_acks, "redacted": redacted, "seconds": seconds}


def flood(fake: FakeSlack, sender: SlackSender, count: int = 20, size: int = 100_000) -> None:
    body = ("x" * 60 + " lena.schmidt@example.de +44 20 7946 0958\n") * (size // 100)
    stamps = []
    with ThreadPoolExecutor(max_workers=count) as pool:
        def one(i: int) -> None:
            ts = fake.add_message("CMONITOR", "UALICE", body)
            stamps.append(ts)
            sender.event({"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": body, "ts": ts})
        list(pool.map(one, range(count)))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and any(("CMONITOR", ts) in fake.messages for ts in stamps):
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    fake = FakeSlack().start()
    fake.add_user("UALICE", "alice")
    with tempfile.TemporaryDirectory() as tmp:
        proc, sender = start_bot(fake, tmp, args.engine)
        try:
            print(f"one bot process (gunicorn, engine {args.engine}), {args.events} PII events per burst")
            for concurrency in (20, 50):
                r = burst(fake, sender, args.events, concurrency, f"c{concurrency}-")
                a, c = r["acks"], r["commands"]
                print(f"concurrency {concurrency}: acks p50 {statistics.median(a):.1f} ms, p95 {pct(a, 95):.1f} ms, "
                      f"max {max(a):.1f} ms; redacted {r['redacted']}/{args.events} in {r['seconds']:.1f} s; "
                      f"/mask acks during the burst ({len(c)}): p50 {statistics.median(c):.1f} ms, "
                      f"p95 {pct(c, 95):.1f} ms, max {max(c):.1f} ms")
            print(f"peak RSS after the bursts: {peak_rss_mb(proc.pid):.0f} MB")
            reset_peak(proc.pid)
            flood(fake, sender)
            print(f"20 x 100 KB messages: peak RSS during the flood {peak_rss_mb(proc.pid):.0f} MB")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
