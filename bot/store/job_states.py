"""A message's redaction job as one state machine: every step it may take, in one place.

    queued ──post copy──▶ posted ──delete original──▶ done
      │                     │
      │                     ├─ delete refused, copy removed ─────▶ rolled_back
      │                     ├─ original gone meanwhile, copy removed ▶ done ("original gone")
      │                     └─ delete still ambiguous: stays posted; the sweeper tries again
      ├─ clean, or gone before posting ─────▶ done
      ├─ could not check, or could not post ▶ reported
      └─ a part of a long copy posted: stays queued with the parts' ts recorded

Who moves a job: the process holding it (`holder`, renewing its lease while the job waits or
runs), or, once the lease ran out or was handed back on a graceful stop, whichever process's
sweeper takes it (`take_stale_jobs`). `done`, `rolled_back` and `reported` are final, except that
a job that ended with no copy ever posted may be claimed again (`REOPENABLE`): an edit that adds
PII, or a later flag, is new work on the same message.
"""
from __future__ import annotations

OPEN = ("queued", "posted")
FINAL = ("done", "rolled_back", "reported")
REOPENABLE = FINAL  # only while no copy was ever posted (copy_ts empty): see JobStore.claim_job

# step -> the steps a job may be in to move there
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "queued": ("queued",),
    "posted": ("queued", "posted"),
    "done": OPEN,
    "rolled_back": OPEN,
    "reported": OPEN,
}
