"""The entity types the local model predicts (canonical labels), and their BIO tag ids."""
from __future__ import annotations

ENTITY_TYPES: tuple[str, ...] = (
    "FIRSTNAME", "MIDDLENAME", "LASTNAME", "PREFIX", "USERNAME", "EMAIL", "PHONENUMBER", "STREET",
    "BUILDINGNUMBER", "SECONDARYADDRESS", "CITY", "STATE", "COUNTY", "ZIPCODE", "COMPANYNAME", "JOBTITLE",
    "DATE", "DOB", "TIME", "AMOUNT", "CURRENCY", "AGE", "SEX", "GENDER", "URL", "IP", "USERAGENT",
    "ACCOUNTNUMBER", "CREDITCARDNUMBER", "IBAN", "SSN", "PASSWORD", "NEARBYGPSCOORDINATE", "ACCOUNTNAME",
    "DRIVERLICENSE",
)
TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I"))
TAG_IDS = {tag: i for i, tag in enumerate(TAGS)}

# Labels from other training sources that the model learns under one of its own types.
SOURCE_LABELS = {
    "PERSON": "NAME", "NAME": "NAME",  # split into first/middle/last by the loader
    "STREET_ADDRESS": "STREET", "ADDRESS": "STREET", "LOCATION": "CITY", "GPE": "CITY",
    "ORGANIZATION": "COMPANYNAME", "DATE_TIME": "DATE", "BIRTHDAY": "DOB", "DOMAIN_NAME": "URL",
    "IP_ADDRESS": "IP", "IPV4": "IP", "IPV6": "IP", "US_SSN": "SSN", "US_DRIVER_LICENSE": "DRIVERLICENSE",
    "ZIP_CODE": "ZIPCODE", "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONENUMBER",
    "CREDIT_CARD": "CREDITCARDNUMBER", "IBAN_CODE": "IBAN", "TITLE": "TITLE",
}
