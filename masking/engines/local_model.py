"""The local model detector: a tuned MiniLM token tagger run as int8 ONNX.

Runs with onnxruntime + tokenizers + numpy only (no torch), loads lazily once per process, and
reads its tag set and window size from the model folder, so a model trained later by
`maskbot train local` can be pointed to (`MASKBOT_MODEL_DIR`) without reinstalling.
"""
from __future__ import annotations

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Sequence

import numpy as np

from masking.spans import Span

BUNDLED_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "pii-minilm"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "maskbot_model.json"

# Chosen on our own development sets with benchmarks/thresholds.py (never on ai4privacy rows).
DEFAULT_THRESHOLD = 0.3  # 0.3-0.5 tie on precision; 0.3 also catches a Kana name (dev set)

_LOCK = threading.Lock()
_LOADED: dict[Path, "_Loaded"] = {}


class ModelUnavailable(RuntimeError):
    pass


def model_available(model_dir: Path | None = None) -> bool:
    folder = Path(model_dir or BUNDLED_MODEL_DIR)
    if not all((folder / name).exists() for name in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE)):
        return False
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class _Loaded:
    session: object
    tokenizer: object
    tags: tuple[str, ...]
    max_tokens: int
    stride: int
    input_names: frozenset[str]
    config: dict


# Model runs at once in this process, whatever the number of threads asking: more than the cores
# adds no speed, and each concurrent run holds its own activations (a burst of long messages on
# many listener threads would otherwise grow memory by hundreds of MB).
_RUNS = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))


def _run_window(model: "_Loaded", ids: list[int]) -> np.ndarray:
    input_ids = np.asarray([ids], dtype=np.int64)
    feeds = {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)}
    if "token_type_ids" in model.input_names:
        feeds["token_type_ids"] = np.zeros_like(input_ids)
    with _RUNS:
        return model.session.run(None, feeds)[0][0]


def _load(folder: Path) -> _Loaded:
    with _LOCK:
        if folder in _LOADED:
            return _LOADED[folder]
        if not model_available(folder):
            raise ModelUnavailable(f"no usable model in {folder} (needs {MODEL_FILE}, {TOKENIZER_FILE}, "
                                   f"{CONFIG_FILE}, onnxruntime and tokenizers)")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((folder / CONFIG_FILE).read_text())
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # parallelism is across windows (LocalModelDetector.threads)
        options.enable_cpu_mem_arena = False  # give activations back after each run: memory stays flat
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        tokenizer.no_truncation()  # long messages are windowed, never cut
        tokenizer.no_padding()
        loaded = _Loaded(session, tokenizer, tuple(config["tags"]), int(config.get("max_tokens", 128)),
                         int(config.get("stride", 96)), frozenset(i.name for i in session.get_inputs()), config)
        _LOADED[folder] = loaded
        return loaded


class LocalModelDetector:
    """Each window runs alone (batch of one, no padding): the int8 model quantises activations
    dynamically per run, so a shared batch would make a message's spans depend on its neighbours.
    Throughput comes from running windows on `threads` cores at once instead."""

    name = "local"

    def __init__(self, model_dir: Path | str | None = None, *, threads: int = 1,
                 min_entity_prob: float = DEFAULT_THRESHOLD, labels: frozenset[str] | None = None) -> None:
        self.model_dir = Path(model_dir or BUNDLED_MODEL_DIR)
        self.threads = max(1, threads)
        self.min_entity_prob = min_entity_prob
        self.labels = labels  # the policy's labels: a token is PII when their mass wins; None: all
        self._pool: ThreadPoolExecutor | None = None

    @property
    def info(self) -> dict:
        return _load(self.model_dir).config

    def detect(self, text: str) -> list[Span]:
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: Sequence[str]) -> list[list[Span]]:
        model = _load(self.model_dir)
        encodings = model.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        cls_id, sep_id = model.tokenizer.token_to_id("[CLS]"), model.tokenizer.token_to_id("[SEP]")
        windows: list[tuple[int, int, list[int]]] = []  # (text index, first token, ids)
        body = model.max_tokens - 2
        for index, enc in enumerate(encodings):
            start = 0
            while True:
                windows.append((index, start, [cls_id, *enc.ids[start:start + body], sep_id]))
                if start + body >= len(enc.ids):
                    break
                start += model.stride
        summed = [np.zeros((len(enc.ids), len(model.tags)), dtype=np.float32) for enc in encodings]
        counts = [np.zeros((len(enc.ids), 1), dtype=np.float32) for enc in encodings]
        run = partial(_run_window, model)
        if self.threads > 1 and len(windows) > 1:
            results = self._executor().map(run, [ids for _, _, ids in windows])  # in order, as they finish
        else:
            results = (run(ids) for _, _, ids in windows)
        for (index, first, ids), logits in zip(windows, results):
            n = len(ids) - 2
            summed[index][first:first + n] += logits[1:1 + n]
            counts[index][first:first + n] += 1
        return [self._spans(texts[i], encodings[i].offsets, summed[i] / np.maximum(counts[i], 1), model.tags)
                for i in range(len(texts))]

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="maskbot-model")
        return self._pool

    def _spans(self, text: str, offsets, logits: np.ndarray, tags: tuple[str, ...]) -> list[Span]:
        if not len(offsets):
            return []
        probs = logits  # a fresh array (the window average): softmax in place keeps long messages small
        probs -= probs.max(axis=1, keepdims=True)
        np.exp(probs, out=probs)
        probs /= probs.sum(axis=1, keepdims=True)
        wanted = self._wanted(tags)
        chosen = probs[:, wanted]
        entity_prob = chosen.sum(axis=1)
        best = wanted[chosen.argmax(axis=1)]
        del chosen
        spans: list[Span] = []
        current: list = []  # [start, end, type, probs]
        for k, (start, end) in enumerate(offsets):
            if end <= start:
                continue
            if entity_prob[k] < self.min_entity_prob:
                if current:
                    spans.append(self._close(current))
                    current = []
                continue
            prefix, _, kind = tags[best[k]].partition("-")
            continues = bool(current) and current[2] == kind and (
                prefix == "I" or start == current[1]  # same word (sub-token) or an inside tag
            )
            if continues:
                current[1] = end
                current[3].append(float(entity_prob[k]))
            else:
                if current:
                    spans.append(self._close(current))
                current = [start, end, kind, [float(entity_prob[k])]]
        if current:
            spans.append(self._close(current))
        return [w for w in (_to_word_bounds(text, s) for s in spans) if not _is_keyword(text[w.start:w.end])]

    def _wanted(self, tags: tuple[str, ...]) -> np.ndarray:
        """Tag indices of the labels the policy masks. Decoding over them, rather than dropping
        spans of other labels afterwards, keeps a name the model half-read as a company."""
        return np.asarray([i for i, tag in enumerate(tags) if tag != "O"
                           and (self.labels is None or tag.partition("-")[2] in self.labels)] or [0])

    def _close(self, current: list) -> Span:
        start, end, kind, probs = current
        return Span(start, end, kind, round(sum(probs) / len(probs), 3), self.name)


# Words that name a kind of personal data, or carry none: a span made only of them is the
# sentence talking *about* PII ("send your IBAN"), not a value.
_NOT_VALUES = frozenset("""
iban bic swift cvv cvc imei ssn dob pin vin ip ipv4 ipv6 mac url email e-mail phone password username
account card passport license licence address zip zipcode postcode bitcoin ethereum litecoin
a an the of and or to in on at for with by from this that these those it its is are was be your my our their
""".split())


def _is_keyword(value: str) -> bool:
    words = [w.strip(".,;:!?()[]'\"").lower() for w in value.split()]
    return all(w in _NOT_VALUES or not w for w in words)


def _to_word_bounds(text: str, span: Span) -> Span:
    """Widen to whole words: a name half-masked at a sub-token boundary still leaks."""
    start, end = span.start, span.end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(start, end, span.label, span.score, span.source)
