# Arbetsmål: two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium
PORT   ?= 8501

.PHONY: setup run warehouse demo test test-fast bench lint format chromium clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
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

test: setup chromium
	$(BIN)/python -m pytest

# Everything but the browser and multi-process tests: for a quick loop while coding.
test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not slow" -x -q

bench: setup
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
