""""Wrongly masked?": the author's button, the modal, what is stored (never the original), the
digest with its Allow button, and the next message with that word."""
from datetime import timedelta

from sqlalchemy import text

from tests.test_bot import admin, message_event

ORIGINAL = "Sierra rollout: call Lena at +44 20 7946 0958, card 4111 1111 1111 1111"


def interactive(bot, payload):
    assert bot.send.interactive(payload).status == 200


def test_feedback_digest_allow_and_the_next_message(bot, fake):
    admin(bot, fake, "deny sierra")  # today's engine masks the code name: the false alarm to report
    ts = fake.add_message("CMONITOR", "UALICE", ORIGINAL)
    bot.send.event(message_event("CMONITOR", "UALICE", ORIGINAL, ts))
    note = fake.wait_for(lambda: [c for c in fake.called("chat.postEphemeral") if c.params.get("blocks")])[0]
    button = note.params["blocks"][1]["elements"][0]
    assert button["action_id"] == "mask_feedback"
    copy = fake.messages[("CMONITOR", button["value"].split("|")[1])]["text"]
    assert copy.startswith("[CUSTOM] rollout")

    interactive(bot, {"type": "block_actions", "user": {"id": "UALICE"}, "channel": {"id": "CMONITOR"},
                      "container": {"type": "message", "channel_id": "CMONITOR"},
                      "actions": [{**button, "type": "button", "block_id": "b", "action_ts": "1"}]})
    view = fake.wait_for(lambda: fake.views)[0]
    assert view["callback_id"] == "mask_feedback"
    options = view["blocks"][0]["element"]["options"]
    assert [o["text"]["text"].split(" ")[1] for o in options] == ["[CUSTOM]", "[PHONENUMBER]", "[CREDITCARDNUMBER]"]

    state = {"values": {"ticked": {"ticked": {"type": "checkboxes", "selected_options": [options[0]]}},
                        "word_0": {"word": {"type": "plain_text_input", "value": "Sierra"}},
                        "word_1": {"word": {"type": "plain_text_input", "value": None}}}}
    interactive(bot, {"type": "view_submission", "user": {"id": "UALICE"},
                      "view": {**view, "id": "V1", "state": state}})
    rows = fake.wait_for(lambda: bot.store.feedback())
    assert rows[0].ticked == [{"position": 0, "label": "CUSTOM", "word": "Sierra"}]

    with bot.store.engine.connect() as connection:  # nothing the masker caught, and no original text
        dump = " ".join(str(r) for table in ("feedback", "redactions", "redaction_jobs", "settings")
                        for r in connection.execute(text(f"SELECT * FROM {table}")))
    for value in ("7946", "4111", ORIGINAL):  # (the rules engine leaves names: Lena is in the public copy)
        assert value not in dump

    assert "Posted the digest" in admin(bot, fake, "feedback")
    digest = [c for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT" and c.params.get("blocks")]
    allow = digest[-1].params["blocks"][1]["accessory"]
    assert allow["action_id"] == "mask_allow_term" and allow["value"] == "sierra"
    interactive(bot, {"type": "block_actions", "user": {"id": "UALICE"}, "channel": {"id": "CREPORT"},
                      "actions": [{**allow, "type": "button", "block_id": "d", "action_ts": "2"}]})
    refusal = fake.wait_for(lambda: fake.responses and fake.responses[-1])
    assert "only workspace admins" in refusal["text"]
    admin(bot, fake, "forget sierra")
    interactive(bot, {"type": "block_actions", "user": {"id": "UADMIN"}, "channel": {"id": "CREPORT"},
                      "actions": [{**allow, "type": "button", "block_id": "d", "action_ts": "3"}]})
    fake.wait_for(lambda: any("will not be masked any more" in (r.get("text") or "") for r in fake.responses))
    assert "`sierra`" in admin(bot, fake, "terms")

    again = "Sierra is live, ping +44 20 7946 0958"
    ts2 = fake.add_message("CMONITOR", "UALICE", again)
    bot.send.event(message_event("CMONITOR", "UALICE", again, ts2))
    fake.wait_for(lambda: ("CMONITOR", ts2) not in fake.messages)
    assert any(m.get("text") == "Sierra is live, ping [PHONENUMBER]" for m in fake.messages.values())


def test_feedback_retention_and_purge(bot, fake):
    bot.store.add_feedback("UALICE", "C1", "[FIRSTNAME] said hi", [{"position": 0, "label": "FIRSTNAME", "word": "x"}])
    assert bot.store.purge_feedback(timedelta(days=90)) == 0
    assert "Deleted 1 feedback report" in admin(bot, fake, "feedback purge")
    assert "No words have been reported" in admin(bot, fake, "feedback")


def test_missed_something_masks_the_copy_further_and_keeps_only_the_template(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", "card 4111 1111 1111 1111 for Okonkwo Adebayo")
    bot.send.event(message_event("CMONITOR", "UALICE", "card 4111 1111 1111 1111 for Okonkwo Adebayo", ts))
    fake.wait_for(lambda: ("CMONITOR", ts) not in fake.messages)
    copy_ts, copy = next((k[1], m) for k, m in fake.messages.items() if m.get("bot_id") and k[0] == "CMONITOR")
    assert copy["text"] == "card [CREDITCARDNUMBER] for Okonkwo Adebayo"  # the rules engine knows no names

    bot.send.event({"type": "reaction_added", "user": "UOWNER", "reaction": "mask",
                    "item": {"type": "message", "channel": "CMONITOR", "ts": copy_ts}, "event_ts": "9"})
    offer = fake.wait_for(lambda: [c for c in fake.called("chat.postEphemeral")
                                   if c.params["user"] == "UOWNER" and c.params.get("blocks")])[0]
    button = offer.params["blocks"][1]["elements"][0]
    interactive(bot, {"type": "block_actions", "user": {"id": "UOWNER"}, "channel": {"id": "CMONITOR"},
                      "actions": [{**button, "type": "button", "block_id": "m", "action_ts": "1"}]})
    view = fake.wait_for(lambda: fake.views)[-1]
    assert view["callback_id"] == "mask_missed"
    state = {"values": {"text": {"text": {"type": "plain_text_input", "value": "Okonkwo Adebayo"}},
                        "label": {"label": {"type": "static_select", "selected_option": {"value": "LASTNAME"}}}}}
    interactive(bot, {"type": "view_submission", "user": {"id": "UOWNER"}, "view": {**view, "id": "V2", "state": state}})
    fake.wait_for(lambda: fake.messages[("CMONITOR", copy_ts)]["text"] == "card [CREDITCARDNUMBER] for [LASTNAME]")
    [row] = fake.wait_for(lambda: bot.store.feedback(kind="missed"))
    assert row.masked_copy == "card [CREDITCARDNUMBER] for [LASTNAME]" and row.ticked[0]["label"] == "LASTNAME"
    with bot.store.engine.connect() as connection:
        dump = " ".join(str(r) for r in connection.execute(text("SELECT * FROM feedback")))
    assert "Okonkwo" not in dump and "4111" not in dump
