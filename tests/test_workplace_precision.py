"""Precision on workplace traffic with the default engine and policy: the probes a new user tried,
and our hand-written development set as a whole."""
import sys
from pathlib import Path

import pytest

from masking import build_pipeline
from masking.evaluation import EvalReport, load_gold
from masking.evaluation.metrics import score_example
from masking.operators import LabelOperator
from masking.pipeline import render

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.fixture(scope="module")
def auto():
    return build_pipeline()


@pytest.mark.parametrize("text", [
    "lgtm", "ty", "ack", "brb", "+1", "wfh today", "LGTM, merging", "standup at 09:30", "2026-03-14T09:26:53Z",
    "$49.99/mo", "/v1/users/42", "request 123e4567-e89b-12d3-a456-426614174000 failed", 'ETag W/"5e-1f3a"',
    "exp 12/25", "passport no.", "driver licence", "meeting ID 184 5438 6436", "HTTP/1.1 200 OK 5123 bytes",
    "GET /api/v1/users 200 pid 4411 at 12:01:02.123Z, ports 5432:5432", "trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
    "first_name, date_of_birth, ^\\d{4}$ and BaseModel", '{"updated_at": 1710408413, "count": 1843}',
    "internal hosts 10.0.0.12 and 192.168.1.20", "write to support@acme.io",
])
def test_technical_and_casual_text_is_left_alone(auto, text):
    assert auto.mask(text).masked_text == text


@pytest.mark.parametrize("text, hidden", [
    ("first_name: Jane\nemail: jane.doe@example.com", ["Jane", "jane.doe"]),
    ('{"email": "priya.r@outlook.com", "phone": "+44 20 7946 0958"}', ["priya.r", "7946"]),
    ("curl -u deploy:Tr0ub4dor3 https://jenkins.acme.dev/job/release", ["deploy:", "Tr0ub4dor3"]),
    ("postgres://app:s3cr3tPW@db.internal:5432/app", ["s3cr3tPW"]),
    ("Best,\nHoàng", ["Hoàng"]),
    ("can you ask 张伟 to review the PR?", ["张伟"]),
    ("<https://www.linkedin.com/in/jun-tanaka-83a1b2|Jun's LinkedIn>", ["jun-tanaka", "Jun's"]),
    ("On call: Okafor, Chidi; Lindqvist, Emma", ["Okafor", "Chidi", "Lindqvist", "Emma"]),
])
def test_values_in_pii_positions_are_masked(auto, text, hidden):
    out = auto.mask(text).masked_text
    for value in hidden:
        assert value not in out, out


def test_the_development_set(auto):
    """Behaviour on our own set, not a time: every credential masked, markup intact, and few
    PII-free messages touched (figures in benchmarks/workplace.py)."""
    from workplace import markup_intact

    examples = load_gold(FIXTURES / "dev_workplace.txt")
    report, credentials = EvalReport("auto"), EvalReport("auto")
    for example in examples:
        spans = auto.find_spans(example.text)
        score_example(report, example, spans)
        secrets = tuple(s for s in example.spans if s.label in ("SECRET", "PASSWORD"))
        if secrets:
            score_example(credentials, type(example)(example.text, secrets), spans)
        assert markup_intact(example.text, render(example.text, spans, LabelOperator())), example.text
    assert credentials.overall.leak_rate == 0
    assert report.pii_free_flag_rate <= 0.05 and report.precision >= 0.9 and report.overall.leak_rate <= 0.03
