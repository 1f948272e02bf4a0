"""Masking configuration, read once from the environment (and `.env`, via python-dotenv)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from dotenv import load_dotenv

from masking.operators import OPERATOR_NAMES
from masking.pipeline import DEFAULT_MAX_CHARS

ENGINE_NAMES = ("auto", "rules", "local", "gemini")


@dataclass(frozen=True)
class MaskingSettings:
    engine: str = "auto"
    operator: str = "label"
    hash_salt: str = ""
    max_chars: int = DEFAULT_MAX_CHARS
    model_dir: str = ""  # a model trained by `maskbot train local`; default: the bundled one
    threads: int = 1

    def __post_init__(self) -> None:
        if self.engine not in ENGINE_NAMES:
            raise ValueError(f"MASKBOT_ENGINE={self.engine!r}: choose one of {', '.join(ENGINE_NAMES)}")
        if self.operator not in OPERATOR_NAMES:
            raise ValueError(f"MASKBOT_OPERATOR={self.operator!r}: choose one of {', '.join(OPERATOR_NAMES)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> "MaskingSettings":
        if environ is None:
            if dotenv:
                load_dotenv(override=False)
            environ = os.environ
        return cls(
            engine=environ.get("MASKBOT_ENGINE", "auto").strip().lower() or "auto",
            operator=environ.get("MASKBOT_OPERATOR", "label").strip().lower() or "label",
            hash_salt=environ.get("MASKBOT_HASH_SALT", ""),
            max_chars=int(environ.get("MASKBOT_MAX_CHARS", DEFAULT_MAX_CHARS)),
            model_dir=environ.get("MASKBOT_MODEL_DIR", ""),
            threads=int(environ.get("MASKBOT_THREADS", 1)),
        )
