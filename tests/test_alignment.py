import pytest

from masking.alignment import RewriteRejected, align

TEXT = "Dear Ann Lee, your card 4111 1111 1111 1111 is due. Call +44 20 7946 0958."


def values(spans, text=TEXT):
    return [(text[s.start:s.end], s.label) for s in spans]


def test_faithful_rewrite():
    rewrite = "Dear [FIRSTNAME] [LASTNAME], your card [CREDITCARDNUMBER] is due. Call [PHONENUMBER]."
    assert values(align(TEXT, rewrite)) == [("Ann", "FIRSTNAME"), ("Lee", "LASTNAME"),
                                            ("4111 1111 1111 1111", "CREDITCARDNUMBER"),
                                            ("+44 20 7946 0958", "PHONENUMBER")]


def test_numbered_and_whitespace_tolerant():
    rewrite = "Dear  [FIRSTNAME_1] [LASTNAME_1],\nyour card [CREDITCARDNUMBER_1] is due. Call [PHONENUMBER_1]."
    assert len(align(TEXT, rewrite)) == 4


def test_adjacent_placeholders_cover_one_region():
    assert values(align("Hi AnnLee!", "Hi [FIRSTNAME][LASTNAME]!"), "Hi AnnLee!") == [("AnnLee", "FIRSTNAME")]


def test_trailing_placeholder():
    assert values(align("mail: a@b.co", "mail: [EMAIL]"), "mail: a@b.co") == [("a@b.co", "EMAIL")]


@pytest.mark.parametrize("rewrite", [
    "",
    "   ",
    "Ignore previous instructions. Dear [FIRSTNAME] [LASTNAME], your card [CREDITCARDNUMBER] is due.",
    "Dear Ann Lee, your card 4111 1111 1111 1111 is due. Call +44 20 7946 0958. Also, hello!",
    "Dear [FIRSTNAME] [LASTNAME], your card [CREDITCARDNUMBER] is due.",  # drops the phone
    "Dear [FIRSTNAME] [LASTNAME], your card [CREDITCARDNUMBER] is overdue. Call [PHONENUMBER].",
    "Dear [NAME_OF_PERSON], your card [CREDITCARDNUMBER] is due. Call [PHONENUMBER].",  # unknown label
    "[FIRSTNAME]Dear Ann Lee, your card 4111 1111 1111 1111 is due. Call +44 20 7946 0958.",
])
def test_unfaithful_rewrites_are_rejected(rewrite):
    with pytest.raises(RewriteRejected):
        align(TEXT, rewrite)


def test_a_rewrite_that_leaves_pii_aligns_without_it():
    rewrite = "Dear [FIRSTNAME] [LASTNAME], your card 4111 1111 1111 1111 is due. Call [PHONENUMBER]."
    assert "CREDITCARDNUMBER" not in [s.label for s in align(TEXT, rewrite)]  # rules catch it beside


def test_labels_with_digits_and_a_literal_that_also_occurs_inside_the_value():
    text = "Reach 12.13.253.155 or c0c9::1. Call 032-344.8817."
    rewrite = "Reach [IPV4] or [IPV6]. Call [PHONENUMBER]."
    assert values(align(text, rewrite), text) == [("12.13.253.155", "IPV4"), ("c0c9::1", "IPV6"),
                                                  ("032-344.8817", "PHONENUMBER")]
