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
