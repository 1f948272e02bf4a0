"""A tqdm bar over the input's bytes (so the ETA is honest) with messages per second beside it."""
from __future__ import annotations

import time


class Progress:
    def __init__(self, total_bytes: int, quiet: bool = False) -> None:
        self.total, self.quiet = total_bytes, quiet
        self.messages = 0
        self.began = time.monotonic()
        self.bar = None

    def __enter__(self) -> "Progress":
        if not self.quiet:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="B", unit_scale=True, desc="masking", leave=False)
        return self

    def advance(self, size: int, messages: int) -> None:
        self.messages += messages
        if self.bar is not None:
            self.bar.update(size)
            rate = self.messages / max(1e-9, time.monotonic() - self.began)
            self.bar.set_postfix({"messages": self.messages, "msg/s": f"{rate:.0f}"}, refresh=False)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
