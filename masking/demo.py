"""Realistic Slack messages (invented people and numbers) masked before your eyes."""
from __future__ import annotations

from typing import TextIO

from masking.pipeline import MaskingPipeline

DEMO_MESSAGES = (
    "Hi <@U024BE7LH>, the customer's card is 4111 1111 1111 1111 (exp 09/27) and she asked us to "
    "call back on +1 415-555-2671.",
    "New joiner paperwork: SSN 536-22-8726, DOB: 14/03/1991, IBAN DE89 3704 0044 0532 0130 00 &amp; "
    "personal mail <mailto:lena.schmidt@example.de|lena.schmidt@example.de>",
    "Prod DB creds for <!subteam^S0614TZR7|@oncall>: `postgres://admin:S3cr3t!pw@10.20.30.40:5432/app` "
    "and the bot token is xoxb-2048-4096-AbCdEfGhIjKlMnOp",
    "Reset link <https://portal.example.com/reset?email=j.doe@example.com&amp;token=9f8e7d6c5b|here> "
    "— my laptop MAC is 3c:22:fb:8a:91:0e, IMEI 490154203237518",
    "Release 2.14.3 shipped at 10:30 on 2026-11-25; order #4482-9911 cost $129.99. <!here> no PII in this one.",
)


def run_demo(pipeline: MaskingPipeline, out: TextIO) -> None:
    out.write(f"maskbot demo: engine {pipeline.name}, policy {pipeline.policy.spec}, "
              f"operator {pipeline.operator.name}\n\n")
    for text in DEMO_MESSAGES:
        result = pipeline.mask(text)
        out.write(f"before: {text}\n")
        out.write(f"after:  {result.masked_text}\n")
        found = ", ".join(result.labels) or "nothing"
        out.write(f"found:  {found}   ({result.elapsed_ms:.2f} ms)\n\n")
