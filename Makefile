# Two entry points for a newcomer: `make run` and `make test`. Each builds .venv as needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: run test bench clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PIP) -e '.[dev]'
	@touch $@

## Install the base package and run the bot (if Slack is configured) or the offline demo.
run: $(VENV)/.base
	$(VENV)/bin/maskbot run

## Install with the test extra and run the whole suite (slow end-to-end tests included).
test: $(VENV)/.dev
	$(PY) -m pytest

## Benchmarks against ../shared/data (not part of the tests), with Presidio side by side.
DATA ?= ../shared/data
bench: $(VENV)/.dev
	$(PIP) -e '.[bench]'
	$(PY) benchmarks/rules_engine.py --data $(DATA)/eval

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
