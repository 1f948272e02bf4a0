"""A small JSON registry of trained models (local folders and tuned Gemini endpoints), so the
bot and later runs can find what was produced and how it measured."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

DEFAULT_REGISTRY = Path("runs") / "registry.json"


def registry_path() -> Path:
    return Path(os.environ.get("MASKBOT_REGISTRY", DEFAULT_REGISTRY))


def register(kind: str, version: str, location: str, metrics: dict, path: Path | None = None) -> dict:
    path = path or registry_path()
    entries = json.loads(path.read_text()) if path.exists() else []
    entry = {"kind": kind, "version": version, "location": location, "metrics": metrics,
             "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    entries.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entries, indent=2))
    tmp.replace(path)
    return entry


def entries(path: Path | None = None) -> list[dict]:
    path = path or registry_path()
    return json.loads(path.read_text()) if path.exists() else []
