"""Presidio's pattern recognizers as a side-by-side baseline (optional: `pip install presidio-analyzer`).

Without a spaCy model (the hub is unreachable here) Presidio runs its predefined pattern
recognizers only, as AnalyzerEngine would with its default score threshold of 0.
"""
from __future__ import annotations

import logging

from masking.labels import canonical
from masking.spans import Span, merge_spans


def load_presidio():
    """A `find_spans` function over Presidio's pattern recognizers, or None if not installed."""
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)  # it tries to download a suffix list
    try:
        from presidio_analyzer import predefined_recognizers as pr
    except ImportError:
        return None
    names = ["CreditCardRecognizer", "CryptoRecognizer", "EmailRecognizer", "IbanRecognizer", "IpRecognizer",
             "PhoneRecognizer", "UsSsnRecognizer", "UrlRecognizer", "MedicalLicenseRecognizer",
             "UsBankRecognizer", "UsPassportRecognizer", "UsLicenseRecognizer", "UsItinRecognizer"]
    recognizers = [getattr(pr, name)() for name in names if hasattr(pr, name)]

    def find_spans(text: str) -> list[Span]:
        spans = []
        for rec in recognizers:
            for r in rec.analyze(text, rec.supported_entities, None) or []:
                if r.end > r.start and r.score > 0:
                    spans.append(Span(r.start, r.end, canonical(r.entity_type), r.score, "presidio"))
        return merge_spans(spans)

    return find_spans
