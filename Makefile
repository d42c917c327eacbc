# Arbetsmål: two commands do everything on a fresh machine: `make run` and `make test`.
# Two test lanes: `make check` while coding (lint, the layers and every test without a browser,
# AppTest, Kaleido or a process of its own; 2 minutes on two quiet cores in December 2026, the
# aim is at most 2,5),
# `make test` before a merge (all of it, as CI runs it). tests/lanes.py decides the lanes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium
PORT   ?= 8501
# The test lanes run in one worker per core (pytest-xdist); a test module stays on one worker,
# so its module-wide fixtures are built once (`--dist loadscope`).
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
XDIST   = -n $(WORKERS) --dist loadscope

# Python's compiled bytecode goes to the virtual environment, not beside the sources: a machine
# that turns bytecode off (PYTHONDONTWRITEBYTECODE) otherwise compiles every module, and pytest
# rewrites every test module, in each process of every run.
export PYTHONPYCACHEPREFIX := $(abspath $(VENV))/pycache
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup run warehouse demo check test test-fast bench lint format chromium clean

setup: $(STAMP)

# --no-compile: the targets below read bytecode from $(VENV)/pycache (PYTHONPYCACHEPREFIX), never
# from the packages' own __pycache__, so compiling every installed module was wasted: half of a
# fresh install's minute.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Builds the warehouse with demo data only when it holds no data yet.
warehouse: setup
	$(BIN)/python -m pipelines demo --if-empty

run: warehouse
	$(BIN)/python -m pipelines.app.serve app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Debian's Chromium drives the browser tests and kaleido's static export.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium (browser tests, static chart export)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; \
	  else \
	    echo "Chromium is missing at $(CHROMIUM): install Debian's package 'chromium' (as root: apt-get install chromium)"; exit 1; \
	  fi; \
	fi

# The fast lane: ruff, the layers contract, and the tests that need no browser, no AppTest, no
# Kaleido and no process of their own (their markers are set by tests/lanes.py).
CHECK_TESTS = not browser and not apptest and not render and not slow
check: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -m "$(CHECK_TESTS)" $(XDIST) -q --durations=10

# Everything, as CI runs it (.ci/run), but the benchmarks' smoke run (in `make bench`).
test: setup chromium
	$(BIN)/python -m pytest -m "not bench" $(XDIST) --durations=15

# The old name of `make check`.
test-fast: check

# The benchmarks: first their smoke run at tiny sizes (every measure is written, every page runs;
# 7-8 minutes on a loaded machine), then the measures themselves (see docs/scaling.md).
bench: setup chromium
	$(BIN)/python -m pytest -m bench -q
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
