"""Values for each label, in several locales and formats, from Faker plus a few of our own."""
from __future__ import annotations

import random
import string
from typing import Callable

from faker import Faker

# Locales whose messages we template; names and places also come from the extra locales so
# that a Slack message written in English can mention people from anywhere.
TEXT_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL")
NAME_LOCALES = TEXT_LOCALES + ("en_IN", "pt_BR", "pl_PL", "tr_TR", "vi_VN", "en_NG", "sv_SE", "cs_CZ",
                               "ro_RO", "fil_PH", "id_ID", "en_IE", "da_DK", "fi_FI", "hu_HU",
                               # other scripts: Han, Kana, Hangul, Arabic, Devanagari, Cyrillic
                               "zh_CN", "ja_JP", "ko_KR", "ar_AA", "hi_IN", "ru_RU", "uk_UA")


def _fix_set_ordered_lists(fake: Faker) -> None:
    """Some Faker locales build a list from a set (it_IT's `cities`), so the same seed gives other
    values under another PYTHONHASHSEED; sorted, the training mix is the same in every process."""
    for provider in fake.providers:
        cities = getattr(provider, "cities", None)
        if isinstance(cities, list):
            provider.cities = sorted(cities)


class ValueFactory:
    """`value(label, locale)` returns a realistic value for any label the generator uses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.fakers: dict[str, Faker] = {}
        for loc in NAME_LOCALES:
            try:
                fake = Faker(loc)
            except AttributeError:
                continue
            fake.seed_instance(rng.randrange(2**32))
            _fix_set_ordered_lists(fake)
            self.fakers[loc] = fake
        self.makers: dict[str, Callable[[Faker], str]] = {
            "FIRSTNAME": lambda f: f.first_name(),
            "LASTNAME": lambda f: f.last_name(),
            "MIDDLENAME": lambda f: f.first_name() if rng.random() < 0.7 else f"{f.first_name()[0]}.",
            "PREFIX": lambda f: rng.choice(["Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mx.", "Miss", "Mr", "Dr", "Herr",
                                            "Frau", "M.", "Mme", "Sig.", "Sra.", "Sr.", "Dhr.", "Mevr."]),
            "USERNAME": self._username,
            "EMAIL": self._email,
            "PHONENUMBER": lambda f: f.phone_number(),
            "STREET": lambda f: f.street_name(),
            "BUILDINGNUMBER": lambda f: f.building_number(),
            "SECONDARYADDRESS": lambda f: rng.choice(["Apt. ", "Suite ", "Unit ", "Flat ", "Floor ", "Room "])
                                          + str(rng.randint(1, 999)),
            "CITY": lambda f: f.city(),
            "STATE": self._state,
            "COUNTY": lambda f: rng.choice(["Kent", "Cook County", "Orange County", "Bavaria", "Surrey",
                                            "Devon", "King County", "Essex", "Yorkshire", "Harris County"]),
            "ZIPCODE": lambda f: f.postcode(),
            "COMPANYNAME": lambda f: f.company(),
            "JOBTITLE": lambda f: f.job() if rng.random() < 0.5 else self._job_title(),
            "DATE": lambda f: self._date(f),
            "DOB": lambda f: self._date(f, birth=True),
            "TIME": self._time,
            "AMOUNT": lambda f: self._amount(),
            "CURRENCY": lambda f: rng.choice(["USD", "EUR", "GBP", "CHF", "JPY", "dollars", "euros", "pounds",
                                              "Euro", "US Dollar", "Swiss Franc", "Rupee", "Yen", "$", "€", "£"]),
            "AGE": lambda f: str(rng.randint(16, 97)),
            "SEX": lambda f: rng.choice(["male", "female", "Male", "Female", "M", "F"]),
            "GENDER": lambda f: rng.choice(["non-binary", "woman", "man", "trans woman", "genderqueer", "agender"]),
            "URL": lambda f: rng.choice([f.url(), f"https://{f.domain_name()}/{f.user_name()}",
                                         f"https://linkedin.com/in/{f.user_name()}", f"www.{f.domain_name()}"]),
            "IP": lambda f: f.ipv4() if rng.random() < 0.7 else f.ipv6(),
            "USERAGENT": lambda f: f.user_agent(),
            "ACCOUNTNUMBER": lambda f: "".join(rng.choice(string.digits) for _ in range(rng.choice([8, 9, 10, 12]))),
            "CREDITCARDNUMBER": lambda f: self._spaced(f.credit_card_number()),
            "IBAN": lambda f: self._spaced(f.iban()),
            "SSN": lambda f: f.ssn(),
            "PASSWORD": lambda f: f.password(length=rng.randint(8, 16), special_chars=rng.random() < 0.6),
            "NEARBYGPSCOORDINATE": lambda f: f"{f.latitude():.4f}, {f.longitude():.4f}",
            "ACCOUNTNAME": lambda f: rng.choice(["Savings Account", "Checking Account", "Personal Loan Account",
                                                 "Investment Account", "Credit Card Account", "Home Loan Account"]),
        }

    def faker(self, locale: str) -> Faker:
        return self.fakers.get(locale) or self.fakers["en_US"]

    def value(self, label: str, locale: str) -> str:
        name_locale = self.rng.choice(NAME_LOCALES) if label in ("FIRSTNAME", "LASTNAME", "MIDDLENAME") \
            and self.rng.random() < 0.5 else locale
        fake = self.faker(name_locale)
        for _ in range(5):
            value = self.makers[label](fake).strip()
            if value:
                return value
        return self.makers[label](self.fakers["en_US"])

    # --- value shapes Faker does not vary enough ---
    def _job_title(self) -> str:
        level = self.rng.choice(["", "", "Senior ", "Junior ", "Lead ", "Chief ", "Principal ", "Associate ",
                                 "Head of ", "Global ", "Regional ", "Direct ", "Central ", "Dynamic "])
        area = self.rng.choice(["Marketing", "Accountability", "Solutions", "Operations", "Data", "Security",
                                "Finance", "Nursing", "Research", "Product", "Customer", "Infrastructure",
                                "Communications", "Legal", "Compliance", "Brand", "Quality", "Tactics", "Web"])
        role = self.rng.choice(["Assistant", "Engineer", "Officer", "Manager", "Analyst", "Coordinator",
                                "Director", "Specialist", "Consultant", "Architect", "Administrator",
                                "Designer", "Strategist", "Liaison", "Producer", "Supervisor"])
        return f"{level}{area} {role}".replace("Head of  ", "Head of ")

    def _spaced(self, value: str) -> str:
        value = value.replace(" ", "")
        r = self.rng.random()
        if r < 0.4:
            return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
        if r < 0.5:
            return "-".join(value[i:i + 4] for i in range(0, len(value), 4))
        return value

    def _username(self, f: Faker) -> str:
        base = f.user_name()
        return self.rng.choice([base, base + str(self.rng.randint(1, 99)), "@" + base if self.rng.random() < 0.2 else base])

    def _email(self, f: Faker) -> str:
        return f.email() if self.rng.random() < 0.6 else f"{f.first_name().lower()}.{f.last_name().lower()}@{f.free_email_domain()}"

    def _state(self, f: Faker) -> str:
        for attr in ("state", "administrative_unit", "region", "province"):
            if hasattr(f, attr):
                try:
                    return getattr(f, attr)()
                except (AttributeError, TypeError):
                    continue
        return self.fakers["en_US"].state()

    def _date(self, f: Faker, birth: bool = False) -> str:
        d = f.date_of_birth(minimum_age=18, maximum_age=90) if birth else f.date_between("-3y", "+1y")
        fmt = self.rng.choice(["%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%d.%m.%Y",
                               "%b %d, %Y", "%d-%m-%Y", "%m/%d/%y", "%dth of %B"])
        return d.strftime(fmt).replace("01th", "1st").replace("02th", "2nd").replace("03th", "3rd")

    def _time(self, f: Faker) -> str:
        h, m = self.rng.randint(0, 23), self.rng.randint(0, 59)
        return self.rng.choice([f"{h:02d}:{m:02d}", f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}",
                                f"{(h % 12) or 12}{'am' if h < 12 else 'pm'}", f"{h}h{m:02d}"])

    def _amount(self) -> str:
        value = self.rng.choice([self.rng.randint(5, 999), self.rng.randint(1000, 250000)])
        cents = self.rng.random() < 0.5
        return self.rng.choice([f"{value:,}" + (f".{self.rng.randint(0, 99):02d}" if cents else ""),
                                f"{value}" + (f",{self.rng.randint(0, 99):02d}" if cents else ""),
                                f"{value / 1000:.1f}k" if value >= 1000 else f"{value}"])
