# The whole developer interface: `make run` and `make test` (docs/api.md §1), plus `make lint`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint build serve bench eval clean i18n mutate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project's own modules are byte-compiled once, as pip does for an installed package:
# where PYTHONDONTWRITEBYTECODE is set (container images often set it), every start would
# otherwise compile them again (~0.1 s of `policykg serve`'s first answer).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q kg api >/dev/null
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q kg api >/dev/null
	touch $@ $(VENV)/.installed

## run: install, build the graph into var/store, serve on http://127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/python -m compileall -q kg api >/dev/null
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

## mutate: mutation testing of the rules (mutmut, configured in pyproject.toml): each one-line
## change to the functions below must make a fast test fail; survivors are listed at the end
## and judged in docs/testing.md. Minutes on two idle cores (the first run also writes mutants/).
MUTATE_CHILDREN ?= 2
MUTATE_RULES ?= 'kg.facts.*' \
	'kg.analysis.compare.x_compare__*' 'kg.analysis.compare.x_severity_order__*' \
	'kg.analysis.compare.x_parse_date__*' 'kg.analysis.compare.x*_Reader*item__*' \
	'kg.analysis.compare.x*_Reader*absence__*' \
	'kg.analysis.coverage.x_coverage__*' 'kg.analysis.coverage.x__status__*' \
	'kg.analysis.coverage.x_uncovered__*' 'kg.analysis.coverage.x*Period*holds_on__*' \
	'kg.analysis.coverage.x__scopes__*' \
	'kg.ingest.extract.resolve.x_resolve_citations__*' 'kg.ingest.extract.resolve.x__versions__*' \
	'kg.ingest.extract.resolve.x__reason__*' 'kg.ingest.extract.resolve.x_citation_iri__*' \
	'kg.ingest.extract.resolve.x*InstrumentNames*' 'kg.ingest.extract.resolve.x__dated_key__*' \
	'kg.analysis.gaps.x*_Analysis*status__*' 'kg.analysis.gaps.x*_Analysis*_topic__*' \
	'kg.analysis.gaps.x*_Analysis*_kind__*' 'kg.analysis.gaps.x*_Analysis*_penalties__*' \
	'kg.analysis.gaps.x*_Analysis*_element_findings__*' 'kg.analysis.gaps.x*_Analysis*_ranked__*' \
	'kg.analysis.gaps.x__highest__*' 'kg.analysis.gaps.x__minimum_order__*' \
	'kg.analysis.gaps.x__minimum_value__*' 'kg.analysis.gaps.x__unrecorded__*' \
	'kg.analysis.penalties.x_compare_custody__*' 'kg.analysis.penalties.x*Custody*of__*' \
	'kg.analysis.brief.x_ask_status__*' 'kg.analysis.brief.x_topic_answer__*' \
	'kg.analysis.brief.x_key_fact__*' 'kg.analysis.brief.x_check_citation__*' \
	'kg.analysis.brief.x_check_penalty__*' 'kg.analysis.brief.x__in_force__*' \
	'kg.analysis.ask_answers.x__by_topic__*' 'kg.analysis.ask_answers.x__figures_status__*' \
	'kg.analysis.asks.x_ask_topics__*' \
	'kg.analysis.claims.x*_Checker*_resource_verdict__*' \
	'kg.analysis.claims.x*_Checker*law_unchanged__*' 'kg.analysis.claims.x*_Checker*_successors__*' \
	'kg.analysis.claims.x*_Checker*_dated__*' \
	'kg.analysis.timeline.x__timeline__*' 'kg.analysis.timeline.x__creations__*' \
	'kg.analysis.timeline.x__fact_events__*' 'kg.analysis.timeline.x__fact_kinds__*' \
	'kg.analysis.timeline.x__sanction_events__*' 'kg.analysis.timeline.x__versions__*' \
	'kg.analysis.timeline.x__penalty__*' 'kg.analysis.timeline.x__change_event__*' \
	'kg.analysis.timeline.x__direction__*' 'kg.analysis.timeline.x__from_to__*' \
	'kg.analysis.timeline.x__fine__*'
mutate: $(VENV)/.installed-dev
	$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) $(MUTATE_RULES) || true
	$(BIN)/mutmut results

## i18n: extract interface strings into kg/locale/policykg.pot, the API documentation's texts
## (/openapi.json, /docs) into kg/locale/openapi.pot, and update the fr and sv catalogues
i18n: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F kg/locale/babel.cfg -k mark -k _ -k gettext -k ngettext:1,2 \
		-o kg/locale/policykg.pot --no-location --sort-output --project=policykg \
		--copyright-holder="policykg contributors" .
	$(BIN)/pybabel update -i kg/locale/policykg.pot -d kg/locale -D policykg \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -m api.openapi_texts kg/locale/openapi.pot
	$(BIN)/pybabel update -i kg/locale/openapi.pot -d kg/locale -D openapi \
		--no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf var .pytest_cache
