"""Start a retrain from a shipped maskbot model instead of the bare base encoder.

Only the int8 ONNX export ships (the package must stay small and torch-free), so the weights are
read back from it: embeddings and linear layers are dequantised (`(q - zero_point) * scale`),
biases and LayerNorms are stored as they were. A retrain that starts here keeps what the live
model knows and spends its few minutes on the workspace's corrections; one that starts from the
base encoder must relearn everything and, in a few minutes, leaks more than the live model.
"""
from __future__ import annotations

import json
from pathlib import Path

_Q, _SCALE, _ZERO = "_quantized", "_scale", "_zero_point"


class IncompatibleModel(ValueError):
    """The model folder cannot seed this training code (other tags, other architecture)."""


def state_dict_from_onnx(model_dir: Path) -> dict:
    """torch parameter name -> tensor, for every weight in `model_dir`/model.onnx."""
    import numpy as np
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(str(Path(model_dir) / "model.onnx")).graph
    arrays = {t.name: numpy_helper.to_array(t) for t in graph.initializer}

    def dequantised(base: str):
        q = arrays[base + _Q].astype(np.float32)
        return (q - arrays[base + _ZERO].astype(np.float32)) * arrays[base + _SCALE].astype(np.float32)

    state = {name: value for name, value in arrays.items()
             if value.dtype == np.float32 and value.ndim and not name.startswith("onnx::")
             and not name.endswith((_Q, _SCALE, _ZERO))}
    for name in arrays:  # embeddings keep their parameter's name
        if name.endswith(".weight" + _Q):
            state[name[: -len(_Q)]] = dequantised(name[: -len(_Q)])
    for node in graph.node:  # a linear layer's weight is named by its node: /bert/encoder/layer.0/…/query/MatMul
        if node.op_type not in ("MatMulInteger", "MatMul"):
            continue
        weight = node.input[1]
        if weight.endswith(_Q):
            value = dequantised(weight[: -len(_Q)])
        elif weight in arrays:
            value = arrays[weight]
        else:
            continue  # attention's activation-by-activation products hold no weight
        module = node.output[0].split("/MatMul")[0].strip("/").replace("/", ".")
        state[module + ".weight"] = value.T  # ONNX multiplies by W as [in, out]; torch keeps [out, in]
    return {name: torch.from_numpy(np.array(value, dtype=np.float32, copy=True)) for name, value in state.items()}


def load_into(model, model_dir: Path, tags: tuple[str, ...]) -> None:
    """Copy `model_dir`'s weights into `model` (a freshly built tagger with the same tags)."""
    meta = json.loads((Path(model_dir) / "maskbot_model.json").read_text())
    if tuple(meta.get("tags", ())) != tuple(tags):
        raise IncompatibleModel(f"{model_dir} predicts other tags than this training code")
    state = state_dict_from_onnx(model_dir)
    expected = model.state_dict()
    missing = [name for name in expected if name not in state and not name.endswith("position_ids")]
    wrong = [name for name, value in state.items() if name in expected and value.shape != expected[name].shape]
    if missing or wrong:
        raise IncompatibleModel(f"{model_dir} does not fit the base architecture "
                                f"({len(missing)} weights missing, {len(wrong)} of another shape)")
    model.load_state_dict({name: value for name, value in state.items() if name in expected}, strict=False)
