"""Engine registry: turns an engine name into a ready masking pipeline."""
from __future__ import annotations

from masking.detector import Detector
from masking.engines.local_model import LocalModelDetector, model_available
from masking.engines.rules import RulesDetector
from masking.operators import make_operator
from masking.pipeline import MaskingPipeline
from masking.policy import parse_policy
from masking.workspace_terms import WorkspaceTerms
from masking.settings import ENGINE_NAMES, MaskingSettings


class EngineUnavailable(RuntimeError):
    """The requested engine is not installed or not configured here."""


def build_pipeline(settings: MaskingSettings | None = None, *, engine: str | None = None,
                   operator: str | None = None, policy: str | None = None, terms: WorkspaceTerms | None = None,
                   gemini_client=None, across_messages: bool = False) -> MaskingPipeline:
    """`auto` = local model ∪ rules when the model is installed, else rules alone. The rules
    detector runs beside every engine, so a model that misses a card number cannot leak it."""
    settings = settings or MaskingSettings()
    engine = (engine or settings.engine).lower()
    if engine not in ENGINE_NAMES:
        raise EngineUnavailable(f"unknown engine {engine!r}; choose one of {', '.join(ENGINE_NAMES)}")
    detectors: list[Detector]
    model_dir = settings.model_dir or None
    if engine == "auto":
        if model_dir and not model_available(model_dir):  # configured, and not there: never a silent downgrade
            raise EngineUnavailable(f"MASKBOT_MODEL_DIR={model_dir} holds no model (model.onnx and tokenizer.json); "
                                    "point it at a trained model's folder, or unset it for the bundled model")
        engine = "local" if model_available(model_dir) else "rules"
    chosen = parse_policy(policy or settings.policy)
    if engine == "rules":
        detectors = [RulesDetector()]
    elif engine == "local":
        if not model_available(model_dir):
            raise EngineUnavailable(f"the local model is not available ({model_dir or 'bundled model'}); "
                                    "use rules, or point MASKBOT_MODEL_DIR at a trained model")
        detectors = [LocalModelDetector(model_dir, threads=settings.threads, labels=chosen.labels), RulesDetector()]
    else:
        detectors = [_gemini(settings, model_dir, gemini_client, chosen.labels), RulesDetector()]
    op = make_operator(operator or settings.operator, salt=settings.hash_salt, across_messages=across_messages)
    return MaskingPipeline(detectors, op, name=engine if engine == "rules" else f"{engine}+rules",
                           max_chars=settings.max_chars, policy=chosen, terms=terms)


def _gemini(settings: MaskingSettings, model_dir, client, labels: frozenset[str]) -> Detector:
    from masking.engines.gemini import FallbackDetector, GeminiDetector, make_client

    if client is None:
        if not settings.gemini.configured:
            raise EngineUnavailable("the gemini engine needs GEMINI_API_KEY, or GOOGLE_GENAI_USE_VERTEXAI=true "
                                    "with GOOGLE_CLOUD_PROJECT (and GEMINI_TUNED_ENDPOINT for a tuned model)")
        try:
            client = make_client(settings.gemini)
        except ImportError as exc:
            raise EngineUnavailable(str(exc)) from None
    fallback: Detector = (LocalModelDetector(model_dir, threads=settings.threads, labels=labels)
                          if model_available(model_dir)
                          else RulesDetector())
    return FallbackDetector(GeminiDetector(client, settings.gemini), fallback)
