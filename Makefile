# Two commands on a fresh machine (see README):
#   make demo   install vetstat into .venv and consolidate the bundled 2022 samples
#   make test   install vetstat with its test dependencies into .venv and run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint samples schemas bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	mkdir -p out
	$(BIN)/vetstat aggregate samples/2022 -o out/白城市-2022.xlsx --force

test: $(BIN)/python
	$(BIN)/python -m pip install --quiet '.[test]'
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check src tests samples benchmarks
	$(BIN)/mypy

samples:
	$(BIN)/python samples/make_samples.py

schemas:
	$(BIN)/vetstat schema -o schemas --force

bench:
	$(BIN)/python benchmarks/run.py --schools 1000

clean:
	rm -rf $(VENV) out build *.egg-info
