"""People's names where the text itself says a person is meant, with no model needed.

- a known given name followed by a known surname ("Maria Garcia", "Ann Lee");
- a name after a greeting or a thanks ("Hi Mira", "Thanks Max"), or before "wrote:" in a quote
  header ("On 2 May, Dirk Eddelbuettel <…> wrote:");
- a sign-off: the name on its own line after "Regards," / "Best," / "Thanks," or after "--", or a
  given name alone as the last paragraph of a mail (before its `-- ` signature or the quote it answers);
- a Japanese, Chinese or Korean name before an honorific (山田太郎さん, 王伟先生, 김민수 님).

Name lists and word frequencies come from `masking.name_prior`.
"""
from __future__ import annotations

import re
from typing import Iterable

from masking.name_prior import is_common, is_given_name, is_known_name, is_surname
from masking.spans import Span

_CAP = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
_PAIR = re.compile(rf"(?<![\w.@/-])({_CAP})\s+(?:[A-Z]\.\s+)?({_CAP})(?![\w@-])")
_GREETING = re.compile(
    rf"(?:^|(?<=[\s(]))(?i:hi|hey|hello|dear|thanks|thank you|thx|cheers|morning|congrats to|cc|cc'?ing|ping)"
    rf"(?:,|\s)\s*(?P<name>{_CAP}(?:\s+{_CAP})?)(?![\w@-])"
)
_WROTE = re.compile(
    rf"(?m)(?:^|,\s|^\W*)(?P<name>{_CAP}(?:\s+(?:[A-Z]\.\s*)?{_CAP}){{0,3}})"
    r"(?:\s*(?:&lt;|<)[^\n]{1,80}?(?:&gt;|>))?\s+(?:wrote|writes|schrieb|a écrit|escribió|ha scritto)\s*:"
)
_SIGN_OFF = re.compile(  # only the lead-in ignores case: the name itself must be capitalised
    rf"(?m)(?:^(?i:best(?: regards| wishes)?|regards|kind regards|many thanks|thanks(?: again)?|cheers|sincerely"
    rf"|yours|greetings|cordialement|grüße|saludos)\s*[,!.]?\s*\n+\s*)"
    rf"(?P<name>{_CAP}(?:\s+(?:[A-Z]\.\s*)?{_CAP}){{0,2}})\s*$"
)
# The first line of a signature block ("-- " on its own line, or "--Name") is its owner's name.
_SIGNATURE = re.compile(rf"(?m)^\s*-{{1,2}}[ \t]*\n?[ \t]*(?P<name>{_CAP}(?:\s+(?:[A-Z]\.\s*)?{_CAP}){{0,2}})\s*$")
# The paragraph that closes a mail: before its end, its `-- ` signature, or the quoted mail it answers.
_CLOSING = re.compile(rf"\n[ \t]*\n[ \t]*(?P<name>{_CAP}(?:\s+{_CAP})?)[ \t]*"
                      r"(?=\s*\Z|\n[ \t]*\n?-- ?\n|\s*\n[ \t]*(?:On [^\n]{4,120}|-{3,} ?Original Message|From: ))")
_HONORIFIC = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,4}|[\u30a0-\u30ff]{2,8}|[\uac00-\ud7a3]{2,4})"
    r"(?=\s?(?:さん|様|さま|氏|先生|君|くん|ちゃん|殿|女士|小姐|老师|님|씨|선생님))"
)

# An internal extension beside a person ("Susan Scott x30596", "ask Raj, ext. 4471").
_EXTENSION = re.compile(r"(?<![\w-])(?:x|ext\.?\s?|extension\s)(?P<number>\d{3,6})(?!\d)", re.IGNORECASE)
_EXTENSION_REACH = 40


class PersonNameRecognizer:
    name = "person_name"
    label = "FIRSTNAME"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        for match in _PAIR.finditer(text):
            first, last = match.group(1), match.group(2)
            if is_given_name(first) and is_surname(last) and not (is_common(first, 5.0) and is_common(last, 5.0)):
                yield Span(*match.span(1), "FIRSTNAME", 0.8, self.name)
                yield Span(*match.span(2), "LASTNAME", 0.8, self.name)
        for pattern, group, score in ((_GREETING, "name", 0.75), (_WROTE, "name", 0.9), (_SIGN_OFF, "name", 0.8),
                                      (_SIGNATURE, "name", 0.8)):
            for match in pattern.finditer(text):
                start, end = match.span(group)
                words = text[start:end].split()
                # After a signature delimiter a name follows: only everyday words are not one.
                rarer = 4.5 if pattern is _SIGNATURE else 3.0
                if pattern is _WROTE or any(is_known_name(w) for w in words) \
                        or not any(is_common(w, rarer) for w in words):
                    if not all(is_common(w, 4.5) and not is_known_name(w) for w in words):
                        yield Span(start, end, "FIRSTNAME", score, self.name)
        for match in _CLOSING.finditer(text):
            words = match.group("name").split()
            if is_given_name(words[0]) and all(is_known_name(w) for w in words):
                yield Span(*match.span("name"), "FIRSTNAME", 0.75, self.name)
        for match in _HONORIFIC.finditer(text):
            yield Span(*match.span("name"), "FIRSTNAME", 0.85, self.name)
        for match in _EXTENSION.finditer(text):
            before = text[max(0, match.start() - _EXTENSION_REACH):match.start()]
            if any(is_known_name(w) for w in re.findall(r"\b[A-Z][a-z]+\b", before)):
                yield Span(match.start(), match.end(), "PHONENUMBER", 0.8, self.name)


PERSON_NAMES = PersonNameRecognizer()
RECOGNIZERS = (PERSON_NAMES,)
