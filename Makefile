# parkbalance — the two Quick start commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out/ordos-low-carbon

.PHONY: run test test-all lint bench clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m simulator.studies.sweep_warm
	touch $(STAMP)

install: $(STAMP)

## run: set up .venv, install, run the main job on the default scenario
run: $(STAMP)
	$(BIN)/parkbalance run --out $(OUT)

## test: lint and the test suite (without tests marked slow)
test: $(STAMP)
	$(BIN)/ruff check simulator solvers benchmarks tests
	$(BIN)/python -m pytest -n 2 -m "not slow" -q

test-all: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check simulator solvers benchmarks tests

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m benchmarks --quick --out bench-out

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
