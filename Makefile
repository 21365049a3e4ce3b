# The whole developer interface: `make run` and `make test` (docs/api.md §1), plus `make lint`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint build serve bench eval clean i18n mutate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## run: install, build the graph into var/store, serve on http://127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/policykg build
	$(BIN)/policykg serve

## build: (re)build the graph only
build: $(VENV)/.installed
	$(BIN)/policykg build

## test: install with the dev extras and run the whole suite
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

## eval: extraction precision/recall on the hand-annotated corpus (bench/eval); fails below target
eval: $(VENV)/.installed-dev
	$(BIN)/python bench/eval/run.py

## bench: every benchmark side by side in one run, written to docs/benchmarks.md
## (needs ApacheBench, Debian package apache2-utils, for the /sparql load; minutes at 1M)
BENCH_SIZES ?= 100k,1M
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/suite.py --sizes $(BENCH_SIZES)

## lint: ruff (style, common bugs) and mypy (types; its settings are in pyproject.toml)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check kg api tests bench
	$(BIN)/ruff format --check kg api tests bench
	$(BIN)/mypy

## mutate: mutation testing of the rules (mutmut; what and with which tests: pyproject.toml);
## surviving mutants are listed at the end (judged in docs/testing.md). Minutes on two cores.
MUTATE_CHILDREN ?= 2
mutate: $(VENV)/.installed-dev
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) || true
	$(BIN)/mutmut results

## i18n: extract interface strings into kg/locale/policykg.pot and update the fr and sv catalogues
i18n: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F kg/locale/babel.cfg -k mark -k _ -k gettext -k ngettext:1,2 \
		-o kg/locale/policykg.pot --no-location --sort-output --project=policykg \
		--copyright-holder="policykg contributors" .
	$(BIN)/pybabel update -i kg/locale/policykg.pot -d kg/locale -D policykg \
		--no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf var .pytest_cache
