"""Shared files (issue #19): time per type and size, peak memory on a 20 MB CSV, OCR recall.

    python benchmarks/files.py [--sizes-kb 1,100,1000] [--big-mb 20] [--screenshots 12]

1. Each generated type (tests/fakes/documents.py) at each size, masked with the bot's default
   pipeline through `FileMasker` (what `FileService.check` runs after the download).
2. The bot's own file path on a `--big-mb` CSV: a process that builds the bot's services, downloads
   the file from a local fake Slack (in the same process, so its copy of the file counts too) and
   masks it; its peak RSS (ru_maxrss) is printed.
3. OCR recall: generated screenshots of chat, admin consoles and tables with PII are masked, the
   masked images read again by OCR, and the PII characters still legible counted (runs of 4 or
   more characters of a value found in what OCR reads).
"""
from __future__ import annotations

import argparse
import difflib
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from masking.engines import build_pipeline  # noqa: E402
from masking.files.masker import FileMasker  # noqa: E402
from tests.fakes import documents  # noqa: E402


def sized(kind: str, kb: int) -> tuple[str, bytes]:
    """A file of about `kb` kilobytes of the given type."""
    if kind == "csv":
        rows = max(1, kb * 1024 // 62)
        return "customers.csv", documents.csv_file(rows=rows)
    if kind == "json":
        one = documents.json_log()
        return "events.json", one * max(1, kb * 1024 // len(one))
    if kind == "log":
        line = b"2026-12-07T10:00:00Z INFO login ok user=maria.garcia@example.com from 10.0.0.12 callback +1 415 555 0134\n"
        return "app.log", line * max(1, kb * 1024 // len(line))
    if kind == "pdf":
        return "contract.pdf", documents.pdf((documents.LINES * max(1, kb * 1024 // 150))[:400])
    return {"docx": ("notes.docx", documents.docx_file()), "xlsx": ("accounts.xlsx", documents.xlsx_file())}[kind]


BIG = """
import resource, sys, time
from bot import clients
from bot.services.container import Services
from bot.services.files import file_refs_of
from tests.bot_harness import settings_for
from pathlib import Path
from tests.fakes.slack_api import FakeSlack
fake = FakeSlack().start()
fake.add_user("UALICE", "alice")
settings = settings_for(fake, "sqlite:///:memory:", engine="auto", file_max_mb=64)
services = Services.build(settings, clients.bot_client(settings), clients.user_client(settings))
services.masker.pipeline()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ts, _ = fake.add_file("CMONITOR", "UALICE", "customers.csv", Path(sys.argv[1]).read_bytes())
began = time.monotonic()
[verdict] = services.redactor.files.check(file_refs_of(fake.messages[("CMONITOR", ts)]))
print(f"{time.monotonic() - began:.1f} {before:.0f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} "
      f"{len(verdict.labels)} {verdict.unreadable or 'ok'}")
"""

SCREEN_LINES = ("Customer: {first} {last}", "Email: {email}", "Phone: {phone}", "{first} {last} <{email}>",
                "Card on file {card}", "Reach {first} at {phone}", "Account owner: {first} {last}")


def screenshots(count: int, seed: int = 5):
    rng = random.Random(seed)
    people = [("Maria", "Garcia"), ("Jonas", "Becker"), ("Priya", "Raman"), ("Kenji", "Sato"), ("Laura", "Martin")]
    for _ in range(count):
        first, last = rng.choice(people)
        values = {"first": first, "last": last, "email": f"{first.lower()}.{last.lower()}@example.com",
                  "phone": f"+1 415 555 {rng.randint(0, 9999):04d}", "card": "4111 1111 1111 1111"}
        chosen = rng.sample(SCREEN_LINES, 3) + ["status: active, plan pro"]
        lines = [line.format(**values) for line in chosen]
        pii = [values[k] for line in chosen for k in values if "{" + k + "}" in line]
        yield documents.screenshot(lines, size=rng.choice((18, 22, 28))), pii


def legible(value: str, read: str) -> int:
    """Characters of `value` still legible in `read` (runs of 4+, spaces ignored)."""
    value, read = value.replace(" ", ""), read.replace(" ", "")
    matcher = difflib.SequenceMatcher(a=value, b=read, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-kb", default="1,100,1000")
    parser.add_argument("--big-mb", type=float, default=20.0)
    parser.add_argument("--screenshots", type=int, default=12)
    args = parser.parse_args()
    masker = FileMasker(build_pipeline(engine="auto"))
    masker.pipeline.mask("warm up Ann Lee")
    print(f"{'type':<6}{'size':>10}{'seconds':>10}{'KB/s':>8}{'values':>8}")
    for kind in ("csv", "json", "log", "pdf", "docx", "xlsx"):
        for kb in [int(k) for k in args.sizes_kb.split(",")]:
            if kind in ("docx", "xlsx") and kb > 1:
                continue  # fixed-size samples
            name, data = sized(kind, kb)
            began = time.monotonic()
            result = masker.mask(name, data)
            seconds = time.monotonic() - began
            print(f"{kind:<6}{len(data) / 1024:>9.0f}K{seconds:>10.2f}{len(data) / 1024 / seconds:>8.0f}"
                  f"{len(result.labels):>8}")
    with tempfile.TemporaryDirectory() as folder:  # written here, so the bot's peak is the bot's own
        big = Path(folder) / "customers.csv"
        big.write_bytes(documents.csv_file(rows=int(args.big_mb * 2**20 / 62)))
        out = subprocess.run([sys.executable, "-c", BIG, str(big)], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        print(out.stderr[-800:])
        return 1
    seconds, before, peak, values, state = out.stdout.split()[-5:]
    print(f"bot path, {args.big_mb:.0f} MB CSV: {seconds} s, peak RSS {peak} MB (services loaded: {before} MB), "
          f"{values} values masked, {state}")
    try:
        from masking.files.images import _ocr
        engine = _ocr()
    except ValueError as exc:
        print(f"OCR: {exc}")
        return 0
    total = left = 0
    began = time.monotonic()
    for image, pii in screenshots(args.screenshots):
        masked = masker.mask("shot.png", image)
        import numpy as np
        from PIL import Image
        import io

        read, _ = engine(np.asarray(Image.open(io.BytesIO(masked.data)).convert("RGB"))[:, :, ::-1])
        text = " ".join(line[1] for line in read or [])
        total += sum(len(v.replace(" ", "")) for v in pii)
        left += sum(legible(v, text) for v in pii)
    print(f"OCR on {args.screenshots} generated screenshots: {left / total:.1%} of PII characters still legible "
          f"({left} of {total}); {(time.monotonic() - began) / args.screenshots:.1f} s per screenshot")
    return 0


if __name__ == "__main__":
    sys.exit(main())
