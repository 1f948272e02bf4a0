# Two entry points for a newcomer: `make run` and `make test`. Each builds .venv as needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: run test docs-check bench clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	@touch $@

# torch 2.13.0 first: the CPU build (on this machine's disk) instead of a multi-GB CUDA download.
$(VENV)/.dev: $(VENV)/.base
	$(PIP) torch==2.13.0
	$(PIP) -e '.[dev,train,gemini,scale,ocr]'
	@touch $@

## Install the base package and run the bot (if Slack is configured) or the offline demo.
run: $(VENV)/.base
	$(VENV)/bin/maskbot run

## Install with the test, training, Gemini, scale and OCR extras and run the whole suite (slow tests included).
test: $(VENV)/.dev
	$(PY) -m pytest

## Every command README.md and docs/ show, run as written (long ones for a bounded time).
docs-check: $(VENV)/.dev
	$(PY) -m pytest -m docs tests/test_docs_commands.py

## Benchmarks against ../shared/data (not part of the tests), with Presidio side by side.
DATA ?= ../shared/data
bench: $(VENV)/.dev
	$(PIP) -e '.[bench]'
	$(PY) benchmarks/rules_engine.py --data $(DATA)/eval

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
