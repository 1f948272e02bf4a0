"""Slack delivers escaped, marked-up text; masking must keep it valid and keep mentions."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from masking.slack_markup import build_view


def masked(pipeline, text):
    return pipeline.mask(text).masked_text


def test_escapes_are_decoded_for_detection_and_kept_on_output(pipeline):
    text = "Q&amp;A: mail ann&amp;bob@example.com &lt;now&gt;"
    out = masked(pipeline, text)
    assert out == "Q&amp;A: mail [EMAIL] &lt;now&gt;"


def test_spans_cover_whole_escapes(pipeline):
    text = "user o&amp;neil@example.com"
    [span] = pipeline.mask(text).spans
    assert text[span.start:span.end] == "o&amp;neil@example.com"


@pytest.mark.parametrize("mention", [
    "<@U024BE7LH>", "<@W0123ABC|jane>", "<#C024BE7LR|general>", "<!subteam^S0614TZR7|@oncall>",
    "<!here>", "<!channel>", "<!everyone>", "<!date^1392734382^{date_short}|Feb 18, 2014>",
])
def test_mentions_are_never_altered(pipeline, mention):
    text = f"{mention} call +44 20 7946 0958 {mention}"
    out = masked(pipeline, text)
    assert out == f"{mention} call [PHONENUMBER] {mention}"


def test_mention_label_that_looks_like_pii_is_kept(pipeline):
    text = "<@U1|ann@example.com> wrote to ann@example.com"
    assert masked(pipeline, text) == "<@U1|ann@example.com> wrote to [EMAIL]"


def test_mailto_both_halves_masked(pipeline):
    text = "write <mailto:lena@example.de|lena@example.de> please"
    assert masked(pipeline, text) == "write <mailto:[EMAIL]|[EMAIL]> please"


def test_tel_both_halves_masked(pipeline):
    text = "ring <tel:+14155552671|+1 415-555-2671>"
    assert masked(pipeline, text) == "ring <tel:[PHONENUMBER]|[PHONENUMBER]>"


def test_pii_inside_link_target_and_label(pipeline):
    text = "<https://x.example/form?email=a.b@corp.com|a.b@corp.com's form>"
    assert masked(pipeline, text) == "<https://x.example/form?email=[EMAIL]|[EMAIL]'s form>"


def test_link_without_pii_is_untouched(pipeline):
    text = "see <https://docs.example.com/page?id=42|the docs> and <https://example.org>"
    assert masked(pipeline, text) == text


def test_code_blocks_keep_non_pii_content(pipeline):
    text = "```\nexport DB=postgres://svc:Pa55w0rd@81.2.69.160/app\nmake deploy\n```"
    out = masked(pipeline, text)
    assert out == "```\nexport DB=postgres://[USERNAME]:[PASSWORD]@[IPV4]/app\nmake deploy\n```"


def test_inline_code(pipeline):
    assert masked(pipeline, "try `curl -u bob 81.2.69.160`") == "try `curl -u bob [IPV4]`"


def test_zero_width_characters_do_not_hide_pii(pipeline):
    text = "IBAN DE89\u200b3704\u200b0044\u200b0532\u200b0130\u200b00 ok"
    assert masked(pipeline, text) == "IBAN [IBAN] ok"


def test_homoglyphs_do_not_hide_pii(pipeline):
    text = "mail аnn@еxample.com"  # Cyrillic а and е
    assert masked(pipeline, text) == "mail [EMAIL]"


def test_view_maps_offsets_back():
    view = build_view("a&amp;b <@U1> c")
    assert view.text == "a&b       c"
    assert view.to_original(0, 3) == [(0, 7)]
    assert view.protected == ((8, 13),)
    assert view.to_original(2, 11) == [(6, 8), (13, 15)]


def test_plain_ascii_needs_no_view():
    view = build_view("plain text")
    assert view.starts is None and view.text == "plain text"


@pytest.mark.parametrize("text", [
    "done :white_check_mark: Ann Lee paid, card 4111 1111 1111 1111",
    ":+1::skin-tone-3: call +44 20 7946 0958 :tada:",
])
def test_emoji_shortcodes_are_kept(pipeline, text):
    out = masked(pipeline, text)
    for code in (":white_check_mark:", ":+1::skin-tone-3:", ":tada:"):
        assert out.count(code) == text.count(code)
    assert "4111" not in out and "7946" not in out


def test_times_and_ipv6_are_not_emoji():
    view = build_view("at 10:30:45 from fe80::1:abcd:ef01 and mac 3c:22:fb:8a:91:0e")
    assert view.protected == ()


LINKS = ["<https://example.com|link>", "<https://example.com/profile/42|Kenji Watanabe's profile>",
         "<https://www.linkedin.com/in/jun-tanaka-83a1b2|Jun's LinkedIn>", "<mailto:ann.lee@example.com|Ann Lee>",
         "<https://acme.io/reset?email=lena.vogel@web.de&amp;token=9f8e7d6c5b4a3928|reset>", "<tel:+442079460958|call me>",
         "<https://portal.example.com/users/ann.lee@example.com>", "<@U024BE7LH>", "<#C0123ABCD|ops>"]
_TOKEN = re.compile(r"<[^<>\n]*>")


def _structure(text: str) -> list[tuple[str, int]]:
    return [(token[1:2], token.count("|")) for token in _TOKEN.findall(text)]


@pytest.mark.parametrize("engine", ["rules", "local"])
def test_links_keep_their_syntax_and_pii_inside_is_masked(engine):
    from masking import build_pipeline

    pipeline = build_pipeline(engine=engine)
    for link in LINKS:
        text = f"see {link} and ping Ann Lee"
        out = pipeline.mask(text).masked_text
        assert _structure(out) == _structure(text), (text, out)
    out = pipeline.mask("<https://www.linkedin.com/in/jun-tanaka-83a1b2|Jun's LinkedIn>").masked_text
    assert "jun-tanaka" not in out and out.startswith("<https://www.linkedin.com/in/[USERNAME]|")
    out = pipeline.mask("<https://acme.io/reset?email=lena.vogel@web.de&amp;token=9f8e7d6c5b4a3928|reset>").masked_text
    assert out == "<https://acme.io/reset?email=[EMAIL]&amp;token=[SECRET]|reset>"


@settings(max_examples=200)
@given(st.lists(st.sampled_from(LINKS + ["Ann Lee", "4111 1111 1111 1111", "ok", "```", "`x`", "> quote", "\n"]),
                max_size=12))
def test_every_markup_token_survives(pipeline, parts):
    text = " ".join(parts)
    out = pipeline.mask(text).masked_text
    assert _structure(out) == _structure(text)
    assert out.count("```") == text.count("```")
