"""One test per validator: what must be found, and the look-alike that must not be."""
import pytest


@pytest.mark.parametrize("text, value", [
    ("mail john.doe@example.com today", "john.doe@example.com"),
    ("Écrivez à élodie.brûlé@exemple.fr.", "élodie.brûlé@exemple.fr"),
    ("(ann+slack@corp.co.uk)", "ann+slack@corp.co.uk"),
])
def test_email(labels_in, text, value):
    assert labels_in(text)["EMAIL"] == [value]


def test_email_lookalikes(labels_in):
    assert "EMAIL" not in labels_in("ping @channel about foo@bar and user@localhost")


@pytest.mark.parametrize("text, value", [
    ("call +44 20 7946 0958 now", "+44 20 7946 0958"),  # GB
    ("Ruf an: +49 30 901820", "+49 30 901820"),  # DE
    ("appelez le 01 42 68 53 00", "01 42 68 53 00"),  # FR, no country code
    ("chiama +39 06 6982 2323", "+39 06 6982 2323"),  # IT
    ("llama al +34 912 345 678", "+34 912 345 678"),  # ES
    ("bel 020-555 1234 graag", "020-555 1234"),  # NL
    ("US office (415) 555-2671 ext. 12", "(415) 555-2671 ext. 12"),
    ("tel: 5551234567", "5551234567"),  # bare digits need the context word
])
def test_phone_numbers_in_many_regions(labels_in, text, value):
    assert labels_in(text)["PHONENUMBER"] == [value]


@pytest.mark.parametrize("text", [
    "deployed on 2026-11-25 at 10:30:15",
    "ticket 48213377 is closed",
    "version 10.4.2.1 is out",
    "it cost 1,299.00 EUR",
    "order id 20261125093012",
])
def test_phone_lookalikes(labels_in, text):
    assert "PHONENUMBER" not in labels_in(text)


@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005", "6011000990139424"])
def test_luhn_valid_cards(labels_in, card):
    assert labels_in(f"card {card} thanks")["CREDITCARDNUMBER"] == [card]


def test_card_shape_without_luhn_is_still_masked(labels_in):
    assert labels_in("use 8701439305866875 for it")["CREDITCARDNUMBER"] == ["8701439305866875"]


def test_card_lookalikes(labels_in):
    found = labels_in("build 1234567890123 and tracking 12345678901234567")
    assert "CREDITCARDNUMBER" not in found


@pytest.mark.parametrize("iban", ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606"])
def test_iban_mod97(labels_in, iban):
    assert labels_in(f"IBAN {iban}.")["IBAN"] == [iban]


def test_iban_lookalike(labels_in):
    assert "IBAN" not in labels_in("see RFC 7231 and ISO 8601 docs, SKU AB12CDEFGHIJKLMN")


@pytest.mark.parametrize("text, value", [
    ("SSN 536-22-8726", "536-22-8726"),
    ("my social is 536 22 8726", "536 22 8726"),
    ("SSN132-65-3444 on file", "132-65-3444"),
    ("AHV 756.1234.5678.97", "756.1234.5678.97"),
    ("social security 536228726", "536228726"),
])
def test_ssn(labels_in, text, value):
    assert labels_in(text)["SSN"] == [value]


def test_bare_nine_digits_are_not_an_ssn(labels_in):
    assert "SSN" not in labels_in("invoice 536228726 paid")


def test_imei(labels_in):
    assert labels_in("IMEI 490154203237518")["PHONEIMEI"] == ["490154203237518"]


def test_vin_check_digit(labels_in):
    assert labels_in("car 1HGCM82633A004352 sold")["VEHICLEVIN"] == ["1HGCM82633A004352"]
    assert "VEHICLEVIN" not in labels_in("commit 1HGCM82634A004352 merged")  # wrong check digit


@pytest.mark.parametrize("text, label, value", [
    ("from 192.168.10.254 today", "IPV4", "192.168.10.254"),
    ("host 2001:db8:85a3::8a2e:370:7334 up", "IPV6", "2001:db8:85a3::8a2e:370:7334"),
    ("mac 3c:22:fb:8a:91:0e", "MAC", "3c:22:fb:8a:91:0e"),
    ("mac 3C-22-FB-8A-91-0E", "MAC", "3C-22-FB-8A-91-0E"),
])
def test_network_addresses(labels_in, text, label, value):
    assert labels_in(text)[label] == [value]


def test_invalid_ip_and_time_lookalikes(labels_in):
    found = labels_in("999.1.1.1 and 12:30:45 and std::vector")
    assert not {"IPV4", "IPV6"} & found.keys()


def test_credentials_in_urls(labels_in):
    found = labels_in("db at postgres://admin:S3cret@db.internal:5432/app?sslmode=require&token=abc123")
    assert found["USERNAME"] == ["admin"]
    assert found["PASSWORD"] == ["S3cret"]
    assert found["SECRET"] == ["abc123"]


@pytest.mark.parametrize("token", ["xoxb-2048-4096-AbCdEfGhIjKlMnOp", "ghp_" + "a1B2" * 9, "AKIAIOSFODNN7EXAMPLE"])
def test_secret_tokens(labels_in, token):
    assert labels_in(f"token {token} leaked")["SECRET"] == [token]


@pytest.mark.parametrize("text, label, value", [
    ("send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "BITCOINADDRESS", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
    ("to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ok", "BITCOINADDRESS", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
    ("eth 0x52908400098527886E0F7030069857D2E4169EE7", "ETHEREUMADDRESS", "0x52908400098527886E0F7030069857D2E4169EE7"),
])
def test_crypto_addresses(labels_in, text, label, value):
    assert labels_in(text)[label] == [value]


@pytest.mark.parametrize("text, label, value", [
    ("password: Hunter2!", "PASSWORD", "Hunter2!"),
    ("Use password LBznh67pBugS.", "PASSWORD", "LBznh67pBugS"),
    ("DOB: 14/03/1991", "DOB", "14/03/1991"),
    ("born on June 5, 1913 in", "DOB", "June 5, 1913"),
    ("account number 96894275", "ACCOUNTNUMBER", "96894275"),
    ("passport no. X1234567", "PASSPORT", "X1234567"),
    ("cvv is 123", "CREDITCARDCVV", "123"),
])
def test_context_enables_weak_patterns(labels_in, text, label, value):
    assert labels_in(text)[label] == [value]


def test_context_words_alone_do_not_mask_words(labels_in):
    found = labels_in("the password is required and the account was closed on Monday")
    assert not found


def test_identifier_words_veto_phone_shapes(labels_in):
    assert "PHONENUMBER" not in labels_in("The meeting ID is 926 9747 2400; dial-in in the invite")
    assert "PHONENUMBER" not in labels_in("order 415 555 2671 shipped")
    # a phone word wins over an identifier word
    assert labels_in("call the order desk 415 555 2671")["PHONENUMBER"] == ["415 555 2671"]


def test_identifier_words_are_whole_words(labels_in):
    # "point" is not "po"
    assert labels_in("notre point de rencontre ? Mon 01.6130 8061")["PHONENUMBER"] == ["01.6130 8061"]


@pytest.mark.parametrize("ua", [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    "Opera/9.80 (X11; Linux i686; U; ru) Presto/2.8.131 Version/11.11",
])
def test_user_agents(labels_in, ua):
    assert labels_in(f"browser: {ua}. thanks")["USERAGENT"] == [ua]
