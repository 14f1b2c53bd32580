# Gongjian — `make demo` runs the sample on the embedded store; `make test` runs the whole suite and the install check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-install test-neo4j-latest lint system bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

# Debian packages the browser tests and CJK images need (chromium, a CJK font).
system:
	bash scripts/install-system-packages.sh

demo: $(STAMP)
	$(BIN)/gongjian demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: $(STAMP) system lint
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-install
	$(MAKE) --no-print-directory test-neo4j-latest

# The wheel as users get it (about 15 s, offline): built from the files git knows, installed
# (not editable) into a fresh virtual environment, and `gongjian demo --no-serve`, `analyze`
# and `generate` run there from a temporary folder (scripts/check_install.py says how).
test-install: $(STAMP)
	$(BIN)/python scripts/check_install.py

# The Neo4j tests again on the newest calendar-versioned release, which needs Java 21 or newer
# (JAVA21_HOME; found among the usual JDK folders). Without one the step says so and passes.
NEO4J_LATEST ?= 2026.08.1
JAVA21_HOME  ?= $(firstword $(foreach d,$(wildcard /usr/lib/jvm/*),$(if $(shell $(d)/bin/java -version 2>&1 | grep -E 'version "(2[1-9]|[3-9][0-9])'),$(d))))
test-neo4j-latest: $(STAMP)
	@if [ -n "$(JAVA21_HOME)" ]; then \
	  echo "Neo4j tests on Neo4j $(NEO4J_LATEST) with $(JAVA21_HOME)"; \
	  JAVA_HOME=$(JAVA21_HOME) GONGJIAN_NEO4J_VERSION=$(NEO4J_LATEST) $(BIN)/python -m pytest -q -m "neo4j and not slow" \
	    tests/test_store_contract.py tests/test_neo4j_store.py tests/test_analyst_queries.py tests/test_report.py; \
	else echo "No Java 21+ found (set JAVA21_HOME): Neo4j $(NEO4J_LATEST) tests skipped"; fi

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis benchmarks/.cache
