"""Every command README.md and docs/ show, run as written from this checkout (`make docs-check`).

A fenced ``sh`` block is a list of commands; a bare fenced block introduced by "prints" is the
output its commands must start with. Commands a fresh clone can finish in seconds run to the end
and must exit 0. Long ones (training, benchmarks) run for a bounded time and must not fail or
print a traceback in it; where they need state a fresh clone lacks (the reference data, a bot
database), they must refuse with a line saying what is missing. How each command is checked is
data (`CHECKS`); a command that matches no rule fails the check, so new docs cannot slip past it.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DATA = ROOT.parent / "shared" / "data"

pytestmark = [pytest.mark.docs, pytest.mark.slow]


@dataclass(frozen=True)
class Check:
    """How a command is run: to the end ("run"), for `seconds` ("smoke"), or not here ("skip")."""
    pattern: str
    mode: str
    seconds: int = 120
    needs: Path | None = None  # state a fresh clone may lack; without it the command must refuse
    refusal: str = ""  # what the one-line refusal says
    why: str = ""


CHECKS = (
    Check(r"^make test\b", "skip", why="this check runs inside `make test`'s own environment (.ci/run runs both)"),
    Check(r"^make run\b", "run", 300),
    Check(r"^make bench\b", "smoke", 240, needs=DATA, refusal="no such file"),
    Check(r"maskbot train local --data-dir \.\./shared/data", "smoke", 60, needs=DATA, refusal="no train/ folder"),
    Check(r"maskbot train local --feedback-from sqlite:///maskbot\.db", "smoke", 60, needs=ROOT / "maskbot.db",
          refusal="maskbot.db"),
    Check(r"benchmarks/(workspace_feedback|local_model|gemini_alignment)\.py .*\.\./shared/data", "smoke", 45,
          needs=DATA, refusal="no such file"),
    Check(r"benchmarks/\w+\.py", "smoke", 45),
    Check(r"maskbot ", "run", 120),
)


@dataclass(frozen=True)
class Block:
    source: str
    line: int
    commands: tuple[str, ...]
    prints: tuple[str, ...]


def blocks(path: Path) -> list[Block]:
    """The sh blocks of a Markdown file, each with the output block that follows it, if any."""
    text = path.read_text(encoding="utf-8")
    found = []
    fence = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
    matches = list(fence.finditer(text))
    for i, match in enumerate(matches):
        if match.group(1) != "sh":
            continue
        commands = re.sub(r"\\\n\s*", "", match.group(2)).splitlines()
        prints: tuple[str, ...] = ()
        if i + 1 < len(matches) and matches[i + 1].group(1) == "":
            between = text[match.end():matches[i + 1].start()].strip()
            if between.lower().startswith("prints"):
                prints = tuple(matches[i + 1].group(2).splitlines())
        line = text[:match.start()].count("\n") + 1
        found.append(Block(f"{path.relative_to(ROOT)}:{line}", line,
                           tuple(c.strip() for c in commands if c.strip()), prints))
    return found


ALL = [(block, command) for path in DOCS for block in blocks(path) for command in block.commands]


def check_for(command: str) -> Check:
    for check in CHECKS:
        if re.search(check.pattern, command):
            return check
    raise AssertionError(f"no rule says how to check `{command}`: add one to CHECKS")


def run(command: str, seconds: int) -> tuple[int | None, str, str]:
    """(exit status or None when still running at `seconds`, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MASKBOT_", "GOOGLE_", "DATABASE_URL"))}
    process = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=seconds)
        return process.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)  # time is up, not a failure: end without Python's KeyboardInterrupt
        try:
            out, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
        return None, out, err


@pytest.fixture(scope="module", autouse=True)
def leave_the_checkout_as_found():
    """Commands write outputs (masked.jsonl, runs/…); remove only what they created."""
    def untracked() -> set[str]:
        listed = subprocess.run(["git", "ls-files", "--others"], cwd=ROOT, capture_output=True, text=True).stdout
        return set(listed.splitlines())

    before = untracked()
    started = time.time()
    yield
    for name in sorted(untracked() - before):
        path = ROOT / name
        if path.is_file() and path.stat().st_mtime >= started:
            path.unlink()


def test_every_documented_command_has_a_rule():
    assert ALL, "no sh blocks found in README.md or docs/"
    for _, command in ALL:
        check_for(command)


@pytest.mark.parametrize("block", [b for p in DOCS for b in blocks(p)], ids=lambda b: b.source)
def test_documented_commands_run_as_written(block: Block):
    printed: list[str] = []
    for command in block.commands:
        check = check_for(command)
        if check.mode == "skip":
            continue
        missing = check.needs is not None and not check.needs.exists()
        status, out, err = run(command, check.seconds)
        where = f"{block.source}: `{command}`"
        assert "Traceback" not in err + out, f"{where} printed a traceback:\n{err[-2000:]}"
        if missing:
            assert status not in (0, None), f"{where} should refuse without {check.needs}"
            assert check.refusal in err, f"{where}: refusal was {err[-500:]!r}"
            continue
        if check.mode == "run":
            assert status == 0, f"{where} exited {status}:\n{err[-2000:]}"
        else:
            assert status in (0, None), f"{where} exited {status} within {check.seconds} s:\n{err[-2000:]}"
        printed += out.splitlines()
    if block.prints:
        assert printed[:len(block.prints)] == list(block.prints), f"{block.source}: output differs from the docs"
