"""Export the tuned tagger to ONNX and quantize it to int8 for CPU inference."""
from __future__ import annotations

import json
import shutil
from pathlib import Path


def export_onnx(model, tokenizer, model_dir: Path, config: dict) -> Path:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model_dir.mkdir(parents=True, exist_ok=True)
    fp32 = model_dir / "model.fp32.onnx"
    model = model.to("cpu").eval()
    sample = torch.ones((1, 16), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            model, (sample, torch.ones_like(sample)), str(fp32),
            input_names=["input_ids", "attention_mask"], output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "logits": {0: "batch", 1: "tokens"}},
            opset_version=17, dynamo=False,
        )
    quantize_dynamic(str(fp32), str(model_dir / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    for extra in model_dir.glob("model.fp32.onnx*"):
        extra.unlink() if extra.is_file() else shutil.rmtree(extra)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    tokenizer.save(str(model_dir / "tokenizer.json"))
    (model_dir / "maskbot_model.json").write_text(json.dumps(config, indent=2))
    return model_dir / "model.onnx"
