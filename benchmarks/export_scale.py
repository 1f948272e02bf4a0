"""Masking a whole Slack export: messages per second on 1 core, every core, and local Ray (issue #18).

    python benchmarks/export_scale.py [--messages 200000] [--actors 2] [--paths one,all,ray]

Generates an export in Slack's layout (tests/fakes/slack_export.py: channels, threads, edits,
files, users; about 40 % of messages hold PII), runs `maskbot export mask` on it once per
execution path as a separate process, and prints messages/s, the wall time, the peak memory of
the whole process tree (sampled from /proc) and whether the outputs are byte-identical.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_export import generate  # noqa: E402


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        todo += [int(child) for child in children]
    return total / 1024


def run(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MB of the process tree, stderr tail)."""
    began = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(process.pid))
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err[-500:]}")
    return time.monotonic() - began, peak, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000, help="about this many messages in the export")
    parser.add_argument("--actors", type=int, default=os.cpu_count() or 1, help="Ray actors (and processes for 'all')")
    parser.add_argument("--paths", default="one,all,ray", help="which execution paths to time")
    args = parser.parse_args()
    per_day, channels = 100, 5
    days = max(1, args.messages // (per_day * channels))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.zip"
        began = time.monotonic()
        generated = generate(channels=channels, days=days, per_day=per_day, seed=11)
        source.write_bytes(generated.data)
        print(f"export: {generated.messages:,} messages in {channels} channels × {days} days, "
              f"{len(generated.data) / 2**20:.1f} MB zipped (generated in {time.monotonic() - began:.0f} s); "
              f"{os.cpu_count()} cores")
        maskbot = [sys.executable, "-m", "masking.cli", "export", "mask", str(source), "--quiet"]
        paths = {"one": ["--workers", "1"], "all": ["--workers", str(args.actors)],
                 "ray": ["--ray", "--workers", str(args.actors)]}
        digests = {}
        per_core = 0.0
        print(f"{'path':<26}{'seconds':>9}{'msg/s':>9}{'msg/s/core':>12}{'peak MB':>9}")
        for name in args.paths.split(","):
            output = Path(folder) / f"{name}.zip"
            seconds, peak, _ = run(maskbot + paths[name] + ["-o", str(output)])
            cores = 1 if name == "one" else args.actors
            rate = generated.messages / seconds
            label = {"one": "1 process", "all": f"{args.actors} processes", "ray": f"Ray Data, {args.actors} actors"}[name]
            print(f"{label:<26}{seconds:>9.1f}{rate:>9.0f}{rate / cores:>12.0f}{peak:>9.0f}")
            per_core = rate if name == "one" else per_core
            digests[name] = hashlib.sha256(output.read_bytes()).hexdigest()
        print(f"outputs byte-identical: {len(set(digests.values())) == 1} ({', '.join(digests)})")
        if per_core:
            nodes, cores = 10, 16
            hours = 1e8 / (per_core * nodes * cores) / 3600
            print(f"10^8 messages at {per_core:.0f} msg/s per core: {1e8 / per_core / 86400:.1f} core-days; "
                  f"on {nodes} nodes × {cores} cores, about {hours:.1f} h (if the rate per core holds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
