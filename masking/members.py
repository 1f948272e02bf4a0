"""The people a workspace knows: their handles and names, masked wherever someone types them.

On real chat most leaks are people's handles typed as plain words (`thanks mhwood`, `tdonohue
said…`), which no model can tell from a tool's name. The workspace itself can: Slack lists its
members (`users.list`) and an export carries `users.json`. A member's handle is masked as a
USERNAME and the parts of their names as FIRSTNAME wherever they stand, case-insensitively.

A handle or name that is also an everyday word (`will`, `mark`, `sage`) or a term of the trade
(`docker`) would mask ordinary prose; such a term only counts where it is written capitalised
inside a sentence ("ask Will about it"), and short ones (under 3 letters) never count.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from masking.name_prior import is_common
from masking.spans import Span
from masking.terms import terms

_MIN_LETTERS = 3
_EVERYDAY = 3.5  # Zipf frequency above which a term is an everyday word
# A word as a handle is written: letters, digits, and dots or hyphens inside (`matt-long`, `j.doe`);
# not after `@` (a mention is the handle recognizer's), nor inside a path or an address.
_WORD = re.compile(r"(?<![\w@./-])\w(?:[\w.-]*\w)?")


@dataclass(frozen=True)
class Member:
    handle: str = ""
    names: tuple[str, ...] = ()  # display name, real name


@dataclass(frozen=True)
class MemberDirectory:
    members: tuple[Member, ...] = ()
    _labels: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _hash: int = field(default=0, compare=False, repr=False)

    def __hash__(self) -> int:  # asked on every message (the bot's pipeline key): computed once
        return self._hash

    def __post_init__(self) -> None:
        labels: dict[str, str] = {}
        for member in self.members:
            for part in re.split(r"[\s,()]+", " ".join(member.names)):
                _add(labels, part.strip(".'’"), "FIRSTNAME")
            _add(labels, member.handle.lstrip("@"), "USERNAME")  # a handle wins over a name it equals
        object.__setattr__(self, "_labels", labels)
        object.__setattr__(self, "_hash", hash(self.members))

    def __bool__(self) -> bool:
        return bool(self._labels)

    def __len__(self) -> int:
        return len(self.members)

    def spans(self, text: str) -> list[Span]:
        if not self._labels:
            return []
        found = []
        for match in _WORD.finditer(text):  # a lookup a word: as fast with 20,000 members as with 20
            value = match.group()
            label = self._labels.get(value.lower())
            if label is None or (_ordinary(value.lower()) and not (
                    value[0].isupper() and not value.isupper() and not _starts_sentence(text, match.start()))):
                continue
            found.append(Span(match.start(), match.end(), label, 0.9, "members"))
        return found


def _add(labels: dict[str, str], term: str, label: str) -> None:
    if sum(ch.isalpha() for ch in term) >= _MIN_LETTERS:
        labels[term.lower()] = label


def _starts_sentence(text: str, start: int) -> bool:
    """At the text's start, on a new line, or after ".", "!", "?" or ":" and a space. Looks back
    over the whitespace only: a regex from the message's start would cost its length a hit."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return start == 0 or "\n" in text[i:start] or (i < start and i > 0 and text[i - 1] in ".!?:")


def _ordinary(term: str) -> bool:
    return is_common(term, _EVERYDAY) or term in terms("tech_words") or term in terms("shorthand")


def directory_from_slack_users(users: Iterable[dict]) -> MemberDirectory:
    """Members from `users.list` or an export's `users.json`: people only (no bots, no Slackbot),
    deactivated ones included (their names still appear in old messages)."""
    members = []
    for user in users:
        if user.get("is_bot") or user.get("id") == "USLACKBOT" or user.get("is_app_user"):
            continue
        profile = user.get("profile") or {}
        names = tuple(n for n in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"))
                      if isinstance(n, str) and n.strip())
        members.append(Member(str(user.get("name") or ""), names))
    return MemberDirectory(tuple(members))


class MembersFileError(ValueError):
    pass


def load_members(path: str | Path) -> MemberDirectory:
    """A member list from a file: Slack's `users.json` (or saved `users.list` pages: a JSON list of
    users, or `{"members": [...]}`), else one member a line: a handle, or a name ("Doug Schuster")."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or type(exc).__name__
        raise MembersFileError(f"cannot read the member list {path}: {why}") from None
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise MembersFileError(f"{path}: not valid JSON (line {exc.lineno})") from None
        users = data.get("members", []) if isinstance(data, dict) else data
        return directory_from_slack_users(u for u in users if isinstance(u, dict))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return MemberDirectory(tuple(Member("", (line,)) if " " in line else Member(line) for line in lines))
