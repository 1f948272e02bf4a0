"""Payment cards (Luhn), IBANs (mod 97) and crypto-currency addresses (checksums)."""
from __future__ import annotations

import hashlib
import re
from itertools import product
from string import ascii_uppercase

from stdnum import iban, luhn
from stdnum.exceptions import InvalidChecksum, ValidationError

from masking.recognizers.base import PatternRecognizer, counted_run, digits

_CARD_CONTEXT = ("card", "credit", "debit", "visa", "mastercard", "amex", "maestro", "payment",
                 "pay", "cvv", "expiry", "billing", "karte", "carte", "tarjeta", "carta", "kaart")


def _card_score(value: str) -> float | None:
    number = digits(value)
    if not 13 <= len(number) <= 19 or len(set(number)) < 2:
        return None
    if counted_run(value):
        return None
    if luhn.is_valid(number):
        return 0.9
    # Sixteen digits, bare or in fours, is the shape of a card even when the check digit is off
    # (test data, typos): mask it; other lengths need a context word.
    groups = re.split(r"[ -]", value)
    if len(number) == 16 and (len(groups) == 1 or [len(g) for g in groups] == [4, 4, 4, 4]):
        return 0.6
    if (len(number) == 15 and number[:2] in ("34", "37")) or (len(number) == 14 and number[:2] in ("30", "36", "38")):
        return 0.55  # American Express / Diners Club layouts
    return 0.3


CREDIT_CARD = PatternRecognizer(
    name="credit_card",
    label="CREDITCARDNUMBER",
    # A lookahead, so candidates may overlap: in "…0958 4111 1111 1111 1111" the longest run from
    # the first group is too long to be a card, and the card starting at the next group is tried.
    pattern=re.compile(r"(?<![A-Za-z0-9_.-])(?=(\d{4}(?:[ -]?\d{2,7}){1,4})(?![A-Za-z0-9_]|[.-]\d))"),
    validate=_card_score,
    context=_CARD_CONTEXT,
    group=1,
)


# Country codes of the SWIFT IBAN registry that python-stdnum ships.
_IBAN_COUNTRIES = frozenset(
    code for code in map("".join, product(ascii_uppercase, repeat=2)) if iban._ibandb.info(code)[0][1]
)


def _iban_score(value: str) -> float | None:
    compact = value.replace(" ", "")
    if compact[:2] not in _IBAN_COUNTRIES:
        return None
    try:
        iban.validate(compact)
        return 0.95
    except InvalidChecksum:
        return 0.7
    except ValidationError:
        # Unknown country layout: still IBAN-shaped (country, check digits, long BBAN with digits).
        return 0.55 if sum(ch.isdigit() for ch in compact) >= 8 else None


IBAN = PatternRecognizer(
    name="iban",
    label="IBAN",
    pattern=re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}(?![\w])"),
    validate=_iban_score,
    context=("iban", "bank", "account", "transfer", "wire", "sepa", "konto", "compte", "cuenta", "conto", "rekening"),
)

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {ch: i for i, ch in enumerate(_B58)}


def _base58check_ok(value: str) -> bool:
    number = 0
    for ch in value:
        number = number * 58 + _B58_INDEX[ch]
    raw = number.to_bytes(25, "big") if number.bit_length() <= 200 else b""
    if not raw:
        return False
    payload, checksum = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == checksum


def _bech32_ok(value: str) -> bool:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    value = value.lower()
    hrp, _, data = value.rpartition("1")
    if not hrp or any(ch not in charset for ch in data):
        return False
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + [charset.index(c) for c in data]:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk in (1, 0x2BC830A3)  # bech32, bech32m


def _base58_address_score(value: str) -> float | None:
    if _base58check_ok(value):
        return 0.95
    # Unchecked but address-shaped: mixed case and digits, no base58-excluded characters.
    has_mix = any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value)
    return 0.45 if has_mix else None


_CRYPTO_CONTEXT = ("bitcoin", "btc", "wallet", "crypto", "address", "send", "litecoin", "ltc", "coin")

BITCOIN = PatternRecognizer(
    name="bitcoin",
    label="BITCOINADDRESS",
    pattern=re.compile(r"(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])"),
    validate=_base58_address_score,
    context=_CRYPTO_CONTEXT,
)

BITCOIN_BECH32 = PatternRecognizer(
    name="bitcoin_bech32",
    label="BITCOINADDRESS",
    pattern=re.compile(r"(?<![\w])(?:bc|tb)1[ac-hj-np-z02-9]{11,71}(?![\w])", re.IGNORECASE),
    validate=lambda value: 0.95 if _bech32_ok(value) else 0.5,
    context=_CRYPTO_CONTEXT,
)

LITECOIN = PatternRecognizer(
    name="litecoin",
    label="LITECOINADDRESS",
    pattern=re.compile(r"(?<![\w])[LM][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])"),
    validate=_base58_address_score,
    context=_CRYPTO_CONTEXT,
)

ETHEREUM = PatternRecognizer(
    name="ethereum",
    label="ETHEREUMADDRESS",
    pattern=re.compile(r"(?<![\w])0x[0-9a-fA-F]{40}(?![\w])"),
    # EIP-55 needs Keccak, which hashlib lacks; 0x + 40 hex digits is distinctive on its own.
    validate=lambda value: 0.85,
    context=("ethereum", "eth", "wallet", "address"),
)

RECOGNIZERS = (CREDIT_CARD, IBAN, BITCOIN, BITCOIN_BECH32, LITECOIN, ETHEREUM)
