"""What an export job did, for the closing table: counts only, never values."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ExportSummary:
    files: int = 0
    messages: int = 0
    masked_messages: int = 0
    values: int = 0
    kinds: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # one line per file or row left out, with why
    elapsed_s: float = 0.0

    def add(self, result) -> None:
        """One more file, with its counts (a FileResult)."""
        self.files += 1
        self.merge(result)

    def merge(self, part) -> None:
        """Counts of part of the job (a FileResult, or the summary of a chunk of rows)."""
        self.messages += part.messages
        self.masked_messages += part.masked_messages
        self.values += part.values
        self.kinds.update(part.kinds)
        self.skipped += getattr(part, "skipped", [])

    def count(self, result) -> None:
        """One dataset row's MaskResult."""
        self.messages += 1
        if result.spans:
            self.masked_messages += 1
            self.values += len(result.spans)
            self.kinds.update(span.label for span in result.spans)

    def table(self, unit: str = "messages") -> str:
        rate = self.messages / self.elapsed_s if self.elapsed_s else 0.0
        lines = [f"{'files':<22}{self.files:>12,}",
                 f"{unit:<22}{self.messages:>12,}",
                 f"{'masked ' + unit:<22}{self.masked_messages:>12,}",
                 f"{'values replaced':<22}{self.values:>12,}",
                 f"{unit + ' per second':<22}{rate:>12,.1f}"]
        lines += [f"  {kind:<20}{count:>12,}" for kind, count in self.kinds.most_common()]
        if self.skipped:
            lines.append(f"{'skipped':<22}{len(self.skipped):>12,}")
            lines += [f"  {why}" for why in self.skipped]
        return "\n".join(lines)
