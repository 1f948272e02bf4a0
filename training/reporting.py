"""Progress events and the reporters that show them (terminal now, Slack in the bot).

Every trainer — local model or Gemini on Vertex — emits the same `ProgressEvent`s, so one
reporter can follow any run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence


@dataclass(frozen=True)
class ProgressEvent:
    kind: str  # "start" | "step" | "epoch" | "state" | "end"
    step: int = 0
    total_steps: int = 0
    epoch: float = 0.0
    total_epochs: int = 0
    loss: float | None = None
    mean_loss: float | None = None
    elapsed_s: float = 0.0
    eta_s: float | None = None
    state: str = ""
    message: str = ""

    @property
    def fraction(self) -> float:
        if self.total_steps:
            return min(1.0, self.step / self.total_steps)
        if self.total_epochs:
            return min(1.0, self.epoch / self.total_epochs)
        return 0.0


class Reporter(Protocol):
    def report(self, event: ProgressEvent) -> None:
        ...


class TerminalReporter:
    """A tqdm progress bar with the current loss and ETA."""

    def __init__(self) -> None:
        self._bar = None

    def report(self, event: ProgressEvent) -> None:
        from tqdm import tqdm

        if event.kind == "start":
            self._bar = tqdm(total=event.total_steps or None, unit="step", desc=event.message or "training")
        elif self._bar is not None and event.kind in ("step", "state"):
            self._bar.n = event.step
            postfix = {"epoch": f"{event.epoch:.2f}"}
            if event.loss is not None:
                postfix["loss"] = f"{event.loss:.4f}"
            if event.state:
                postfix["state"] = event.state
            self._bar.set_postfix(postfix, refresh=True)
        elif event.kind == "end":
            if self._bar is not None:
                self._bar.n = event.step or self._bar.n
                self._bar.close()
            print(event.message)


@dataclass
class RecordingReporter:
    """Keeps every event; for tests and for fanning out."""

    events: list[ProgressEvent] = field(default_factory=list)

    def report(self, event: ProgressEvent) -> None:
        self.events.append(event)


class FanOut:
    def __init__(self, reporters: Sequence[Reporter]) -> None:
        self.reporters = list(reporters)

    def report(self, event: ProgressEvent) -> None:
        for reporter in self.reporters:
            reporter.report(event)


def metrics_table(rows: dict[str, dict]) -> str:
    """Held-out figures of one or more models, one row each: the table a run ends with in the
    terminal and in the report channel (leak beside over-masking: masking everything leaks nothing)."""
    lines = ["```", f"{'model':<28}{'leak':>8}{'recall':>8}{'precision':>10}{'over-mask':>11}"]
    for name, m in rows.items():
        lines.append(f"{name:<28}{m['leak_rate']:>8.2%}{m['span_recall']:>8.3f}{m['span_precision']:>10.3f}"
                     f"{m['over_masking']:>11.2%}")
    lines.append("```")
    return "\n".join(lines)
