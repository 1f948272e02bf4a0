"""Write the given-name and surname lists the masker reads (`masking/terms/`), from Faker's
person providers in every locale (MIT licence).

    python -m training.name_lists

The lists are data for the masking engine's name prior: a word the model calls a name is
believed when people are called that, and a known given name after a greeting or before a
known surname is a name without the model. Regenerate after a Faker upgrade; the files are
committed, so the engine never imports Faker.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import faker.providers.person as person

OUT = Path(__file__).resolve().parent.parent / "masking" / "terms"
_GIVEN = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary", "first_kana_names",
          "first_romanized_names")
_FAMILY = ("last_names", "last_kana_names", "last_romanized_names")


def collect() -> tuple[set[str], set[str]]:
    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        if provider is None:
            continue
        for attr in _GIVEN:
            given.update(_names(provider.__dict__.get(attr)))
        for attr in _FAMILY:
            family.update(_names(provider.__dict__.get(attr)))
    return given, family


def _names(values) -> set[str]:
    if isinstance(values, dict):
        values = values.keys()
    if not isinstance(values, (list, tuple, set, frozenset, type({}.keys()))):
        return set()
    return {v.strip().lower() for v in values if isinstance(v, str) and v.strip() and " " not in v.strip()}


def main() -> None:
    given, family = collect()
    for name, words in (("given_names", given), ("surnames", family)):
        header = f"# {name.replace('_', ' ')}: every locale of Faker's person provider (MIT). python -m training.name_lists\n"
        (OUT / f"{name}.txt").write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
        print(f"{name}: {len(words)}")


if __name__ == "__main__":
    main()
