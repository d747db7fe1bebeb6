# Salur: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install bench package clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Run Salur locally: moto server as AWS, tables/queues from infra/, API on $(PORT), queue/schedule worker.
run: $(STAMP)
	PORT=$(PORT) $(PY) -m scripts.local_run

## Run the whole test suite (unit, integration on moto, end-to-end over HTTP).
test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m bench.intake_bench
	$(PY) -m bench.cold_start

package: $(STAMP)
	$(PY) -m infra.package

clean:
	rm -rf $(VENV) .pytest_cache build
