"""Which kinds of data get masked (after Presidio's `entities` and Nightfall's detection rules).

Detectors report everything they recognise, in the full ai4privacy taxonomy; a policy then keeps
the spans that identify a person. The default masks names, contact details, government, tax,
medical and financial identifiers, birth dates, home addresses, personal usernames, public IP
addresses and credentials. It leaves times, other dates, amounts, company and product names, job
titles, user agents, URLs as such (PII inside a URL is still found by its own recognizer), private
and documentation IP ranges and record ids alone. `all` keeps the whole taxonomy, for comparing
with ai4privacy gold.

A policy is written as a name (`default`, `all`, `strict`), a list of labels (`EMAIL,PHONENUMBER`),
or a name with changes (`default,+DATE,-USERNAME`); that text is what `MASKBOT_POLICY`,
`maskbot mask --policy` and `/mask-admin policy` store.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Sequence

from masking.labels import CANONICAL_LABELS, canonical
from masking.spans import Span
from masking.terms import terms

IDENTIFYING: frozenset[str] = frozenset("""
    FIRSTNAME MIDDLENAME LASTNAME USERNAME ACCOUNTNAME EMAIL PHONENUMBER PHONEIMEI
    STREET BUILDINGNUMBER SECONDARYADDRESS CITY COUNTY STATE ZIPCODE NEARBYGPSCOORDINATE
    SSN PASSPORT DRIVERLICENSE MEDICALID TAXID IBAN ACCOUNTNUMBER CREDITCARDNUMBER CREDITCARDCVV
    MASKEDNUMBER PIN BITCOINADDRESS ETHEREUMADDRESS LITECOINADDRESS VEHICLEVIN VEHICLEVRM
    DOB IP IPV4 IPV6 PASSWORD SECRET
""".split())

# Parts of an address that identify a home only beside a street: alone, "Paris region is down",
# "zip 94107" or "afk 15" name no one. A street is one with a street word or a house number.
ANCHORED: frozenset[str] = frozenset({"CITY", "COUNTY", "STATE", "ZIPCODE", "BUILDINGNUMBER", "SECONDARYADDRESS",
                                      "STREET"})
ANCHOR_DISTANCE = 60  # characters between an anchored part and its street
_HOUSE_NUMBER_REACH = 12

IP_LABELS: frozenset[str] = frozenset({"IP", "IPV4", "IPV6"})


@dataclass(frozen=True)
class Policy:
    spec: str
    labels: frozenset[str]
    personal_only: bool = True  # leave private IPs and shared mailboxes (support@…) alone
    anchored_addresses: bool = True
    technical_screen: bool = True  # identifiers are not PII (masking.technical); `all` reports every kind as found

    def __contains__(self, label: str) -> bool:
        return label in self.labels

    def select(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """The spans this policy masks; `text` is what the offsets index."""
        kept = [s for s in spans if s.label in self.labels]
        if self.personal_only:  # a shared mailbox stays, and so does any part of it another engine saw
            impersonal = [s for s in kept if is_impersonal(s.label, text[s.start:s.end])]
            kept = [s for s in kept if not any(_family(s.label) == _family(i.label) and s.overlaps(i)
                                               for i in impersonal)]
        if not self.anchored_addresses:
            return kept
        streets = [s for s in kept if s.label == "STREET" and _is_street(text, s)]
        return [s for s in kept if s.label not in ANCHORED
                or any(a.start - ANCHOR_DISTANCE <= s.end and s.start <= a.end + ANCHOR_DISTANCE for a in streets)]


def _family(label: str) -> str:
    return "IP" if label in IP_LABELS else label


_STREET_SUFFIXES = ("straße", "strasse", "str", "weg", "straat", "gasse", "laan", "gade", "vej", "katu", "utca")


def has_street_word(value: str) -> bool:
    """A street word ("road", "rue") or a street suffix written into the name ("Hauptstraße")."""
    return any(w in terms("street_words") or w.endswith(_STREET_SUFFIXES) for w in re.findall(r"\w+", value.lower()))


def _is_street(text: str, span: Span) -> bool:
    if has_street_word(text[span.start:span.end]):
        return True
    near = text[max(0, span.start - _HOUSE_NUMBER_REACH):span.end + _HOUSE_NUMBER_REACH]
    return any(ch.isdigit() for ch in near)


def is_impersonal(label: str, value: str) -> bool:
    """A private or documentation IP address, or a shared mailbox."""
    if label in IP_LABELS:
        return not is_public_ip(value)
    if label == "EMAIL":
        local = re.split(r"@|\s(?:at|<at>|\[at\]|\(at\)|AT)\s", value, maxsplit=1)[0].lower()
        return local in terms("role_mailboxes") or _is_list_address(local)
    return False


_LIST_SUFFIXES = ("-bounces", "-request", "-owner", "-admin", "-announce", "-devel", "-users", "-help", "-discuss",
                  "-digest", "-commits")


def _is_list_address(local: str) -> bool:
    """A mailing list's own address (`r-help`, `r-sig-debian`, `dev-request`) names no one."""
    return local.endswith(_LIST_SUFFIXES) or local.startswith(("r-sig-", "r-help", "owner-")) \
        or "-list" in local or "mailman" in local


def is_public_ip(value: str) -> bool:
    """Private, loopback, link-local, documentation and reserved ranges name no one."""
    try:
        address = ipaddress.ip_address(value.strip("[]").split("%")[0])
    except ValueError:
        return True  # not parseable: keep it masked rather than guess
    return address.is_global and not address.is_multicast


_NAMED = {
    "default": lambda: Policy("default", IDENTIFYING),
    "strict": lambda: Policy("strict", IDENTIFYING | {"DATE", "AGE", "COMPANYNAME", "JOBTITLE", "URL"},
                             personal_only=False, anchored_addresses=False),
    "all": lambda: Policy("all", CANONICAL_LABELS, personal_only=False, anchored_addresses=False,
                          technical_screen=False),
}
POLICY_NAMES = tuple(_NAMED)


def parse_policy(spec: str | None) -> Policy:
    """`default`, `all`, `EMAIL,PHONENUMBER` or `default,+DATE,-USERNAME`; ValueError names
    anything unknown. The policy's `spec` is the canonical text: base, sorted additions, sorted
    removals (or the sorted labels of a list)."""
    items = [item.strip() for item in (spec or "default").split(",") if item.strip()] or ["default"]
    if items[0].startswith(("+", "-")):
        items.insert(0, "default")  # "+DATE" and "-USERNAME" are changes to the default policy
    base_name = items[0].lower()
    if base_name not in _NAMED:
        labels = frozenset(_label(item.lstrip("+")) for item in items)
        return Policy(",".join(sorted(labels)), labels, personal_only=False, anchored_addresses=False)
    base = _NAMED[base_name]()
    labels = set(base.labels)
    for item in items[1:]:
        label = _label(item.lstrip("+-"))
        (labels.discard if item.startswith("-") else labels.add)(label)
    added, removed = sorted(labels - base.labels), sorted(base.labels - labels)
    text = ",".join([base_name, *(f"+{label}" for label in added), *(f"-{label}" for label in removed)])
    return Policy(text, frozenset(labels), base.personal_only, base.anchored_addresses, base.technical_screen)


def change_policy(spec: str, label: str, add: bool) -> Policy:
    """The policy `spec` with `label` added or removed (for `/mask-admin policy add|remove`)."""
    policy = parse_policy(spec)
    label = _label(label)
    base = policy.spec.split(",")[0]
    if base in _NAMED:
        return parse_policy(f"{policy.spec},{'+' if add else '-'}{label}")
    labels = policy.labels | {label} if add else policy.labels - {label}
    if not labels:
        raise ValueError("a policy needs at least one label")
    return parse_policy(",".join(sorted(labels)))


def _label(name: str) -> str:
    label = canonical(name)
    if label not in CANONICAL_LABELS:
        raise ValueError(f"unknown label {name!r} in the policy; labels are the ai4privacy names "
                         f"(EMAIL, FIRSTNAME, DATE, …) or a policy name ({', '.join(POLICY_NAMES)})")
    return label
