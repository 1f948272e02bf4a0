"""Is this word someone's name? Name lists and word frequencies, not the tagger's guess alone.

A tagger trained on generated text calls any unfamiliar capitalised or lower-case word a name:
library names (`dask`, `xarray`), machines (`cheyenne`), ordinary words (`folks`, `summer`),
words of other languages. Real chat is full of them. Two cheap priors decide instead:

- the given-name and surname lists (`masking/terms/given_names.txt`, `surnames.txt`, every
  locale of Faker's person provider) say what people are called;
- word frequencies (`wordfreq`, small lists of several languages) say what is an everyday word.

A learned name is believed when a word of it is a known name (unless it is written in lower
case and is an everyday word: "will", "mark"), or when an unknown capitalised rare word stands
beside another name or after a word that introduces a person ("Hi", "Thanks", "cc", "Dr").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from wordfreq import zipf_frequency

from masking.terms import terms

COMMON_ZIPF = 3.5  # zipf >= 3.5: at least ~3 uses a million words; an everyday word
RARE_ZIPF = 3.0
DICTIONARY_ZIPF = 2.8
KNOWN_COMMON_ZIPF = 4.5  # names are frequent words too ("sarah" 4.3); only the likes of "will", "mark" count
_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
_WORD = re.compile(r"[^\W\d_][^\s\d_.,;:!?()\[\]{}\"'`/\\|<>@#&*+=~^-]*")  # keeps combining marks (प्रिया)
PERSON_CUE = re.compile(
    r"(?i)(?:^|[\s(,;:])(?:hi|hey|hello|dear|thanks|thank you|thx|ty|cheers|cc|ping|ask|asked|tagging|with|from|by"
    r"|and|or|mr|mrs|ms|miss|dr|prof|sir|madam|herr|frau|mme|m\.|sr|sra|signor|signora)\.?,?\s+$"
)
_CUE_REACH = 16


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The word's highest frequency (zipf scale) over the languages people here write in."""
    lowered = word.lower()
    return max(zipf_frequency(lowered, lang, wordlist="small") for lang in _LANGUAGES)


def warm_up() -> None:
    """Load the word lists now: their first use imports and unpacks data, which must not happen
    deep inside a masking call (CPython 3.11 can fail compiling a module imported at great depth)."""
    for lang in _LANGUAGES:
        zipf_frequency("the", lang, wordlist="small")
    terms("given_names")
    terms("surnames")


@lru_cache(maxsize=65536)
def is_word(word: str, threshold: float = DICTIONARY_ZIPF) -> bool:
    """An English word at all (the large list reaches rare words: "conceptually", "caseroot" is none)."""
    return zipf_frequency(word.lower(), "en", wordlist="large") >= threshold


def is_common(word: str, threshold: float = COMMON_ZIPF) -> bool:
    return zipf(word) >= threshold


def is_given_name(word: str) -> bool:
    return word.lower() in terms("given_names")


def is_surname(word: str) -> bool:
    return word.lower() in terms("surnames")


def is_known_name(word: str) -> bool:
    if is_given_name(word) or is_surname(word):
        return True
    # Names in scripts without spaces ("山田太郎さん") start with a listed family name.
    if _spaceless(word):
        return any(word[:n].lower() in terms("surnames") for n in (1, 2, 3)) and len(word) <= 5
    return False


def believable_name(text: str, start: int, end: int, beside_name: bool) -> bool:
    """Whether a learned person-name span of `text` is worth masking."""
    value = text[start:end]
    words = _WORD.findall(value)
    if not words:
        return False
    known = [w for w in words if is_known_name(w)]
    capitalised = value[0].isupper()
    if known:
        cue = has_person_cue(text, start)
        if value == value.lower() and not _spaceless(value) and not beside_name \
                and all(is_common(w, KNOWN_COMMON_ZIPF) for w in known) and not cue:
            return False  # "will do", "mark it", "max 5"
        if len(words) == 1 and not beside_name and not cue and words[0].lower() in terms("word_names"):
            return False  # "Noble is hiring", "Little, apart from…", "Rust has the same issue"
        return True
    if not _latin(value):
        # Greek or Cyrillic prose capitalises names, not words mid-sentence; scripts without case
        # (Han, Devanagari, Arabic) give a Latin-text tagger nothing to go on.
        return capitalised and (not _sentence_start(text, start) or beside_name)
    if beside_name and capitalised:
        return True  # a surname the lists lack, next to a name ("Andrea Zonca")
    if value == value.lower() or value.isupper() or any(is_common(w, RARE_ZIPF) for w in words) \
            or re.search(r"[a-z][A-Z]", value):
        return False  # `dask`, `PIOMAS`, "Summer interns", `OpenMPI`
    return has_person_cue(text, start)


def has_person_cue(text: str, start: int) -> bool:
    return PERSON_CUE.search(text[max(0, start - _CUE_REACH):start]) is not None


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:\n•-*>"


def _latin(value: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in value)


def _spaceless(value: str) -> bool:
    return any(unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")) for ch in value)


warm_up()
