# One command to run the assistant locally, one to run every test.
#   make run    set everything up from a fresh clone and start the assistant (Ctrl-C stops it)
#   make test   set everything up and run all tests (what CI runs)
#   make test-fast  static checks and the unit tests that start no process (under a minute)
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
SPACY_DIR := build/spacy/nl_wsp_lookup-3.4.4-v1
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONWARNINGS := ignore::DeprecationWarning

.PHONY: help setup run test test-fast test-docker services train validate lint eval bench soak check-rules browser-deps demo-accounts clean

help:
	@echo "make run    - set up (venv, Dutch spaCy pipeline, model) and start the assistant"
	@echo "make test   - set up and run every test (CI runs this)"
	@echo "make test-fast - ruff, rules check and the unit tests that start no process (under a minute)"
	@echo "make test-docker - the deployment checks that need Docker's compose plugin"
	@echo "make eval   - NLU evaluation (held-out set) and the answer evaluation per instrument (real employer questions)"
	@echo "make bench  - performance benchmark (not part of make test)"
	@echo "make soak   - 30-minute soak test: memory growth, errors, lost messages (results/soak/)"

# --- setup ---------------------------------------------------------------------------------
$(PY):
	@PYTHON=$$(scripts/find_python.sh) && echo "Using $$PYTHON" && "$$PYTHON" -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip wheel "setuptools<81"
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(SPACY_DIR)/meta.json: scripts/build_spacy_model.py | $(STAMP)
	$(PY) scripts/build_spacy_model.py

setup: $(STAMP) $(SPACY_DIR)/meta.json
	@mkdir -p var

train: setup
	$(PY) scripts/train.py

demo-accounts: setup
	@$(PY) -m wsp.inbox demo --stil

# --- run -----------------------------------------------------------------------------------
run: train demo-accounts
	$(PY) -m wsp.devstack

# --- tests ---------------------------------------------------------------------------------
# Debian's chromium (browser tests) and nginx-light (the public proxy's limits, run by a test; the
# service Debian starts is stopped again: the test runs its own nginx on free loopback ports).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { echo "Installing Debian's chromium for browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); }
	@test -x /usr/sbin/nginx || { echo "Installing Debian's nginx-light for the proxy test"; \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
	   || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null)); \
	  /usr/sbin/nginx -s quit 2>/dev/null || true; }
	@test -f web/node_modules/axe-core/axe.min.js || (cd web && npm ci --silent --no-audit --no-fund)

check-rules: setup
	$(PY) -m wsp.regels check

validate: setup
	$(PY) -m rasa data validate --config assistant/config.yml --domain assistant/domain \
	  --data assistant/data --fail-on-warning

lint: setup
	$(VENV)/bin/ruff check wsp actions assistant tests scripts

# PostgreSQL and Redis for the tests (started when installed but not running; in CI a failure
# when they cannot be reached, elsewhere the tests that need them are skipped).
services:
	@scripts/services.sh

test: setup services browser-deps lint check-rules validate train
	$(PY) -m pytest -q

# The fast tier: no Rasa server, no subprocess, no browser, no database server (tests marked
# `process`, `postgres` or `redis` are left out; see tests/conftest.py). Two workers: two cores.
test-fast: lint check-rules
	$(PY) -m pytest -q -p no:cacheprovider -n 2 -m "not process and not postgres and not redis" tests/unit

# The checks that need Docker's compose plugin (the deployment machine; not on CI's machine)
test-docker: setup
	$(PY) -m pytest -q -m docker tests/integration

eval: train
	$(PY) scripts/evaluate.py
	$(PY) scripts/evaluate_antwoorden.py

bench: train
	$(PY) scripts/bench.py

soak: train
	$(PY) scripts/soak.py --minuten 30

clean:
	rm -rf models var build results
