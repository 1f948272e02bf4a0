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
        for span in sorted({(s.start, s.end, s.label): s for s in detector.detect(text)}.values()):
            out.setdefault(span.label, []).append(text[span.start:span.end])
        return out
    return find


@pytest.fixture
def fake():
    """A fake Slack Web API with a few users: UADMIN (admin through MASKBOT_ADMINS), UOWNER (admin
    through users.info), UALICE and UEXT."""
    from tests.fakes.slack_api import FakeSlack

    fake = FakeSlack().start()
    fake.add_user("UADMIN", "Ada Admin", admin=False)
    fake.add_user("UOWNER", "Olu Owner", admin=True)
    fake.add_user("UALICE", "alice")
    fake.add_user("UEXT", "external person")
    yield fake
    fake.stop()


@pytest.fixture
def gemini_stub():
    from tests.fakes.gemini_api import FakeGemini

    stub = FakeGemini()
    yield stub
    stub.stop()


@pytest.fixture
def bot(fake, tmp_path):
    """The real app over HTTP against the fake Slack, on a SQLite database of its own."""
    from tests.bot_harness import settings_for, start_bot

    under_test = start_bot(fake, settings_for(fake, f"sqlite:///{tmp_path}/bot.db"))
    yield under_test
    under_test.stop()
