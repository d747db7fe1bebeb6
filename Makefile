# Salur: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install bench bench-pages package scan clean stats-reconcile cost routing-index

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

## Run Salur locally: moto server as AWS, tables/queues from infra/, API on $(PORT), queue/schedule worker.
## State survives a restart (.salur-local/); `make run FRESH=1` starts empty.
run: $(STAMP)
	PORT=$(PORT) FRESH=$(FRESH) $(PY) -m scripts.local_run

## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; never a browser download).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core

## Run the whole test suite (unit, integration on moto, end-to-end over HTTP and in the browser).
test: $(STAMP) $(CHROMIUM)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m bench.intake_bench
	$(PY) -m bench.cold_start
	$(PY) -m bench.sweep_bench
	$(PY) -m bench.routing_bench
	$(PY) -m bench.routing_eval
	$(PY) -m bench.coordinate_accuracy
	$(PY) -m bench.memory_replay
	$(PY) -m bench.mail_bench

## Each page in the browser: requests, bytes, time to interactive (local and on a slow phone link), axe result.
bench-pages: $(STAMP) $(CHROMIUM)
	$(PY) -m bench.pages_bench

package: $(STAMP)
	$(PY) -m infra.package

## Package, then lint with cfn-lint and scan with checkov (checkov lives in its own venv: it pins older boto3).
CHECKOV_VENV := .venv-checkov
$(CHECKOV_VENV)/.installed:
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CHECKOV_VENV)/bin/python -m pip install --quiet 'checkov==3.3.30'
	touch $@

scan: $(STAMP) $(CHECKOV_VENV)/.installed
	CHECKOV=$(CHECKOV_VENV)/bin/checkov $(PY) -m infra.package

## Cost of one complaint's lifecycle on AWS (calls and capacity counted on moto).
cost: $(STAMP)
	$(PY) -m bench.cost

## Recompute public statistics from case timelines: make stats-reconcile DAYS=2026-11-01..2026-11-30 [ARGS=--write]
stats-reconcile: $(STAMP)
	$(LOCAL_ENV) $(PY) -m scripts.stats reconcile $(if $(DAYS),--days $(DAYS)) $(if $(TRACKING_IDS),--tracking-ids $(TRACKING_IDS)) $(ARGS)

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .pytest_cache build

# Ops commands talk to the running `make run` when its environment file exists (written at start-up).
LOCAL_ENV := set -a; [ -z "$$AWS_ENDPOINT_URL" ] && [ -f .salur-local.env ] && . ./.salur-local.env; set +a;

## Agency API keys (ops): make issue-key AGENCY=pemkot-51.71 ROLE=officer [LABEL="SIMPEL Denpasar"]
## Needs the app's AWS environment; for `make run` also AWS_ENDPOINT_URL=http://127.0.0.1:<moto port>.
.PHONY: issue-key list-keys rotate-key revoke-key bench-webhooks sweep outbox

## Fire the running `make run`'s schedules as of a time: make sweep AT=2026-12-20T09:00+07:00
sweep: $(STAMP)
	@$(LOCAL_ENV) $(PY) -m scripts.local_ops sweep --at "$(AT)"

## The emails and SMS the running `make run` sent (moto SES/SNS), newest first: make outbox [LIMIT=20]
outbox: $(STAMP)
	@$(LOCAL_ENV) $(PY) -m scripts.local_ops outbox $(if $(LIMIT),--limit $(LIMIT))
issue-key: $(STAMP)
	@$(LOCAL_ENV) $(PY) -m scripts.keys issue --agency "$(AGENCY)" --role "$(ROLE)" $(if $(LABEL),--label "$(LABEL)")

list-keys: $(STAMP)
	@$(LOCAL_ENV) $(PY) -m scripts.keys list --agency "$(AGENCY)"

rotate-key: $(STAMP)
	@$(LOCAL_ENV) $(PY) -m scripts.keys rotate "$(KEY)"

revoke-key: $(STAMP)
	@$(LOCAL_ENV) $(PY) -m scripts.keys revoke "$(KEY)"

bench-webhooks: $(STAMP)
	$(PY) -m bench.webhook_bench

## Rebuild the compiled routing index after changing chalicelib/data/{matters.json,facilities.csv,...} or the lexicon.
routing-index: $(STAMP)
	$(PY) -m scripts.build_routing_index
