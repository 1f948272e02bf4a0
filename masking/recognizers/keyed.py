"""Values that only a preceding key word makes identifiable: "password: …", "DOB …",
"account number …", "passport …". Without the key these shapes are too common to mask."""
from __future__ import annotations

import re

from masking.recognizers.base import PatternRecognizer
from masking.recognizers.credentials import is_placeholder

_JOIN = r"(?:\s*(?:number|num|no\.?|nr\.?|#|code|id))?\s*(?:\(\w+\)\s*)?(?:is\s+|was\s+|:\s*|=\s*|-\s*|–\s*)?\s*[\"'`]?"


def keyed(name: str, label: str, keys: str, value: str, validate=lambda v: 0.85) -> PatternRecognizer:
    pattern = re.compile(rf"(?i)(?<!\w)(?:{keys})(?!\w){_JOIN}(?P<value>{value})")
    return PatternRecognizer(name=name, label=label, pattern=pattern, validate=validate, group="value")


def _secret_like(value: str) -> float | None:
    """A password or username has something a dictionary word has not (and is no placeholder)."""
    stripped = value.rstrip(".,;:)\"'`")
    if len(stripped) < 4 or is_placeholder(stripped):
        return None
    interesting = any(c.isdigit() for c in stripped) or any(c.isupper() for c in stripped[1:]) \
        or any(not c.isalnum() for c in stripped)
    return 0.85 if interesting else None


_TOKEN = r"[^\s\"'`<>|]*[^\s\"'`<>|.,;:)]"
_LOGIN = r"[^\s\"'`<>|;,]*[^\s\"'`<>|.,;:)]"  # a login stops at a field separator
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+Z?)?|\d{{1,2}}[/.\-]\d{{1,2}}(?:[/.\-]\d{{2,4}})?"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?"
)

PASSWORD = keyed(
    "password", "PASSWORD",
    r"password|passwd|pwd|passcode|pass phrase|passphrase|kennwort|passwort|mot de passe|contraseña|wachtwoord",
    _TOKEN, _secret_like,
)
USERNAME = keyed(
    "username", "USERNAME", r"username|user name|user id|userid|login|handle|benutzername|gebruikersnaam",
    _LOGIN, _secret_like,
)
DOB = keyed(
    "dob", "DOB",
    r"dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born(?: on| in)?|geboren(?: am)?|né(?:e)? le"
    r"|fecha de nacimiento|data di nascita|geboortedatum",
    _DATE, lambda v: 0.85,
)
ACCOUNT = keyed(
    "account_number", "ACCOUNTNUMBER", r"account|acct|a/c|konto|compte|cuenta|conto|rekening",
    r"\d[\d -]{4,22}\d", lambda v: 0.8,
)
PASSPORT = keyed(
    "passport", "PASSPORT", r"passport|reisepass|passeport|pasaporte|passaporto|paspoort",
    r"[A-Z0-9]{6,9}(?![\w])", lambda v: 0.85 if any(c.isdigit() for c in v) else None,
)
DRIVER_LICENSE = keyed(
    "driver_license", "DRIVERLICENSE", r"driver'?s? licen[cs]e|driving licen[cs]e|licen[cs]e|DL",
    r"[A-Z0-9][A-Z0-9-]{4,16}(?![\w])", lambda v: 0.8 if sum(c.isdigit() for c in v) >= 3 else None,
)
CVV = keyed("cvv", "CREDITCARDCVV", r"cvv2?|cvc2?|csc|security code", r"\d{3,4}(?!\d)")
PIN = keyed("pin", "PIN", r"pin", r"\d{4,8}(?!\d)")

RECOGNIZERS = (PASSWORD, USERNAME, DOB, ACCOUNT, PASSPORT, DRIVER_LICENSE, CVV, PIN)
