"""The masking engine the bot uses: chosen by admins (a setting in the database) and following
the live model version, the workspace's PII policy, its allowed and denied terms and its member
list, so every web process switches on its next message after a promotion or a change from chat."""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace

from masking import MaskingPipeline, MaskResult, build_pipeline
from masking.engines import EngineUnavailable
from masking.policy import Policy, change_policy, parse_policy
from masking.settings import ENGINE_NAMES, MaskingSettings

from bot.services.members import MemberList
from bot.store import Store

log = logging.getLogger(__name__)
ENGINE_KEY = "engine"
# Messages masked at once in this process: masking is CPU-bound, so more than the cores adds only
# memory (a 100 KB message holds tens of MB while it is masked). Slack calls are not limited by it.
_MASKING = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))
POLICY_KEY = "policy"


class Masker:
    def __init__(self, settings: MaskingSettings, store: Store, members: MemberList | None = None) -> None:
        self.settings = settings
        self.store = store
        self.members = members
        self._lock = threading.Lock()
        self._current: tuple[tuple, MaskingPipeline] | None = None  # (engine, version, policy, terms)
        self._building: tuple | None = None

    def engine_name(self) -> str:
        return self.store.get_setting(ENGINE_KEY, self.settings.engine)

    def set_engine(self, name: str) -> MaskingPipeline:
        if name not in ENGINE_NAMES:
            raise EngineUnavailable(f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
        key, settings = self._target(name)
        pipeline = build_pipeline(settings)  # raises if unavailable: nothing is changed then
        self.store.set_setting(ENGINE_KEY, name)
        return pipeline

    def mask(self, text: str) -> MaskResult:
        """Mask with the live pipeline, a few messages at a time (see _MASKING)."""
        pipeline = self.pipeline()
        with _MASKING:
            return pipeline.mask(text)

    def policy(self) -> Policy:
        """The workspace's policy: set from chat (stored), else MASKBOT_POLICY."""
        return parse_policy(self.store.get_setting(POLICY_KEY, self.settings.policy))

    def change_policy(self, label: str, add: bool) -> Policy:
        policy = change_policy(self.policy().spec, label, add)  # ValueError names a bad label
        self.store.set_setting(POLICY_KEY, policy.spec)
        return policy

    def live_version(self, engine: str | None = None) -> str:
        return self._target(engine or self.engine_name())[0][1]

    def pipeline(self) -> MaskingPipeline:
        """The pipeline for the selected engine and live version. A newer version is built and
        warmed by the first request that notices it, while other requests keep the previous one:
        no request is served by a half-loaded model."""
        key, settings = self._target(self.engine_name())
        terms = self.store.workspace_terms()
        if self.members is not None:
            terms = replace(terms, members=self.members.directory())
        key = (*key, hash(terms))
        with self._lock:
            current = self._current
            if current and current[0] == key:
                return current[1]
            if current and self._building is not None:
                return current[1]
            self._building = key
        try:
            pipeline = build_pipeline(settings, terms=terms)
            pipeline.mask("warm up Ann Lee 4111 1111 1111 1111")  # loads the model now, not mid-request
            with self._lock:
                self._current = (key, pipeline)
            if current:
                log.info("switched masking to %s", key)
            return pipeline
        finally:
            with self._lock:
                self._building = None

    def _target(self, engine: str) -> tuple[tuple[str, str, str], MaskingSettings]:
        settings = replace(self.settings, engine=engine, policy=self.policy().spec)
        version = ""
        if engine in ("auto", "local"):
            live = self.store.live_version("local")
            if live:
                version, settings = live.version, replace(settings, model_dir=live.path)
        elif engine == "gemini":
            live = self.store.live_version("gemini")
            if live:
                version = live.version
                settings = replace(settings, gemini=replace(settings.gemini, tuned_endpoint=live.path, use_vertex=True))
        return (engine, version, settings.policy), settings
