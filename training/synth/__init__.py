"""Licence-clean synthetic training data: our own templates filled with Faker (MIT) values."""
from training.synth.generator import SyntheticExample, generate

__all__ = ["SyntheticExample", "generate"]
