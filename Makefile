# One entry point: make run, make test, make bench. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 5000
TEST_WORKERS ?= auto

.PHONY: install run test test-sqlite test-postgres lint bench clean messages

$(STAMP): pyproject.toml $(wildcard eventsvc/translations/*/LC_MESSAGES/messages.po)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

install: $(STAMP)

## Serve http://127.0.0.1:5000 on an embedded SQLite database with the demo loaded.
run: install
	$(BIN)/eventsvc demo
	$(BIN)/eventsvc run --host $(HOST) --port $(PORT)

## The whole suite, on SQLite and then on PostgreSQL.
test: install test-sqlite test-postgres

# pytest-xdist: one worker per core; on PostgreSQL each worker gets a database of its own.
test-sqlite: install
	$(BIN)/pytest -n $(TEST_WORKERS)

test-postgres: install
	TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n $(TEST_WORKERS)

## Static checks: lint rules, formatting, types.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy eventsvc

bench: install
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache

## Re-extract the interface strings and merge them into every catalog (then translate the new ones).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 --ignore-dirs='.* __pycache__' \
		--no-location --sort-output -o eventsvc/translations/messages.pot .
	$(BIN)/pybabel update -i eventsvc/translations/messages.pot -d eventsvc/translations
	rm eventsvc/translations/messages.pot
