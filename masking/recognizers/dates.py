"""Calendar dates, for policies that mask DATE (`strict`, `all`). The default policy drops these
spans: a date is personal only as a birth date, which the keyed DOB recognizer finds by its key."""
from __future__ import annotations

import re
from typing import Iterable

from masking.spans import Span

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DATES = re.compile(
    rf"(?i)(?<![\w/.:-])(?:"
    rf"(?P<iso>{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
    rf"|(?P<numeric>\d{{1,2}}(?P<sep>[/.-])\d{{1,2}}(?P=sep)(?:{_YEAR}|\d\d))"
    rf"|(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?)"
    rf"|(?:{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?)"
    rf"|(?:{_MONTH},?\s+{_YEAR})"
    rf")(?!(?!T\d)[\w/]|[.:-]\d)"
)


def _plausible(match: re.Match[str]) -> bool:
    """A numeric date needs a month (≤ 12) and a day (≤ 31) in one of its two orders."""
    if not match.group("numeric"):
        return True
    first, second = (int(p) for p in re.split(r"[/.-]", match.group("numeric"))[:2])
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


class DateRecognizer:
    name = "date"
    label = "DATE"

    def analyze(self, text: str, lowered: str) -> Iterable[Span]:
        if not any(c.isdigit() for c in text):
            return
        for match in _DATES.finditer(text):
            if _plausible(match):
                yield Span(*match.span(), self.label, 0.8, self.name)


DATE = DateRecognizer()
RECOGNIZERS = (DATE,)
