"""The real Bolt app over HTTP, driven as Slack drives it, against the fake Slack Web API."""
import json
import time
import urllib.parse
import urllib.request

import pytest

from tests.bot_harness import admin, settings_for, start_bot

CARD = "4111 1111 1111 1111"
EMAIL = "lena.schmidt@example.de"
PII_TEXT = f"my card is {CARD}, mail {EMAIL}"


def message_event(channel, user, text, ts, **extra):
    return {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "channel_type": "channel", **extra}


def assert_no_pii_left(fake, *values):
    sent = fake.all_text_sent()
    for value in values:
        assert value not in sent


# --- HTTP, signatures, malformed input ------------------------------------------------------

def test_healthz(bot):
    with urllib.request.urlopen(bot.send.app_url + "/healthz", timeout=5) as response:
        assert response.status == 200


def test_bad_signature_is_401_and_nothing_happens(bot, fake):
    reply = bot.send.command("/mask", PII_TEXT, "UALICE", secret="wrong-secret")
    assert reply.status == 401
    time.sleep(0.3)
    assert not fake.responses and not fake.called("chat.postMessage")


def test_stale_timestamp_is_refused(bot, fake):
    reply = bot.send.command("/mask", "hi", "UALICE", timestamp=str(int(time.time()) - 3600))
    assert reply.status == 401


def test_unsigned_request_is_refused(bot):
    assert bot.send.command("/mask", "hi", "UALICE", signed=False).status == 401


@pytest.mark.parametrize("body, content_type", [
    (b"{not json", "application/json"),
    (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00binary", "application/octet-stream"),
    (b"", "application/json"),
])
def test_malformed_bodies_get_a_client_error(bot, body, content_type):
    reply = bot.send.post(body, content_type)
    assert 400 <= reply.status < 500


# --- /mask ------------------------------------------------------------------------------------

def test_mask_command_acks_then_responds_ephemerally(bot, fake):
    reply = bot.send.command("/mask", PII_TEXT, "UALICE")
    assert reply.status == 200
    response = fake.wait_for(lambda: fake.responses and fake.responses[-1])
    assert response["response_type"] == "ephemeral"
    assert response["text"] == "my card is [CREDITCARDNUMBER], mail [EMAIL]"
    button = response["blocks"][-1]["elements"][0]
    assert button["action_id"] == "post_masked" and CARD not in button["value"]
    assert "card number and email address" in json.dumps(response["blocks"])
    assert_no_pii_left(fake, CARD, EMAIL)
    [row] = bot.store.redactions()
    assert row.labels == {"CREDITCARDNUMBER": 1, "EMAIL": 1} and row.outcome == "previewed"


def test_mask_without_text_shows_help(bot, fake):
    bot.send.command("/mask", "", "UALICE")
    assert "/mask <text>" in fake.wait_for(lambda: fake.responses and fake.responses[-1])["text"]


def test_post_masked_button_posts_for_the_user(bot, fake):
    reply = bot.send.interactive({
        "type": "block_actions", "user": {"id": "UALICE"}, "channel": {"id": "C0GENERAL"},
        "container": {"type": "message", "channel_id": "C0GENERAL"},
        "actions": [{"action_id": "post_masked", "type": "button", "value": "my card is [CREDITCARDNUMBER]",
                     "block_id": "b", "action_ts": "1"}]})
    assert reply.status == 200
    [post] = fake.wait_for(lambda: fake.called("chat.postMessage"))
    assert post.params["text"] == "my card is [CREDITCARDNUMBER]" and post.params["username"] == "alice"
    assert fake.wait_for(lambda: fake.responses)[-1]["delete_original"] is True


def test_a_forged_button_value_is_masked_again(bot, fake):
    bot.send.interactive({"type": "block_actions", "user": {"id": "UALICE"}, "channel": {"id": "C0GENERAL"},
                          "actions": [{"action_id": "post_masked", "type": "button", "value": PII_TEXT,
                                       "block_id": "b", "action_ts": "1"}]})
    [post] = fake.wait_for(lambda: fake.called("chat.postMessage"))
    assert CARD not in post.params["text"]


# --- monitored channels -----------------------------------------------------------------------

def test_monitored_message_is_deleted_and_reposted_masked(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    assert bot.send.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts)).status == 200
    [post] = fake.wait_for(lambda: fake.called("chat.postMessage"))
    assert post.params["text"] == "my card is [CREDITCARDNUMBER], mail [EMAIL]"
    assert post.params["username"] == "alice" and post.params["channel"] == "CMONITOR"
    [delete] = fake.wait_for(lambda: fake.called("chat.delete"))
    assert delete.params == {"channel": "CMONITOR", "ts": ts} and delete.token.startswith("xoxp")
    [note] = fake.wait_for(lambda: fake.called("chat.postEphemeral"))
    assert note.params["user"] == "UALICE" and "card number and email address" in note.params["text"]
    assert ("CMONITOR", ts) not in fake.messages
    assert_no_pii_left(fake, CARD, EMAIL)
    fake.wait_for(lambda: bot.store.redactions())
    [row] = bot.store.redactions()
    assert (row.outcome, row.trigger, row.author_id) == ("replaced", "monitor", "UALICE")


def test_thread_reply_is_reposted_in_the_thread(bot, fake):
    parent = fake.add_message("CMONITOR", "UALICE", "question")
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT, thread_ts=parent)
    bot.send.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts, thread_ts=parent))
    [post] = fake.wait_for(lambda: fake.called("chat.postMessage"))
    assert post.params["thread_ts"] == parent


def test_an_edit_that_adds_pii_is_replaced(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    bot.send.event({"type": "message", "subtype": "message_changed", "hidden": True, "channel": "CMONITOR",
                    "ts": "999.1", "message": {"type": "message", "user": "UALICE", "text": PII_TEXT, "ts": ts},
                    "previous_message": {"type": "message", "user": "UALICE", "text": "my card is", "ts": ts}})
    [delete] = fake.wait_for(lambda: fake.called("chat.delete"))
    assert delete.params["ts"] == ts


def test_file_share_is_reposted_with_its_files(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    files = [{"id": "F1", "name": "scan.pdf", "permalink": "https://test.slack.com/files/UALICE/F1/scan.pdf"}]
    bot.send.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts, subtype="file_share", files=files))
    post = fake.wait_for(lambda: [c for c in fake.called("chat.postMessage") if c.params["channel"] == "CMONITOR"])[0]
    assert "<https://test.slack.com/files/UALICE/F1/scan.pdf|scan.pdf>" in post.params["text"]
    # a file event without Slack's download link cannot be checked: left in place and reported
    report = fake.wait_for(lambda: [c for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT"])
    assert "could not be checked (it has no download link)" in report[0].params["text"]


@pytest.mark.parametrize("event", [
    message_event("CMONITOR", "UALICE", "lunch at noon?", "1.1"),  # no PII
    message_event("COTHER", "UALICE", PII_TEXT, "1.2"),  # not monitored
    {**message_event("CMONITOR", "UOTHERBOT", PII_TEXT, "1.3"), "bot_id": "B999", "subtype": "bot_message"},
    {**message_event("CMONITOR", "UBOT0001", PII_TEXT, "1.4"), "bot_id": "BBOT0001"},  # our own repost
    {"type": "message", "subtype": "channel_join", "channel": "CMONITOR", "user": "UALICE", "text": "joined", "ts": "1.5"},
])
def test_messages_left_alone(bot, fake, event):
    assert bot.send.event(event).status == 200
    time.sleep(0.4)
    assert not fake.called("chat.delete") and not fake.called("chat.postMessage")


def test_without_a_user_token_nothing_is_reposted(fake, tmp_path):
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/nouser.db", user_token=False))
    try:
        ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
        bot.send.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts))
        fake.wait_for(lambda: len(fake.called("chat.postMessage")) >= 1)
        time.sleep(0.3)
        [report] = fake.called("chat.postMessage")  # only the notice, never a masked copy
        assert report.params["channel"] == "CREPORT" and "could not be replaced" in report.params["text"]
        [warning] = fake.called("chat.postEphemeral")
        assert warning.params["user"] == "UALICE" and "no_user_token" in warning.params["text"]
        assert ("CMONITOR", ts) in fake.messages
        assert_no_pii_left(fake, CARD, EMAIL)
    finally:
        bot.stop()


def test_when_slack_refuses_the_delete_the_copy_is_removed_again(bot, fake):
    fake.undeletable_users.add("UEXT")
    ts = fake.add_message("CMONITOR", "UEXT", PII_TEXT)
    bot.send.event(message_event("CMONITOR", "UEXT", PII_TEXT, ts))
    reports = fake.wait_for(lambda: [c for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT"])
    assert "cant_delete_message" in reports[0].params["text"]
    assert [m for m in fake.messages.values() if m.get("bot_id") and "[CREDITCARDNUMBER]" in m["text"]] == []
    assert ("CMONITOR", ts) in fake.messages
    assert_no_pii_left(fake, CARD, EMAIL)


def test_redelivered_event_is_processed_once(bot, fake):
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    event = message_event("CMONITOR", "UALICE", PII_TEXT, ts)
    bot.send.event(event, event_id="EvSAME")
    bot.send.event(event, event_id="EvSAME", headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    fake.wait_for(lambda: fake.called("chat.postMessage"))
    time.sleep(0.5)
    assert len(fake.called("chat.delete")) == 1 and len(fake.called("chat.postMessage")) == 1


def test_rate_limited_repost_is_retried(bot, fake):
    fake.fail["chat.postMessage"] = [(429, 1)]
    ts = fake.add_message("CMONITOR", "UALICE", PII_TEXT)
    bot.send.event(message_event("CMONITOR", "UALICE", PII_TEXT, ts))
    fake.wait_for(lambda: len(fake.called("chat.postMessage")) == 2)
    fake.wait_for(lambda: bot.store.redactions())
    assert bot.store.redactions()[0].outcome == "replaced"


# --- flagging ---------------------------------------------------------------------------------

def test_reaction_flag_masks_the_message(bot, fake):
    ts = fake.add_message("C0GENERAL", "UALICE", PII_TEXT)
    bot.send.event({"type": "reaction_added", "user": "UOWNER", "reaction": "mask",
                    "item": {"type": "message", "channel": "C0GENERAL", "ts": ts}, "event_ts": "1"})
    [post] = fake.wait_for(lambda: fake.called("chat.postMessage"))
    assert CARD not in post.params["text"]
    notes = fake.wait_for(lambda: [c for c in fake.called("chat.postEphemeral") if c.params["user"] == "UOWNER"])
    assert "Done" in notes[0].params["text"]


def test_other_reactions_do_nothing(bot, fake):
    ts = fake.add_message("C0GENERAL", "UALICE", PII_TEXT)
    bot.send.event({"type": "reaction_added", "user": "UOWNER", "reaction": "thumbsup",
                    "item": {"type": "message", "channel": "C0GENERAL", "ts": ts}, "event_ts": "1"})
    time.sleep(0.4)
    assert not fake.called("conversations.replies")


def test_message_shortcut_masks_the_message(bot, fake):
    ts = fake.add_message("C0GENERAL", "UALICE", PII_TEXT)
    reply = bot.send.interactive({"type": "message_action", "callback_id": "mask_message", "user": {"id": "UOWNER"},
                                  "channel": {"id": "C0GENERAL"}, "message_ts": ts,
                                  "message": {"type": "message", "user": "UALICE", "text": PII_TEXT, "ts": ts}})
    assert reply.status == 200
    fake.wait_for(lambda: fake.called("chat.postMessage"))
    note = fake.wait_for(lambda: [c for c in fake.called("chat.postEphemeral") if c.params["user"] == "UOWNER"])
    assert "card number" in note[0].params["text"]


def test_flagging_a_clean_message_says_so(bot, fake):
    ts = fake.add_message("C0GENERAL", "UALICE", "see you at standup")
    bot.send.interactive({"type": "message_action", "callback_id": "mask_message", "user": {"id": "UOWNER"},
                          "channel": {"id": "C0GENERAL"}, "message_ts": ts,
                          "message": {"type": "message", "user": "UALICE", "text": "see you at standup", "ts": ts}})
    note = fake.wait_for(lambda: fake.called("chat.postEphemeral"))
    assert "no personal data" in note[0].params["text"] and not fake.called("chat.delete")


# --- /mask-admin and App Home -------------------------------------------------------------------

def test_non_admin_is_refused_and_nothing_changes(bot, fake):
    assert "only workspace admins" in admin(bot, fake, "monitor <#CNEW|new>", user="UALICE")
    assert "CNEW" not in bot.store.monitored()
    assert not [c for c in fake.called("conversations.join") if c.params["channel"] == "CNEW"]


def test_admin_monitors_and_unmonitors(bot, fake):
    assert "Monitoring <#CNEW>" in admin(bot, fake, "monitor <#CNEW|new>")
    assert fake.called("conversations.join")[-1].params["channel"] == "CNEW"
    assert "CNEW" in bot.store.monitored()
    assert "no longer monitored" in admin(bot, fake, "unmonitor <#CNEW|new>", user="UOWNER")
    assert "CNEW" not in bot.store.monitored()


def test_private_channel_asks_for_an_invite(bot, fake):
    assert "/invite @maskbot" in admin(bot, fake, "monitor <#GPRIVATE|secret>")


def test_admin_status_engine_and_report_channel(bot, fake):
    status = admin(bot, fake, "status")
    assert "*Engine:* `rules`" in status and "<#CMONITOR>" in status
    assert "Engine set to `rules`" in admin(bot, fake, "engine rules")
    assert "Engine unchanged" in admin(bot, fake, "engine gemini")
    assert "<#CNOTICE>" in admin(bot, fake, "report-channel <#CNOTICE>")
    assert "Queued retraining run #1" in admin(bot, fake, "retrain local rows=50")
    assert "already queued" in admin(bot, fake, "retrain local")
    assert "commands" in admin(bot, fake, "dance")


def test_app_home_shows_status_and_admin_controls(bot, fake):
    bot.send.event({"type": "app_home_opened", "user": "UADMIN", "channel": "D1", "tab": "home"})
    [publish] = fake.wait_for(lambda: fake.called("views.publish"))
    view = publish.params["view"]
    assert view["type"] == "home" and "home_monitored" in json.dumps(view)
    bot.send.event({"type": "app_home_opened", "user": "UALICE", "channel": "D2", "tab": "home"})
    second = fake.wait_for(lambda: len(fake.called("views.publish")) == 2 and fake.called("views.publish")[1])
    assert "home_monitored" not in json.dumps(second.params["view"])


def test_app_home_picker_updates_monitored_channels(bot, fake):
    bot.send.interactive({"type": "block_actions", "user": {"id": "UADMIN"}, "view": {"id": "V1", "type": "home"},
                          "actions": [{"action_id": "home_monitored", "type": "multi_conversations_select",
                                       "selected_conversations": ["CMONITOR", "CNEW"], "block_id": "monitored",
                                       "action_ts": "1"}]})
    fake.wait_for(lambda: fake.called("views.publish"))
    assert bot.store.monitored() == ["CMONITOR", "CNEW"]


def test_missing_settings_stop_the_process_naming_them(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MASKBOT_"))}
    proc = subprocess.run([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert "SLACK_BOT_TOKEN" in proc.stderr and "SLACK_SIGNING_SECRET" in proc.stderr


def test_every_path_that_adds_a_channel_joins_it(fake, tmp_path):
    under_test = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/join.db",
                                              monitored_channels=("CSEEDED", "GSECRET")))
    try:
        assert "CSEEDED" in fake.members  # seeded from MASKBOT_MONITORED_CHANNELS
        status = admin(under_test, fake, "status")
        assert "<#GSECRET> (not joined: invite me)" in status and "<#CSEEDED> (not joined" not in status
        under_test.send.interactive({"type": "block_actions", "user": {"id": "UADMIN"}, "view": {"id": "V1", "type": "home"},
                                     "actions": [{"action_id": "home_monitored", "type": "multi_conversations_select",
                                                  "selected_conversations": ["CSEEDED", "GSECRET", "CPICKED"],
                                                  "block_id": "monitored", "action_ts": "1"}]})
        fake.wait_for(lambda: "CPICKED" in fake.members)
    finally:
        under_test.stop()
