# Two commands for a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run cluster test lint format demo bench bench-browser load load-single screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m journal.ui.serve $(ARGS)

# An organisation's setup on this machine: PostgreSQL (kept in data/cluster/), 2 Harbour processes, HAProxy on
# http://127.0.0.1:8501 (needs `apt-get install postgresql haproxy`). `make cluster ARGS="--processes 3"`.
cluster: $(STAMP)
	$(BIN)/python -m deploy.cluster $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench

# What a person waits for, in Chromium on this machine (needs Chromium): from a click to the page settled with its
# charts painted, beside the server's own script run; bench/results/browser.json. `ARGS="--runs 5 --phone"`.
bench-browser: $(STAMP)
	$(BIN)/python -m bench.browser $(ARGS)

# 30 browser sessions writing and reading for 3 minutes through HAProxy, on 2 Harbour processes over PostgreSQL
# (needs Chromium, PostgreSQL and HAProxy; a temporary cluster on free ports): first as they are
# (bench/results/load-cluster.json), then with the process holding the most sessions killed at half-time
# (load-failover.json). Both runs always run; it fails if either lost an acknowledged save or had other errors.
load: $(STAMP)
	$(BIN)/python -m bench.load --cluster --sessions 30 --minutes 3; first=$$?; \
	$(BIN)/python -m bench.load --cluster --sessions 30 --minutes 3 --kill-after 90 && exit $$first

# The same 30 sessions against one Harbour process on a DuckDB file (needs Chromium): bench/results/load.json.
load-single: $(STAMP)
	$(BIN)/python -m bench.load --sessions 30 --minutes 3

# The README's pictures, taken by the accessibility journey (light and dark) on the demo year.
screenshots: $(STAMP)
	HARBOUR_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/e2e/test_accessibility.py

demo: $(STAMP)
	$(BIN)/python -m journal demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
