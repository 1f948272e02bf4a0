"""Slack-markup-aware detection view.

Slack delivers message text with HTML escapes (`&amp; &lt; &gt;`) and angle-bracket markup:
mentions (`<@U1>`, `<#C1|general>`, `<!subteam^S1>`, `<!here>`) and links
(`<https://x|label>`, `<mailto:a@b.c|a@b.c>`, `<tel:…|…>`). Detectors run on a decoded *view*
of the text; every view character remembers which original characters it came from, so spans
found in the view map back to whole escapes in the original and the masked text is built from
the original, staying valid Slack markup. Mentions are blanked in the view and any span is
clipped around them, so they are never altered.

The view also undoes cheap obfuscation: invisible and format characters are dropped and common
homoglyphs (Cyrillic/Greek look-alikes, full-width forms) read as their Latin twins.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_ANGLE = re.compile(r"<([^<>\n]*)>")
# Emoji shortcodes (":white_check_mark:", ":+1::skin-tone-2:"): markup, never PII, and a tagger
# reads them as names. Not after a word character or colon, so times and IPv6 stay untouched.
_EMOJI = re.compile(r"(?<![\w:]):[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*:(?::skin-tone-[2-6]:)?(?![\w])")
# Characters that show nothing but split a number or a word for a pattern: format characters
# (Unicode Cf: zero-width, bidi isolates, tags), variation selectors, the combining grapheme
# joiner and the Hangul fillers. The view drops them; a span over their neighbours covers them.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0")


def _invisible(char: str) -> bool:
    code = ord(char)
    return (char in _INVISIBLE or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or unicodedata.category(char) == "Cf")
_CONFUSABLES = str.maketrans(
    "АВЕКМНОРСТХУаеорсухіјѕԁԛԝӏ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαν"  # Greek
    "‐‑‒–—―−﹣－",  # dashes
    "ABEKMHOPCTXYaeopcyxijsdqwl"
    "ABEZHIKMNOPTYXoav"
    "---------",
)
_FENCED = re.compile(r"```.*?(?:```|$)", re.S)


def code_block_ranges(text: str) -> list[tuple[int, int]]:
    """Slack code blocks (```…```; an unclosed one runs to the end): code and logs, not prose."""
    return [m.span() for m in _FENCED.finditer(text)] if "```" in text else []


_NEEDS_VIEW = re.compile(r"[&<:\u0080-\U0010ffff]")


@dataclass(frozen=True)
class DetectionView:
    """Text for detectors plus the map from view offsets back to original offsets."""

    original: str
    text: str
    starts: tuple[int, ...] | None  # None: the view is the original, offsets are identical
    ends: tuple[int, ...] | None
    protected: tuple[tuple[int, int], ...]  # original ranges that must never change

    def to_original(self, start: int, end: int) -> list[tuple[int, int]]:
        """Map a view range to original ranges, split around protected markup."""
        if self.starts is None or self.ends is None:
            lo, hi = start, end
        else:
            lo, hi = self.starts[start], self.ends[end - 1]
        pieces = [(lo, hi)]
        for p_lo, p_hi in self.protected:
            if p_hi <= lo or p_lo >= hi:
                continue
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, p_lo)), (max(a, p_hi), b))
                if part[0] < part[1]
            ]
        return pieces


def build_view(text: str) -> DetectionView:
    if not _NEEDS_VIEW.search(text):
        return DetectionView(text, text, None, None, ())
    builder = _ViewBuilder(text)
    pos = 0
    for match in _ANGLE.finditer(text):
        _add_text(builder, pos, match.start())
        body = match.group(1)
        if body[:1] in ("@", "#", "!"):
            builder.add_protected(match.start(), match.end())
        else:
            builder.add_link(match.start(), match.end())
        pos = match.end()
    _add_text(builder, pos, len(text))
    return builder.build()


def _add_text(builder: "_ViewBuilder", start: int, end: int) -> None:
    """Plain text between markup, with emoji shortcodes protected."""
    for match in _EMOJI.finditer(builder.original, start, end):
        builder.add_plain(start, match.start())
        builder.add_protected(match.start(), match.end())
        start = match.end()
    builder.add_plain(start, end)


class _ViewBuilder:
    def __init__(self, original: str) -> None:
        self.original = original
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.protected: list[tuple[int, int]] = []

    def _emit(self, char: str, start: int, end: int) -> None:
        self.chars.append(char)
        self.starts.append(start)
        self.ends.append(end)

    def add_plain(self, start: int, end: int) -> None:
        text = self.original
        i = start
        while i < end:
            char = text[i]
            if char == "&":
                for entity, decoded in _ENTITIES.items():
                    if text.startswith(entity, i) and i + len(entity) <= end:
                        self._emit(decoded, i, i + len(entity))
                        i += len(entity)
                        break
                else:
                    self._emit(char, i, i + 1)
                    i += 1
                continue
            if char > "\x7f" and _invisible(char):
                i += 1
                continue
            if char > "\x7f":
                char = _fold(char)
            self._emit(char, i, i + 1)
            i += 1

    def add_protected(self, start: int, end: int) -> None:
        # Blank, same length: detectors see a word break, and nothing inside can match.
        for i in range(start, end):
            self._emit(" ", i, i + 1)
        self.protected.append((start, end))

    def add_link(self, start: int, end: int) -> None:
        # `<target|label>`: both halves are scanned; the brackets and the bar are word breaks
        # that no span may cover, so a masked link stays a link.
        self.add_protected(start, start + 1)
        bar = self.original.find("|", start + 1, end - 1)
        if bar == -1:
            self.add_plain(start + 1, end - 1)
        else:
            self.add_plain(start + 1, bar)
            self.add_protected(bar, bar + 1)
            self.add_plain(bar + 1, end - 1)
        self.add_protected(end - 1, end)

    def build(self) -> DetectionView:
        return DetectionView(
            self.original,
            "".join(self.chars),
            tuple(self.starts),
            tuple(self.ends),
            tuple(self.protected),
        )


def _fold(char: str) -> str:
    folded = char.translate(_CONFUSABLES)
    if folded != char:
        return folded
    # Full-width ASCII (U+FF01..FF5E) reads as ASCII; NFKC of one char can be longer, so only
    # accept single-character results to keep the one-to-one map.
    nfkc = unicodedata.normalize("NFKC", char)
    return nfkc if len(nfkc) == 1 else char
