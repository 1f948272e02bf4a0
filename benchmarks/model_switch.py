"""How long a web process takes to switch to a promoted model (issue #6): from `set_live` in the
database to the first message masked by the new version, in a process already serving.

    python benchmarks/model_switch.py
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.services.masker import Masker  # noqa: E402
from bot.store import Store  # noqa: E402
from masking.engines.local_model import BUNDLED_MODEL_DIR  # noqa: E402
from masking.settings import MaskingSettings  # noqa: E402

MESSAGE = "Hi team, Margaret Okonkwo's new number is +44 20 7946 0958."


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/switch.db")
        masker = Masker(MaskingSettings(engine="auto"), store)
        masker.pipeline().mask(MESSAGE)  # serving with the bundled model
        steady = []
        for _ in range(50):
            t0 = time.perf_counter()
            masker.pipeline().mask(MESSAGE)
            steady.append((time.perf_counter() - t0) * 1000)
        switches = []
        for i in range(3):
            folder = Path(tmp) / f"v{i}"
            shutil.copytree(BUNDLED_MODEL_DIR, folder)
            store.add_version(f"local-v{i}", "local", str(folder), {})
            t0 = time.perf_counter()
            store.set_live(f"local-v{i}")
            masker.pipeline().mask(MESSAGE)
            switches.append((time.perf_counter() - t0) * 1000)
            assert masker.live_version() == f"local-v{i}"
    print(f"steady state, per message (DB version check + masking): p50 {statistics.median(steady):.1f} ms")
    print(f"promotion to first message on the new model: {', '.join(f'{s:.0f}' for s in switches)} ms "
          f"(median {statistics.median(switches):.0f} ms; other requests keep the old model meanwhile)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
