"""Unlabelled look-alikes for the lower-case template slots: ids, versions, timestamps, paths,
field names, trace ids, chat shorthand. None of them is personal data; all of them tempt a tagger."""
from __future__ import annotations

import random
import string
import uuid
from typing import Callable

from training.synth.technical import (ADJECTIVE_PHRASES, COLOR_NAMES, LOOKALIKE_STATES, LOOKALIKE_TEMPLATES,
                                     LOOKALIKE_THINGS, LOOKALIKE_WORDS, SHORTHAND, VERB_NAMES)
from training.synth.templates import ACRONYMS, TOPICS

SERVICES = ("billing", "auth", "gateway", "search", "ingest", "payments", "notifier", "checkout", "api",
            "worker", "scheduler", "ledger", "catalog", "users", "orders", "reports")
FIELDS = ("first_name", "last_name", "email", "date_of_birth", "phone_number", "user_id", "created_at",
          "updated_at", "status", "amount_cents", "retry_count", "display_name", "full_name", "username",
          "account_id", "zip_code", "street_address", "is_active", "tenant_id", "ssn_last4", "card_token")
CLASSES = ("BaseModel", "UserService", "OrderRepository", "PaymentIntent", "HttpClient", "RetryPolicy",
           "CustomerProfile", "InvoiceBuilder", "SessionStore", "FeatureFlag", "AccountManager")
FUNCS = ("handle_request", "get_user", "parse_payload", "validate", "serialize", "process_batch", "run",
         "fetchProfile", "updateEmail", "normalize_name", "resolve", "dispatch")
MODULES = ("handlers", "models", "services", "api", "core", "billing", "auth", "utils_http", "db")
TABLES = ("users", "customers", "orders", "invoices", "accounts", "sessions", "payments", "employees")
EXCEPTIONS = ("ValueError", "KeyError", "IntegrityError", "TimeoutError", "ValidationError", "PermissionDenied")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
STATES = ("active", "pending", "failed", "done", "In Progress", "resolved", "queued", "archived")
REASONS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 409: "Conflict", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
VERBS = ("Fix", "Add", "Refactor", "Remove", "Handle", "Validate", "Rename", "Bump")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Mon", "Tue", "Wed", "Thu", "Fri")
PROJECTS = ("OPS", "PAY", "SUP", "ENG", "INFRA", "DATA", "SEC", "WEB")


def filler_makers(rng: random.Random) -> dict[str, Callable[[], str]]:
    r = rng.randint

    def hexes(n: int) -> str:
        return "".join(rng.choice("0123456789abcdef") for _ in range(n))

    def path() -> str:
        parts = rng.choice([["api", "v1", "users", str(r(1, 99999))], ["v2", "orders", str(r(1, 9999)), "items"],
                            ["healthz"], ["api", "v1", "invoices", str(uuid.UUID(int=rng.getrandbits(128)))],
                            ["static", "js", f"app.{hexes(8)}.js"], ["v1", "customers", str(r(1, 999)), "profile"]])
        return "/" + "/".join(parts)

    def shorthand() -> str:
        return rng.choice(SHORTHAND)

    return {
        "@": lambda: f"<@U{r(10**7, 10**8 - 1)}>",
        "order": lambda: str(r(10_000, 99_999_999)),
        "ticket": lambda: f"{rng.choice(['', 'SUP-', 'INC', 'JIRA-'])}{r(100, 99999)}",
        "version": lambda: f"{r(0, 9)}.{r(0, 30)}.{r(0, 99)}",
        "time": lambda: f"{r(0, 23):02d}:{r(0, 59):02d}",
        "hms": lambda: f"{r(0, 23):02d}:{r(0, 59):02d}:{r(0, 59):02d}" + (f".{r(0, 999):03d}" if rng.random() < 0.5 else ""),
        "isodate": lambda: f"20{r(20, 27)}-{r(1, 12):02d}-{r(1, 28):02d}",
        "hash": lambda: hexes(rng.choice([7, 12, 40])),
        "sha": lambda: hexes(rng.choice([7, 8, 40])),
        "hexs": lambda: hexes(rng.choice([4, 6, 8, 10])),
        "hex": lambda: "0x" + "".join(rng.choice("0123456789ABCDEF") for _ in range(8)),
        "trace": lambda: hexes(rng.choice([16, 32])),
        "span": lambda: hexes(16),
        "tracking": lambda: "1Z" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
        "price": lambda: f"{r(1, 9999)}.{r(0, 99):02d}",
        "room": lambda: f"{r(1, 9)}.{r(1, 40)}",
        "count": lambda: str(r(2, 500)),
        "q": lambda: str(r(1, 9)),
        "day": lambda: str(r(1, 28)),
        "meeting": lambda: f"{r(100, 999)} {r(1000, 9999)} {r(1000, 9999)}",
        "ts": lambda: f"20{r(20, 27)}-{r(1, 12):02d}-{r(1, 28):02d}T{r(0, 23):02d}:{r(0, 59):02d}:{r(0, 59):02d}"
                      + rng.choice(["Z", ".123Z", f".{r(0, 999999):06d}+00:00", ""]),
        "clf": lambda: f"{r(1, 28):02d}/{rng.choice(['Jan', 'Mar', 'Jun', 'Oct'])}/20{r(20, 27)}:{r(0, 23):02d}:{r(0, 59):02d}:{r(0, 59):02d} +0000",
        "epoch": lambda: str(r(1_600_000_000, 1_900_000_000)) + (str(r(100, 999)) if rng.random() < 0.3 else ""),
        "uuid": lambda: str(uuid.UUID(int=rng.getrandbits(128))),
        "ms": lambda: str(r(1, 5000)),
        "bytes": lambda: str(r(0, 2_000_000)),
        "pid": lambda: str(r(2, 65_000)),
        "port": lambda: str(rng.choice([80, 443, 5432, 6379, 8080, 8443, 9092, 3000, 5000, r(1024, 65535)])),
        "status": lambda: str(rng.choice(list(REASONS))),
        "reason": lambda: rng.choice(list(REASONS.values())),
        "method": lambda: rng.choice(METHODS),
        "path": path,
        "svc": lambda: rng.choice(SERVICES),
        "field": lambda: rng.choice(FIELDS),
        "Class": lambda: rng.choice(CLASSES),
        "func": lambda: rng.choice(FUNCS),
        "module": lambda: rng.choice(MODULES),
        "table": lambda: rng.choice(TABLES),
        "exc": lambda: rng.choice(EXCEPTIONS),
        "state": lambda: rng.choice(STATES),
        "flag": lambda: rng.choice(["NEW_CHECKOUT", "DARK_MODE", "V2_SEARCH", "BETA"]),
        "slug": lambda: rng.choice(["fix-retry", "add-oauth", "billing-v2", "cleanup"]),
        "Verb": lambda: rng.choice(VERBS),
        "proj": lambda: rng.choice(PROJECTS),
        "weekday": lambda: rng.choice(WEEKDAYS),
        "mmyy": lambda: f"{r(1, 12):02d}/{r(24, 31)}",
        "privdash": lambda: f"10-0-{r(0, 255)}-{r(1, 254)}",
        "shorthand": shorthand,
        "shorthand2": shorthand,
        "Shorthand": lambda: shorthand().upper(),
        "lookalike": lambda: lookalike(rng),
        "ssnlike": lambda: f"AHV 756.{r(1000, 9999)}.{r(1000, 9999)}.{r(10, 99)}" if rng.random() < 0.5
                           else f"SSN {r(100, 665)}-{r(10, 99)}-{r(1000, 9999)}",
        "topic": lambda: rng.choice(TOPICS),
        "Topic": lambda: rng.choice(TOPICS).title(),
        "acronym": lambda: rng.choice(ACRONYMS),
    }


def lookalike(rng: random.Random) -> str:
    verb = rng.choice(list(VERB_NAMES))
    color, color2 = rng.choice(list(COLOR_NAMES)), rng.choice(list(COLOR_NAMES))
    return rng.choice(LOOKALIKE_TEMPLATES).format(
        word=rng.choice(LOOKALIKE_WORDS), thing=rng.choice(LOOKALIKE_THINGS), state=rng.choice(LOOKALIKE_STATES),
        word2=rng.choice(LOOKALIKE_WORDS), thing2=rng.choice(LOOKALIKE_THINGS), state2=rng.choice(LOOKALIKE_STATES),
        verbname=verb, obj=rng.choice(VERB_NAMES[verb]), weekday=rng.choice(WEEKDAYS),
        colorname=color, color=COLOR_NAMES[color], colorname2=color2, color2=COLOR_NAMES[color2].lower(),
        adjective=rng.choice(ADJECTIVE_PHRASES))


def private_ip(rng: random.Random) -> str:
    r = rng.randint
    return rng.choice([f"10.{r(0, 255)}.{r(0, 255)}.{r(1, 254)}", f"192.168.{r(0, 255)}.{r(1, 254)}",
                       f"172.{r(16, 31)}.{r(0, 255)}.{r(1, 254)}", "127.0.0.1"])
