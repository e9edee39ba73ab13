# Two commands for a fresh machine (Python 3.11+, pip, make):
#   make site   build the sample site into output/ and print which file to open
#   make test   run the whole test suite
# Each creates the local virtual environment .venv on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The sample notices are dated around this moment, so the sample site shows every period state.
SAMPLE_NOW ?= 2026-12-01T10:00

.PHONY: site test check serve clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/gongshi build --now $(SAMPLE_NOW)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

check: $(VENV)/.installed
	$(BIN)/gongshi check

clean:
	rm -rf output $(VENV)
