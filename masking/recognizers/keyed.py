"""Values that only a preceding key word makes identifiable: "password: …", "DOB …",
"account number …", "passport …". Without the key these shapes are too common to mask."""
from __future__ import annotations

import re

from masking.recognizers.base import PatternRecognizer
from masking.recognizers.credentials import is_placeholder
from masking.spans import Span

# Between key and value: a number word, a closing quote of a JSON/YAML key, a separator.
_JOIN = (r"[\"']?(?:\s*(?:number|num|no\.?|nr\.?|#|code|id))?[\"']?\s*(?:\(\w+\)\s*)?"
         r"(?:is\s+|was\s+|:\s*|=\s*|-\s*|–\s*|to\s+)?\s*[\"'`]?")


def keyed(name: str, label: str, keys: str, value: str, validate=lambda v: 0.85) -> PatternRecognizer:
    pattern = re.compile(rf"(?i)(?<!\w)(?:{keys})(?!\w){_JOIN}(?P<value>{value})")
    return PatternRecognizer(name=name, label=label, pattern=pattern, validate=validate, group="value")


def secret_like(value: str) -> float | None:
    """A password or username has something a dictionary word has not (and is no placeholder)."""
    stripped = value.rstrip(".,;:)\"'`")
    if len(stripped) < 4 or is_placeholder(stripped):
        return None
    interesting = any(c.isdigit() for c in stripped) or any(c.isupper() for c in stripped[1:]) \
        or any(not c.isalnum() for c in stripped)
    return 0.85 if interesting else None


_DURATION = re.compile(r"^\d+(?:\.\d+)?(?:ns|us|µs|ms|s|sec|secs|min|mins|h|hr|hrs|d)$", re.I)


def is_duration(value: str) -> bool:
    """`1min`, `10s`: what `time` prints after "user" ("CPU times: user 1min 10s"), not a login."""
    return bool(_DURATION.match(value.rstrip(".,;:)")))


_TOKEN = r"[^\s\"'`<>|]*[^\s\"'`<>|.,;:)]"
_LOGIN = r"[\w][^\s\"'`<>|;,/]*[^\s\"'`<>|.,;:)/]"  # a login starts with a letter or digit, stops at a separator
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+Z?)?|\d{{1,2}}[/.\-]\d{{1,2}}(?:[/.\-]\d{{2,4}})?"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?"
)

PASSWORD = keyed(
    "password", "PASSWORD",
    r"password|passwd|pwd|passcode|pass phrase|passphrase|kennwort|passwort|mot de passe|contraseña|wachtwoord"
    r"|reset (?:it|that|the password|your password|his password|her password)|temp(?:orary)? password|pw",
    _TOKEN, secret_like,
)
USERNAME = keyed(
    "username", "USERNAME", r"username|user name|user_name|user id|userid|user|login|handle|benutzername|gebruikersnaam"
    r"|log(?:ged)? ?in as|sign(?:ed)? ?in as|login as",
    _LOGIN, lambda v: None if is_duration(v) else secret_like(v),
)
DOB = keyed(
    "dob", "DOB",
    r"dob|d\.o\.b\.?|date[ _]of[ _]birth|birth[ _]?date|birthday|born(?: on| in)?|geboren(?: am)?|né(?:e)? le"
    r"|fecha de nacimiento|data di nascita|geboortedatum",
    _DATE, lambda v: 0.85,
)
ACCOUNT = keyed(
    "account_number", "ACCOUNTNUMBER", r"account|acct|a/c|konto|compte|cuenta|conto|rekening|customer id|customer no",
    r"(?=[A-Z]{0,6}\d)[A-Z0-9][A-Z0-9 -]{4,30}\d(?![\w-])", lambda v: 0.8 if sum(c.isdigit() for c in v) >= 5 else None,
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

# Ids are upper case and digits whatever the key's case: "MRN 00123456 and member ID …" stops at "and".
_ID_VALUE = r"(?-i:(?=[A-Z0-9 ./-]*\d)[A-Z0-9](?:[A-Z0-9./-]| (?=[A-Z0-9])){4,20}[A-Z0-9](?![\w-]))"


def _stdnum(*modules: str):
    """Validated by python-stdnum where a module knows the format; the key alone is enough otherwise."""
    import importlib

    checks = [importlib.import_module(f"stdnum.{m}") for m in modules]

    def score(value: str) -> float | None:
        if sum(c.isdigit() for c in value) < 4:
            return None
        return 0.95 if any(c.is_valid(value) for c in checks) else 0.8
    return score


TAX_ID = keyed(
    "tax_id", "TAXID",
    r"tax ?id|tax_id|taxid|tin|pan|pan card|steuer-?id|steueridentifikationsnummer|steuernummer|steuer-?nr"
    r"|nif|codice fiscale|utr|ein|vat id|itin",
    _ID_VALUE, _stdnum("in_.pan", "de.idnr", "gb.utr", "es.nif", "it.codicefiscale", "us.ein", "us.itin"),
)
NATIONAL_ID = keyed(
    "national_id", "SSN",
    r"national ?id|national_id|nino|national insurance|ni number|ni no|dni|nie|id card|id number|bsn|personnummer"
    r"|pesel|aadhaar|sin|ssn|social security|personalausweis|carte d'identité|cpf|curp",
    _ID_VALUE, _stdnum("es.dni", "es.nie", "nl.bsn", "se.personnummer", "pl.pesel", "in_.aadhaar",
                       "ca.sin", "us.ssn", "br.cpf", "mx.curp"),
)
MEDICAL_ID = keyed(
    "medical_id", "MEDICALID",
    r"mrn|medical record|patient id|patient_id|member id|member_id|memberid|insurance id|policy number|nhs number"
    r"|health card|versichertennummer",
    _ID_VALUE, _stdnum("gb.nhs"),
)
PLATE = keyed(
    "licence_plate", "VEHICLEVRM",
    r"plate|licen[cs]e plate|number plate|reg|registration|kennzeichen|immatriculation|matrícula|targa|vrm",
    r"(?-i:(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9][A-Z0-9 -]{2,8}[A-Z0-9](?![\w-]))", lambda v: 0.8,
)
# A name field needs its separator (`first_name: Ann`, `"last_name":"Cook"`, `FNAME=Ann`): the key
# alone in prose ("KeyError: 'first_name' while …") introduces no value.
NAME_FIELD = PatternRecognizer(
    name="name_field", label="FIRSTNAME",
    pattern=re.compile(
        r"(?i)(?<![\w])(?:first_?name|firstname|given_?name|fname|last_?name|lastname|surname|family_?name|lname"
        r"|full_?name|contact_?name|customer_?name|display_?name|real_?name)[\"']?\s*[:=]\s*[\"']?"
        r"(?P<value>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,3})"
    ),
    validate=lambda v: None if v.lower() in ("null", "none", "true", "false", "string", "str", "name") else 0.85,
    group="value",
)

CARDHOLDER = keyed(
    "cardholder", "FIRSTNAME", r"name on (?:the )?card|card ?holder|account holder|beneficiary|holder name",
    r"(?-i:[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,3})", lambda v: 0.85,
)


class CredentialPairRecognizer:
    """`user / password` pairs after a word that announces credentials: "creds: admin / Tr0ub4dor&3"."""

    name = "credential_pair"
    _PAIR = re.compile(
        r"(?i)(?:creds?|credentials|login|log-?in details|user(?:name)?\s*/\s*pass(?:word)?|u/p)\b[^\n/]{0,24}?[:=]?\s*"
        r"(?P<user>[\w.@+-]{2,64})\s*/\s*(?P<password>[^\s/]{4,64})"
    )

    def analyze(self, text: str, lowered: str):
        if "/" not in text:
            return
        for match in self._PAIR.finditer(text):
            password = match.group("password").rstrip(".,;)")
            if secret_like(password) is None:
                continue
            yield Span(*match.span("user"), "USERNAME", 0.85, self.name)
            start = match.start("password")
            yield Span(start, start + len(password), "PASSWORD", 0.9, self.name)


CREDENTIAL_PAIR = CredentialPairRecognizer()

RECOGNIZERS = (CARDHOLDER, CREDENTIAL_PAIR, PASSWORD, USERNAME, DOB, ACCOUNT, PASSPORT, DRIVER_LICENSE, CVV, PIN, TAX_ID, NATIONAL_ID,
               MEDICAL_ID, PLATE, NAME_FIELD)
