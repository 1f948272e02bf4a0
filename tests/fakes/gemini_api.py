"""A stub of the Gemini Developer API and Vertex AI REST surfaces on 127.0.0.1: generateContent,
tuning jobs (create, get, cancel) and a Cloud Storage upload endpoint. The real google-genai
and google-cloud-storage clients are pointed at it."""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

# reply(input_text) -> (http status, model text, seconds to wait first)
Reply = Callable[[str], tuple[int, str, float]]
_INPUT = re.compile(r"Input:\n(.*)\n\n\nOutput:", re.S)


def echo_reply(text: str) -> tuple[int, str, float]:
    return 200, text, 0.0


@dataclass
class FakeGemini:
    reply: Reply = echo_reply
    requests: list = field(default_factory=list)
    jobs: dict = field(default_factory=dict)
    job_states: list = field(default_factory=lambda: ["JOB_STATE_PENDING", "JOB_STATE_RUNNING", "JOB_STATE_SUCCEEDED"])
    job_error: dict | None = None
    uploads: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def generate_calls(self) -> list:
        return [r for r in self.requests if r["path"].endswith(":generateContent")]

    # --- handlers -----------------------------------------------------------------------------------
    def generate(self, body: dict) -> tuple[int, dict, float]:
        last = body["contents"][-1]["parts"][0]["text"]
        match = _INPUT.search(last)
        status, text, delay = self.reply(match.group(1) if match else last)
        if status != 200:
            return status, {"error": {"code": status, "message": "stub error", "status": "UNAVAILABLE"}}, delay
        return 200, {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                                     "finishReason": "STOP", "index": 0}],
                     "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 10}}, delay

    def create_job(self, parent: str, body: dict) -> dict:
        with self.lock:
            name = f"{parent}/tuningJobs/{len(self.jobs) + 1}"
            self.jobs[name] = {"body": body, "polls": 0, "cancelled": False}
        return self.job_view(name)

    def job_view(self, name: str) -> dict:
        job = self.jobs[name]
        index = min(job["polls"], len(self.job_states) - 1)
        state = "JOB_STATE_CANCELLED" if job["cancelled"] else self.job_states[index]
        view = {"name": name, "state": state, "baseModel": job["body"].get("baseModel"),
                "createTime": "2026-11-25T10:00:00Z", "tunedModelDisplayName": job["body"].get("tunedModelDisplayName"),
                "tuningDataStats": {"supervisedTuningDataStats": {"totalTuningCharacterCount": "1000"}},
                "experiment": f"{name}/experiment"}
        if state == "JOB_STATE_RUNNING":
            view["tuningJobMetadata"] = {"completedEpochCount": "1", "completedStepCount": "475"}
        if state == "JOB_STATE_SUCCEEDED":
            view["tunedModel"] = {"model": f"{name}/model", "endpoint": name.rsplit("/tuningJobs", 1)[0]
                                  + "/endpoints/4242"}
            view["endTime"] = "2026-11-25T10:30:00Z"
        if state == "JOB_STATE_FAILED":
            view["error"] = self.job_error or {"code": 3, "message": "dataset has invalid rows"}
        return view


def _handler(fake: FakeGemini):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            fake.requests.append({"method": "GET", "path": path, "headers": dict(self.headers)})
            name = path.split("/", 2)[-1] if path.count("/") > 2 else ""
            if "/tuningJobs/" in path and name in fake.jobs:
                fake.jobs[name]["polls"] += 1
                return self._json(200, fake.job_view(name))
            return self._json(404, {"error": {"code": 404, "message": "not found"}})

        def do_POST(self) -> None:
            raw = self._body()
            path = self.path.split("?")[0]
            entry = {"method": "POST", "path": path, "query": self.path.partition("?")[2], "headers": dict(self.headers)}
            fake.requests.append(entry)
            if path.startswith("/upload/storage/"):
                bucket = path.split("/b/")[1].split("/")[0]
                name = re.search(rb'"name":\s*"([^"]+)"', raw)
                key = name.group(1).decode() if name else "object"
                fake.uploads[f"gs://{bucket}/{key}"] = raw
                return self._json(200, {"bucket": bucket, "name": key, "size": str(len(raw))})
            body = json.loads(raw or b"{}")
            entry["body"] = body
            if path.endswith(":generateContent"):
                status, payload, delay = fake.generate(body)
                if delay:
                    time.sleep(delay)
                return self._json(status, payload)
            if path.endswith("/tuningJobs"):
                parent = path.split("/", 2)[2].rsplit("/tuningJobs", 1)[0]
                return self._json(200, fake.create_job(parent, body))
            if path.endswith(":cancel"):
                name = path.split("/", 2)[2][: -len(":cancel")]
                fake.jobs[name]["cancelled"] = True
                return self._json(200, {})
            return self._json(404, {"error": {"code": 404, "message": "not found"}})

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
