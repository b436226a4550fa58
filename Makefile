# Annotator: `make run` to try it, `make test` to check it. `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app annotator
PORT ?= 5000
HOST ?= 127.0.0.1
WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help run serve worker test lint format bench audit clean

# Runs the task queue's worker (webhook deliveries) beside the command that follows it, and
# stops it when that command ends or Ctrl-C stops it.
WITH_WORKER = $(FLASK) worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT INT TERM;

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@ $(VENV)/.installed-dev $(VENV)/.installed

instance/secret_key:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@
	@chmod 600 $@

run: $(VENV)/.installed instance/secret_key ## Set up the database and the demo newsroom, then serve on PORT (5000) with a worker
	$(FLASK) db upgrade
	$(FLASK) seed
	@echo "Serving on http://$(HOST):$(PORT)/ with a worker for webhooks and e-mail (Ctrl-C stops both)"
	@$(WITH_WORKER) $(FLASK) run --host $(HOST) --port $(PORT)

serve: $(VENV)/.installed instance/secret_key ## Migrate, then serve with gunicorn: WORKERS processes on HOST:PORT, and a queue worker
	$(FLASK) db upgrade
	@$(WITH_WORKER) $(BIN)/gunicorn --config python:annotator.web.serving --workers $(WORKERS) \
		--bind $(HOST):$(PORT) --access-logfile - "annotator:create_app()"

worker: $(VENV)/.installed instance/secret_key ## Run only the task queue's worker (more of them: ANNOTATOR_QUEUE_URL shared)
	$(FLASK) worker

test: $(VENV)/.installed-dev ## Run ruff and the whole test suite (SQLite and PostgreSQL side by side)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# axe-core for the browser tests' accessibility checks; without npm they are skipped (failed under CI=true)
	@if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --silent; \
	else echo "npm is missing: the accessibility (axe) checks will be skipped"; fi
	@# The two engines' runs share the cores (each is mostly one busy process); the
	@# PostgreSQL run's report is printed when both have ended, and either failing fails.
	@# Each run writes its own coverage data; tests/coverage_gate.py adds them up by layer.
	@# The PostgreSQL run measures only the gated layers (tracing the rest cost half again
	@# its CPU) and leaves the tests that use no database, or are marked sqlite_only, to the
	@# SQLite run.
	@log=$$(mktemp); \
	COVERAGE_FILE=.coverage.postgresql $(BIN)/pytest --db=postgresql -m "not browser" \
		-p no:cacheprovider --cov=annotator/text --cov=annotator/services \
		--cov=annotator/exports --cov-report= >$$log 2>&1 & postgres=$$!; \
	COVERAGE_FILE=.coverage.sqlite $(BIN)/pytest --cov --cov-report=; sqlite=$$?; \
	wait $$postgres; pg=$$?; \
	echo; echo "== The same tests on PostgreSQL (pytest --db=postgresql -m 'not browser')"; \
	cat $$log; rm -f $$log; \
	echo; echo "== Coverage of both runs by layer (text/, services/, exports/ must be whole)"; \
	$(BIN)/python -m tests.coverage_gate; gate=$$?; \
	test $$sqlite -eq 0 && test $$pg -eq 0 && test $$gate -eq 0

lint: $(VENV)/.installed-dev ## Run ruff only
	$(BIN)/ruff check .

format: $(VENV)/.installed-dev ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-bench ## Run the benchmarks and print their tables
	$(BIN)/python -m bench.segment
	$(BIN)/python -m bench.checkworthiness
	$(BIN)/python -m bench.memory
	$(BIN)/python -m bench.revisions
	$(BIN)/python -m bench.concurrency
	$(BIN)/python -m bench.exports
	$(BIN)/python -m bench.perf
	$(BIN)/python -m bench.writes
	$(BIN)/python -m bench.write_cpu
	@# Issue 20's table, both engines: writes (8 clients), memory, restart and whole reads
	@# beside the bare stack; it runs bench.startup's and bench.reads' measurements.
	$(BIN)/python -m bench.issue20
	$(BIN)/python -m bench.webhooks

audit: $(VENV)/.installed-dev ## Check the dependencies for known vulnerabilities (pip-audit); says how many were checked
	@$(BIN)/python -m annotator.cli.dependency_audit

clean: ## Remove the virtualenv and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .ruff_cache .coverage htmlcov
