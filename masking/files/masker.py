"""Mask a file's content with the same pipeline, policy and terms as messages.

Structured files keep their structure (a CSV stays a CSV with the same columns, JSON stays valid,
Word and Excel files stay Word and Excel files); a PDF becomes a masked text rendition. A value
is masked with its column header or key before it ("email: …"), so a cue names it as in prose.
A file that cannot be read raises `UnreadableFile` with the reason shown to people.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass

from masking.exports.json_strings import rewrite, string_values
from masking.files import documents, images
from masking.files.kinds import TABLE, kind_of, masked_name
from masking.pipeline import MaskingPipeline, render
from masking.spans import Span


BATCH_ROWS = 256  # rows of a table, or texts, masked at once


class UnreadableFile(ValueError):
    """The file could not be checked; the message says why, in words for its author."""


@dataclass(frozen=True)
class MaskedFile:
    name: str  # the masked file's name (`.masked` before the extension, the name itself masked)
    data: bytes
    labels: tuple[str, ...]  # kinds found, one entry per value
    rendition: bool = False  # a text rendition stands in for the document

    @property
    def changed(self) -> bool:
        return bool(self.labels)


class FileMasker:
    def __init__(self, pipeline: MaskingPipeline) -> None:
        self.pipeline = pipeline

    def mask(self, name: str, data: bytes, filetype: str = "") -> MaskedFile:
        kind = kind_of(name, filetype)
        if kind == "unknown":
            raise UnreadableFile("maskbot cannot read this type of file")
        if kind == "image":
            body, labels = images.mask_image(data, self.find)
            rendition = False
        elif kind in ("pdf", "word", "sheet"):
            body, labels, rendition = documents.MASKERS[kind](data, self.texts)
        else:
            text = _decode(data)
            body, labels = {"text": self._text, "table": self._table, "json": self._json}[kind](text, name)
            body, rendition = body.encode("utf-8"), False
        shown = self.pipeline.mask(name).masked_text if name else "file"
        return MaskedFile(masked_name(shown, rendition), body, tuple(labels), rendition)

    def texts(self, values: list[str], cues: list[str] | None = None) -> tuple[list[str], list[str]]:
        """Mask many short texts at once (cells, paragraphs, OCR lines), each after its cue."""
        found = self.find(values, cues)
        return ([_render(value, spans, self.pipeline) for value, spans in zip(values, found)],
                [s.label for spans in found for s in spans])

    def find(self, values: list[str], cues: list[str] | None = None) -> list[list[Span]]:
        """Spans of each value, found with its cue (a column header, a key) before it."""
        cues = cues or [""] * len(values)
        prefixed = [f"{cue}: {value}" if cue else value for cue, value in zip(cues, values)]
        found = [spans for i in range(0, len(prefixed), BATCH_ROWS)
                 for spans in self.pipeline.find_spans_many(prefixed[i:i + BATCH_ROWS])]
        out = []
        for cue, value, spans in zip(cues, values, found):
            shift = len(cue) + 2 if cue else 0
            out.append([Span(max(0, s.start - shift), min(len(value), s.end - shift), s.label, s.score, s.source)
                        for s in spans if s.end > shift and s.start - shift < len(value)])
        return out

    def _text(self, text: str, name: str) -> tuple[str, list[str]]:
        lines = text.splitlines(keepends=True)
        chunks, current = [], ""
        for line in lines:  # whole lines, each chunk within the pipeline's limit
            if current and len(current) + len(line) > min(self.pipeline.max_chars, 20_000):
                chunks.append(current)
                current = ""
            current += line
        chunks.append(current)
        masked, labels = self.texts([c for c in chunks if c])
        return "".join(masked), labels

    def _table(self, text: str, name: str) -> tuple[str, list[str]]:
        """Row by row, a few hundred rows at a time: neither the input nor the output is ever held
        as a StringIO (which keeps four bytes a character), so a 20 MB sheet stays small."""
        delimiter = TABLE.get(name[name.rfind("."):].lower(), ",")
        terminator = "\r\n" if "\r\n" in text[:4096] else "\n"
        reader = csv.reader(_lines(text), delimiter=delimiter)
        out: list[str] = []
        labels: list[str] = []
        try:
            header = next(reader, [])
            masked_header, found = self.texts(header)  # a header row can hold a name too
            out.append(_csv_rows([masked_header], delimiter, terminator))
            labels += found
            while rows := list(itertools.islice(reader, BATCH_ROWS)):
                views = [_row_text(header, row) for row in rows]
                for row, (_, places), spans in zip(rows, views, self.find([text for text, _ in views])):
                    for c, (start, end) in enumerate(places):
                        inside = [Span(max(s.start, start) - start, min(s.end, end) - start, s.label)
                                  for s in spans if s.start < end and start < s.end]
                        if inside:
                            row[c] = _render(row[c], inside, self.pipeline)
                    labels += [s.label for s in spans]
                out.append(_csv_rows(rows, delimiter, terminator))
        except csv.Error as exc:
            raise UnreadableFile(f"the table could not be parsed ({exc})") from None
        return "".join(out), labels

    def _json(self, text: str, name: str) -> tuple[str, list[str]]:
        try:  # one document, or JSON lines (what most ".json" logs are)
            json.loads(text)
            lines = [text]
        except json.JSONDecodeError:
            lines = text.splitlines(keepends=True)
        out, labels = [], []
        for number, line in enumerate(lines, 1):
            try:
                json.loads(line) if line.strip() else None
            except json.JSONDecodeError:
                raise UnreadableFile(f"the JSON could not be parsed (line {number})") from None
            values = [v for v in string_values(line) if v.value.strip()]
            masked, found = self.texts([v.value for v in values], [v.path[-1] if v.path and v.path[-1] != "*" else ""
                                                                   for v in values])
            out.append(rewrite(line, [(v, m) for v, m in zip(values, masked) if m != v.value]))
            labels += found
        return "".join(out), labels


def _lines(text: str):
    """The text's lines with their line ends, one at a time (csv joins quoted multi-line cells)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_rows(rows: list[list[str]], delimiter: str, terminator: str) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=terminator).writerows(rows)
    return buffer.getvalue()


def _row_text(header: list[str], row: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """A table row as one text, each value after its column's name ("email: …"), one per line,
    so one pass of the model sees the row in context; and where each cell's value sits in it."""
    parts, places, pos = [], [], 0
    for c, value in enumerate(row):
        cue = f"{header[c]}: " if c < len(header) and header[c].strip() else ""
        start = pos + len(cue)
        places.append((start, start + len(value)))
        parts.append(cue + value)
        pos = start + len(value) + 1
    return "\n".join(parts), places


def _render(value: str, spans: list[Span], pipeline: MaskingPipeline) -> str:
    return render(value, sorted(spans), pipeline.operator)


def _decode(data: bytes) -> str:
    """UTF-16 when a byte-order mark says so, else UTF-8 (with or without its mark)."""
    try:
        return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the file is not text (not UTF-8)") from None
