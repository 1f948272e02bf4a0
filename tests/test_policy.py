"""The PII policy: what the default masks and leaves, named policies, changes, the CLI option."""
import pytest

from masking import build_pipeline
from masking.cli import main
from masking.policy import change_policy, is_public_ip, parse_policy
from masking.settings import MaskingSettings


@pytest.fixture(scope="module")
def rules_all():
    return build_pipeline(engine="rules", policy="all")


def test_default_policy_masks_identifying_data_and_credentials():
    policy = parse_policy("default")
    for label in ("FIRSTNAME", "EMAIL", "PHONENUMBER", "SSN", "IBAN", "DOB", "STREET", "USERNAME", "IP", "SECRET",
                  "PASSWORD", "CREDITCARDNUMBER", "PASSPORT", "MEDICALID", "TAXID"):
        assert label in policy
    for label in ("DATE", "TIME", "AMOUNT", "CURRENCY", "COMPANYNAME", "JOBTITLE", "USERAGENT", "URL", "MAC"):
        assert label not in policy


def test_named_and_listed_policies():
    assert parse_policy("all").labels >= {"DATE", "URL", "USERAGENT", "EMAIL"}
    assert parse_policy("EMAIL,phone").labels == {"EMAIL", "PHONENUMBER"}
    changed = parse_policy("default,+DATE,-USERNAME")
    assert "DATE" in changed and "USERNAME" not in changed and changed.spec == "default,+DATE,-USERNAME"
    with pytest.raises(ValueError, match="unknown label"):
        parse_policy("default,+SHOESIZE")


def test_change_policy_keeps_a_short_spec():
    spec = change_policy("default", "DATE", add=True).spec
    assert spec == "default,+DATE"
    assert change_policy(spec, "DATE", add=False).spec == "default"
    assert change_policy("default", "EMAIL", add=False).spec == "default,-EMAIL"
    with pytest.raises(ValueError):
        change_policy("EMAIL", "EMAIL", add=False)


@pytest.mark.parametrize("address, public", [
    ("81.2.69.160", True), ("8.8.8.8", True), ("2a00:1450:4001:80b::200e", True),
    ("10.0.0.12", False), ("192.168.1.20", False), ("172.16.5.4", False), ("127.0.0.1", False),
    ("203.0.113.9", False), ("198.51.100.23", False), ("192.0.2.1", False), ("::1", False), ("fe80::1", False),
])
def test_public_ip_ranges(address, public):
    assert is_public_ip(address) is public


def test_default_leaves_private_ips_and_shared_mailboxes(pipeline):
    result = pipeline.mask("ssh 10.0.0.12 and 127.0.0.1, attacker 81.2.69.160; write support@acme.io or ann.lee@gmail.com")
    assert result.masked_text == "ssh 10.0.0.12 and 127.0.0.1, attacker [IPV4]; write support@acme.io or [EMAIL]"


def test_all_policy_masks_every_label(rules_all):
    masked = rules_all.mask("ssh 10.0.0.12, write support@acme.io, MAC 00:1A:2B:3C:4D:5E").masked_text
    assert masked == "ssh [IPV4], write [EMAIL], MAC [MAC]"


def test_spans_outside_the_policy_do_not_touch_a_message():
    only_email = build_pipeline(engine="rules", policy="EMAIL")
    result = only_email.mask("call +44 20 7946 0958")
    assert not result.changed and result.masked_text == "call +44 20 7946 0958"


def test_cli_policy_option_and_environment(capsys, monkeypatch):
    assert main(["mask", "--engine", "rules", "--policy", "EMAIL", "a@b.org +44 20 7946 0958"]) == 0
    assert capsys.readouterr().out.strip() == "[EMAIL] +44 20 7946 0958"
    monkeypatch.setenv("MASKBOT_POLICY", "default,+SHOESIZE")
    assert main(["mask", "--engine", "rules", "x"]) == 2
    assert "MASKBOT_POLICY" in capsys.readouterr().err


def test_settings_read_the_policy():
    assert MaskingSettings.from_env({"MASKBOT_POLICY": "all"}).policy == "all"
    with pytest.raises(ValueError, match="MASKBOT_POLICY"):
        MaskingSettings.from_env({"MASKBOT_POLICY": "nonsense"})


def test_urls_and_dates_are_whole_in_policies_that_mask_them(rules_all):
    text = "born 12/05/1987, joined March 3rd, 2020; docs at https://wiki.example.com/a/b(c). or www.acme.io, <https://x.io/p?q=1|the link>"
    found = {text[s.start:s.end]: s.label for s in rules_all.find_spans(text)}
    assert found["https://wiki.example.com/a/b(c)"] == "URL" and found["www.acme.io"] == "URL"
    assert found["https://x.io/p?q=1"] == "URL"  # the link's `<`, `|` and `>` stay
    assert "March 3rd, 2020" in found and "12/05/1987" in found
    masked = rules_all.mask(text).masked_text
    assert masked.count("<") == masked.count(">") == 1 and "|the link>" in masked


def test_the_default_policy_leaves_urls_and_plain_dates():
    default = build_pipeline(engine="rules")
    text = "release on March 3rd, 2020 and 2020-04-01, notes at https://wiki.example.com/release"
    assert default.find_spans(text) == []
    assert [s.label for s in default.find_spans("her date of birth: 12/05/1987")] == ["DOB"]


def test_a_url_the_policy_leaves_does_not_vouch_for_a_learned_span_inside_it():
    text = "see <https://example.com/profile/42|Kenji Watanabe's profile> before the interview"
    spans = build_pipeline().find_spans(text)
    assert "Kenji" in [text[s.start:s.end] for s in spans]
    assert not any(text[s.start:s.end] == "42" for s in spans)
