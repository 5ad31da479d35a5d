# Two commands matter: `make run` (serve the demo agency) and `make test` (every check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
MANAGE := $(BIN)/python manage.py

.PHONY: install messages run test lint check-imports check-compose check-deploy check-chromium pytest worker beat bench clean

# Installing also compiles the Indonesian catalogue, with Babel (pure Python), so a fresh
# machine shows Indonesian without GNU gettext.
install: $(VENV)/.installed messages

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

messages: $(VENV)/.installed
	$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | grep -v "^compiling"

# SITE_URL: links in e-mails, slips and QR posters lead back to this server.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) esign_test_ca --if-missing --when-local
	@echo ""
	@echo "Demo logins (password demo12345): admin.bkd, admin.opd, kadis, atasan, pegawai"
	@echo "Open http://127.0.0.1:$(PORT)/"
	SITE_URL=http://127.0.0.1:$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-imports: install
	$(BIN)/lint-imports

# Django's deployment checklist against the production settings documented in .env.example.
check-deploy: install
	$(BIN)/python scripts/check_deploy.py

check-compose:
	@if command -v docker-compose >/dev/null 2>&1; then \
		docker-compose -f docker-compose.yml config -q && echo "docker-compose.yml valid"; \
	else echo "docker-compose not installed: compose validation skipped"; fi

# Browser tests never skip: install Chromium (and gettext, for the catalogue check) when we are
# root, otherwise stop with a clear message.
check-chromium:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing$$missing for the tests"; \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else \
			echo "ERROR: missing$$missing. Install them (sudo apt-get install$$missing): the browser and catalogue tests need them."; \
			exit 1; \
		fi; \
	fi

# Four workers on two cores: the tests wait on PostgreSQL, Chromium and worker processes as much
# as they compute (`make test` 850 s against 1,046 s with three, the same machine, 2026-12-08;
# three beat two the day before). Files are handed out longest first (tests/conftest.py), not
# reordered by xdist.
# Test databases are built from the models (2 s, not 15 s per worker); tests/test_migrations.py
# applies every migration to an empty database.
pytest: install check-chromium
	$(BIN)/python -m pytest tests -n 4 --dist loadfile --no-loadscope-reorder -q -p no:cacheprovider --no-migrations

test: install lint check-imports check-compose check-deploy
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory pytest

worker: install
	$(BIN)/celery -A config worker -l info

beat: install
	$(BIN)/celery -A config beat -l info

bench: install
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_seed.py
	$(BIN)/python bench/bench_skp.py
	$(BIN)/python bench/bench_evaluation.py
	$(BIN)/python bench/close_cycle.py
	$(BIN)/python bench/bench_reminders.py
	$(BIN)/python bench/export_ranking.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_diagnostics.py
	$(BIN)/python bench/bench_siasn_push.py
	$(BIN)/python bench/bench_tpp.py

# The January rush under load: locust against gunicorn + PostgreSQL on 127.0.0.1 (bench/rush.py;
# its own database h_rush, about four minutes).
# A mock OpenID Connect provider on 127.0.0.1:9400 to try single sign-on with `make run`
# (README "Single sign-on": the OIDC_* values to export, and how its form logs a NIP in).
.PHONY: sso-provider
sso-provider: install
	$(BIN)/python -m oidc_provider_mock --host 127.0.0.1 --port 9400

.PHONY: bench-rush
bench-rush: install
	$(BIN)/locust --version >/dev/null 2>&1 || $(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/rush.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
