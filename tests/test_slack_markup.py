"""Slack delivers escaped, marked-up text; masking must keep it valid and keep mentions."""
import pytest

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
