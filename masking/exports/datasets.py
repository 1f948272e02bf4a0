"""`maskbot export mask DATASET.jsonl|.parquet --text-column text -o OUT`: a dataset's text column.

JSON lines keep every byte but the masked column's value (the line is rewritten in place, like an
export's files); Parquet keeps its schema and other columns. Lines are masked in chunks, one
chunk per task, so a pool of processes gives the same output as one process.
"""
from __future__ import annotations

import json
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from masking.exports.json_strings import rewrite, string_values
from masking.exports.masker import ExportError, MaskSpec
from masking.exports.summary import ExportSummary
from masking.pipeline import MaskingError, MaskingPipeline

CHUNK_LINES = 256


@dataclass
class Chunk:
    first_line: int
    lines: list[bytes]
    out: list[bytes] = field(default_factory=list)
    summary: ExportSummary = field(default_factory=ExportSummary)


def mask_chunk(pipeline: MaskingPipeline, chunk: Chunk, column: str, source: str) -> Chunk:
    pending = []  # (index in chunk, raw line, the column's string value)
    for index, line in enumerate(chunk.lines):
        number = chunk.first_line + index
        try:
            raw = line.decode("utf-8").rstrip("\r\n")
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            chunk.summary.skipped.append(f"{source}:{number}: not a JSON line ({type(exc).__name__})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get(column), str):
            chunk.summary.skipped.append(f"{source}:{number}: no string field {column!r}")
            continue
        value = next(v for v in string_values(raw) if v.path == (column,))
        pending.append((index, raw, value))
    try:
        results = pipeline.mask_many([value.value for _, _, value in pending])
    except MaskingError as exc:
        raise ExportError(f"{source}:{chunk.first_line}-{chunk.first_line + len(chunk.lines) - 1}: {exc}") from None
    masked = {}
    for (index, raw, value), result in zip(pending, results):
        chunk.summary.count(result)
        if result.spans:
            raw = rewrite(raw, [(value, result.masked_text)])
        masked[index] = (raw + "\n").encode("utf-8")
    chunk.out = [masked[i] for i in sorted(masked)]
    chunk.lines = []
    return chunk


def _chunks(path: Path) -> Iterator[Chunk]:
    with open(path, "rb") as handle:
        lines: list[bytes] = []
        first = 1
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if not lines:
                first = number
            lines.append(line)
            if len(lines) >= CHUNK_LINES:
                yield Chunk(first, lines)
                lines = []
        if lines:
            yield Chunk(first, lines)


_pipeline: MaskingPipeline | None = None
_args: tuple[str, str] = ("text", "")


def _start(spec: MaskSpec, column: str, source: str) -> None:
    global _pipeline, _args
    _pipeline, _args = spec.pipeline(), (column, source)


def _mask(chunk: Chunk) -> Chunk:
    assert _pipeline is not None
    return mask_chunk(_pipeline, chunk, *_args)


def mask_jsonl(source: Path, destination: Path, spec: MaskSpec, column: str, workers: int, skip_bad: bool,
               on_chunk: Callable[[Chunk], None] | None = None) -> ExportSummary:
    summary = ExportSummary(files=1)
    partial = destination.with_name(destination.name + ".partial")
    try:
        with open(partial, "wb") as out:
            if workers > 1:
                pool = multiprocessing.get_context("spawn").Pool(workers, _start, (spec, column, str(source)))
                results = pool.imap(_mask, _chunks(source))
            else:
                pool, pipeline = None, spec.pipeline()
                results = (mask_chunk(pipeline, chunk, column, str(source)) for chunk in _chunks(source))
            try:
                for chunk in results:
                    if chunk.summary.skipped and not skip_bad:
                        raise ExportError(chunk.summary.skipped[0])
                    out.writelines(chunk.out)
                    summary.merge(chunk.summary)
                    if on_chunk:
                        on_chunk(chunk)
            finally:
                if pool is not None:
                    pool.terminate()
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def mask_parquet(source: Path, destination: Path, spec: MaskSpec, column: str) -> ExportSummary:
    """Parquet in this process, batch by batch (pyarrow, from the scale extra)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ValueError("Parquet needs pyarrow: pip install 'maskbot[scale]'") from None
    pipeline, summary = spec.pipeline(), ExportSummary(files=1)
    partial = destination.with_name(destination.name + ".partial")
    try:
        reader = pq.ParquetFile(source)
    except (pa.ArrowInvalid, OSError) as exc:
        raise ExportError(f"{source}: not a Parquet file ({type(exc).__name__})") from None
    if column not in reader.schema_arrow.names:
        raise ExportError(f"{source}: no column {column!r} (columns: {', '.join(reader.schema_arrow.names)})")
    try:
        with pq.ParquetWriter(partial, reader.schema_arrow) as writer:
            for batch in reader.iter_batches(batch_size=CHUNK_LINES):
                texts = batch.column(column).to_pylist()
                todo = [i for i, t in enumerate(texts) if isinstance(t, str)]
                try:
                    results = pipeline.mask_many([texts[i] for i in todo])
                except MaskingError as exc:
                    raise ExportError(f"{source}: {exc}") from None
                for i, result in zip(todo, results):
                    summary.count(result)
                    if result.spans:
                        texts[i] = result.masked_text
                index = batch.schema.get_field_index(column)
                batch = batch.set_column(index, column, pa.array(texts, type=batch.schema.field(column).type))
                writer.write_batch(batch)
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary
