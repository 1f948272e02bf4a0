"""Continued training that stays close to the live model: distillation on the original rows.

A feedback retrain teaches a handful of words; everything else the live model does is to be kept.
Gold labels alone do not keep it: the generated rows' labels differ from what the live model
learnt to do on real traffic (its screens, thresholds and quirks all sit on its own outputs), so a
retrain that fits them drifts, and the promotion gate keeps it out. Here the live model is the
teacher: on every window of the original rows the new model matches the live model's tag
distribution (KL divergence at a temperature) instead of the rows' labels, which the live model
already learnt (refitting them pulled it back towards the generator's world: chmod modes as street
numbers, "Project Pythia" as a person, and the gate kept it out), while the workspace's rows are
learnt from their labels, so the reported words can change and nothing else need.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

TEMPERATURE = 2.0
WEIGHT = 1.0  # of the distillation term beside the label loss


class TeacherMismatch(ValueError):
    pass


class Teacher:
    """The live int8 model, one window at a time (as it runs in the bot: a window's logits never
    depend on its neighbours in a batch)."""

    def __init__(self, model_dir: Path, tags: tuple[str, ...]) -> None:
        import onnxruntime as ort

        from masking.engines.local_model import CONFIG_FILE, MODEL_FILE

        config = json.loads((Path(model_dir) / CONFIG_FILE).read_text())
        if tuple(config.get("tags", ())) != tuple(tags):
            raise TeacherMismatch("the live model tags other labels than this training run")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(Path(model_dir) / MODEL_FILE), options,
                                            providers=["CPUExecutionProvider"])
        self.inputs = frozenset(i.name for i in self.session.get_inputs())

    def logits(self, ids: list[int]) -> np.ndarray:
        """Computed afresh each time: a few ms a window beside a training step of a second, where
        keeping every window's logits would hold gigabytes on a 30,000-row run."""
        input_ids = np.asarray([ids], dtype=np.int64)
        feeds = {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(input_ids)
        return self.session.run(None, feeds)[0][0].astype(np.float32)

    def batch(self, windows, width: int, torch, device):
        """Teacher logits padded to the batch width, and which rows the teacher speaks for."""
        rows = [self.logits(w.input_ids) if w.distil else None for w in windows]
        tags = next((r.shape[-1] for r in rows if r is not None), 0)
        out = np.zeros((len(windows), width, max(tags, 1)), np.float32)
        keep = np.zeros((len(windows), width), np.float32)
        for i, r in enumerate(rows):
            if r is not None:
                out[i, :len(r)] = r
                keep[i, :len(r)] = 1.0
        return torch.from_numpy(out).to(device), torch.from_numpy(keep).to(device)


def combined_loss(logits, labels, teacher_logits, keep, torch):
    """Label loss where the teacher is silent (the workspace's rows), distillation where it speaks."""
    taught = keep.bool()
    labels = labels.masked_fill(taught, -100)
    counted = labels != -100
    label_loss = torch.nn.functional.cross_entropy(logits[counted], labels[counted]) if bool(counted.any()) \
        else logits.new_zeros(())
    return label_loss + WEIGHT * distillation_loss(logits, teacher_logits, keep, torch)


def distillation_loss(student_logits, teacher_logits, keep, torch, temperature: float = TEMPERATURE):
    """Mean per-token KL(teacher || student) over the tokens the teacher speaks for, scaled by T²."""
    if float(keep.sum()) == 0.0:
        return student_logits.new_zeros(())
    log_student = torch.log_softmax(student_logits / temperature, dim=-1)
    teacher = torch.softmax(teacher_logits / temperature, dim=-1)
    per_token = (teacher * (torch.log(teacher.clamp_min(1e-9)) - log_student)).sum(-1)
    return (per_token * keep).sum() / keep.sum() * temperature ** 2
