"""Masking configuration, read once from the environment (and `.env`, via python-dotenv)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

from dotenv import load_dotenv

from masking.operators import OPERATOR_NAMES
from masking.pipeline import DEFAULT_MAX_CHARS
from masking.policy import parse_policy

ENGINE_NAMES = ("auto", "rules", "local", "gemini")


def env_number(environ: Mapping[str, str], name: str, default: float, kind=float):
    """A numeric setting; a value that is not a number is an error naming the setting."""
    raw = str(environ.get(name, "") or "")
    try:
        return kind(raw) if raw.strip() else kind(default)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None


@dataclass(frozen=True)
class GeminiSettings:
    """Where Gemini runs. Vertex AI (project + location, or a tuned endpoint) or the Gemini
    Developer API (an API key). The SDK's own GOOGLE_GEMINI_BASE_URL / GOOGLE_VERTEX_BASE_URL
    keep working: they are how a proxy or a test points the client elsewhere."""

    use_vertex: bool = False
    project: str = ""
    location: str = "us-central1"
    api_key: str = ""
    base_model: str = "gemini-2.5-flash"
    tuned_endpoint: str = ""
    tuning_bucket: str = ""
    timeout_s: float = 8.0

    @property
    def configured(self) -> bool:
        return bool(self.api_key) or (self.use_vertex and bool(self.project))

    @property
    def model(self) -> str:
        """The tuned endpoint when there is one (Vertex), else the base model."""
        return self.tuned_endpoint if self.use_vertex and self.tuned_endpoint else self.base_model

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "GeminiSettings":
        return cls(
            use_vertex=environ.get("GOOGLE_GENAI_USE_VERTEXAI", "").strip().lower() in ("1", "true", "yes"),
            project=environ.get("GOOGLE_CLOUD_PROJECT", ""),
            location=environ.get("GOOGLE_CLOUD_LOCATION", "us-central1") or "us-central1",
            api_key=environ.get("GEMINI_API_KEY", "") or environ.get("GOOGLE_API_KEY", ""),
            base_model=environ.get("GEMINI_BASE_MODEL", "gemini-2.5-flash") or "gemini-2.5-flash",
            tuned_endpoint=environ.get("GEMINI_TUNED_ENDPOINT", ""),
            tuning_bucket=environ.get("MASKBOT_TUNING_BUCKET", ""),
            timeout_s=env_number(environ, "MASKBOT_GEMINI_TIMEOUT_S", 8),
        )


@dataclass(frozen=True)
class MaskingSettings:
    engine: str = "auto"
    operator: str = "label"
    hash_salt: str = ""
    max_chars: int = DEFAULT_MAX_CHARS
    model_dir: str = ""  # a model trained by `maskbot train local`; default: the bundled one
    threads: int = 1
    policy: str = "default"  # see masking.policy: a name, labels, or a name with +/- changes
    gemini: GeminiSettings = field(default_factory=GeminiSettings)

    def __post_init__(self) -> None:
        if self.engine not in ENGINE_NAMES:
            raise ValueError(f"MASKBOT_ENGINE={self.engine!r}: choose one of {', '.join(ENGINE_NAMES)}")
        if self.operator not in OPERATOR_NAMES:
            raise ValueError(f"MASKBOT_OPERATOR={self.operator!r}: choose one of {', '.join(OPERATOR_NAMES)}")
        try:
            parse_policy(self.policy)
        except ValueError as exc:
            raise ValueError(f"MASKBOT_POLICY={self.policy!r}: {exc}") from None

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
            max_chars=env_number(environ, "MASKBOT_MAX_CHARS", DEFAULT_MAX_CHARS, int),
            model_dir=environ.get("MASKBOT_MODEL_DIR", ""),
            threads=env_number(environ, "MASKBOT_THREADS", 1, int),
            policy=environ.get("MASKBOT_POLICY", "default").strip() or "default",
            gemini=GeminiSettings.from_env(environ),
        )
