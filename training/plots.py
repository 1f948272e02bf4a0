"""Loss plots: mean loss per epoch (the seed recipe's plot), with per-step loss where known."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence


def plot_loss(path: Path, epoch_means: Sequence[float], step_losses: Sequence[float] = (),
              steps_per_epoch: int | None = None, title: str = "training loss") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    try:
        import seaborn as sns

        sns.set_theme(style="whitegrid")
    except ImportError:
        pass
    fig, ax = plt.subplots(figsize=(7, 4))
    if step_losses and steps_per_epoch:
        ax.plot([(i + 1) / steps_per_epoch for i in range(len(step_losses))], step_losses,
                alpha=0.35, linewidth=0.8, label="loss per step")
    ax.plot(range(1, len(epoch_means) + 1), epoch_means, marker="o", linewidth=2, label="mean loss per epoch")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
