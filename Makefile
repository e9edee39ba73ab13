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

.PHONY: site test lint check serve clean mutation

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

# Mutation testing of the pure modules with mutmut (by hand, not in CI; CONTRIBUTING.md, "Mutation testing").
# One module at a time, at low priority, each against its own unit test file only (the others' are
# deselected); `make mutation MUTATE=outline` runs one. Logs and each survivor's diff go to .mutation/.
MUTATE ?= contacts outline periods sanitize progress
mutation_module_periods := generator.notice.periods
mutation_module_contacts := generator.notice.contacts
mutation_module_sanitize := generator.markdown.sanitize
mutation_module_progress := generator.notice.progress
mutation_module_outline := generator.notice.outline
mutation_tests_periods := tests/notice/test_periods.py
mutation_tests_contacts := tests/notice/test_contacts.py
mutation_tests_sanitize := tests/markdown/test_sanitize.py
mutation_tests_progress := tests/notice/test_progress_rules.py
mutation_tests_outline := tests/notice/test_outline.py
MUTATION_TESTS := $(foreach m,periods contacts sanitize progress outline,$(mutation_tests_$(m)))

define mutate_module
	rm -rf mutants
	PYTEST_ADDOPTS="$(foreach t,$(filter-out $(mutation_tests_$(1)),$(MUTATION_TESTS)),--deselect $(t))" \
	  nice -n 15 $(BIN)/mutmut run --max-children 1 '$(mutation_module_$(1)).*' > .mutation/$(1).log 2>&1
	$(BIN)/mutmut results --all true 2>/dev/null | grep ' $(mutation_module_$(1))\.' > .mutation/$(1).results
	for name in $$(grep -v ': killed$$\|: timeout$$' .mutation/$(1).results | cut -d: -f1); do \
	  $(BIN)/mutmut show $$name; done > .mutation/$(1).survivors 2>&1
	awk -F': ' '{ n++; if ($$2 == "killed" || $$2 == "timeout") k++ } END { \
	  printf "%-9s %4d of %4d mutants killed (%.1f %%)\n", "$(1)", k, n, n ? 100 * k / n : 0 }' \
	  .mutation/$(1).results | tee -a .mutation/scores.txt

endef

mutation: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	mkdir -p .mutation && rm -f .mutation/scores.txt
	$(foreach m,$(MUTATE),$(call mutate_module,$(m)))
	rm -rf mutants

clean:
	rm -rf output $(VENV) node_modules .mutation mutants
