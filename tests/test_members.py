"""The workspace's people: handles and names typed as plain words are masked (issue #15: on real
chat most leaks were handles typed as words), from `users.list` in the bot and `users.json` in an
export, without turning everyday words into people."""
from __future__ import annotations

import io
import json
import zipfile

from masking import build_pipeline
from masking.cli import main
from masking.members import Member, MemberDirectory, directory_from_slack_users
from masking.workspace_terms import WorkspaceTerms, build_terms
from tests.test_bot import message_event

DIRECTORY = MemberDirectory((Member("mhwood", ("Mark Wood",)), Member("will", ("Will Sage",)),
                             Member("tdonohue", ("Tim Donohue",)), Member("jo", ("Jo",))))


def masked(text: str, terms: WorkspaceTerms | None = None, policy: str = "default") -> str:
    return build_pipeline(engine="rules", policy=policy, terms=terms or WorkspaceTerms(members=DIRECTORY)).mask(
        text).masked_text


def test_handles_and_names_typed_as_words_are_masked():
    assert masked("thanks mhwood, tdonohue said the same") == "thanks [USERNAME], [USERNAME] said the same"
    assert masked("ask Donohue about the release") == "ask [FIRSTNAME] about the release"


def test_everyday_words_count_only_as_a_name_inside_a_sentence():
    assert masked("I will mark it done. Will this work?") == "I will mark it done. Will this work?"
    assert masked("ask Will or Mark about the sage build") == "ask [USERNAME] or [FIRSTNAME] about the sage build"
    assert masked("jo said hi") == "jo said hi"  # under three letters: never


def test_allowed_terms_and_the_policy_still_decide():
    allowed = build_terms(allow=["tdonohue"])
    terms = WorkspaceTerms(allow=allowed.allow, members=DIRECTORY)
    assert masked("tdonohue and mhwood", terms) == "tdonohue and [USERNAME]"
    assert masked("tdonohue and mhwood", policy="EMAIL") == "tdonohue and mhwood"


def test_bots_and_slackbot_are_not_people():
    users = [{"id": "USLACKBOT", "name": "slackbot"}, {"id": "B1", "name": "deploybot", "is_bot": True},
             {"id": "U1", "name": "mhwood", "profile": {"display_name": "", "real_name": "Mark Wood"}}]
    directory = directory_from_slack_users(users)
    assert len(directory) == 1
    assert [t for t in ("deploybot", "mhwood", "Wood") if directory.spans(f"ping {t} now")] == ["mhwood", "Wood"]


def test_an_export_masks_its_users_where_messages_type_them(tmp_path):
    users = [{"id": "U1", "name": "mhwood", "profile": {"real_name": "Mark Wood", "display_name": "mhwood"}}]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("users.json", json.dumps(users))
        archive.writestr("general/2024-03-01.json", json.dumps([{"type": "message", "text": "thanks mhwood!"}]))
    (tmp_path / "in.zip").write_bytes(buffer.getvalue())
    assert main(["export", "mask", str(tmp_path / "in.zip"), "-o", str(tmp_path / "out.zip"), "--quiet",
                 "--workers", "1"]) == 0
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert json.loads(archive.read("general/2024-03-01.json"))[0]["text"] == "thanks [USERNAME]!"


def test_the_bot_reads_the_member_list_and_masks_handles(fake, tmp_path):
    """The list is read in the background at start-up (no message waits for users.list); once it
    is in, a member's handle typed as a word is masked in a monitored channel's copy."""
    import time

    from tests.bot_harness import settings_for, start_bot

    fake.add_user("UMHW", "mhwood")
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/bot.db"))
    try:
        fake.wait_for(lambda: fake.called("users.list"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the read finishes on its own thread: ask until it has
            bot.send.command("/mask", "thanks mhwood", "UALICE")
            response = fake.wait_for(lambda: fake.responses and fake.responses.pop())
            if response["text"] == "thanks [USERNAME]":
                break
            time.sleep(0.1)
        assert response["text"] == "thanks [USERNAME]"
        text = "thanks mhwood, merged"
        ts = fake.add_message("CMONITOR", "UALICE", text)
        bot.send.event(message_event("CMONITOR", "UALICE", text, ts))
        [post] = fake.wait_for(lambda: fake.called("chat.postMessage"))
        assert post.params["text"] == "thanks [USERNAME], merged"
    finally:
        bot.stop()


def test_the_command_line_reads_a_member_list(tmp_path, capsys):
    users = tmp_path / "users.json"
    users.write_text(json.dumps([{"id": "U1", "name": "mhwood", "profile": {"real_name": "Mark Wood"}}]))
    assert main(["mask", "--engine", "rules", "--members", str(users), "thanks mhwood, ask Wood"]) == 0
    assert capsys.readouterr().out.strip() == "thanks [USERNAME], ask [FIRSTNAME]"
    nicks = tmp_path / "nicks.txt"
    nicks.write_text("tdonohue\nmhwood\n")
    assert main(["mask", "--engine", "rules", "--members", str(nicks), "tdonohue said so"]) == 0
    assert capsys.readouterr().out.strip() == "[USERNAME] said so"
    users.write_text("[{")
    assert main(["mask", "--members", str(users), "x"]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["mask", "--members", str(tmp_path / "missing.json"), "x"]) == 2
    assert "cannot read the member list" in capsys.readouterr().err


def test_a_failed_read_keeps_the_list_and_retries_within_a_minute(fake):
    import time

    from slack_sdk import WebClient

    from bot.services.members import RETRY_S, MemberList
    from tests.fakes.slack_api import BOT_TOKEN

    fake.add_user("UMHW", "mhwood")
    fake.fail["users.list"] = [(500, "internal_error")]
    members = MemberList(WebClient(token=BOT_TOKEN, base_url=fake.api_url))
    assert not members.directory() and members.loaded.wait(10)
    assert not members.directory()  # still empty, no second read yet
    assert members._started_at is not None and time.monotonic() - members._started_at > members.refresh_s - RETRY_S - 1
    members._started_at -= RETRY_S  # a minute later
    members.loaded.clear()
    members.directory()
    assert members.loaded.wait(10) and members.directory().spans("thanks mhwood")
