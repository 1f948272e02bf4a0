"""Bot figures (issue #5): time to ack and to repost a monitored-channel message with the
default engine, and events per second one web process handles — against the fake Slack.

    python benchmarks/bot_latency.py [--messages 200] [--engine auto]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.bot_harness import settings_for, start_bot  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402

TEXTS = [
    "Hi team, Margaret Okonkwo's new number is +44 20 7946 0958, card 4111 1111 1111 1111.",
    "Please wire the refund to DE89 3704 0044 0532 0130 00 and cc lena.schmidt@example.de",
    "Customer Tomasz Nowak called from (415) 555-2671 about order 48213377, lives at 12 Elm Street.",
]


def pct(values, q):
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    fake = FakeSlack().start()
    fake.add_user("UALICE", "alice")
    with tempfile.TemporaryDirectory() as tmp:
        bot = start_bot(fake, settings_for(fake, f"sqlite:///{tmp}/bench.db", engine=args.engine))
        posted: list[float] = []  # when each masked repost reached Slack, in order
        original = fake.api_chat_postMessage

        def recording(params, token):
            posted.append(time.perf_counter())
            return original(params, token)

        fake.api_chat_postMessage = recording
        acks, reposts = [], []
        for i in range(args.messages // 2):
            text = f"#{i:05d} " + TEXTS[i % len(TEXTS)]
            ts = fake.add_message("CMONITOR", "UALICE", text)
            sent = time.perf_counter()
            reply = bot.send.event({"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": text, "ts": ts})
            acks.append(reply.elapsed_ms)
            fake.wait_for(lambda: len(posted) > i, timeout=30)
            reposts.append((posted[i] - sent) * 1000)

        # throughput: concurrent deliveries of PII-bearing messages, until every repost is done
        n = args.messages
        start_posts = len(fake.called("chat.postMessage"))

        def deliver(i: int) -> None:
            text = f"@{i:05d} " + TEXTS[i % len(TEXTS)]
            ts = fake.add_message("CMONITOR", "UALICE", text)
            bot.send.event({"type": "message", "channel": "CMONITOR", "user": "UALICE", "text": text, "ts": ts})

        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            list(pool.map(deliver, range(n)))
        fake.wait_for(lambda: len(fake.called("chat.postMessage")) - start_posts >= n, timeout=300)
        seconds = time.perf_counter() - began
        bot.stop()
    fake.stop()
    print(f"engine {args.engine}; {len(acks)} sequential monitored-channel messages with PII")
    print(f"time to ack:    p50 {statistics.median(acks):.1f} ms, p95 {pct(acks, 95):.1f} ms")
    print(f"time to repost: p50 {statistics.median(reposts):.1f} ms, p95 {pct(reposts, 95):.1f} ms "
          "(delivery to masked repost: masking, delete, repost)")
    print(f"throughput: {n} PII messages, {args.concurrency} concurrent senders: {n / seconds:.1f} events/s "
          "fully handled by one web process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
