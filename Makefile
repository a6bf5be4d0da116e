# Veilleurs — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PWA := backend/web
# The suite runs on both cores (pytest-xdist; each worker has its own databases and servers);
# `make test PYTEST_ARGS="-n 0 -k …"` for a quick, single-process inner loop.
PYTEST_ARGS ?= -n 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test bench soak lint lint-web typecheck system-run system-test venv pwa clean

run: system-run $(STAMP) pwa
	$(BIN)/veilleurs db upgrade
	$(BIN)/veilleurs demo seed
	$(BIN)/veilleurs serve --host 127.0.0.1 --port $${PORT:-5000}

test: system-test $(STAMP) pwa lint-web
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: system-test $(STAMP) pwa
	$(BIN)/python -m bench $(BENCH_ARGS)

# 50 simulated veilleurs for a few minutes, a gunicorn worker killed and PostgreSQL restarted
# midway: every acknowledged contribution must be stored exactly once.
soak: system-test $(STAMP)
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

lint: $(STAMP) lint-web
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The front end's formatting and lint (Biome, backend/web/biome.jsonc) and the type checking of its
# pure modules (tsc on their JSDoc, backend/web/tsconfig.json), in a few seconds; part of `make test`
# too, so CI fails on them. `cd backend/web && npx biome check --write` fixes most.
lint-web: pwa
	cd $(PWA) && node_modules/.bin/biome ci --error-on-warnings . && node_modules/.bin/tsc -p tsconfig.json

system-run:
	@scripts/install-system.sh run

system-test:
	@scripts/install-system.sh test

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

# Front-end packages come from npm, pinned by package-lock.json; the build is reproducible from it.
pwa:
	@if [ -f $(PWA)/package.json ]; then scripts/build-pwa.sh; fi

clean:
	rm -rf $(VENV) var/*.db var/media $(PWA)/node_modules
