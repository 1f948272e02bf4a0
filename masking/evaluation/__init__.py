"""Gold data loading and leak/precision metrics for `maskbot eval` and the benchmarks."""
from masking.evaluation.gold import GoldExample, load_gold
from masking.evaluation.metrics import EvalReport, evaluate

__all__ = ["EvalReport", "GoldExample", "evaluate", "load_gold"]
