"""The canonical label taxonomy (ai4privacy 200k names) and mappings from other schemes."""
from __future__ import annotations

# Canonical labels: the ai4privacy/pii-masking-200k set, plus SECRET for credentials and tokens
# MEDICALID / TAXID for identifiers ai4privacy has no name for, and CUSTOM for a workspace's denied terms.
CANONICAL_LABELS: frozenset[str] = frozenset(
    """
    PREFIX FIRSTNAME MIDDLENAME LASTNAME USERNAME ACCOUNTNAME SEX GENDER AGE DOB DATE TIME
    HEIGHT EYECOLOR JOBTITLE JOBTYPE JOBAREA COMPANYNAME EMAIL PHONENUMBER PHONEIMEI URL IP
    IPV4 IPV6 MAC USERAGENT STREET BUILDINGNUMBER SECONDARYADDRESS CITY COUNTY STATE ZIPCODE
    NEARBYGPSCOORDINATE ORDINALDIRECTION SSN PASSPORT DRIVERLICENSE IBAN BIC ACCOUNTNUMBER
    CREDITCARDNUMBER CREDITCARDISSUER CREDITCARDCVV MASKEDNUMBER PIN PASSWORD SECRET AMOUNT
    CURRENCY CURRENCYCODE CURRENCYNAME CURRENCYSYMBOL BITCOINADDRESS ETHEREUMADDRESS
    LITECOINADDRESS VEHICLEVIN VEHICLEVRM MEDICALID TAXID CUSTOM
    """.split()
)

# Other schemes' names -> canonical. Coarse labels map to the broadest canonical label.
_ALIASES: dict[str, str] = {
    # Presidio
    "PERSON": "FIRSTNAME",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONENUMBER",
    "CREDIT_CARD": "CREDITCARDNUMBER",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP",
    "US_SSN": "SSN",
    "US_PASSPORT": "PASSPORT",
    "US_DRIVER_LICENSE": "DRIVERLICENSE",
    "US_BANK_NUMBER": "ACCOUNTNUMBER",
    "CRYPTO": "BITCOINADDRESS",
    "DATE_TIME": "DATE",
    "BIRTHDAY": "DOB",
    "LOCATION": "CITY",
    "GPE": "CITY",
    "STREET_ADDRESS": "STREET",
    "ZIP_CODE": "ZIPCODE",
    "ORGANIZATION": "COMPANYNAME",
    "TITLE": "PREFIX",
    "DOMAIN_NAME": "URL",
    "MAC_ADDRESS": "MAC",
    # coarse schemes (openlabels, ai4privacy open-500k)
    "NAME": "FIRSTNAME",
    "ADDRESS": "STREET",
    "PHONE": "PHONENUMBER",
    "TELEPHONENUM": "PHONENUMBER",
    "ACCOUNT": "ACCOUNTNUMBER",
    "IDCARDNUM": "SSN",
    "SOCIALNUM": "SSN",
    "PASSPORTNUM": "PASSPORT",
    "DRIVERLICENSENUM": "DRIVERLICENSE",
    "GIVENNAME": "FIRSTNAME",
    "SURNAME": "LASTNAME",
    "BUILDINGNUM": "BUILDINGNUMBER",
    "TAXNUM": "SSN",
}

# Labels that several canonical labels collapse into when comparing against coarse gold.
COARSE_GROUPS: dict[str, frozenset[str]] = {
    "NAME": frozenset({"FIRSTNAME", "MIDDLENAME", "LASTNAME", "PREFIX", "ACCOUNTNAME", "USERNAME"}),
    "ADDRESS": frozenset({"STREET", "BUILDINGNUMBER", "SECONDARYADDRESS", "CITY", "COUNTY", "STATE", "ZIPCODE"}),
    "IP": frozenset({"IP", "IPV4", "IPV6"}),
}


def canonical(label: str) -> str:
    """Map any known scheme's label to the canonical taxonomy; unknown labels pass upper-cased."""
    name = label.strip().upper().replace("-", "_").replace(" ", "_")
    if name.startswith(("B_", "I_")):
        name = name[2:]
    if name in CANONICAL_LABELS:
        return name
    return _ALIASES.get(name, name)
