"""`maskbot export mask EXPORT.zip -o MASKED.zip`: a Slack workspace export, masked, same layout.

Members are masked one file at a time by whichever executor runs the job (this process, a pool
of one process per core, or Ray actors) and written back in the input's order with the input's
names, dates and attributes, so the three paths write byte-identical ZIPs. The output is written
to `MASKED.zip.partial` and renamed only when every file is done: a failed job leaves nothing
that looks complete.
"""
from __future__ import annotations

import json
import os
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from masking.exports.masker import ExportError, ExportMasker, FileResult, MaskSpec
from masking.exports.summary import ExportSummary
from masking.members import MemberDirectory, directory_from_slack_users

DEFAULT_MAX_FILE_MB = 256  # one day of one channel; a larger member is not a Slack export's


@dataclass(frozen=True)
class ZipJob:
    """One export to mask: what each worker needs to read and mask any member by name."""
    source: Path
    spec: MaskSpec
    max_file_bytes: int = DEFAULT_MAX_FILE_MB * 2**20
    members: tuple[str, ...] = field(default=())
    total_bytes: int = 0  # uncompressed, for the progress bar


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ExportError(f"{path}: not a ZIP file (or a truncated one)") from None
    except OSError as exc:
        raise ExportError(f"{path}: {exc.strerror or type(exc).__name__}") from None


def plan(source: Path, spec: MaskSpec, max_file_mb: int = DEFAULT_MAX_FILE_MB) -> ZipJob:
    """Check the ZIP's directory before any work: unsafe names and oversized members stop it."""
    limit = max_file_mb * 2**20
    with open_zip(source) as archive:
        infos = archive.infolist()
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                raise ExportError(f"{source}: member {info.filename!r} points outside the export")
            if info.file_size > limit:
                raise ExportError(f"{source}: {info.filename} is {info.file_size / 2**20:.0f} MB uncompressed; "
                                  f"the limit is {max_file_mb} MB (--max-file-mb)")
        people = _members(archive, infos)
    spec = replace(spec, members=MemberDirectory(spec.members.members + people.members))
    return ZipJob(source, spec, limit, tuple(info.filename for info in infos), sum(i.file_size for i in infos))


def _members(archive: zipfile.ZipFile, infos) -> MemberDirectory:
    """The export's people (`users.json`), so their handles and names are masked where messages
    type them; an export without a readable one masks without (users.json's own errors are
    reported when it is masked as a file)."""
    if not any(info.filename == "users.json" for info in infos):
        return MemberDirectory()
    try:
        users = json.loads(archive.read("users.json"))
    except (ValueError, OSError, zipfile.BadZipFile, zlib.error, EOFError):
        return MemberDirectory()
    return directory_from_slack_users(u for u in users if isinstance(u, dict)) if isinstance(users, list) \
        else MemberDirectory()


class MemberMasker:
    """Reads and masks members of one ZIP; one per worker process or Ray actor (one model session)."""

    def __init__(self, job: ZipJob) -> None:
        self.job = job
        self.archive = open_zip(job.source)
        self.masker = ExportMasker(job.spec.pipeline())

    def __call__(self, member: str) -> FileResult:
        if member.endswith("/"):
            return FileResult(member, b"")
        try:
            if not member.lower().endswith(".json"):
                raise ExportError(f"{member}: not a JSON file (a Slack export holds only JSON)")
            try:
                data = self.archive.read(member)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
                raise ExportError(f"{self.job.source}: {member} is truncated or damaged") from None
            return self.masker.mask_json(member, data)
        except ExportError as exc:
            return FileResult(member, b"", error=str(exc))


def write_zip(job: ZipJob, destination: Path, results: Iterable[FileResult], summary: ExportSummary,
              skip_bad: bool = False, on_file: Callable[[FileResult, int], None] | None = None) -> ExportSummary:
    """Write results (in the job's member order) to `destination`, atomically."""
    if destination.resolve() == job.source.resolve():
        raise ExportError(f"{destination}: the output would overwrite the input")
    partial = destination.with_name(destination.name + ".partial")
    with open_zip(job.source) as archive:
        infos = {info.filename: info for info in archive.infolist()}
    try:
        with zipfile.ZipFile(partial, "w") as out:
            for result in results:
                info = infos[result.member]
                if result.error:
                    if not skip_bad:
                        raise ExportError(result.error)
                    summary.skipped.append(result.error)
                else:
                    out.writestr(_same_entry(info), result.data)
                    summary.add(result)
                if on_file:
                    on_file(result, info.file_size)
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def _same_entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type = info.compress_type
    entry.external_attr = info.external_attr
    entry.create_system = info.create_system
    entry.comment = info.comment
    return entry
