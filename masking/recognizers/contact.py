"""E-mail addresses and phone numbers (any region, through `phonenumbers`)."""
from __future__ import annotations

import re
from typing import Iterable

import phonenumbers

from masking.name_prior import is_common, is_given_name, is_known_name, is_surname
from masking.recognizers.base import PatternRecognizer, context_regex, counted_run, digits, has_context
from masking.spans import Span
from masking.terms import terms

EMAIL = PatternRecognizer(
    name="email",
    label="EMAIL",
    pattern=re.compile(
        r"(?<![\w.+%&'-])[\w.+%&'-]*\w@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,24}(?![\w-])",
        re.UNICODE,
    ),
    validate=lambda value: None if ".." in value else 0.95,
)

# Regions tried for numbers written without a country code, most likely first.
DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "CH", "AT", "IE", "CA", "AU", "IN")

_PHONE_CANDIDATE = re.compile(
    r"(?:(?<![A-Za-z0-9_+.\-/])|(?<=\d/)(?=\+))"  # ASCII only: in Japanese or Chinese prose a letter touches
    # the number; "+251914195953/+251967361957" is two
    # groups split by separators, or glued to a parenthesised group: "(829)409-4309", "+44(0)117"
    r"(?:\+|00)?\(?\d{1,15}\)?(?:(?:[ .\-/]{1,2}|(?<=\))|(?=\(\d))\(?\d{1,10}\)?){0,6}"
    r"(?:\s?(?:x|ext\.?)\s?\d{1,5})?"
    r"(?![A-Za-z0-9_\-]|[.:/]\d)",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(
    r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)$"
)
_ISO_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d)")
_IPV4_LIKE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_DECIMAL = re.compile(r"^[1-9]\d*\.\d{1,3}$")  # "812345.001": an uptime or a measurement (a trunk 0 is a phone)
_DECIMAL_TOKEN = re.compile(r"^\d+\.\d+$")
_PHONE_CONTEXT = context_regex(
    ("phone", "tel", "telephone", "mobile", "cell", "call", "text me", "sms", "whatsapp", "fax", "my number",
     "number is", "ring me", "ring", "landline", "hotline", "nummer", "numéro", "número", "numero",
     "contact", "reach", "dial", "telefon", "téléphone", "tél", "portable",
     "telefono", "teléfono", "móvil", "cellulare", "handy", "bel", "mobiel")
)

# Numbers introduced as identifiers ("meeting ID 926 9747 2400", "order 555 123 4567") are
# not phone numbers unless a phone word is near too.
# Chinese, Japanese and Korean run words together, so their cue words are found without word breaks.
_CJK_PHONE_CONTEXT = re.compile("电话|電話|手机|手機|携帯|連絡先|联系|電話番号|番号|전화|휴대폰|핸드폰|연락처")
_NOT_PHONE_CONTEXT = context_regex(
    ("id", "order", "invoice", "ticket", "build", "tracking", "ref", "reference", "serial", "sku",
     "pid", "port", "version", "meeting", "case", "po", "batch", "job"),
    whole_words=True,
)


class PhoneRecognizer:
    """Phone numbers in any layout: validated by `phonenumbers` where it knows the plan,
    accepted on shape alone when grouped like a phone number, or on context when bare."""

    name = "phone"
    label = "PHONENUMBER"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        pos = 0
        while (match := _PHONE_CANDIDATE.search(text, pos)) is not None:
            start = match.start()
            value = _balanced(_first_number(match.group()))
            # A candidate cut short may be followed by another number: resume right after it.
            pos = start + len(value) if value and len(value) < len(match.group().rstrip(" .-/")) else match.end()
            pos = max(pos, start + 1)
            if value.count("(") != value.count(")"):
                pos = start + 1  # "1111) (415) 555-2671": pieces of two things; the number may start further on
                continue
            if (date := _ISO_DATE.search(value)) is not None:
                pos = start + date.end()  # "2026-11-25 (415) 555-2671": a date, then perhaps a number
                continue
            score = self._score(value) if value else None
            if score is None:
                continue
            if has_context(_PHONE_CONTEXT, lowered, start) or has_context(_CJK_PHONE_CONTEXT, text, start):
                score = min(1.0, score + 0.35)
            elif has_context(_NOT_PHONE_CONTEXT, lowered, start):
                score -= 0.4
            yield Span(start, start + len(value), self.label, round(score, 3), self.name)

    @staticmethod
    def _score(value: str) -> float | None:
        number = digits(value)
        if not 7 <= len(number) <= 15 or _DATE_LIKE.match(value) or _IPV4_LIKE.match(value) \
                or _DECIMAL.match(value):
            return None
        dotted = [t for t in value.split() if "." in t]
        decimals = sum(bool(_DECIMAL_TOKEN.match(t)) for t in dotted)
        if counted_run(value) or len(set(dotted)) < len(dotted) or decimals > 1:
            return None  # a row of a table (`0.9375 2.8125 4.6875`, `2021.02.0 2021.02.0`), not one number
        international = value.startswith(("+", "00"))
        grouped = any(sep in value for sep in " .-/()")
        if international:
            try:
                parsed = phonenumbers.parse("+" + number[2:] if value.startswith("00") else value, None)
                if phonenumbers.is_valid_number(parsed):
                    return 0.95
            except phonenumbers.NumberParseException:
                pass
            return 0.7 if len(number) >= 9 else 0.4
        if grouped:
            if len(number) >= 9:
                return 0.85 if _valid_in_some_region(value) else 0.6
            return 0.4
        # A bare run of digits is as likely an order or account number: context decides.
        return 0.3


_TRAILING_GROUP = re.compile(r"[ .\-/]+\(?\d+\)?$")


def _balanced(value: str) -> str:
    """A candidate's parentheses belong to one number: cut it before a ")" that closes nothing
    ("(415) 555-2671) 4111…", "(call +44 20 7946 0958)") and drop trailing groups while a "(" stays
    open ("+44 20 7946 0958 (536-…")."""
    depth = 0
    for i, ch in enumerate(value):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            value = value[:i].rstrip(" .-/")
            break
    while value.count("(") > value.count(")") and (shorter := _TRAILING_GROUP.sub("", value)) != value:
        value = shorter
    return value


def _first_number(value: str) -> str:
    """Candidates can run into the next number ("+44 20 7946 0958 4111 1111 …"): drop trailing
    groups until at most 15 digits remain."""
    value = value.rstrip(" .-/")
    while len(digits(value)) > 15:
        shorter = _TRAILING_GROUP.sub("", value)
        if shorter == value:
            break
        value = shorter
    return value


def _valid_in_some_region(value: str) -> bool:
    for region in DEFAULT_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
        except phonenumbers.NumberParseException:
            return False
    return False


PHONE = PhoneRecognizer()


# A personal profile's handle: linkedin.com/in/<handle> always; on the other networks only a
# one-segment path (github.com/<user>, not github.com/<org>/<repo>/pull/4).
_PROFILE_URL = re.compile(
    r"(?i)\b(?:(?:www\.)?linkedin\.com/in/(?P<li>[\w%.-]+)"
    r"|(?:www\.)?(?:github\.com|gitlab\.com|twitter\.com|x\.com|facebook\.com|instagram\.com|t\.me|medium\.com"
    r"|keybase\.io|mastodon\.social|bsky\.app/profile)/@?(?P<one>[\w.-]+)/?(?=$|[\s|>?#)\"',]))"
)


# The owner of a repository on a code host: a person's handle when it is built from a name
# (`jsmith42`, `maria-garcia`, `mlevy`), left when it names an organisation or project (`dask`).
_REPO_OWNER = re.compile(
    r"(?i)\b(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)/(?P<owner>[\w.-]+)/[\w.-]+")


# Letters and digits interleaved (`a13xp0p0v`, `d1sgr4c3`): a gamer's handle, not a project's name.
_LEET = re.compile(r"(?i)[a-z]\d+[a-z]+\d+[a-z]")
_ORG_PARTS = frozenset({"org", "lib", "libs", "dev", "devs", "io", "hq", "team", "labs", "lab", "inc", "app", "apps",
                        "project", "projects", "official", "community", "js", "py", "lang", "tools", "data", "cloud"})


def personal_owner(owner: str) -> bool:
    """A repository owner that reads as a person: it starts with a known given name or surname
    (`maria-garcia`, `matt-long`), an initial before a surname (`jsmith42`, `mlevy`), a given name
    with a couple of initials after it (`andrewrk`), or letters and digits interleaved (`d1sgr4c3`).
    Names that are everyday words (`rust`) do not count, nor do upper-case owners (`NCAR`) or owners
    with an organisation's word (`esmf-org`)."""
    parts = [p.lower() for p in re.split(r"[-_.\d]+", owner) if len(p) >= 3]
    if owner.isupper() or any(p in _ORG_PARTS for p in parts):
        return False
    if _LEET.search(owner):
        return True
    for part in parts[:1]:  # a person's handle starts with the name (`matt-long`); `ocean-eddy-cpt` does not
        if part in terms("tech_words") or part in terms("word_names"):
            continue
        if is_known_name(part.title()) and not is_common(part, 5.5):
            return True
        if len(part) >= 5 and is_surname(part[1:].title()) and not is_common(part[1:], 5.5):
            return True
        if any(is_given_name(part[:cut].title()) and not is_common(part[:cut], 5.5)
               and not set(part[cut:]) & set("aeiouy")  # initials after the name, not a longer word
               for cut in range(max(6, len(part) - 3), len(part))):
            return True
    return False


# A personal website is named after its owner: a given name, then a surname or a word no dictionary
# holds (`dirk.eddelbuettel.com`, `jane-doe.dev`); `mail.google.com` and `will.example.org` are not.
_PERSONAL_SITE = re.compile(
    r"(?i)(?<![\w.@-])(?:https?://)?(?:www\.)?(?P<host>(?P<first>[a-z]{3,15})[.-](?P<last>[a-z]{3,30}))"
    r"\.(?:com|net|org|name|me|io|info|dev|de|fr|nl|ch|at|ca|eu)(?![\w-]|\.\w)")


def _personal_site(first: str, last: str) -> bool:
    return is_given_name(first.title()) and not is_common(first, 5.0) \
        and ((is_surname(last.title()) and not is_common(last, 4.0)) or not is_common(last, 2.0))


class ProfileUrlRecognizer:
    name = "profile_url"
    label = "USERNAME"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        if ".com/" not in lowered and "://" not in lowered and "t.me/" not in lowered and ".org/" not in lowered:
            return
        for match in _PROFILE_URL.finditer(text):
            group = "li" if match.group("li") else "one"
            yield Span(*match.span(group), self.label, 0.85, self.name)
        for match in _REPO_OWNER.finditer(text):
            if personal_owner(match.group("owner")):
                yield Span(*match.span("owner"), self.label, 0.8, self.name)
        for match in _PERSONAL_SITE.finditer(text):
            if _personal_site(match.group("first").lower(), match.group("last").lower()):
                yield Span(*match.span("host"), self.label, 0.75, self.name)


PROFILE_URL = ProfileUrlRecognizer()
