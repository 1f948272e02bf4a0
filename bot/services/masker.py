"""The masking engine the bot uses, chosen by admins at run time (stored in the database)."""
from __future__ import annotations

import threading
from dataclasses import replace

from masking import MaskingPipeline, build_pipeline
from masking.engines import EngineUnavailable
from masking.settings import ENGINE_NAMES, MaskingSettings

from bot.store import Store

ENGINE_KEY = "engine"


class Masker:
    """Hands out a pipeline for the engine currently selected; pipelines are built once."""

    def __init__(self, settings: MaskingSettings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._pipelines: dict[str, MaskingPipeline] = {}
        self._lock = threading.Lock()

    def engine_name(self) -> str:
        return self.store.get_setting(ENGINE_KEY, self.settings.engine)

    def set_engine(self, name: str) -> MaskingPipeline:
        if name not in ENGINE_NAMES:
            raise EngineUnavailable(f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
        pipeline = self._get(name)  # raises if unavailable: nothing is changed then
        self.store.set_setting(ENGINE_KEY, name)
        return pipeline

    def pipeline(self) -> MaskingPipeline:
        return self._get(self.engine_name())

    def _get(self, name: str) -> MaskingPipeline:
        with self._lock:
            if name not in self._pipelines:
                self._pipelines[name] = build_pipeline(replace(self.settings, engine=name))
            return self._pipelines[name]
