"""A local WebSocket server speaking Slack's Socket Mode protocol (api.slack.com/apis/socket-mode):
`apps.connections.open` (served by the fake Web API) hands out its URL; on connect it sends
`hello`; it delivers envelopes (`events_api`, `slash_commands`, `interactive`) with an
`envelope_id` and records the acks; `disconnect` asks the client to reconnect, as Slack does
before it refreshes a connection."""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time

import websockets


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: dict[str, dict] = {}
        self.connections = 0
        self.hellos = 0
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._current = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "FakeSocketMode":
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=t{self.connections + 1}"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def serve() -> None:
            server = await websockets.serve(self._session, "127.0.0.1", 0)
            self.port = server.sockets[0].getsockname()[1]
            self._ready.set()

        self._loop.run_until_complete(serve())
        self._loop.run_forever()

    async def _session(self, socket) -> None:
        self.connections += 1
        self._current = socket
        await socket.send(json.dumps({"type": "hello", "num_connections": 1,
                                      "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                                      "connection_info": {"app_id": "A0001"}}))
        self.hellos += 1
        try:
            async for raw in socket:
                message = json.loads(raw)
                if "envelope_id" in message:
                    self.acks[message["envelope_id"]] = message
        except websockets.ConnectionClosed:
            pass

    # --- what tests do ------------------------------------------------------------------------
    def send(self, kind: str, payload: dict, accepts_response_payload: bool = False) -> str:
        envelope_id = f"env-{next(self._ids)}"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": accepts_response_payload, "retry_attempt": 0, "retry_reason": ""}
        self._deliver(json.dumps(envelope))
        return envelope_id

    def disconnect(self, reason: str = "refresh_requested") -> None:
        self._deliver(json.dumps({"type": "disconnect", "reason": reason,
                                  "debug_info": {"host": "fake"}}))

    def _deliver(self, text: str) -> None:
        deadline = time.monotonic() + 10
        while self._current is None and time.monotonic() < deadline:
            time.sleep(0.02)
        asyncio.run_coroutine_threadsafe(self._current.send(text), self._loop).result(5)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if envelope_id in self.acks:
                return self.acks[envelope_id]
            time.sleep(0.02)
        raise AssertionError(f"no ack for {envelope_id}")
