import pytest

from masking import build_pipeline
from masking.operators import make_operator
from masking.pipeline import MaskingPipeline
from masking.spans import Span

TEXT = "Ann told Bob, then Ann agreed"


class FixedDetector:
    """Stands in for a name model; the operators are what is under test."""
    name = "fixed"

    def detect(self, text):
        return [Span(i, i + 3, "FIRSTNAME", 0.9) for i in range(len(text)) if text[i:i + 3] in ("Ann", "Bob")]


def run(operator_name, **kw):
    return MaskingPipeline([FixedDetector()], make_operator(operator_name, **kw)).mask(TEXT).masked_text


def test_label_is_default():
    assert MaskingPipeline([FixedDetector()]).mask(TEXT).masked_text == "[FIRSTNAME] told [FIRSTNAME], then [FIRSTNAME] agreed"


def test_numbered_keeps_the_same_number_for_the_same_value():
    assert run("numbered") == "[FIRSTNAME_1] told [FIRSTNAME_2], then [FIRSTNAME_1] agreed"


def test_numbered_restarts_per_message():
    pipeline = MaskingPipeline([FixedDetector()], make_operator("numbered"))
    assert pipeline.mask("Bob").masked_text == pipeline.mask("Bob").masked_text == "[FIRSTNAME_1]"


def test_redact_uses_blocks_of_the_same_length():
    assert run("redact") == "███ told ███, then ███ agreed"


def test_hash_is_stable_per_salt_and_differs_between_salts():
    a1, a2, b = run("hash", salt="s1"), run("hash", salt="s1"), run("hash", salt="s2")
    assert a1 == a2 != b
    first, _, third = a1.split(" ")[0], a1, a1.split(" ")[4]
    assert first == third and first.startswith("[FIRSTNAME_") and "Ann" not in a1


def test_hash_requires_a_salt():
    with pytest.raises(ValueError, match="MASKBOT_HASH_SALT"):
        make_operator("hash")


def test_unknown_operator():
    with pytest.raises(ValueError, match="unknown operator"):
        build_pipeline(operator="shout")
