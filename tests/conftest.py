import pytest

from masking import build_pipeline
from masking.engines.rules import RulesDetector


@pytest.fixture(scope="session")
def pipeline():
    return build_pipeline(engine="rules")


@pytest.fixture(scope="session")
def detector():
    return RulesDetector()


@pytest.fixture
def labels_in(detector):
    """Labels the rules detector finds in a text, with the values they cover."""
    def find(text: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for span in sorted(detector.detect(text)):
            out.setdefault(span.label, []).append(text[span.start:span.end])
        return out
    return find
