"""Issue #16: one copy, of what exists, with nothing dropped and nobody pinged again."""
import json
import time

from tests.test_bot import message_event
from tests.test_hardening import NAME_AND_CARD, flag, notes_to, submit_missed


def test_a_flag_in_a_private_channel_the_bot_is_in_is_masked(bot, fake):
    """`conversations.join` refuses private channels; membership is what matters."""
    fake.members.add("GPRIVATE")
    ts = fake.add_message("GPRIVATE", "UALICE", NAME_AND_CARD)
    flag(bot, "UALICE", "GPRIVATE", ts)
    fake.wait_for(lambda: ("GPRIVATE", ts) not in fake.messages)
    copies = [m for (c, _), m in fake.messages.items() if c == "GPRIVATE" and m.get("bot_id")]
    assert copies and "4111" not in copies[0]["text"]
    assert not [c for c in fake.called("conversations.join") if c.params.get("channel") == "GPRIVATE"]


def test_a_flag_in_a_private_channel_the_bot_is_not_in_asks_for_an_invite(bot, fake):
    ts = fake.add_message("GSECRET", "UALICE", NAME_AND_CARD)
    reply = bot.send.interactive({"type": "message_action", "callback_id": "mask_message", "user": {"id": "UALICE"},
                                  "channel": {"id": "GSECRET"}, "message": {"type": "message", "user": "UALICE",
                                                                            "text": NAME_AND_CARD, "ts": ts}})
    assert reply.status == 200
    said = lambda: [t for t in [c.params.get("text", "") for c in fake.called("chat.postEphemeral")]  # noqa: E731
                    + [r.get("text", "") for r in fake.responses] if "/invite @maskbot" in t]
    assert fake.wait_for(said)
    assert ("GSECRET", ts) in fake.messages


def test_fixing_a_long_copy_keeps_all_of_it_in_view(bot, fake):
    """A fixed copy past 3,000 characters is shown whole: section blocks carry every part."""
    filler = "the deploy notes for this week, nothing personal here. " * 70
    text = f"{NAME_AND_CARD}. {filler}and the tail ends here."
    ts = fake.add_message("CMONITOR", "UALICE", text)
    bot.send.event(message_event("CMONITOR", "UALICE", text, ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    copy_ts = next(k[1] for k, m in fake.messages.items() if m.get("bot_id") and k[0] == "CMONITOR")
    assert submit_missed(bot, "UALICE", "CMONITOR", copy_ts, "Okonkwo").status == 200
    fake.wait_for(lambda: "Okonkwo" not in fake.messages[("CMONITOR", copy_ts)]["text"])
    shown = fake.shown(fake.messages[("CMONITOR", copy_ts)])
    assert "and the tail ends here." in shown and "Okonkwo" not in shown and len(shown) > 3000


def test_a_copy_pings_nobody_again_and_still_says_who_was_mentioned(bot, fake):
    text = f"<!channel> <@UOWNER> <!subteam^S0ENG|@eng> card {'4111 1111 1111 1111'} for the <#CNOTICE|notice> team"
    ts = fake.add_message("CMONITOR", "UALICE", text)
    bot.send.event(message_event("CMONITOR", "UALICE", text, ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    shown = fake.shown(copy) + copy["text"]
    assert "<!channel>" not in shown and "<@UOWNER>" not in shown and "<!subteam" not in shown
    assert "@channel" in copy["text"] and "@Olu Owner" in copy["text"] and "@eng" in copy["text"]
    assert "<#CNOTICE|notice>" in copy["text"] and "4111" not in shown


def test_a_thread_broadcast_copy_is_broadcast_too(bot, fake):
    parent = fake.add_message("CMONITOR", "UOWNER", "release thread")
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD, thread_ts=parent)
    fake.messages[("CMONITOR", ts)]["subtype"] = "thread_broadcast"
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts, thread_ts=parent, subtype="thread_broadcast"))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert copy["thread_ts"] == parent and copy.get("subtype") == "thread_broadcast"


def test_a_replaced_thread_parent_keeps_its_replies_with_the_copy(bot, fake):
    parent = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.add_message("CMONITOR", "UOWNER", "on it", thread_ts=parent)
    fake.messages[("CMONITOR", parent)].update(thread_ts=parent, reply_count=1)
    flag(bot, "UALICE", "CMONITOR", parent)
    fake.wait_for(lambda: ("CMONITOR", parent) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert copy["thread_ts"] == parent and copy.get("subtype") == "thread_broadcast"  # in the thread, and in the channel


def test_a_message_deleted_before_redaction_is_not_reposted(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    del fake.messages[("CMONITOR", ts)]  # its author deleted it before the event was handled
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    fake.wait_for(lambda: (job := bot.store.job(f"msg:CMONITOR:{ts}")) is not None and job.step == "done")
    assert not [c for c in fake.called("chat.postMessage") if c.params.get("channel") == "CMONITOR"]
    assert not [n for n in notes_to(fake, "UALICE") if "replaced" in n["text"]]


def test_a_message_deleted_during_redaction_leaves_no_copy(bot, fake):
    from tests.fakes.slack_api import Fault

    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.fail["chat.postMessage"] = [Fault(error="", delay_s=0.6)]  # a slow post, and meanwhile…

    def author_deletes():
        time.sleep(0.3)
        fake.messages.pop(("CMONITOR", ts), None)
    import threading
    threading.Thread(target=author_deletes).start()
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    fake.wait_for(lambda: (job := bot.store.job(f"msg:CMONITOR:{ts}")) is not None and job.step == "done")
    assert not [m for (c, _), m in fake.messages.items() if c == "CMONITOR"]  # neither the original nor a copy
    assert not [n for n in notes_to(fake, "UALICE") if "replaced" in n["text"]]


def test_an_edit_during_redaction_yields_one_copy_of_the_latest_text(bot, fake):
    from tests.fakes.slack_api import Fault

    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.fail["conversations.history"] = [Fault(error="", delay_s=0.4)]
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    edited = NAME_AND_CARD + ", or mail lena.schmidt@example.de"
    fake.messages[("CMONITOR", ts)]["text"] = edited
    bot.send.event({"type": "message", "subtype": "message_changed", "channel": "CMONITOR", "ts": "99.1",
                    "message": {"type": "message", "user": "UALICE", "text": edited, "ts": ts,
                                "edited": {"user": "UALICE", "ts": "99.1"}},
                    "previous_message": {"type": "message", "user": "UALICE", "text": NAME_AND_CARD, "ts": ts}})
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    time.sleep(0.8)
    copies = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert len(copies) == 1 and "lena.schmidt" not in copies[0]["text"] and "[EMAIL]" in copies[0]["text"]


def test_a_reaction_and_a_shortcut_at_once_give_one_copy(bot, fake):
    ts = fake.add_message("C0GENERAL", "UALICE", NAME_AND_CARD)
    flag(bot, "UOWNER", "C0GENERAL", ts)
    bot.send.interactive({"type": "message_action", "callback_id": "mask_message", "user": {"id": "UALICE"},
                          "channel": {"id": "C0GENERAL"},
                          "message": {"type": "message", "user": "UALICE", "text": NAME_AND_CARD, "ts": ts}})
    fake.wait_for(lambda: ("C0GENERAL", ts) not in fake.messages)
    time.sleep(0.8)
    assert len([m for (c, _), m in fake.messages.items() if c == "C0GENERAL" and m.get("bot_id")]) == 1


def test_no_anonymous_copy_when_the_authors_profile_cannot_be_read(bot, fake):
    """One failed `users.info` is retried; when it keeps failing the original stays and people are told."""
    ts = fake.add_message("CMONITOR", "UALICE", NAME_AND_CARD)
    fake.fail["users.info"] = [(200, "internal_error")]
    bot.send.event(message_event("CMONITOR", "UALICE", NAME_AND_CARD, ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert copy["username"] == "alice"

    ts = fake.add_message("CMONITOR", "UEXT", NAME_AND_CARD)
    fake.fail["users.info"] = [(200, "internal_error")] * 10
    bot.send.event(message_event("CMONITOR", "UEXT", NAME_AND_CARD, ts))
    fake.wait_for(lambda: (job := bot.store.job(f"msg:CMONITOR:{ts}")) is not None and job.step == "reported")
    assert ("CMONITOR", ts) in fake.messages  # the original stays
    assert len([m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]) == 1
    assert [n for n in notes_to(fake, "UEXT") if "author_profile_unavailable" in n["text"]]


def test_file_names_are_masked_like_text(bot, fake):
    """A file named after a person is personal data even when the message text is not."""
    name = "lena.schmidt@example.de passport scan.pdf"
    files = [{"id": "F1", "name": name, "permalink": "https://test.slack.com/files/UALICE/F1/scan.pdf"}]
    ts = fake.add_message("CMONITOR", "UALICE", "here you go")
    fake.messages[("CMONITOR", ts)]["files"] = files
    bot.send.event(message_event("CMONITOR", "UALICE", "here you go", ts, subtype="file_share", files=files))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    assert "lena.schmidt" not in copy["text"] and "[EMAIL] passport scan.pdf>" in copy["text"]
    assert "<https://test.slack.com/files/UALICE/F1/scan.pdf|" in copy["text"]


def _shared(text):
    return [{"is_share": True, "author_name": "Lena Schmidt", "text": text, "fallback": f"[Lena] {text}",
             "footer": "Posted in #sales", "from_url": "https://test.slack.com/archives/C9/p1", "ts": "1.0"}]


def test_a_shared_message_is_masked_and_kept_in_the_copy(bot, fake):
    """PII inside a forwarded message is masked, and the copy keeps the forwarded message."""
    shared = _shared("call me on +44 20 7946 0958, lena.schmidt@example.de")
    ts = fake.add_message("CMONITOR", "UALICE", "fyi, see below")
    fake.messages[("CMONITOR", ts)]["attachments"] = shared
    bot.send.event(message_event("CMONITOR", "UALICE", "fyi, see below", ts, attachments=shared))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    [copy] = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]
    [attachment] = copy["attachments"]
    assert "[PHONENUMBER]" in attachment["text"] and "[EMAIL]" in attachment["text"]
    assert "lena.schmidt" not in json.dumps(copy) and "7946" not in json.dumps(copy)

    text = f"my card is {'4111 1111 1111 1111'}"
    shared = _shared("release notes attached")
    ts = fake.add_message("CMONITOR", "UALICE", text)
    fake.messages[("CMONITOR", ts)]["attachments"] = shared
    bot.send.event(message_event("CMONITOR", "UALICE", text, ts, attachments=shared))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    second = [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id") and m is not copy]
    assert second and second[0]["attachments"][0]["text"] == "release notes attached"  # nothing dropped
