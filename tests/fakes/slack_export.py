"""A generated Slack workspace export in Slack's layout, with the PII planted in it listed.

Layout as Slack writes it (https://slack.com/help/articles/220556107): `channels.json`,
`users.json`, `groups.json`, `dms.json`, `mpims.json` at the root, one folder per conversation
with one JSON array per day; messages with thread replies (`thread_ts`, `replies`), edits
(`edited`), `user_profile`, rich-text `blocks` repeating the text, attachments and files. Slack
escapes `/` as `\\/` and writes 4-space indents, which byte-preservation must survive.
"""
from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass, field

PEOPLE = (("Maria", "Garcia"), ("Ann", "Lee"), ("Jonas", "Becker"), ("Priya", "Raman"), ("Tom", "Walsh"),
          ("Sofia", "Rossi"), ("Kenji", "Sato"), ("Laura", "Martin"))
CLEAN = ("deploy finished, dashboards green", "lgtm, merging after CI", "standup moved to 10:30",
         "the nightly build is flaky again", "who owns the billing service these days?",
         "rolled back the config push", "retro notes are in the wiki", "p95 latency back under 200ms")
PII = ("ping {first} {last} on {phone} about the invoice", "mail {email} the contract please",
       "{first} {last} takes over on-call from Monday, reach her at {email}",
       "card on file is {card}, can you refund it?", "new starter: {first} {last}, phone {phone}")


@dataclass
class GeneratedExport:
    data: bytes
    messages: int
    pii_values: set[str] = field(default_factory=set)  # every planted value that must not survive
    clean_texts: set[str] = field(default_factory=set)


def _dump(value) -> bytes:
    return json.dumps(value, indent=4, ensure_ascii=False).replace("/", "\\/").encode("utf-8")


def generate(channels: int = 3, days: int = 4, per_day: int = 12, seed: int = 7) -> GeneratedExport:
    rng = random.Random(seed)
    out = GeneratedExport(b"", 0)
    users = []
    for i, (first, last) in enumerate(PEOPLE):
        email = f"{first.lower()}.{last.lower()}@example.com"
        phone = f"+1 415 555 01{i:02d}"
        users.append({"id": f"U{i:08d}", "team_id": "T00000001", "name": f"{first.lower()}.{last.lower()}",
                      "real_name": f"{first} {last}", "deleted": False, "is_bot": False,
                      "profile": {"real_name": f"{first} {last}", "display_name": first, "first_name": first,
                                  "last_name": last, "email": email, "phone": phone, "title": "Engineer",
                                  "image_72": "https://avatars.slack-edge.com/x/72.png"}})
        out.pii_values |= {email, phone, f"{first} {last}", f"{first.lower()}.{last.lower()}"}
    names = [f"team-{n}" for n in ("general", "ops", "billing", "design", "infra")][:channels]
    files = {"users.json": _dump(users),
             "channels.json": _dump([{"id": f"C{n:08d}", "name": name, "created": 1700000000, "creator": "U00000000",
                                      "members": [u["id"] for u in users],
                                      "topic": {"value": "release train and on-call", "creator": "U00000000", "last_set": 0},
                                      "purpose": {"value": "mail maria.garcia@example.com for access", "creator": "U00000000",
                                                  "last_set": 0}} for n, name in enumerate(names)]),
             "groups.json": _dump([]), "dms.json": _dump([]), "mpims.json": _dump([])}
    ts = 1_700_000_000
    for name in names:
        for day in range(days):
            messages = []
            for _ in range(per_day):
                ts += rng.randint(30, 600)
                author = rng.choice(users)
                person = rng.choice(users)
                first, last = person["profile"]["first_name"], person["profile"]["last_name"]
                if rng.random() < 0.4:
                    text = rng.choice(PII).format(first=first, last=last, email=person["profile"]["email"],
                                                  phone=person["profile"]["phone"], card="4111 1111 1111 1111")
                    out.pii_values.add("4111 1111 1111 1111") if "card" in text else None
                else:  # a ticket number keeps messages distinct, as real ones are
                    text = f"{rng.choice(CLEAN)} (INC-{rng.randint(1000, 99999)})"
                    out.clean_texts.add(text)
                message = {"client_msg_id": f"m-{ts}", "type": "message", "text": text, "user": author["id"],
                           "ts": f"{ts}.000100", "team": "T00000001",
                           "user_profile": {"real_name": author["real_name"], "display_name": author["profile"]["display_name"],
                                            "name": author["name"], "first_name": author["profile"]["first_name"],
                                            "image_72": "https://avatars.slack-edge.com/x/72.png", "is_restricted": False},
                           "blocks": [{"type": "rich_text", "block_id": f"b{ts}", "elements": [
                               {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}]}
                roll = rng.random()
                if roll < 0.15:
                    message["thread_ts"] = message["ts"]
                    reply_ts = f"{ts + 5}.000200"
                    message.update(reply_count=1, reply_users=[author["id"]], replies=[{"user": author["id"], "ts": reply_ts}])
                    messages.append(message)
                    reply = dict(message, ts=reply_ts, parent_user_id=author["id"],
                                 text=f"thanks {first}, I'll call {person['profile']['phone']}")
                    for key in ("reply_count", "reply_users", "replies", "blocks"):
                        reply.pop(key)
                    messages.append(reply)
                    continue
                if roll < 0.25:
                    message["edited"] = {"user": author["id"], "ts": f"{ts + 60}.000000"}
                elif roll < 0.35:
                    message["files"] = [{"id": f"F{ts}", "name": "q3-report.pdf", "title": f"report for {first} {last}",
                                         "mimetype": "application/pdf", "size": 1024,
                                         "url_private": f"https://files.slack.com/files-pri/T1-F{ts}/q3-report.pdf"}]
                elif roll < 0.42:
                    message["attachments"] = [{"fallback": f"mail {person['profile']['email']}",
                                               "text": f"forwarded from {person['profile']['email']}", "id": 1}]
                messages.append(message)
            files[f"{name}/2024-03-{day + 1:02d}.json"] = _dump(messages)
            out.messages += len(messages)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in names:
            archive.writestr(zipfile.ZipInfo(f"{folder}/", (2024, 3, 5, 12, 0, 0)), b"")
        for member, data in files.items():
            archive.writestr(zipfile.ZipInfo(member, (2024, 3, 5, 12, 0, 0)), data, zipfile.ZIP_DEFLATED)
    out.data = buffer.getvalue()
    return out
