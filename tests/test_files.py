"""Files shared in monitored channels: checked, masked and replaced through the fake Slack."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from bot.store.job_states import FINAL
from tests.bot_harness import settings_for, start_bot
from tests.fakes.documents import PII, SAMPLES, csv_file, pdf
from tests.fakes.slack_api import BOT_USER

OCR = pytest.importorskip  # images need the OCR extra


@pytest.fixture
def bot(fake, tmp_path):
    under_test = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/bot.db", engine="auto"))
    yield under_test
    under_test.stop()


def share(bot, fake, name: str, data: bytes, text: str = "here you go") -> tuple[str, str]:
    ts, file_id = fake.add_file("CMONITOR", "UALICE", name, data, text)
    files = fake.messages[("CMONITOR", ts)]["files"]
    bot.send.event({"type": "message", "subtype": "file_share", "channel": "CMONITOR", "user": "UALICE",
                    "text": text, "ts": ts, "files": files, "channel_type": "channel"})
    key = f"msg:CMONITOR:{ts}"
    fake.wait_for(lambda: (job := bot.store.job(key)) is not None and job.step in FINAL, timeout=60)
    return ts, file_id


def readable(data: bytes) -> bytes:
    """The bytes a person would read: Office files are ZIPs of XML."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return data


def held_by_slack(fake) -> bytes:
    """Every message and every file Slack still holds."""
    files = [readable(f["data"]) for f in fake.files.values() if f.get("data") and not f.get("deleted")]
    return json.dumps(list(fake.messages.values()), ensure_ascii=False).encode() + b"".join(files)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SAMPLES))
def test_a_file_with_pii_is_replaced_by_its_masked_version(bot, fake, name):
    if name.endswith(".png"):
        OCR("rapidocr_onnxruntime")
    ts, file_id = share(bot, fake, name, SAMPLES[name]())
    assert ("CMONITOR", ts) not in fake.messages  # the original message went
    assert fake.files[file_id]["deleted"]  # and its file, with the user token
    uploads = [m for m in fake.messages.values() if m.get("user") == BOT_USER and m.get("files")]
    assert len(uploads) == 1
    [masked] = uploads[0]["files"]
    assert ".masked" in masked["name"] and fake.files[masked["id"]]["data"]
    copy = next(m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id") and not m.get("files"))
    assert uploads[0]["thread_ts"] == copy["ts"]  # beside the masked copy, in its thread
    holdings = held_by_slack(fake)
    assert [value for value in PII if value.encode() in holdings] == []
    if name.endswith(".csv"):
        table = fake.files[masked["id"]]["data"].decode().splitlines()
        assert table[0] == "name,email,phone,plan" and table[1].count(",") == 3 and "Acme Corp" in table[3]


def test_a_clean_file_is_left_alone(bot, fake):
    ts, file_id = share(bot, fake, "plans.csv", b"plan,seats\npro,10\nteam,25\n", text="pricing for next year")
    assert ("CMONITOR", ts) in fake.messages and not fake.files[file_id].get("deleted")
    assert not fake.called("chat.delete") and not fake.called("files.getUploadURLExternal")


def test_an_unreadable_file_is_left_and_reported(bot, fake):
    ts, file_id = share(bot, fake, "contract.pdf", pdf(encrypt="secret"), text="signed copy attached")
    assert ("CMONITOR", ts) in fake.messages and not fake.files[file_id].get("deleted")
    report = [c.params["text"] for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT"]
    assert any("could not be checked (the PDF is encrypted)" in text for text in report)
    note = [c.params["text"] for c in fake.called("chat.postEphemeral")]
    assert any("could not check your pdf file: the PDF is encrypted" in text for text in note)


def test_a_file_over_the_size_limit_is_left_and_reported(fake, tmp_path):
    bot = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/small.db", engine="auto", file_max_mb=0.001))
    try:
        ts, file_id = share(bot, fake, "customers.csv", csv_file(rows=200), text="the list")
        assert ("CMONITOR", ts) in fake.messages and not fake.files[file_id].get("deleted")
        assert not [c for c in fake.calls if c.method == "files.getUploadURLExternal"]
        report = [c.params["text"] for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT"]
        assert any("larger than" in text for text in report)
    finally:
        bot.stop()


def test_a_failed_upload_keeps_the_original_visible(bot, fake):
    fake.fail["files.completeUploadExternal"] = [(500, "internal_error")]
    ts, file_id = share(bot, fake, "customers.csv", csv_file())
    assert ("CMONITOR", ts) in fake.messages and not fake.files[file_id].get("deleted")
    assert not [m for (c, _), m in fake.messages.items() if c == "CMONITOR" and m.get("bot_id")]  # copy taken back
    assert bot.store.job(f"msg:CMONITOR:{ts}").step == "rolled_back"


def test_a_refused_file_delete_is_reported(bot, fake):
    fake.fail["files.delete"] = [(200, "cant_delete_file")]
    ts, file_id = share(bot, fake, "customers.csv", csv_file())
    assert ("CMONITOR", ts) not in fake.messages  # the message was replaced …
    assert not fake.files[file_id].get("deleted")  # … its file stays, and admins are told
    report = [c.params["text"] for c in fake.called("chat.postMessage") if c.params["channel"] == "CREPORT"]
    assert any("could not be deleted (cant_delete_file)" in text for text in report)


def test_files_off_leaves_files_unchecked(bot, fake):
    bot.send.command("/mask-admin", "files off", "UADMIN")
    fake.wait_for(lambda: fake.responses and "no longer be checked" in fake.responses[-1]["text"])
    ts, file_id = share(bot, fake, "customers.csv", csv_file(), text="the list")
    assert ("CMONITOR", ts) in fake.messages and not fake.called("files.getUploadURLExternal")
    bot.send.command("/mask-admin", "files types", "UADMIN")
    assert "PDF text layers" in fake.wait_for(lambda: "OCR extra" in fake.responses[-1]["text"]
                                              and fake.responses[-1]["text"])


def test_a_download_without_files_read_gets_slacks_sign_in_page(bot, fake):
    from bot.services.files import FileService, file_refs_of
    from masking.files.masker import UnreadableFile
    from slack_sdk import WebClient
    from tests.fakes.slack_api import USER_TOKEN

    ts, _ = fake.add_file("CMONITOR", "UALICE", "customers.csv", csv_file())
    [ref] = file_refs_of(fake.messages[("CMONITOR", ts)])
    no_scope = FileService(WebClient(token=USER_TOKEN, base_url=fake.api_url), None, bot.store, None)
    with pytest.raises(UnreadableFile, match="files:read"):
        no_scope.download(ref)
