"""Slack's file methods for the fake Slack (api.slack.com/methods/files.*, and "Uploading files":
get an upload URL, POST the bytes, complete), and the download of `url_private_download`, which
answers Slack's sign-in page to a token without `files:read`. Mixed into `FakeSlack`."""
from __future__ import annotations

from tests.fakes.slack_tokens import BOT_TOKEN, BOT_USER, USER_TOKEN


class FakeFiles:
    """Needs `files`, `messages`, `members`, `scopes`, `uploads`, `url`, `next_ts` and `_ts` from FakeSlack."""

    def add_file(self, channel: str, user: str, name: str, data: bytes, text: str = "", filetype: str = "") -> tuple[str, str]:
        """A message sharing one file, as Slack delivers it: (message ts, file id)."""
        file_id = f"F{next(self._ts):08d}"
        meta = self._file_meta(file_id, name, data, user, filetype)
        self.files[file_id] = {"meta": meta, "data": data, "channels": {channel}}
        ts = self.next_ts()
        self.messages[(channel, ts)] = {"type": "message", "user": user, "text": text, "ts": ts, "files": [meta],
                                        "upload": True}
        return ts, file_id

    def _file_meta(self, file_id: str, name: str, data: bytes, user: str, filetype: str = "") -> dict:
        return {"id": file_id, "name": name, "title": name, "user": user, "size": len(data),
                "filetype": filetype or name.rsplit(".", 1)[-1].lower(), "mimetype": "application/octet-stream",
                "url_private": f"{self.url}/files-pri/T0001-{file_id}/{name}",
                "url_private_download": f"{self.url}/files-pri/T0001-{file_id}/download/{name}",
                "permalink": f"https://test.slack.com/files/{user}/{file_id}/{name}"}

    def download(self, path: str, token: str) -> tuple[int, bytes, str]:
        """GET url_private(_download): the bytes for a token with files:read; otherwise Slack
        answers 200 with its sign-in page, as it does for a missing or under-scoped token."""
        file_id = path.split("/")[2].split("-", 1)[-1]
        entry = self.files.get(file_id)
        if token not in (BOT_TOKEN, USER_TOKEN) or "files:read" not in self.scopes.get(token, set()):
            return 200, b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html"
        if entry is None or entry.get("deleted"):
            return 404, b"", "text/plain"
        return 200, entry["data"], "application/octet-stream"

    def api_files_info(self, params, token):
        entry = self.files.get(params.get("file"))
        if entry is None or entry.get("deleted"):
            return {"ok": False, "error": "file_not_found" if entry is None else "file_deleted"}
        return {"ok": True, "file": entry["meta"]}

    def api_files_delete(self, params, token):
        entry = self.files.get(params.get("file"))
        if entry is None:
            return {"ok": False, "error": "file_not_found"}
        if entry.get("deleted"):
            return {"ok": False, "error": "file_deleted"}
        if token == BOT_TOKEN and entry["meta"]["user"] != BOT_USER:
            return {"ok": False, "error": "cant_delete_file"}  # only its uploader, or an admin's user token
        entry["deleted"] = True
        return {"ok": True}

    def api_files_getUploadURLExternal(self, params, token):
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ts):08d}"
        self.files[file_id] = {"meta": None, "data": None, "length": int(params["length"]),
                               "filename": params["filename"], "channels": set()}
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def receive_upload(self, file_id: str, data: bytes) -> int:
        entry = self.files.get(file_id)
        if entry is None:
            return 404
        if entry["meta"] is None:  # the plot uploads of training reports predate file checks: keep both records
            entry["data"] = data
        self.uploads.append((f"/upload/{file_id}", data))
        return 200

    def api_files_completeUploadExternal(self, params, token):
        files = params.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        channel = params.get("channel_id")
        if channel and token == BOT_TOKEN and channel not in self.members:
            return {"ok": False, "error": "not_in_channel"}
        metas = []
        for item in files:
            entry = self.files.get(item.get("id"))
            if entry is None or entry["data"] is None or len(entry["data"]) != entry["length"]:
                return {"ok": False, "error": "file_not_found"}
            entry["meta"] = self._file_meta(item["id"], entry["filename"], entry["data"],
                                            BOT_USER if token == BOT_TOKEN else "UADMIN")
            entry["meta"]["title"] = item.get("title") or entry["filename"]
            metas.append(entry["meta"])
        if channel:
            ts = self.next_ts()
            message = {"type": "message", "user": BOT_USER, "bot_id": "BBOT0001", "ts": ts, "files": metas,
                       "text": params.get("initial_comment") or "", "upload": True}
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            self.messages[(channel, ts)] = message
        return {"ok": True, "files": [{"id": m["id"], "title": m["title"]} for m in metas]}


