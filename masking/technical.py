"""What a learned tagger must not call personal data in technical and casual text.

Engineering messages are full of tokens that look like names, numbers or addresses to a tagger:
field and column names, code symbols, dotted paths, HTTP methods and statuses, ports, timestamps,
hex and trace ids, UUIDs, semver, regexes, chat shorthand. Validated rules never need this (an
e-mail inside a JSON value is still an e-mail); spans from the local model or Gemini are cut
around these ranges, and dropped when what is left is shorthand or has the wrong shape for its
label. The term lists are data (`masking/terms/`), not branches.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from masking.name_prior import believable_name, is_common, is_known_name
from masking.policy import has_street_word
from masking.recognizers.keyed import is_duration, secret_like
from masking.slack_markup import code_block_ranges
from masking.spans import Span
from masking.terms import terms

# Code symbols: identifiers for every learned label but USERNAME and PASSWORD (`jane_doe` can be
# a person's login); a symbol made only of field words (`first_name`) is an identifier for all.
_SYMBOL = re.compile(
    r"""
      \b[A-Za-z][a-z0-9]*(?:_[A-Za-z0-9]+)+\b                  # snake_case, SCREAMING_CASE
    | \b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b
    | \b[a-z]+[0-9]*(?:[A-Z][a-z0-9]+)+\b                       # camelCase
    | \b(?!(?:Mc|Mac|Di|De|Da|La|Le|Van|Von|O)[A-Z][a-z]+\b)
        [A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b                     # PascalCase (not McDonald, DeAndre)
    | \b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?=\()                   # obj.method(
    | \b(?!www\.)[a-z_][\w-]*(?:\.[a-z_][\w-]*){2,}\b(?<!\.com)(?<!\.org)(?<!\.net)(?<!\.io)(?<!\.de)  # dotted.module.path
    """,
    re.VERBOSE,
)
# Tokens that are identifiers wherever they stand, for every learned label.
_IDENTIFIER = re.compile(
    r"""
      \bHTTP/\d(?:\.\d)?\b
    | \b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b
    | (?<![\w.@/-])/[\w.{}:-]*[A-Za-z][\w.{}:-]*(?:/[\w.{}:%=?&-]*)+   # /url/paths
    | \b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b  # UUID
    | \b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,64}\b       # hex: shas, trace ids
    | \b0x[0-9A-Fa-f]+\b
    | (?<![\d.])v?\d+\.\d+\.\d+(?:[-+][\w.]+)?(?![.\d])        # semver (not an IPv4 prefix)
    | \b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b
    | \b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?Z?\b                     # HH:MM:SS.mmm
    | \b(?!(?:[01]?\d|2[0-3]):[0-5]\d\b)\d{2,5}:\d{2,5}(?=/tcp|/udp|\b)(?!:)  # port:port, file:line (not 11:20)
    | \b[a-z][\w-]*\.(?:py|go|js|ts|java|rb|rs|yml|yaml|json|toml|sql|sh|md|txt|log|cfg|ini)\b
    """,
    re.VERBOSE,
)
# Keys of key-value text: `"key":`, `key: value` at a line start, `key=value`.
# (A YAML key is lower case: "Sarah: hi" at a line start is a speaker, not a key.)
_KEY = re.compile(r"\"[\w .-]{1,64}\"(?=\s*:)|(?m:^[ \t-]*[a-z_][\w.-]{0,63}(?=:[ \t]))|\b[A-Za-z_][\w.-]{0,63}(?==)")
# Inline code without spaces is a symbol, a command or a literal; a fenced block is code.
_INLINE_CODE = re.compile(r"`[^`\s]+`")
# A token with a slash is a path, a link or a list of tools (`dask/distributed/bokeh`): a person's
# handle in one is the rules' to find (profile links, home folders), not the tagger's.
_PATHY = re.compile(r"[^\s<>|`'\"()]*[^\s<>|`'\"()]/[^\s<>|`'\"()]*")
# A regex literal: character classes, anchors and quantifiers.
_REGEX = re.compile(r"\^?(?:\\[dDwWsSbB]|\[[^\]\s]{1,40}\])(?:[{][\d,]+[}]|[+*?]|\\[dDwWsSbB.]|\[[^\]\s]{1,40}\]|[^\s`'\"])*\$?")

_SEPARATOR = re.compile(r"[^\w]+")
_NAMEY = frozenset({"FIRSTNAME", "MIDDLENAME", "LASTNAME", "PREFIX", "USERNAME", "CITY", "STATE", "COUNTY",
                    "STREET", "COMPANYNAME", "JOBTITLE", "ACCOUNTNAME"})
# Learned labels with a fixed anatomy: a learned span of these needs the anatomy, or a validated
# rule beside it, to stand.
_NUMERIC = {
    "PHONENUMBER": re.compile(r"^\+?[\d\s().\-/x]*\d[\d\s().\-/x]*$", re.I),
    "CREDITCARDNUMBER": re.compile(r"^\d[\d\s-]{11,22}\d$"),
    "IBAN": re.compile(r"^[A-Za-z]{2}\d{2}[\sA-Za-z0-9-]{8,40}$"),
    "SSN": re.compile(r"^[A-Z0-9][\dA-Z\s.-]{5,16}[\dA-Z]$", re.I),
    "EMAIL": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    "DOB": re.compile(r"^(?=.*\d)(?:\d{1,4}[\s./-]\d{1,2}[\s./-]\d{1,4}|.*[A-Za-z]{3,}.*)$"),
    "NEARBYGPSCOORDINATE": re.compile(r"^.*\d+\.\d+.*\d+\.\d+.*$"),
}
_MIN_DIGITS = {"PHONENUMBER": 7, "CREDITCARDNUMBER": 12, "SSN": 6, "IBAN": 10}
# Learned labels that only a validated rule may assign (the rules for them are exhaustive).
_RULE_OWNED = frozenset({"IP", "IPV4", "IPV6", "MAC"})
# A learned password needs a word that introduces one nearby.
_PASSWORD_CUE = re.compile(r"(?i)pass|pw|pwd|kennwort|mot de passe|contrase|wachtwoord|credential|login|secret"
                           r"|code|pin|access|key|token|auth|sign.?in")
_CUE_WINDOW = 40
_KEY_ID = re.compile(r"^(?=[0-9A-F]*[A-F])(?=[0-9A-F]*\d)(?:[0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40})$")
_BARE_DIGITS = re.compile(r"^\d+$")
_LOGINS = frozenset({"USERNAME", "PASSWORD"})
# Labels whose values have shapes of their own that look like identifiers: only keys block them.
SHAPED = frozenset({"URL", "EMAIL", "USERAGENT", "DATE", "TIME", "DOB", "IP", "IPV4", "IPV6", "MAC", "SECRET",
                    "BITCOINADDRESS", "ETHEREUMADDRESS", "LITECOINADDRESS", "VEHICLEVIN", "NEARBYGPSCOORDINATE"})
_PERSON = frozenset({"FIRSTNAME", "MIDDLENAME", "LASTNAME", "COMPANYNAME"})
_PEOPLE = frozenset({"FIRSTNAME", "MIDDLENAME", "LASTNAME"})
# A learned login needs a word that introduces one, or the anatomy of one (`jane_doe`, `kl42`).
_LOGIN_CUE = re.compile(r"(?i)(?:user(?:name)?|login|log in as|logged in as|handle|account|nick|ping|dm|@"
                        r"|password for|publickey for|invalid user|for user|session opened for user)\W{0,3}$")
_LOGIN_SHAPE = re.compile(r"^(?=.*[A-Za-z])(?:[\w-]*[._-][\w.-]*|[A-Za-z]+\d+[A-Za-z\d]*)$")


def identifier_ranges(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """Ranges of `text` that are keys (never a value), identifiers or literals (never personal
    data a word or a number could be), and code symbols (personal data only as a login)."""
    keys = [m.span() for m in _KEY.finditer(text)]
    hard = [m.span() for m in _IDENTIFIER.finditer(text)]
    hard += [m.span() for m in _REGEX.finditer(text) if m.end() - m.start() >= 3]
    hard += [m.span() for m in _PATHY.finditer(text)]
    soft = [m.span() for m in _INLINE_CODE.finditer(text)] + code_block_ranges(text)
    for match in _SYMBOL.finditer(text):
        parts = [p for p in re.split(r"[_.]|(?<=[a-z0-9])(?=[A-Z])", match.group()) if p]
        (hard if all(p.lower() in terms("field_words") for p in parts) else soft).append(match.span())
    return keys, hard, soft


def screen_learned(text: str, spans: Sequence[Span], rule_spans: Sequence[Span]) -> list[Span]:
    """Cut learned spans around identifier ranges and drop the pieces that are shorthand,
    common words, or numbers without the anatomy of their label."""
    if not spans:
        return []
    keys, hard, soft = identifier_ranges(text)
    names = [s for s in spans if s.label in _PERSON and text[s.start:s.start + 1].isupper()
             and not text[s.start:s.end].isupper()]  # `BLAS and Lapack`: an acronym vouches for nobody
    out: list[Span] = []
    for span in spans:
        if span.label in _LOGINS and any(lo <= span.start and span.end <= hi and (lo, hi) != (span.start, span.end)
                                         for lo, hi in soft):
            continue  # a login is a whole symbol; a piece of one (`cus` of `cus_8fKx2`) is not
        # A label whose own values look like identifiers (a URL, a time, a token) is only kept off
        # keys; word- and number-like labels are also kept off identifiers and, but for logins, code.
        if span.label in SHAPED:
            blocked = keys
        elif span.label in _LOGINS:
            blocked = keys + hard
        else:
            blocked = keys + hard + soft
        beside_a_name = any(0 <= n.start - span.end <= 2 or 0 <= span.start - n.end <= 2
                            for n in names if not n.overlaps(span))
        for start, end in _subtract(span.start, span.end, blocked):
            piece = text[start:end]
            if _plausible(text, span.label, piece, start, end, rule_spans, beside_a_name):
                out.append(span if (start, end) == (span.start, span.end)
                           else Span(start, end, span.label, span.score, span.source))
    return out


def _plausible(text: str, label: str, value: str, start: int, end: int, rule_spans: Iterable[Span],
               beside_a_name: bool = False) -> bool:
    words = [w for w in _SEPARATOR.split(value.lower()) if w]
    if not words or not any(ch.isalnum() for ch in value):
        return False
    supported = _vouched(text, label, start, end, rule_spans)
    if supported:
        return True
    if label in _RULE_OWNED:
        return False
    if label in _NAMEY:
        common = terms("shorthand") | terms("tech_words")
        if (" ".join(words) in common or all(w in common for w in words)) and not beside_a_name:
            return False  # "Jenkins is red", "lgtm"; but "June Carter" is a name
        if any(ch.isdigit() for ch in value) and label not in ("USERNAME", "STREET"):
            return False
        if label in _PERSON and re.fullmatch(r"[A-Z]{2,4}", value) and any(ch.islower() for ch in text) \
                and not (beside_a_name and is_known_name(value)):
            return False  # an acronym (NDA, PTO) in a message that is not shouted; "JOHN SMITH" is a name
        if label in _PEOPLE and not believable_name(text, start, end, beside_a_name) \
                and not _named_in_address(text, value, rule_spans):
            return False
        if label == "USERNAME" and not _handle_like(text, start, value):
            return False
    if label == "STREET" and any(ch.isalpha() for ch in value) and not has_street_word(value) \
            and not _plain_street(value + text[end:end + 6]):
        return False  # "Dimanche 11 juillet 2010": a date, not "Ricardo Margain 444"
    if label == "DOB" and not _BIRTH_CUE.search(text, max(0, start - _CUE_WINDOW), start):
        return False  # a date is a birth date only where the text says so
    if label == "PASSWORD":
        if _KEY_ID.match(value):
            return False  # a GPG key id or fingerprint ("add my key (E084DAB9)"): public by design
        cued = _PASSWORD_CUE.search(text, max(0, start - _CUE_WINDOW), start) is not None
        return cued and secret_like(value) is not None
    if label == "PHONENUMBER" and value.count("(") != value.count(")"):
        return False  # "(8640000": a number cut from a parenthesised expression, never a whole phone
    shape = _NUMERIC.get(label)
    if shape is not None:
        digits = sum(ch.isdigit() for ch in value)
        if not shape.match(value.strip()) or digits < _MIN_DIGITS.get(label, 0):
            return False
        if _BARE_DIGITS.match(value) and label != "CREDITCARDNUMBER":
            return _bare_number_is_pii(text, start, value)
    return True


_BIRTH_CUE = re.compile(r"(?i)born|birth|dob|d\.o\.b|b-?day|geb|naissance|nacimiento|nascita|geboren|age\b")
_PERSON_KIN = frozenset({"FIRSTNAME", "MIDDLENAME", "LASTNAME", "PREFIX", "USERNAME"})


def _plain_street(value: str) -> bool:
    """A street named without a street word ("Ricardo Margain 444") is capitalised words and a
    house number, none of them a weekday, a month or an everyday word."""
    value = re.match(r"[^\d]*\d*", value).group()  # the name and the house number after it
    words = re.findall(r"[^\W\d_]+", value)
    return bool(words) and any(ch.isdigit() for ch in value) and all(w[0].isupper() for w in words) \
        and not any(w.lower() in terms("word_names") or is_common(w, 4.0) for w in words)


def _kin(label: str) -> str:
    """A rule span vouches for a learned span of its own kind: a rule's name is no phone."""
    return "PERSON" if label in _PERSON_KIN else label


def _vouched(text: str, label: str, start: int, end: int, rule_spans: Iterable[Span]) -> bool:
    """Rule spans of the same kind cover every letter and digit of the learned span."""
    covering = [r for r in rule_spans if r.start < end and start < r.end and _kin(r.label) == _kin(label)]
    if not covering:
        return False
    return all(not text[i].isalnum() or any(r.start <= i < r.end for r in covering) for i in range(start, end))


def _named_in_address(text: str, value: str, rule_spans: Iterable[Span]) -> bool:
    """The word is part of an e-mail address or a profile handle in the same message ("Jun" and
    linkedin.com/in/jun-tanaka): the message itself says it is this person's name."""
    word = value.lower()
    return len(word) >= 3 and any(r.label in ("EMAIL", "USERNAME") and word in text[r.start:r.end].lower()
                                  for r in rule_spans)


def _handle_like(text: str, start: int, value: str) -> bool:
    """On real chat a learned login without a word that introduces it is a library, a file or a
    version far more often than a person (`GotoBLAS2`, `libc6`, `CESM2`): only a cue vouches."""
    at = value if value.startswith("@") else "@" + value if text[start - 1:start] == "@" else ""
    if at and (_BUILTIN.match(at) or text[start + len(value):start + len(value) + 1] == "("):
        return False  # a language's builtin or a decorator call (`@ptrCast`, `@cImport(`), not a mention
    if is_duration(value):
        return False
    if value.startswith("@") or _LOGIN_CUE.search(text, max(0, start - 24), start):
        return bool(_LOGIN_SHAPE.match(value.lstrip("@"))) or not is_common(value.strip("@._-"))
    return False


_BUILTIN = re.compile(r"^@[a-z]+[A-Z]\w*$")


_EPOCH = re.compile(r"^1[5-9]\d{8}(?:\d{3})?$")  # Unix time in seconds or milliseconds, 2017-2033
_KEYED_VALUE = re.compile(r"[\"']?\s*[:=]\s*[\"']?$")
_PHONE_KEY = re.compile(r"(?i)(?:phone|mobile|cell|tel|fax|contact|number)[\w-]*[\"']?\s*[:=]\s*[\"']?$")


def _bare_number_is_pii(text: str, start: int, value: str) -> bool:
    """A bare run of digits a tagger calls a phone or an account: not a timestamp, and not the
    value of a field whose name says it is something else (`"updated_at": 1710408413`)."""
    if _EPOCH.match(value) or len(value) < 8:
        return False
    before = text[max(0, start - 40):start]
    return not (_KEYED_VALUE.search(before) and not _PHONE_KEY.search(before))


def _subtract(start: int, end: int, blocked: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for b_lo, b_hi in blocked:
        if b_hi <= start or b_lo >= end:
            continue
        pieces = [part for a, b in pieces for part in ((a, min(b, b_lo)), (max(a, b_hi), b)) if part[0] < part[1]]
    return pieces
