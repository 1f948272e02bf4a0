"""Files shared with a message: downloaded with the bot token (bounded, into memory only), masked
with the live pipeline, and replaced — the masked version shared beside the masked copy, then the
original deleted with the user token — on the redaction's post-first, delete-second path.

A file that cannot be checked (too large, encrypted, an unknown type, OCR not installed) is left in
place and reported; its author is told why.
"""
from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.services.masker import Masker
from bot.services.slack_calls import Ambiguous, Refused, attempt
from masking.files.masker import FileMasker, MaskedFile, UnreadableFile
from masking.pipeline import MaskingError

log = logging.getLogger(__name__)
FILES_KEY = "files"  # setting: on | off


@dataclass(frozen=True)
class FileRef:
    """A shared file as the message event describes it (ids and Slack's own URLs, no content)."""
    id: str
    name: str
    filetype: str
    size: int
    url: str  # url_private_download
    permalink: str


@dataclass(frozen=True)
class FileVerdict:
    ref: FileRef
    masked: MaskedFile | None = None  # set when the file holds PII
    unreadable: str = ""  # why it could not be checked

    @property
    def labels(self) -> tuple[str, ...]:
        return self.masked.labels if self.masked else ()


def file_refs_of(raw: dict) -> tuple[FileRef, ...]:
    return tuple(FileRef(str(f.get("id") or ""), str(f.get("name") or f.get("title") or "file"),
                         str(f.get("filetype") or ""), int(f.get("size") or 0),
                         str(f.get("url_private_download") or f.get("url_private") or ""), str(f.get("permalink") or ""))
                 for f in raw.get("files") or [] if isinstance(f, dict) and f.get("id") and f.get("mode") != "tombstone")


class FileService:
    def __init__(self, bot: WebClient, user: WebClient | None, store, masker: Masker, max_mb: float = 20,
                 timeout_s: float = 30.0) -> None:
        self.bot, self.user, self.store, self.masker = bot, user, store, masker
        self.max_bytes = int(max_mb * 2**20)
        self.timeout_s = timeout_s

    def enabled(self) -> bool:
        return self.store.get_setting(FILES_KEY, "on") == "on"

    # --- read and mask --------------------------------------------------------------------------
    def check(self, refs: tuple[FileRef, ...]) -> list[FileVerdict]:
        if not refs or not self.enabled():
            return []
        return [self._check_one(ref) for ref in refs]

    def _check_one(self, ref: FileRef) -> FileVerdict:
        if ref.size > self.max_bytes:
            return FileVerdict(ref, unreadable=f"it is larger than {self.max_bytes // 2**20} MB (MASKBOT_FILE_MAX_MB)")
        try:
            data = self.download(ref)
            masked = FileMasker(self.masker.pipeline()).mask(ref.name, data, ref.filetype)
        except UnreadableFile as exc:
            return FileVerdict(ref, unreadable=str(exc))
        except MaskingError:
            return FileVerdict(ref, unreadable="masking failed")
        except Exception as exc:  # a library choking on a hostile file: report it, never crash the job
            log.warning("reading a file failed: %s", type(exc).__name__)
            return FileVerdict(ref, unreadable=f"it could not be read ({type(exc).__name__})")
        return FileVerdict(ref, masked=masked if masked.changed else None)

    def download(self, ref: FileRef) -> bytearray:
        """The file's bytes, streamed and bounded; only into memory."""
        if not ref.url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise UnreadableFile("it has no download link")
        request = urllib.request.Request(ref.url, headers={"Authorization": f"Bearer {self.bot.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                if "text/html" in (response.headers.get("Content-Type") or ""):  # Slack's login page: no files:read
                    raise UnreadableFile("maskbot may not download it (the app needs the files:read scope)")
                data = bytearray()  # grown in place: no second copy of the file at the end
                while chunk := response.read(65536):
                    data += chunk
                    if len(data) > self.max_bytes:
                        raise UnreadableFile(f"it is larger than {self.max_bytes // 2**20} MB (MASKBOT_FILE_MAX_MB)")
        except urllib.error.HTTPError as exc:
            raise UnreadableFile(f"Slack refused the download (HTTP {exc.code})") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise UnreadableFile(f"the download failed ({type(exc).__name__})") from None
        return data

    # --- replace ------------------------------------------------------------------------------
    def share(self, channel: str, thread_ts: str, verdicts: list[FileVerdict], author: str) -> list[str]:
        """Upload the masked versions into the copy's thread; their file ids. Raises Refused or
        Ambiguous (after removing what was uploaded) when any upload fails."""
        uploaded: list[dict] = []
        try:
            for verdict in verdicts:
                if verdict.masked is None:
                    continue
                data = verdict.masked.data
                ticket = attempt(lambda: self.bot.files_getUploadURLExternal(filename=verdict.masked.name,
                                                                            length=len(data)))
                self._post_bytes(ticket["upload_url"], data)
                uploaded.append({"id": ticket["file_id"], "title": verdict.masked.name})
            if not uploaded:
                return []
            note = f"Masked version of the files <@{author}> shared" + (
                " (documents as masked text renditions)" if any(v.masked and v.masked.rendition for v in verdicts) else "")
            attempt(lambda: self.bot.files_completeUploadExternal(files=uploaded, channel_id=channel,
                                                                  thread_ts=thread_ts, initial_comment=note))
        except (Refused, Ambiguous):
            self.remove([f["id"] for f in uploaded])
            raise
        return [f["id"] for f in uploaded]

    def _post_bytes(self, url: str, data: bytes) -> None:
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Content-Type": "application/octet-stream"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise Refused(f"upload_http_{exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError):
            raise Ambiguous("upload_failed") from None

    def remove(self, file_ids: list[str]) -> None:
        for file_id in file_ids:
            try:
                attempt(lambda: self.bot.files_delete(file=file_id))
            except (Refused, Ambiguous) as exc:
                log.warning("could not remove a masked file: %s", exc.code)

    def delete_originals(self, verdicts: list[FileVerdict]) -> list[str]:
        """Delete the originals that were replaced; the codes of those that could not be."""
        failed = []
        for verdict in verdicts:
            if verdict.masked is None:
                continue
            try:
                attempt(lambda: self.user.files_delete(file=verdict.ref.id))
            except (Refused, Ambiguous) as exc:
                if exc.code != "file_not_found" and exc.code != "file_deleted":
                    failed.append(exc.code)
        return failed
