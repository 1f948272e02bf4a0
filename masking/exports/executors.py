"""Where an export's files are masked: this process, one process per core, or Ray Data actors.

Each yields one `FileResult` per member, in the job's member order, and each worker holds one
pipeline (one ONNX session with one thread), so the paths differ only in how many run at once.
"""
from __future__ import annotations

import json
import multiprocessing
from collections import Counter
from typing import Iterator

from masking.exports.masker import FileResult
from masking.exports.zip_export import MemberMasker, ZipJob

_worker: MemberMasker | None = None


def serial(job: ZipJob) -> Iterator[FileResult]:
    masker = MemberMasker(job)
    return (masker(member) for member in job.members)


def _start_worker(job: ZipJob) -> None:
    global _worker
    _worker = MemberMasker(job)


def _mask_member(member: str) -> FileResult:
    assert _worker is not None
    return _worker(member)


def pooled(job: ZipJob, workers: int) -> Iterator[FileResult]:
    """One process per worker ("spawn": no inherited ONNX sessions or threads)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(job,)) as pool:
        yield from pool.imap(_mask_member, job.members, chunksize=1)


class _RayMasker:
    """A Ray Data actor: built once (one pipeline, one ONNX session), then fed batches of names."""

    def __init__(self, job: ZipJob) -> None:
        self.masker = MemberMasker(job)

    def __call__(self, batch: dict) -> dict:
        results = [self.masker(str(member)) for member in batch["member"]]
        return {"member": [r.member for r in results], "data": [r.data for r in results],
                "messages": [r.messages for r in results], "masked_messages": [r.masked_messages for r in results],
                "values": [r.values for r in results], "kinds": [json.dumps(dict(r.kinds)) for r in results],
                "error": [r.error for r in results]}


def _unpack(row: dict) -> FileResult:
    return FileResult(str(row["member"]), bytes(row["data"]), int(row["messages"]), int(row["masked_messages"]),
                      int(row["values"]), Counter(json.loads(row["kinds"])), str(row["error"]))


def on_ray(job: ZipJob, actors: int, address: str | None = None) -> Iterator[FileResult]:
    """Ray Data: the member names as a dataset, `map_batches` over an actor pool, results in order.
    Every node must be able to read `job.source` (a shared path) when `address` is a cluster."""
    try:
        import ray
    except ImportError:
        raise ValueError("--ray needs the scale extra: pip install 'maskbot[scale]'") from None
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        names = ray.data.from_items([{"member": member} for member in job.members])
        masked = names.map_batches(_RayMasker, fn_constructor_args=(job,), batch_size=1, concurrency=actors,
                                   num_cpus=1, batch_format="numpy")
        for row in masked.iter_rows():
            yield _unpack(row)
    finally:
        if started_here:
            ray.shutdown()
