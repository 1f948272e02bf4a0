"""`maskbot export mask`: a generated Slack export round-trips masked, the same on every path."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from masking.cli import main
from tests.fakes.slack_export import generate

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    generated = generate()
    (folder / "export.zip").write_bytes(generated.data)
    return folder, generated


def _mask(source: Path, output: Path, *extra: str) -> int:
    return main(["export", "mask", str(source), "-o", str(output), "--quiet", *extra])


def _texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


@pytest.fixture(scope="module")
def masked(export):
    folder, _ = export
    assert _mask(folder / "export.zip", folder / "masked.zip", "--workers", "1") == 0
    return _texts(folder / "masked.zip")


def test_every_planted_value_is_gone_and_clean_text_stays(export, masked):
    _, generated = export
    everything = "".join(masked.values()).replace("\\/", "/")
    assert [value for value in generated.pii_values if value in everything] == []
    for text in generated.clean_texts:
        assert f'"text": "{text}"' in everything
    assert '"title": "Engineer"' in masked["users.json"]  # job titles are outside the default policy


def test_layout_structure_and_every_other_byte_are_kept(export, masked):
    folder, _ = export
    original = _texts(folder / "export.zip")
    assert list(masked) == list(original)
    for name, text in original.items():
        if not name.endswith(".json"):
            assert masked[name] == text
            continue
        json.loads(masked[name])
        assert _STRING.sub('""', masked[name]) == _STRING.sub('""', text), name  # ids, numbers, layout
        keys = lambda raw: [m.group() for m in re.finditer(r'"(?:[^"\\]|\\.)*"(?=\s*:)', raw)]
        assert keys(masked[name]) == keys(text), name
    assert masked["groups.json"] == original["groups.json"]
    with zipfile.ZipFile(folder / "export.zip") as a, zipfile.ZipFile(folder / "masked.zip") as b:
        assert [(i.filename, i.date_time, i.compress_type) for i in a.infolist()] == \
               [(i.filename, i.date_time, i.compress_type) for i in b.infolist()]


def test_pseudonyms_agree_across_files(export, monkeypatch):
    folder, _ = export
    monkeypatch.setenv("MASKBOT_HASH_SALT", "test-salt")
    for operator in ("hash", "numbered"):
        out = folder / f"pseudonyms-{operator}.zip"
        assert _mask(folder / "export.zip", out, "--workers", "1", "--operator", operator) == 0
        texts = _texts(out)
        users = json.loads(texts["users.json"])
        maria_email = users[0]["profile"]["email"]
        assert re.fullmatch(r"\[EMAIL_[0-9a-f]+\]", maria_email)
        # the channel purpose names Maria's address in another file: same placeholder
        assert maria_email in json.loads(texts["channels.json"])[0]["purpose"]["value"]
        days = [json.loads(t) for n, t in texts.items() if n.startswith("team-") and n.endswith(".json")]
        in_messages = {p for day in days for m in day for p in re.findall(r"\[EMAIL_[0-9a-f]+\]", m["text"])}
        profile_emails = {user["profile"]["email"] for user in users}
        assert in_messages and in_messages <= profile_emails  # every address under its owner's placeholder


def test_a_salt_is_required_for_consistent_pseudonyms(export, monkeypatch, capsys):
    folder, _ = export
    monkeypatch.delenv("MASKBOT_HASH_SALT", raising=False)
    assert _mask(folder / "export.zip", folder / "nosalt.zip", "--operator", "numbered") == 2
    assert "MASKBOT_HASH_SALT" in capsys.readouterr().err
    assert not (folder / "nosalt.zip").exists()


def test_all_cores_write_the_same_bytes_as_one(export):
    folder, _ = export
    assert _mask(folder / "export.zip", folder / "one.zip", "--workers", "1") == 0
    assert _mask(folder / "export.zip", folder / "two.zip", "--workers", "2") == 0
    assert (folder / "one.zip").read_bytes() == (folder / "two.zip").read_bytes()


@pytest.mark.slow
def test_ray_writes_the_same_bytes(export):
    pytest.importorskip("ray")
    folder, _ = export
    assert _mask(folder / "export.zip", folder / "one.zip", "--workers", "1") == 0
    assert _mask(folder / "export.zip", folder / "ray.zip", "--ray", "--workers", "2") == 0
    assert (folder / "one.zip").read_bytes() == (folder / "ray.zip").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("case, expected", [
    ("not_a_zip", "not a ZIP file"),
    ("truncated", "not a ZIP file"),
    ("bad_json", "team-general/2024-03-01.json: not valid JSON (line 1"),
    ("not_utf8", "team-general/2024-03-01.json: not UTF-8"),
    ("too_large", "big/2024-03-01.json is 2 MB uncompressed; the limit is 1 MB"),
    ("outside", "points outside the export"),
])
def test_bad_input_is_one_line_naming_the_file_and_leaves_no_output(tmp_path, capsys, case, expected):
    good = generate(channels=1, days=1, per_day=3).data
    source = tmp_path / "in.zip"
    source.write_bytes({
        "not_a_zip": b"this is a text file",
        "truncated": good[: len(good) // 2],
        "bad_json": _zip({"users.json": b"[]", "team-general/2024-03-01.json": b'[{"text": "Ann'}),
        "not_utf8": _zip({"team-general/2024-03-01.json": b'[{"text": "\xff"}]'}),
        "too_large": _zip({"big/2024-03-01.json": b"[" + b" " * (2 * 2**20) + b"]"}),
        "outside": _zip({"../evil.json": b"[]"}),
    }[case])
    out = tmp_path / "out.zip"
    assert _mask(source, out, "--workers", "1", "--max-file-mb", "1") in (1, 2)
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expected in err and "Traceback" not in err
    assert "Ann" not in err
    assert not out.exists() and not (tmp_path / "out.zip.partial").exists()


def test_a_two_gigabyte_file_that_is_not_an_export(tmp_path, capsys):
    big = tmp_path / "huge.zip"
    with open(big, "wb") as handle:  # sparse: costs no disk
        handle.truncate(2 * 2**30)
    assert _mask(big, tmp_path / "out.zip") == 1
    assert "huge.zip: not a ZIP file" in capsys.readouterr().err


def test_skip_bad_leaves_the_file_out_and_lists_it(tmp_path, capsys):
    source = tmp_path / "in.zip"
    source.write_bytes(_zip({"users.json": b"[]", "a/2024-03-01.json": b"[{",
                             "a/2024-03-02.json": b'[{"text": "mail ann@example.com"}]'}))
    assert _mask(source, tmp_path / "out.zip", "--workers", "1", "--skip-bad") == 1
    out = capsys.readouterr().out
    assert "skipped" in out and "a/2024-03-01.json: not valid JSON" in out
    assert _texts(tmp_path / "out.zip") == {"users.json": "[]", "a/2024-03-02.json": '[{"text": "mail [EMAIL]"}]'}


def test_jsonl_dataset_keeps_every_other_byte(tmp_path):
    source = tmp_path / "rows.jsonl"
    source.write_text('{"id": 1, "body": "mail ann@example.com", "lang": "en"}\n'
                      '{"id": 2,"body":"nothing here"}\n\n'
                      '{"id": 3, "body": "call +44 20 7946 0958"}\n', encoding="utf-8")
    out = tmp_path / "masked.jsonl"
    for workers in ("1", "2"):
        assert _mask(source, out, "--text-column", "body", "--workers", workers) == 0
        assert out.read_text(encoding="utf-8") == ('{"id": 1, "body": "mail [EMAIL]", "lang": "en"}\n'
                                                   '{"id": 2,"body":"nothing here"}\n'
                                                   '{"id": 3, "body": "call [PHONENUMBER]"}\n')


def test_jsonl_bad_line_names_its_number(tmp_path, capsys):
    source = tmp_path / "rows.jsonl"
    source.write_text('{"text": "ok"}\n{"text": "Ann Lee\n{"other": 1}\n', encoding="utf-8")
    assert _mask(source, tmp_path / "o.jsonl", "--workers", "1") == 1
    err = capsys.readouterr().err
    assert "rows.jsonl:2: not a JSON line" in err and "Ann" not in err
    assert not (tmp_path / "o.jsonl").exists()
    assert _mask(source, tmp_path / "o.jsonl", "--workers", "1", "--skip-bad") == 1
    out = capsys.readouterr().out
    assert "rows.jsonl:2" in out and "rows.jsonl:3: no string field 'text'" in out
    assert (tmp_path / "o.jsonl").read_text() == '{"text": "ok"}\n'


def test_parquet_dataset(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    source = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "text": ["mail ann@example.com", None, "fine"]}), source)
    assert _mask(source, tmp_path / "out.parquet") == 0
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.column("text").to_pylist() == ["mail [EMAIL]", None, "fine"]
    assert table.column("id").to_pylist() == [1, 2, 3]


def test_help_documents_every_option():
    result = subprocess.run([sys.executable, "-m", "masking.cli", "export", "mask", "--help"],
                            capture_output=True, text=True, check=True)
    for option in ("--output", "--text-column", "--workers", "--ray", "--ray-address", "--skip-bad",
                   "--max-file-mb", "--operator", "--policy", "--members", "MASKBOT_HASH_SALT", "users.json"):
        assert option in result.stdout
