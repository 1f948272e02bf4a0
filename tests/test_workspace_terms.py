"""A workspace's allowed and denied terms: in the engine, the CLI and from chat."""

from masking import build_pipeline
from masking.cli import main
from masking.workspace_terms import build_terms, load_terms_file
from tests.test_bot import admin, message_event


def test_allowed_term_never_unmasks_structured_pii_containing_it():
    pipeline = build_pipeline(engine="rules", terms=build_terms(allow=["jordan", "lena.schmidt"]))
    out = pipeline.mask("jordan.smith@acme.io and lena.schmidt@example.de").masked_text
    assert out == "[EMAIL] and [EMAIL]"


def test_allowed_term_removes_spans_inside_it_and_denied_terms_always_go():
    terms = build_terms(allow=["Jordan River"], deny=["Acme Corp", "project sierra | COMPANYNAME"])
    pipeline = build_pipeline(engine="rules", policy="EMAIL", terms=terms)
    out = pipeline.mask("ACME  corp signed; Project Sierra ships; acmecorp is another word").masked_text
    assert out == "[CUSTOM] signed; [COMPANYNAME] ships; acmecorp is another word"
    assert build_terms(allow=["jordan river"]).drop_allowed("the Jordan River suite", []) == []


def test_cli_allow_deny_and_terms_file(tmp_path, capsys):
    path = tmp_path / "terms.txt"
    path.write_text("# ours\nallow: kubectl\ndeny: Globex | COMPANYNAME\n")
    assert load_terms_file(path) == (["kubectl"], ["Globex | COMPANYNAME"])
    assert main(["mask", "--engine", "rules", "--terms", str(path), "--deny", "Initech", "Globex and Initech"]) == 0
    assert capsys.readouterr().out.strip() == "[COMPANYNAME] and [CUSTOM]"
    path.write_text("permit: x\n")
    assert main(["mask", "--terms", str(path), "x"]) == 2
    assert "expected `allow: TERM`" in capsys.readouterr().err


def test_terms_from_chat(bot, fake):
    assert "only workspace admins" in admin(bot, fake, "allow sierra", user="UALICE")
    assert "will always be masked as `[CUSTOM]`" in admin(bot, fake, "deny Globex Industries")
    assert "as `[COMPANYNAME]`" in admin(bot, fake, "deny Initech COMPANYNAME")
    assert "will not be masked" in admin(bot, fake, "allow lena")
    listing = admin(bot, fake, "terms")
    assert "`lena`" in listing and "`globex industries` (CUSTOM)" in listing and "`initech` (COMPANYNAME)" in listing
    assert "Forgot `initech`" in admin(bot, fake, "forget Initech")
    text = "the Globex Industries renewal, ping lena.schmidt@example.de"
    ts = fake.add_message("CMONITOR", "UALICE", text)
    bot.send.event(message_event("CMONITOR", "UALICE", text, ts))
    [post] = fake.wait_for(lambda: fake.called("chat.postMessage"))
    assert post.params["text"] == "the [CUSTOM] renewal, ping [EMAIL]"
