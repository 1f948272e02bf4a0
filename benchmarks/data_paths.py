"""Data paths given to a benchmark: a missing one is a one-line usage error, not a traceback."""
from __future__ import annotations

import argparse
from pathlib import Path


def existing_path(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(
            f"{value}: no such file or folder (the reference data is ../shared/data in the development layout; "
            "pass where yours is)")
    return path
