"""Issue #16, through the HTTP boundary: who may change a copy, replays every process sees, and
user-typed text that cannot turn into markup. The helpers here serve test_copies.py and
test_robustness.py too."""
import json
import time
import urllib.parse

from tests.bot_harness import settings_for, start_bot
from tests.test_bot import message_event


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
