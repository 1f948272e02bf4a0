"""Fill templates into labelled Slack-style messages, with the noise real messages carry:
Slack markup, casing, lists, code blocks, several messages in one."""
from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Iterator

from masking.spans import Span
from training.synth.fillers import filler_makers, private_ip
from training.synth.technical import CHAT_CLEAN, TECH_CLEAN, TECH_PII, WORDNAMES
from training.synth.templates import BY_LOCALE, CLEAN
from training.synth.values import TEXT_LOCALES, ValueFactory

# Share of messages drawn from workplace technical traffic (logs, pastes, shorthand, threads).
TECHNICAL_SHARE = 0.3

_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class SyntheticExample:
    text: str
    spans: tuple[Span, ...]
    language: str


class MessageBuilder:
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
        self.fillers = filler_makers(self.rng)

    def example(self, clean_share: float = 0.3) -> SyntheticExample:
        rng = self.rng
        locale = rng.choice(TEXT_LOCALES)
        b = MessageBuilder()
        count = rng.choices([1, 2, 3], weights=[0.75, 0.18, 0.07])[0]
        bullet = rng.choice(["\n", "\n• ", "\n- ", "\n\n"]) if count > 1 else ""
        for i in range(count):
            if i:
                b.add(bullet)
            technical = rng.random() < TECHNICAL_SHARE
            if technical:
                template = rng.choice(TECH_CLEAN if rng.random() < 0.55 else TECH_PII)
            elif rng.random() < clean_share:
                template = rng.choice(CHAT_CLEAN.get(locale[:2], CLEAN) if rng.random() < 0.5 else CLEAN)
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

    def _fill(self, b: MessageBuilder, template: str, locale: str) -> None:
        for literal, field, spec, _ in _FORMATTER.parse(template):
            b.add(literal)
            if field is not None:
                self._slot(b, field, locale, spec or "")

    def _slot(self, b: MessageBuilder, field: str, locale: str, spec: str = "") -> None:
        rng, value = self.rng, self.values.value
        if spec == "lower":
            b.add(value(field, locale).lower(), field)
        elif field == "WORDNAME":
            b.add(rng.choice(WORDNAMES), "FIRSTNAME")
        elif field == "PRIVIP":
            b.add(private_ip(rng), "IP")
        elif field == "profile":
            b.add(rng.choice(["https://www.linkedin.com/in/", "https://github.com/", "https://x.com/"]))
            b.add(self.values.value("USERNAME", locale).lstrip("@"), "USERNAME")
        elif field == "NAME":
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

    def _address(self, b: MessageBuilder, locale: str) -> None:
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
        return self.fillers[field]()


def generate(n: int, seed: int = 0, clean_share: float = 0.3) -> Iterator[SyntheticExample]:
    gen = Generator(seed)
    for _ in range(n):
        yield gen.example(clean_share)
