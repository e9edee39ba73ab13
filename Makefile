# Two commands for a fresh machine (Python 3.11+, pip, make):
#   make site   build the sample site into output/ and print which file to open
#   make test   run the whole test suite
#   make serve  preview the sample site at http://127.0.0.1:8000/ while editing it
# Each creates the local virtual environment .venv on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The sample notices are dated around this moment, so the sample site shows every period state.
SAMPLE_NOW ?= 2026-12-01T10:00

.PHONY: site test lint check serve clean

# The install prints nothing when it goes well: setuptools' note that an editable install is one (it says so
# for every package whose themes come from another folder, as ours do) is the only message turned off.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/gongshi build --now $(SAMPLE_NOW)

# The checkers the tests run on the built site (axe-core, the Nu HTML Checker) and the browser editor the
# CMS test drives (decap-cms, decap-server), as package-lock.json pins them; reinstalled when the lock file changes. Install scripts are skipped: vnu.jar runs on the
# system's Java. Without npm those tests are skipped (under CI=true they fail).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts && touch $@; \
	else \
	  echo "npm not found (apt-get install npm): accessibility and HTML checks will not run" >&2; \
	fi

test: $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m pytest -n auto --dist load

# ruff with the settings of pyproject.toml, then mypy over generator/ (also run by .ci/run, before the tests).
lint: $(VENV)/.installed
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

check: $(VENV)/.installed
	$(BIN)/gongshi check

# The live preview of the sample site at http://127.0.0.1:8000/, rebuilt on every save (Ctrl-C stops it).
serve: $(VENV)/.installed
	$(BIN)/gongshi serve --now $(SAMPLE_NOW)

clean:
	rm -rf output $(VENV) node_modules
