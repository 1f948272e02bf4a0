"""Mask one file of an export: the unit every execution path (one process, all cores, Ray) runs.

The result depends only on the file's bytes and the masking spec, never on which worker runs it
or what else it runs, so every path writes the same bytes.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace

from masking.engines import build_pipeline
from masking.exports.fields import TEXT, rule_for
from masking.exports.json_strings import StringValue, rewrite, string_values
from masking.members import MemberDirectory
from masking.pipeline import MaskingError, MaskingPipeline, render
from masking.settings import MaskingSettings
from masking.spans import Span
from masking.workspace_terms import build_terms


class ExportError(ValueError):
    """A file of the input cannot be masked; the message names it and never quotes its content."""


@dataclass(frozen=True)
class MaskSpec:
    """What every worker needs to build the same pipeline (picklable; no clients, no sessions)."""
    settings: MaskingSettings
    engine: str | None = None
    operator: str | None = None
    policy: str | None = None
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    members: MemberDirectory = MemberDirectory()  # from the export's users.json: names typed in messages

    def pipeline(self) -> MaskingPipeline:
        terms = replace(build_terms(list(self.allow), list(self.deny)), members=self.members)
        return build_pipeline(self.settings, engine=self.engine, operator=self.operator, policy=self.policy,
                              terms=terms, across_messages=True)


@dataclass
class FileResult:
    member: str
    data: bytes
    messages: int = 0  # top-level items of a conversation's day file
    masked_messages: int = 0
    values: int = 0  # string values replaced
    kinds: Counter = field(default_factory=Counter)
    error: str = ""  # why the file could not be masked (names the file, never quotes it)


class ExportMasker:
    def __init__(self, pipeline: MaskingPipeline) -> None:
        self.pipeline = pipeline

    def mask_json(self, member: str, data: bytes) -> FileResult:
        raw = _decode(member, data)
        try:
            document = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ExportError(f"{member}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        texts: list[StringValue] = []
        changes: list[tuple[StringValue, str]] = []
        kinds: Counter = Counter()
        for item in string_values(raw):
            rule = rule_for(member, item.path)
            if rule is None or not item.value.strip():
                continue
            if rule == TEXT:
                texts.append(item)
            elif rule in self.pipeline.policy:
                value = item.value
                changes.append((item, render(value, [Span(0, len(value), rule, source="field")],
                                             self.pipeline.operator)))
                kinds[rule] += 1
        distinct = list(dict.fromkeys(t.value for t in texts))  # blocks repeat the text: mask it once
        try:
            masked = dict(zip(distinct, self.pipeline.mask_many(distinct))) if distinct else {}
        except MaskingError as exc:  # fail closed: the job stops rather than write this file unmasked
            raise ExportError(f"{member}: {exc}") from None
        for result in masked.values():
            kinds.update(span.label for span in result.spans)
        touched = set()
        for item in texts:
            result = masked[item.value]
            if result.spans:
                changes.append((item, result.masked_text))
                touched.add(item.item)
        is_day_file = "/" in member and isinstance(document, list)
        return FileResult(
            member, _BOM * data.startswith(_BOM) + rewrite(raw, changes).encode("utf-8") if changes else data,
            messages=len(document) if is_day_file else 0,
            masked_messages=len(touched) if is_day_file else 0,  # by what they say, not their author's profile
            values=len(changes), kinds=kinds)


_BOM = b"\xef\xbb\xbf"


def _decode(member: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig" if data.startswith(_BOM) else "utf-8")
    except UnicodeDecodeError as exc:
        raise ExportError(f"{member}: not UTF-8 (byte {exc.start})") from None
