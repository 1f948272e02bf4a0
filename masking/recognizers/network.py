"""IP and MAC addresses, credentials in URLs, and well-known secret token formats."""
from __future__ import annotations

import ipaddress
import re
from typing import Iterable

from masking.recognizers.base import PatternRecognizer
from masking.spans import Span


def _ipv4_score(value: str) -> float | None:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return None
    return 0.85


IPV4 = PatternRecognizer(
    name="ipv4",
    label="IPV4",
    pattern=re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)"),
    validate=_ipv4_score,
    context=("ip", "address", "host", "server", "from", "client"),
)


def _ipv6_score(value: str) -> float | None:
    if value.count(":") < 2 or len(value.replace(":", "")) < 4:
        return None
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return None
    return 0.9


IPV6 = PatternRecognizer(
    name="ipv6",
    label="IPV6",
    pattern=re.compile(
        r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w]|:[\w:])"
    ),
    validate=_ipv6_score,
)

MAC = PatternRecognizer(
    name="mac",
    label="MAC",
    pattern=re.compile(
        r"(?<![\w:-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}"
        r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\w]|[:-]\w)"
    ),
    validate=lambda value: 0.85,
)

_URL_USERINFO = re.compile(r"\b[a-z][a-z0-9+.-]*://([^\s:@/<>|]+):([^\s@/<>|]+)@", re.IGNORECASE)
_SECRET_PARAM = re.compile(
    r"[?&#](?:access_?token|api_?key|apikey|auth|token|secret|password|passwd|pwd|sig|signature"
    r"|client_secret|session|sessionid|code|key|email|e-mail|phone|ssn)=([^\s&#<>|]+)",
    re.IGNORECASE,
)
_PARAM_LABELS = {"email": "EMAIL", "e-mail": "EMAIL", "phone": "PHONENUMBER", "ssn": "SSN"}


class UrlCredentialsRecognizer:
    """`scheme://user:password@host` and secret-bearing query parameters."""

    name = "url_credentials"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        if "://" in text:
            for match in _URL_USERINFO.finditer(text):
                yield Span(*match.span(1), "USERNAME", 0.9, self.name)
                yield Span(*match.span(2), "PASSWORD", 0.95, self.name)
        if "=" in text:
            for match in _SECRET_PARAM.finditer(text):
                key = match.group(0)[1:].split("=", 1)[0].lower()
                yield Span(*match.span(1), _PARAM_LABELS.get(key, "SECRET"), 0.9, self.name)


SECRET_TOKEN = PatternRecognizer(
    name="secret_token",
    label="SECRET",
    pattern=re.compile(
        r"(?<![\w-])(?:xox[abposr]-[0-9A-Za-z-]{10,}|xapp-[0-9A-Za-z-]{10,}|gh[pousr]_[0-9A-Za-z]{36,}"
        r"|github_pat_[0-9A-Za-z_]{22,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|sk-[0-9A-Za-z_-]{20,}"
        r"|glpat-[0-9A-Za-z_-]{20}|eyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,})(?![\w-])"
    ),
    validate=lambda value: 0.95,
)

USER_AGENT = PatternRecognizer(
    name="user_agent",
    label="USERAGENT",
    # "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"
    pattern=re.compile(
        r"(?<![\w/])(?:Mozilla|Opera|Dalvik|curl|Wget|python-requests|okhttp)/[\w.]*\w"
        r"(?:\s+(?:\([^()\n]{0,200}\)|[A-Za-z][\w.-]*/[\w.+-]*\w|like Gecko|Mobile|Safari))*"
    ),
    validate=lambda value: 0.9 if "(" in value or value.count("/") >= 2 else 0.6,
)

RECOGNIZERS = (IPV4, IPV6, MAC, UrlCredentialsRecognizer(), SECRET_TOKEN, USER_AGENT)
