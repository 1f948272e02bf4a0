"""IP and MAC addresses and user agents."""
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

# A web address with its scheme or a leading www. It never takes Slack's `<`, `|` or `>`.
_URL = re.compile(r"(?i)(?<![\w@.])(?:(?:https?|ftps?|wss?)://|www\.)[^\s<>|\"'`]+")
_TRAILING = ".,;:!?*_~'\"]}"


class UrlRecognizer:
    """Whole URLs, for policies that mask URL (`strict`, `all`); the default policy drops these
    spans and masks only what a URL carries (an e-mail, a profile handle, credentials)."""

    name = "url"
    label = "URL"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        if "://" not in text and "www." not in lowered:
            return
        for match in _URL.finditer(text):
            value = match.group()
            while value and (value[-1] in _TRAILING or (value[-1] == ")" and value.count("(") < value.count(")"))):
                value = value[:-1]
            host = value.split("://", 1)[-1].split("/", 1)[0]
            if "." in host.strip(".") or host.startswith("localhost"):
                yield Span(match.start(), match.start() + len(value), self.label, 0.9, self.name)


URL = UrlRecognizer()
RECOGNIZERS = (IPV4, IPV6, MAC, USER_AGENT, URL)
