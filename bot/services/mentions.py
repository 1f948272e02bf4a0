"""A masked copy reposts someone's words: it must not notify anyone a second time.

`<@U…>`, `<!channel>`, `<!here>`, `<!everyone>` and user-group mentions in the original already
pinged people once. In the copy each becomes plain text that reads the same (`@Ada`, `@here`),
which Slack does not link without `link_names`, so who was mentioned stays readable and nobody
is paged again. Channel links (`<#C…>`) notify no one and stay as they are.
"""
from __future__ import annotations

import re
from typing import Callable

_MENTION = re.compile(r"<(?:@(?P<user>[UW][A-Z0-9]+)|!(?P<special>channel|here|everyone)|!subteam\^(?P<group>[A-Z0-9]+))"
                      r"(?:\|(?P<label>[^<>]*))?>")


def quiet_mentions(text: str, name_of: Callable[[str], str]) -> str:
    def plain(match: re.Match) -> str:
        label = (match.group("label") or "").lstrip("@")
        if match.group("user"):
            return "@" + (label or name_of(match.group("user")))
        if match.group("special"):
            return "@" + match.group("special")
        return "@" + (label or "group")

    return _MENTION.sub(plain, text) if "<" in text else text
