"""maskbot's masking engine: detectors, Slack-aware span masking, operators and metrics."""
from masking.engines import EngineUnavailable, build_pipeline
from masking.pipeline import InputRejected, MaskingError, MaskingPipeline
from masking.settings import MaskingSettings
from masking.spans import MaskResult, Span, merge_spans

__all__ = [
    "EngineUnavailable", "InputRejected", "MaskResult", "MaskingError", "MaskingPipeline",
    "MaskingSettings", "Span", "build_pipeline", "merge_spans",
]
