"""Tune a small transformer token tagger for PII and ship it as int8 ONNX."""
