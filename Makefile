# Jobbro: `make run` starts everything, `make test` proves it. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run manage test install browser pdf-libs lint fmt perf demo-code vendor messages clean

run: install pdf-libs
	@$(BIN)/python scripts/devstack.py run

# One management command with `make run`'s settings, secrets and database, whether or not
# `make run` is running: make manage ARGS="create_api_token consultant@roskilde.example roskilde"
manage: install
	@$(BIN)/python scripts/devstack.py manage $(ARGS)

test: install browser pdf-libs
	@$(BIN)/python scripts/devstack.py test $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "[jobbro] installing Python packages into $(VENV) …"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

# The browser tests drive Debian's chromium; never a browser build downloaded by a test tool.
browser:
	@command -v chromium >/dev/null || { \
	  echo "[jobbro] installing Debian's chromium for the browser tests …"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; }

# The worker renders PDFs with WeasyPrint, which loads Debian's Pango and HarfBuzz at run time.
PDF_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
pdf-libs:
	@found=$$(/sbin/ldconfig -p 2>/dev/null); missing=; \
	for lib in $(PDF_LIBS); do case "$$found" in *"$$lib "*) ;; *) missing=1 ;; esac; done; \
	[ -z "$$missing" ] || { \
	  echo "[jobbro] installing Debian's Pango for the PDFs (WeasyPrint) …"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }

lint: install
	@$(BIN)/ruff check . && $(BIN)/ruff format --check .

fmt: install
	@$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Benchmarks (tests/perf/), on demand only: they build a large jobcenter first.
perf: install
	@JOBBRO_PERF=1 $(BIN)/python scripts/devstack.py test -p no:xdist -s tests/perf

# The demo users' current second-factor code, or with KEY=… that of the key a newly invited
# person is shown when enrolling (development only).
demo-code: install
	@DEBUG=1 DATABASE_URL=postgres://unused@/unused SECRET_KEY=unused $(BIN)/python manage.py demo_totp $(if $(KEY),--key "$(KEY)")

vendor:
	@scripts/vendor_static.sh

messages: install
	@DATABASE_URL=postgres://unused@/unused SECRET_KEY=unused $(BIN)/python manage.py makemessages -l en --no-obsolete --no-location --ignore=.venv
	@DATABASE_URL=postgres://unused@/unused SECRET_KEY=unused $(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
