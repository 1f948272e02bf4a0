"""Engine registry: turns an engine name into a ready masking pipeline."""
from __future__ import annotations

from masking.engines.rules import RulesDetector
from masking.operators import make_operator
from masking.pipeline import MaskingPipeline
from masking.settings import ENGINE_NAMES, MaskingSettings


class EngineUnavailable(RuntimeError):
    """The requested engine is not installed or not configured here."""


def build_pipeline(settings: MaskingSettings | None = None, *, engine: str | None = None,
                   operator: str | None = None) -> MaskingPipeline:
    """`auto` picks the best engine available offline; today that is the rules engine."""
    settings = settings or MaskingSettings()
    engine = (engine or settings.engine).lower()
    if engine not in ENGINE_NAMES:
        raise EngineUnavailable(f"unknown engine {engine!r}; choose one of {', '.join(ENGINE_NAMES)}")
    if engine in ("local", "gemini"):
        raise EngineUnavailable(f"the {engine} engine is not available in this installation; use rules or auto")
    op = make_operator(operator or settings.operator, salt=settings.hash_salt)
    return MaskingPipeline([RulesDetector()], op, name="rules", max_chars=settings.max_chars)
