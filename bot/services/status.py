"""The status admins and App Home show: engine, model, monitored channels, recent counts."""
from __future__ import annotations

from bot.services.channels import not_joined
from bot.services.container import Services
from masking.engines.local_model import LocalModelDetector


def status_text(services: Services) -> str:
    engine = services.masker.engine_name()
    lines = [f"*Engine:* `{engine}`"]
    try:
        pipeline = services.masker.pipeline()
        lines[0] += f" (running `{pipeline.name}`)"
        for detector in pipeline.detectors:
            if isinstance(detector, LocalModelDetector):
                info = detector.info
                metrics = (info.get("metrics") or {}).get("local+rules") or {}
                lines.append(f"*Model:* `{info.get('version', '?')}`"
                             + (f", held-out leak rate {metrics['leak_rate']:.2%}" if "leak_rate" in metrics else ""))
    except Exception as exc:  # status must render even when the engine cannot load
        lines.append(f"*Engine problem:* {type(exc).__name__}")
    monitored = services.store.monitored()
    waiting = not_joined(services.store, monitored)
    lines.append("*Monitored channels:* " + (", ".join(f"<#{c}>" + (" (not joined: invite me)" if c in waiting else "")
                                                       for c in monitored) if monitored else "none"))
    report = services.redactor.report_channel()
    lines.append("*Report channel:* " + (f"<#{report}>" if report else "not set"))
    run = services.store.active_run()
    if run:
        lines.append(f"*Training:* run #{run.id} ({run.kind}) is {run.state}")
    version = services.masker.live_version()
    if version:
        lines.append(f"*Live trained version:* `{version}`")
    counts = services.store.recent_counts()
    lines.append("*Last 7 days:* " + (", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items()))
                                      if counts else "nothing yet"))
    return "\n".join(lines)
