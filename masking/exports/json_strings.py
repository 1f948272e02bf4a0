"""Rewrite chosen string values of a JSON document in place, leaving every other byte as it was.

An export's ids, timestamps, key order, spacing and escapes must survive masking unchanged, and
parsing then re-serialising would rewrite all of them. Instead the document is scanned for its
string tokens (with the key path each sits under) and only the strings that change are
re-encoded, in the escaping style the original token used.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterator

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]', re.S)
ARRAY_ITEM = "*"  # the path element of an array's items


@dataclass(frozen=True)
class StringValue:
    """A string value (not a key) of the document: where its token sits, and its key path."""
    start: int  # offset of the opening quote
    end: int  # offset after the closing quote
    path: tuple[str, ...]  # e.g. ("*", "files", "*", "name") for a message's file name
    value: str
    item: int  # index of the top-level array item holding it (a day file's message); -1 outside one


def string_values(raw: str) -> Iterator[StringValue]:
    """Every string value of a document that `json.loads` accepts, in document order."""
    stack: list[list] = []  # per open container: [is_object, current key, expecting a key]
    item = -1
    top_is_array = raw.lstrip().startswith("[")
    for match in _TOKEN.finditer(raw):
        token = match.group()
        if token in "{[":
            if len(stack) == 1 and top_is_array and item < 0:
                item = 0
            stack.append([token == "{", None, token == "{"])
        elif token in "}]":
            stack.pop()
        elif token == ":":
            stack[-1][2] = False
        elif token == ",":
            if stack[-1][0]:
                stack[-1][2] = True
            elif len(stack) == 1:
                item += 1
        elif stack and stack[-1][0] and stack[-1][2]:
            stack[-1][1] = json.loads(token)
        else:
            path = tuple(level[1] if level[0] else ARRAY_ITEM for level in stack)
            if len(stack) == 1 and top_is_array and item < 0:
                item = 0
            yield StringValue(match.start(), match.end(), path, json.loads(token), item if top_is_array else -1)


def encode_like(value: str, original_token: str) -> str:
    """`value` as a JSON string token escaped the way `original_token` was (Slack writes `\\/`)."""
    ascii_only = "\\u" in original_token and original_token.isascii()
    token = json.dumps(value, ensure_ascii=ascii_only)
    if "\\/" in original_token:
        token = token.replace("/", "\\/")
    return token


def rewrite(raw: str, changes: list[tuple[StringValue, str]]) -> str:
    """`raw` with each given string value replaced by its new value; every other byte kept."""
    out: list[str] = []
    pos = 0
    for item, new in sorted(changes, key=lambda change: change[0].start):
        out.append(raw[pos:item.start])
        out.append(encode_like(new, raw[item.start:item.end]))
        pos = item.end
    out.append(raw[pos:])
    return "".join(out)
