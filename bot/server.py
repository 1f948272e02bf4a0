"""Run the WSGI app under gunicorn from Python (what `python -m bot` uses)."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication

from bot.settings import BotSettings
from bot.web import create_wsgi_app


class _Gunicorn(BaseApplication):
    def __init__(self, settings: BotSettings, options: dict) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_wsgi_app(self.settings)


def serve(settings: BotSettings, host: str = "0.0.0.0", workers: int = 1, threads: int = 8) -> None:
    _Gunicorn(settings, {"bind": f"{host}:{settings.port}", "workers": workers, "threads": threads,
                         "worker_class": "gthread", "timeout": 60, "accesslog": None}).run()
