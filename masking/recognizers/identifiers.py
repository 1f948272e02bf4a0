"""National and device identifiers: US SSN, Swiss AHV, IMEI, vehicle VIN."""
from __future__ import annotations

import re

from stdnum import imei
from stdnum.ch import ssn as ch_ssn
from stdnum.us import ssn as us_ssn

from masking.recognizers.base import PatternRecognizer, digits

_SSN_CONTEXT = ("ssn", "social security", "social sec", "ahv", "avs", "sozialversicherung",
                "insurance number", "national id", "tax id", "tin", "id number")


# A number glued to its key ("SSN132-65-3444", "SSN-756…") still counts as standing alone.
_AFTER_SSN_KEY = r"(?:(?<=SSN)|(?<=SSN[-:#])|(?<![\w.+-]))"


def _us_ssn_score(value: str) -> float | None:
    number = digits(value)
    if len(set(number)) == 1:
        return None
    separated = not value.isdigit()
    if us_ssn.is_valid(number):
        return 0.75 if separated else 0.3
    # The 3-2-4 grouping is an SSN's signature even when the area number is unassigned.
    return 0.55 if separated else 0.2


US_SSN = PatternRecognizer(
    name="us_ssn",
    label="SSN",
    pattern=re.compile(_AFTER_SSN_KEY + r"\d{3}([- .]?)\d{2}\1\d{4}(?![\w]|[.-]\d)"),
    validate=_us_ssn_score,
    context=_SSN_CONTEXT,
)


def _ahv_score(value: str) -> float | None:
    number = digits(value)
    if len(number) == 13 and ch_ssn.is_valid(number):
        return 0.95
    # 756 is Switzerland's prefix; an 11- or 13-digit number that starts with it is an AHV
    # number more often than anything else.
    return 0.55 if not value.isdigit() else 0.5


SWISS_AHV = PatternRecognizer(
    name="ch_ahv",
    label="SSN",
    pattern=re.compile(_AFTER_SSN_KEY + r"756([ .]?)\d{4}\1\d{4}(?:\1\d{2})?(?![\w]|[.-]\d)"),
    validate=_ahv_score,
    context=_SSN_CONTEXT,
)

IMEI = PatternRecognizer(
    name="imei",
    label="PHONEIMEI",
    pattern=re.compile(r"(?<![\w.-])\d{2}[- ]?\d{6}[- ]?\d{6}[- ]?\d(?![\w]|[.-]\d)"),
    # Luhn-valid, or written in the 2-6-6-1 grouping only IMEIs use.
    validate=lambda value: 0.6 if imei.is_valid(digits(value)) or not value.isdigit() else 0.3,
    context=("imei", "device", "handset", "phone"),
)

_VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))),
               **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_ok(vin: str) -> bool:
    """ISO 3779 / North American check digit in position 9."""
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin, _VIN_WEIGHTS))
    check = total % 11
    return vin[8] == ("X" if check == 10 else str(check))


def _vin_score(value: str) -> float | None:
    value = value.upper()
    # A VIN's maker and model codes carry letters; one letter before digits is an id (`p1677192099712519`).
    if not any(c.isdigit() for c in value) or sum(c.isalpha() for c in value) < 2:
        return None
    return 0.9 if vin_check_digit_ok(value) else 0.45


VIN = PatternRecognizer(
    name="vin",
    label="VEHICLEVIN",
    pattern=re.compile(r"(?<![\w])[A-HJ-NPR-Z0-9]{17}(?![\w])", re.IGNORECASE),
    validate=_vin_score,
    context=("vin", "vehicle", "chassis", "car", "truck", "registration", "fahrgestellnummer"),
)

RECOGNIZERS = (US_SSN, SWISS_AHV, IMEI, VIN)
