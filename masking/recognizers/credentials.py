"""Credentials: API keys and tokens, private keys, passwords in assignments, URLs and commands.

Token formats come from detect-secrets' plugins (Yelp's maintained list: AWS, GitHub, GitLab,
Slack, Stripe, OpenAI, JWT, SendGrid, Twilio …) when it is installed, plus the few formats it
lacks (Google API keys, fine-grained GitHub tokens, newer OpenAI keys, Slack app tokens). Its
patterns find where a secret starts; a secret is always masked to its last character, because
several of them match only a fixed-length prefix of longer real keys (Stripe's live keys).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from masking.spans import Span

# Characters a token can continue with once a known prefix has matched.
_TOKEN_TAIL = re.compile(r"[A-Za-z0-9_\-+/=.~]*")
_TRIM = "\"':=.,;)]}>"

# detect-secrets plugins used for token formats (not its keyword, entropy or IP plugins, which
# this module and the network recognizers cover with Slack-specific care).
_PLUGINS = ("ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "CloudantDetector",
            "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "IbmCosHmacDetector",
            "JwtTokenDetector", "MailchimpDetector", "NpmDetector", "OpenAIDetector", "PypiTokenDetector",
            "SendGridDetector", "SlackDetector", "SoftlayerDetector", "SquareOAuthDetector", "StripeDetector",
            "TelegramBotTokenDetector", "TwilioKeyDetector")
_OWN_TOKENS = (
    re.compile(r"(?<![\w-])(?:xapp-[0-9A-Za-z-]{10,}|xox[abposre]-[0-9A-Za-z-]{10,}|github_pat_[0-9A-Za-z_]{22,}"
               r"|gh[pousr]_[0-9A-Za-z]{30,}|AIza[0-9A-Za-z_-]{35}|sk-(?:proj-|svcacct-|ant-)?[0-9A-Za-z_-]{20,}"
               r"|[rs]k_(?:live|test)_[0-9A-Za-z]{16,}|glpat-[0-9A-Za-z_-]{20,}|npm_[0-9A-Za-z]{36}"
               r"|eyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}|ya29\.[0-9A-Za-z_-]{20,})"),
    re.compile(r"(?i)\b(?:aws_?secret_?access_?key|aws_?secret|secret_?access_?key)\b[\"']?\s*[:=]\s*[\"']?"
               r"(?P<value>[A-Za-z0-9/+]{30,})"),
    re.compile(r"(?i)\bauthorization:\s*(?:basic|bearer|token)\s+(?P<value>[A-Za-z0-9._~+/=-]{8,})"),
    re.compile(r"(?i)\b(?:bearer)\s+(?P<value>[A-Za-z0-9._~+/=-]{20,})"),
)

_PEM = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(?P<body>.*?)(?:-----END \1-----|(?=```)|\Z)",
                  re.S)
_PUTTY = re.compile(r"PuTTY-User-Key-File-\d:[^\n]*\n(?P<body>(?:[^\n]*\n?)*?)(?=\n\s*\n|```|\Z)")

# `DB_PASSWORD=…`, `"client_secret": "…"`, `password: …`, `pw is …`.
_ASSIGNED = re.compile(
    r"(?i)(?<![A-Za-z0-9])(?!passport)(?P<key>[\w.-]*?(?:password|passwd|passwort|passphrase|passcode|pwd|pass|pw|secret|"
    r"token|api_?key|apikey|access_?key|private_?key|auth_?key|credentials?|client_?secret|signing_?key)[\w-]*)"
    r"[\"']?\s*(?P<join>=|:=|=>|:|\bis\b|\bwas\b)\s*(?P<quote>[\"'`]?)(?P<value>[^\s\"'`,;<>|]{3,})"
)
_STRONG_KEY = re.compile(r"(?i)(?:password|passwd|passwort|passphrase|passcode|pwd|^pass$|^pw$|secret)")
_PLACEHOLDER = re.compile(
    r"(?i)^(?:\$\{?[\w.]+\}?|\{\{.*\}\}|<[^>]*>|%\(?\w+\)?s?|\*+|x+|\.+|null|none|nil|true|false|yes|no|"
    r"required|optional|string|str|int|bool|redacted|env\[.*|os\.environ.*|process\.env.*|"
    r"getenv.*|secrets?\.\w+.*|vault:.*|\*\*\*+|•+|…)$"
)
# `curl -u user:pass`, `--user user:pass`, `wget --password=…`, `mysql -p…`.
_CLI_USER = re.compile(r"(?<![\w-])(?:-u|--user)\s+[\"']?(?P<user>[^\s:\"'@]+):(?P<pw>[^\s\"']+)")
_URL_USERINFO = re.compile(r"\b[a-z][a-z0-9+.-]*://(?P<user>[^\s:@/<>|]+):(?P<pw>[^\s@/<>|]+)@", re.I)
_SECRET_PARAM = re.compile(
    r"[?&#;](?P<key>access_?token|api_?key|apikey|auth|token|secret|password|passwd|pwd|sig|signature"
    r"|client_secret|session|sessionid|code|key|email|e-mail|phone|ssn)=(?P<value>[^\s&#<>|;]+)",
    re.IGNORECASE,
)
_PARAM_LABELS = {"email": "EMAIL", "e-mail": "EMAIL", "phone": "PHONENUMBER", "ssn": "SSN",
                 "password": "PASSWORD", "passwd": "PASSWORD", "pwd": "PASSWORD"}


@lru_cache(maxsize=1)
def _library_patterns() -> tuple[re.Pattern[str], ...]:
    try:
        from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    except ImportError:  # optional: our own token formats still apply
        return ()
    plugins = {cls.__name__: cls for cls in get_mapping_from_secret_type_to_class().values()}
    return tuple(regex for name in _PLUGINS if name in plugins for regex in getattr(plugins[name], "denylist", ()))


def _to_token_end(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a prefix match to the end of its token and trim delimiters the pattern swallowed."""
    end = _TOKEN_TAIL.match(text, end).end()
    while start < end and (text[start].isspace() or text[start] in _TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM):
        end -= 1
    return start, end


class TokenRecognizer:
    """API keys and tokens in known formats (SECRET), each masked to its last character."""

    name = "secret_token"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        for regex in (*_library_patterns(), *_OWN_TOKENS):
            for match in regex.finditer(text):
                start, end = _secret_range(match)
                start, end = _to_token_end(text, start, end)
                if end - start >= 8:
                    yield Span(start, end, "SECRET", 0.95, self.name)


def _secret_range(match: re.Match[str]) -> tuple[int, int]:
    if "value" in match.re.groupindex and match.group("value"):
        return match.span("value")
    # A group that does not start the match is the secret (a keyed pattern); one that does is
    # only the token's prefix ("ghp" in detect-secrets' GitHub pattern).
    for index in range(match.re.groups, 0, -1):
        if match.group(index) and match.start(index) > match.start():
            return match.span(index)
    return match.span()


class PrivateKeyRecognizer:
    """The body of a PEM, OpenSSH or PuTTY private key, up to its END line (or the end of the
    paste when the block was cut off). Headers stay, so readers see what was removed."""

    name = "private_key"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        if "PRIVATE KEY" not in text and "PuTTY-User-Key-File" not in text:
            return
        for regex in (_PEM, _PUTTY):
            for match in regex.finditer(text):
                start, end = match.span("body")
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if start < end:
                    yield Span(start, end, "SECRET", 0.99, self.name)


class AssignedSecretRecognizer:
    """Values assigned to password, secret, token and key names. A password-like name takes any
    value that is not a placeholder; a token or key name takes values that look generated."""

    name = "assigned_secret"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        if not any(word in lowered for word in ("pass", "pw", "secret", "token", "key", "auth", "credential")):
            return
        for match in _ASSIGNED.finditer(text):
            key, value = match.group("key"), match.group("value")
            start, end = match.span("value")
            if match.group("quote"):  # a quoted value runs to its closing quote, spaces included
                close = text.find(match.group("quote"), start)
                if close != -1 and close - start <= 200 and "\n" not in text[start:close]:
                    end = close
                    value = text[start:end]
            value = value.rstrip(".)")
            end = start + len(value)
            if len(value) < 3 or is_placeholder(value):
                continue
            strong = bool(_STRONG_KEY.search(key))
            if not strong and not _looks_generated(value):
                continue
            if match.group("join").isalpha() and not _unlike_a_word(value):  # "password is too short"
                continue
            label = "PASSWORD" if re.search(r"(?i)pass|pw", key) else "SECRET"
            yield Span(start, end, label, 0.9 if strong else 0.8, self.name)


def is_placeholder(value: str) -> bool:
    """`${DB_PASSWORD}`, `<redacted>`, `***`, `os.environ[...]`: a reference, not a secret."""
    return _PLACEHOLDER.match(value) is not None


def _unlike_a_word(value: str) -> bool:
    return any(c.isdigit() or not c.isalnum() for c in value) or any(c.isupper() for c in value[1:])


def _looks_generated(value: str) -> bool:
    kinds = sum((any(c.islower() for c in value), any(c.isupper() for c in value),
                 any(c.isdigit() for c in value), any(not c.isalnum() for c in value)))
    return len(value) >= 8 and kinds >= 2 and not value.replace(".", "").isdigit()


class CommandCredentialsRecognizer:
    """`scheme://user:password@host`, `curl -u user:password`, and secret-bearing URL parameters."""

    name = "url_credentials"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        for regex in (_URL_USERINFO, _CLI_USER):
            for match in regex.finditer(text):
                # 0.99: names the span when `pass@host` also reads as an e-mail address
                yield Span(*match.span("user"), "USERNAME", 0.9, self.name)
                yield Span(*match.span("pw"), "PASSWORD", 0.99, self.name)
        if "=" in text:
            for match in _SECRET_PARAM.finditer(text):
                key = match.group("key").lower()
                yield Span(*match.span("value"), _PARAM_LABELS.get(key, "SECRET"), 0.9, self.name)


RECOGNIZERS = (TokenRecognizer(), PrivateKeyRecognizer(), AssignedSecretRecognizer(), CommandCredentialsRecognizer())
