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
from typing import Iterable, Sequence

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

    def __contains__(self, label: str) -> bool:
        return label in self.labels

    def select(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """The spans this policy masks; `text` is what the offsets index."""
        kept = [s for s in spans if s.label in self.labels
                and not (self.personal_only and is_impersonal(s.label, text[s.start:s.end]))]
        if not self.anchored_addresses:
            return kept
        streets = [s for s in kept if s.label == "STREET" and _is_street(text, s)]
        return [s for s in kept if s.label not in ANCHORED
                or any(a.start - ANCHOR_DISTANCE <= s.end and s.start <= a.end + ANCHOR_DISTANCE for a in streets)]


def _is_street(text: str, span: Span) -> bool:
    words = re.findall(r"\w+", text[span.start:span.end].lower())
    if any(w in terms("street_words") for w in words) or any(w.endswith(("straße", "strasse", "str", "weg", "straat"))
                                                          for w in words):
        return True
    near = text[max(0, span.start - _HOUSE_NUMBER_REACH):span.end + _HOUSE_NUMBER_REACH]
    return any(ch.isdigit() for ch in near)


def is_impersonal(label: str, value: str) -> bool:
    """A private or documentation IP address, or a shared mailbox."""
    if label in IP_LABELS:
        return not is_public_ip(value)
    if label == "EMAIL":
        return value.partition("@")[0].lower() in terms("role_mailboxes")
    return False


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
    "all": lambda: Policy("all", CANONICAL_LABELS, personal_only=False, anchored_addresses=False),
}
POLICY_NAMES = tuple(_NAMED)


def parse_policy(spec: str | None) -> Policy:
    """`default`, `all`, `EMAIL,PHONENUMBER` or `default,+DATE,-USERNAME`; ValueError names
    anything unknown."""
    items = [item.strip() for item in (spec or "default").split(",") if item.strip()]
    if not items:
        items = ["default"]
    first = items[0].lower()
    if first in _NAMED:
        base = _NAMED[first]()
        labels, public_only, anchored, changes = set(base.labels), base.personal_only, base.anchored_addresses, items[1:]
    else:
        labels, public_only, anchored, changes = set(), False, False, items
    for item in changes:
        sign = item[0] if item[0] in "+-" else "+"
        label = _label(item.lstrip("+-"))
        if sign == "+":
            labels.add(label)
        else:
            labels.discard(label)
    return Policy(format_spec(first if first in _NAMED else None, changes), frozenset(labels), public_only, anchored)


def format_spec(base: str | None, changes: Iterable[str]) -> str:
    parts = [base] if base else []
    for item in changes:
        sign = item[0] if item[0] in "+-" and base else ("+" if base else "")
        parts.append(f"{sign}{_label(item.lstrip('+-'))}")
    return ",".join(parts)


def change_policy(spec: str, label: str, add: bool) -> Policy:
    """The policy `spec` with `label` added or removed (for `/mask-admin policy add|remove`)."""
    policy = parse_policy(spec)
    label = _label(label)
    if (label in policy) == add:
        return policy
    base, *changes = policy.spec.split(",")
    if base.lower() not in _NAMED:
        labels = set(policy.labels) | {label} if add else set(policy.labels) - {label}
        if not labels:
            raise ValueError("a policy needs at least one label")
        return parse_policy(",".join(sorted(labels)))
    changes = [c for c in changes if c.lstrip("+-") != label]
    if (label in _NAMED[base.lower()]().labels) != add:
        changes.append(("+" if add else "-") + label)
    return parse_policy(",".join([base, *changes]))


def _label(name: str) -> str:
    label = canonical(name)
    if label not in CANONICAL_LABELS:
        raise ValueError(f"unknown label {name!r} in the policy; labels are the ai4privacy names "
                         f"(EMAIL, FIRSTNAME, DATE, …) or a policy name ({', '.join(POLICY_NAMES)})")
    return label
