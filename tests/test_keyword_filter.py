from masking.engines.local_model import _is_keyword


def test_words_about_pii_are_not_values():
    assert _is_keyword("IBAN") and _is_keyword("your IPv6") and _is_keyword("of") and _is_keyword("CVV")
    assert not _is_keyword("Ann") and not _is_keyword("Savings Account") and not _is_keyword("4111")
