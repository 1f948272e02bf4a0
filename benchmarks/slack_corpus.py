"""Slack-style benchmark messages, generated (seeded) so nothing real is committed.

Half carry structured PII inside Slack markup (mentions, links, escapes, code); half are
PII-free but full of look-alikes (order ids, versions, timestamps, prices, hashes, public URLs)
that a pattern matcher is tempted to mask.
"""
from __future__ import annotations

import random
import string

from masking.evaluation.gold import GoldExample
from masking.policy import is_public_ip
from masking.spans import Span


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _iban(rng: random.Random) -> str:
    country, bban = rng.choice([("DE", 18), ("GB", 18), ("FR", 23), ("NL", 14), ("ES", 20), ("IT", 23)])
    chars = "".join(rng.choice(string.digits) for _ in range(bban))
    if country in ("GB", "NL"):
        chars = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + chars[4:]
    numeric = "".join(str(int(c, 36)) for c in chars + country + "00")
    check = 98 - int(numeric) % 97
    value = f"{country}{check:02d}{chars}"
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if rng.random() < 0.5 else value


def _value(label: str, rng: random.Random) -> str:
    r = rng.randint
    if label == "EMAIL":
        user = rng.choice(["ann.lee", "j.doe", "m_rossi", "k.nakamura", "o.adeyemi", "lena.schmidt"]) + str(r(1, 99))
        return f"{user}@{rng.choice(['example.com', 'corp.io', 'mail.de', 'exemple.fr'])}"
    if label == "PHONE":
        return rng.choice([f"+1 ({r(201, 989)}) {r(200, 999)}-{r(1000, 9999)}", f"+44 20 {r(7000, 8999)} {r(1000, 9999)}",
                           f"+49 30 {r(100000, 999999)}", f"({r(201, 989)}) {r(200, 999)}-{r(1000, 9999)}",
                           f"06 {r(10, 99)} {r(10, 99)} {r(10, 99)} {r(10, 99)}"])
    if label == "CREDIT_CARD":
        card = _luhn_complete(rng.choice(["4", "51", "55", "37"]), 15 if rng.random() < 0.2 else 16, rng)
        return " ".join(card[i:i + 4] for i in range(0, len(card), 4)) if rng.random() < 0.5 else card
    if label == "IBAN":
        return _iban(rng)
    if label == "SSN":
        return f"{r(100, 665)}-{r(10, 99)}-{r(1000, 9999)}"
    if label == "IP":  # a public address: private and documentation ranges name no one
        while not is_public_ip(value := f"{r(11, 223)}.{r(0, 255)}.{r(0, 255)}.{r(1, 254)}"):
            pass
        return value
    raise ValueError(label)


_PII_TEMPLATES = [
    ("<@U{uid}> can you refund the customer? card {CREDIT_CARD}, she's on {PHONE}", None),
    ("New hire form :white_check_mark: SSN {SSN}, pay to IBAN {IBAN} &amp; cc <mailto:{EMAIL}|{EMAIL}>", None),
    ("prod is down again, ssh from {IP} worked. ping <!subteam^S0{uid}|@oncall>", None),
    ("> forwarded: please call me back at {PHONE} or write to {EMAIL}", None),
    ("```\nuser={EMAIL}\nhost={IP}\n```\nthat's the config", None),
    ("<#C0{uid}|support> ticket: customer gave {CREDIT_CARD} over chat :grimacing:", None),
    ("wire it to {IBAN} please, ref. invoice 2024-{uid}", None),
    ("*Reminder*: SSN {SSN} must not be pasted here <!here>", None),
    ("reset link <https://portal.example.com/reset?email={EMAIL}|here>", None),
]
_CLEAN_TEMPLATES = [
    "deployed v{v} to prod at {time} on {date} :rocket:",
    "order #{order} shipped, tracking 1Z{hexu} — total ${price}",
    "commit {hex} fixes the flaky test, see <https://github.com/acme/app/pull/{n}|PR {n}>",
    "<@U{uid}> standup moved to {time}, room 4.{n}",
    "build {order} failed after {n} retries; p95 latency {price} ms",
    "Q{q} revenue up {n}% vs {date}, forecast {price}k",
    "The meeting ID is {n} {n} {n}; dial-in details in the calendar invite",
    "<!here> maintenance window {date} {time}-{time} UTC, expect {n} min downtime",
    "ticket JIRA-{order} blocked by INC{order}, version {v}",
    "server load {price} at {time}, pid {order}, port {n}",
    "lunch order: {n} pizzas at ${price} each &amp; {n} salads",
    "use `docker run -p {n}:{n} acme/app:{v}` and check sha256 {hex}",
]


def slack_corpus(n: int = 1000, seed: int = 7) -> list[GoldExample]:
    rng = random.Random(seed)
    out: list[GoldExample] = []
    for i in range(n):
        if i % 2 == 0:
            template = rng.choice(_PII_TEMPLATES)[0]
            out.append(_fill_pii(template, rng))
        else:
            out.append(GoldExample(_fill_clean(rng.choice(_CLEAN_TEMPLATES), rng), ()))
    return out


def _fill_pii(template: str, rng: random.Random) -> GoldExample:
    text, spans = "", []
    values: dict[str, str] = {}
    for literal, field, _, _ in string.Formatter().parse(template):
        text += literal
        if field is None:
            continue
        if field == "uid":
            text += str(rng.randint(10000, 99999))
            continue
        value = values.setdefault(field, _value(field, rng))
        spans.append(Span(len(text), len(text) + len(value), field))
        text += value
    return GoldExample(text, tuple(spans))


def _fill_clean(template: str, rng: random.Random) -> str:
    fillers = {
        "v": lambda: f"{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}",
        "time": lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "date": lambda: f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "order": lambda: str(rng.randint(10_000, 99_999_999)),
        "price": lambda: f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}",
        "hex": lambda: "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([7, 12, 40]))),
        "hexu": lambda: "".join(rng.choice("0123456789ABCDEF") for _ in range(16)),
        "n": lambda: str(rng.randint(2, 9999)),
        "q": lambda: str(rng.randint(1, 4)),
        "uid": lambda: str(rng.randint(10000, 99999)),
    }
    return "".join(literal + (fillers[field]() if field else "")
                   for literal, field, _, _ in string.Formatter().parse(template))
