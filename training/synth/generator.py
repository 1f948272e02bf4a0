"""Fill templates into labelled Slack-style messages, with the noise real messages carry:
Slack markup, casing, lists, code blocks, several messages in one."""
from __future__ import annotations

import random
import string
import uuid
from dataclasses import dataclass
from typing import Iterator

from masking.spans import Span
from training.synth.templates import ACRONYMS, BY_LOCALE, CLEAN, TOPICS
from training.synth.values import TEXT_LOCALES, ValueFactory

_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class SyntheticExample:
    text: str
    spans: tuple[Span, ...]
    language: str


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.length = 0

    def add(self, text: str, label: str | None = None) -> None:
        if label and text:
            self.spans.append(Span(self.length, self.length + len(text), label))
        self.parts.append(text)
        self.length += len(text)


class Generator:
    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.values = ValueFactory(self.rng)

    def example(self, clean_share: float = 0.3) -> SyntheticExample:
        rng = self.rng
        locale = rng.choice(TEXT_LOCALES)
        b = _Builder()
        count = rng.choices([1, 2, 3], weights=[0.75, 0.18, 0.07])[0]
        bullet = rng.choice(["\n", "\n• ", "\n- ", "\n\n"]) if count > 1 else ""
        for i in range(count):
            if i:
                b.add(bullet)
            if rng.random() < clean_share:
                template = rng.choice(CLEAN)
            else:
                template = rng.choice(BY_LOCALE[locale])
                if locale.startswith("en") and rng.random() < 0.25:
                    template += rng.choice([" Thanks for your work on {topic}!", " The {Topic} team says hi.",
                                            " (re: {topic} follow-up)", " Please keep your {acronym} private."])
            code = rng.random() < 0.04
            if code:
                b.add("```\n")
            self._fill(b, template, locale)
            if code:
                b.add("\n```")
        text = "".join(b.parts)
        spans = tuple(b.spans)
        r = rng.random()
        if r < 0.08:
            text = text.lower()
        elif r < 0.1:
            text = text.upper()
        if len(text) != len("".join(b.parts)):  # case mapping changed length (ß -> SS): keep original
            text = "".join(b.parts)
        return SyntheticExample(text, spans, locale[:2])

    def _fill(self, b: _Builder, template: str, locale: str) -> None:
        for literal, field, _, _ in _FORMATTER.parse(template):
            b.add(literal)
            if field is not None:
                self._slot(b, field, locale)

    def _slot(self, b: _Builder, field: str, locale: str) -> None:
        rng, value = self.rng, self.values.value
        if field == "NAME":
            b.add(value("FIRSTNAME", locale), "FIRSTNAME")
            if rng.random() < 0.15:
                b.add(" ")
                b.add(value("MIDDLENAME", locale), "MIDDLENAME")
            b.add(" ")
            b.add(value("LASTNAME", locale), "LASTNAME")
        elif field == "FULLNAME":
            if rng.random() < 0.4:
                b.add(value("PREFIX", locale), "PREFIX")
                b.add(" ")
            self._slot(b, "NAME", locale)
        elif field == "ADDRESS":
            self._address(b, locale)
        elif field == "EMAIL" and rng.random() < 0.25:
            email = value("EMAIL", locale)
            b.add("<mailto:")
            b.add(email, "EMAIL")
            b.add("|")
            b.add(email, "EMAIL")
            b.add(">")
        elif field == "URL" and rng.random() < 0.3:
            url = value("URL", locale)
            b.add("<")
            b.add(url, "URL")
            b.add(rng.choice([">", "|profile>", "|link>"]))
        elif field.isupper():
            label = field
            val = value(label, locale)
            if rng.random() < 0.05 and label not in ("PREFIX",):
                b.add("*")
                b.add(val, label)
                b.add("*")
            else:
                b.add(val, label)
        else:
            b.add(self._filler(field))

    def _address(self, b: _Builder, locale: str) -> None:
        v = self.values.value
        if locale.startswith("en"):
            b.add(v("BUILDINGNUMBER", locale), "BUILDINGNUMBER")
            b.add(" ")
            b.add(v("STREET", locale), "STREET")
            if self.rng.random() < 0.3:
                b.add(", ")
                b.add(v("SECONDARYADDRESS", locale), "SECONDARYADDRESS")
            b.add(", ")
            b.add(v("CITY", locale), "CITY")
            if self.rng.random() < 0.7:
                b.add(", ")
                b.add(v("STATE", locale), "STATE")
            b.add(" ")
            b.add(v("ZIPCODE", locale), "ZIPCODE")
        else:
            b.add(v("STREET", locale), "STREET")
            b.add(" ")
            b.add(v("BUILDINGNUMBER", locale), "BUILDINGNUMBER")
            b.add(", ")
            b.add(v("ZIPCODE", locale), "ZIPCODE")
            b.add(" ")
            b.add(v("CITY", locale), "CITY")

    def _filler(self, field: str) -> str:
        rng = self.rng
        r = rng.randint
        fillers = {
            "@": lambda: f"<@U{r(10**7, 10**8 - 1)}>",
            "order": lambda: str(r(10_000, 99_999_999)),
            "ticket": lambda: f"{rng.choice(['', 'SUP-', 'INC', 'JIRA-'])}{r(100, 99999)}",
            "version": lambda: f"{r(0, 9)}.{r(0, 30)}.{r(0, 99)}",
            "time": lambda: f"{r(0, 23):02d}:{r(0, 59):02d}",
            "isodate": lambda: f"20{r(20, 27)}-{r(1, 12):02d}-{r(1, 28):02d}",
            "hash": lambda: "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice([7, 12, 40]))),
            "hex": lambda: "0x" + "".join(rng.choice("0123456789ABCDEF") for _ in range(8)),
            "tracking": lambda: "1Z" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
            "price": lambda: f"{r(1, 9999)}.{r(0, 99):02d}",
            "room": lambda: f"{r(1, 9)}.{r(1, 40)}",
            "count": lambda: str(r(2, 500)),
            "q": lambda: str(r(1, 4)),
            "meeting": lambda: f"{r(100, 999)} {r(1000, 9999)} {r(1000, 9999)}",
            "ts": lambda: f"20{r(20, 27)}-{r(1, 12):02d}-{r(1, 28):02d}T{r(0, 23):02d}:{r(0, 59):02d}:{r(0, 59):02d}Z",
            "uuid": lambda: str(uuid.UUID(int=rng.getrandbits(128))),
            "ms": lambda: str(r(1, 5000)),
            "topic": lambda: rng.choice(TOPICS),
            "Topic": lambda: rng.choice(TOPICS).title(),
            "acronym": lambda: rng.choice(ACRONYMS),
        }
        return fillers[field]()


def generate(n: int, seed: int = 0, clean_share: float = 0.3) -> Iterator[SyntheticExample]:
    gen = Generator(seed)
    for _ in range(n):
        yield gen.example(clean_share)
