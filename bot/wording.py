"""What users read: PII kinds in words, never values."""
from __future__ import annotations

from typing import Iterable

_NAMES = {
    "FIRSTNAME": "first name", "MIDDLENAME": "middle name", "LASTNAME": "last name", "PREFIX": "title",
    "USERNAME": "username", "EMAIL": "email address", "PHONENUMBER": "phone number", "PHONEIMEI": "IMEI",
    "STREET": "street", "BUILDINGNUMBER": "house number", "SECONDARYADDRESS": "apartment", "CITY": "city",
    "STATE": "state", "COUNTY": "county", "ZIPCODE": "postcode", "COMPANYNAME": "company name",
    "JOBTITLE": "job title", "DATE": "date", "DOB": "date of birth", "TIME": "time", "AMOUNT": "amount",
    "CURRENCY": "currency", "AGE": "age", "SEX": "sex", "GENDER": "gender", "URL": "personal link",
    "IP": "IP address", "IPV4": "IP address", "IPV6": "IP address", "MAC": "MAC address",
    "USERAGENT": "browser signature", "ACCOUNTNUMBER": "account number", "CREDITCARDNUMBER": "card number",
    "CREDITCARDCVV": "card security code", "IBAN": "IBAN", "SSN": "social security number",
    "PASSWORD": "password", "SECRET": "secret token", "PASSPORT": "passport number",
    "DRIVERLICENSE": "driver's licence", "PIN": "PIN", "VEHICLEVIN": "vehicle VIN",
    "BITCOINADDRESS": "crypto address", "ETHEREUMADDRESS": "crypto address", "LITECOINADDRESS": "crypto address",
    "NEARBYGPSCOORDINATE": "location", "ACCOUNTNAME": "account name", "CUSTOM": "workspace term",
    "MEDICALID": "medical record number", "TAXID": "tax id",
}


def escape(text: str) -> str:
    """Slack's three control characters as entities: user-typed text posted back can then never
    become a mention (`<!channel>`), a link or a broadcast."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(text: str) -> str:
    """User-typed text as inline code that it cannot break out of."""
    return "`" + escape(text).replace("`", "'") + "`"


def kinds(labels: Iterable[str]) -> str:
    words = list(dict.fromkeys(_NAMES.get(label, label.lower()) for label in labels))
    if not words:
        return "nothing"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
