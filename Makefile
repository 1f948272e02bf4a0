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

## Benchmarks against ../shared/data (not part of the tests).
bench: $(VENV)/.dev
	$(PY) benchmarks/rules_engine.py --data ../shared/data/eval

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
