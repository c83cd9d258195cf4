# EventQueue — every developer and CI command. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

JAVA_HOME := $(shell scripts/find-jdk)
ifeq ($(JAVA_HOME),)
$(error no JDK >= 21 found; see the message above)
endif
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

MVN := ./mvnw -B -ntp
RUNTIME_JAR := runtime/target/eventqueue-runtime.jar
OPERATOR_JAR := operator/target/eventqueue-operator.jar
SOURCES := $(shell find pom.xml runtime/pom.xml runtime/src/main operator/pom.xml operator/src/main -type f 2>/dev/null)
# Extra runtime flags for `make run`, e.g. make run ARGS="--listen-addr=http://127.0.0.1:8181"
ARGS ?=

.PHONY: help build run test clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: $(RUNTIME_JAR) $(OPERATOR_JAR) ## Build the runtime and operator jars (tests skipped)

$(RUNTIME_JAR) $(OPERATOR_JAR) &: $(SOURCES)
	$(MVN) -q -DskipTests package

run: $(RUNTIME_JAR) ## Start the runtime alone: API on 127.0.0.1:8080, health/metrics on 127.0.0.1:9090
	java -jar $(RUNTIME_JAR) $(ARGS)

test: ## Run every test (unit, HTTP, operator, contract)
	$(MVN) verify

clean: ## Remove build output
	$(MVN) -q clean

# --- observability: tools the metric and alert tests use (promtool, the Prometheus text parser) ---
.PHONY: test-tools check-alerts
OBSERVE_TOOLS_MISSING = $(shell command -v promtool >/dev/null || echo prometheus) $(shell /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || echo python3-prometheus-client)

test: test-tools

test-tools: ## Install promtool and the Prometheus text parser (Debian packages) when missing
	@missing="$(strip $(OBSERVE_TOOLS_MISSING))"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing $$missing (Debian packages) for the metric and alert tests"; \
	  (apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 || \
	   { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; }) \
	  || echo "WARNING: could not install $$missing: the tests needing them will be SKIPPED"; \
	else \
	  echo "WARNING: $$missing not installed and no root apt-get: promtool / Prometheus-parser tests will be SKIPPED"; \
	fi

check-alerts: test-tools ## Validate the Prometheus alert rules and run their unit tests (promtool)
	promtool check rules charts/eventqueue-operator/alerts/*.yaml
	cd runtime/src/test/resources/promtool && promtool test rules *.test.yaml

.PHONY: bench-journal
bench-journal: ## Journal throughput by fsync policy and concurrency (markdown table, about a minute)
	$(MVN) -q -pl runtime test-compile
	java -cp runtime/target/classes:runtime/target/test-classes io.eventqueue.runtime.store.JournalBenchmark

# ---- Operator: CRD and sample manifests ------------------------------------------------------------
CRD_GENERATED := operator/target/classes/META-INF/fabric8/eventqueues.eventqueue.io-v1.yml
CHART_CRD_DIR := charts/eventqueue-operator/crds

.PHONY: crds samples

crds: ## Regenerate crds/ from the API classes (and the chart's copy); a test fails when they drift
	$(MVN) -q -pl operator -DskipTests process-classes
	@mkdir -p crds
	cp $(CRD_GENERATED) crds/
	@if [ -d $(dir $(CHART_CRD_DIR)) ]; then mkdir -p $(CHART_CRD_DIR) && cp crds/*.yml $(CHART_CRD_DIR)/ && echo "copied to $(CHART_CRD_DIR)/"; fi

samples: $(OPERATOR_JAR) ## Render samples/*.yaml into samples/manifests/<sample>/ (plain Kubernetes YAML, no credentials)
	@set -e; for f in samples/*.yaml; do \
	  name=$$(basename $$f .yaml); rm -rf samples/manifests/$$name; \
	  java -jar $(OPERATOR_JAR) render -f $$f --credentials=omit -o samples/manifests/$$name; \
	  echo "samples/manifests/$$name/"; \
	done
