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
BENCH_JAR := bench/target/eventqueue-bench.jar
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

.PHONY: bench
bench: $(RUNTIME_JAR) $(OPERATOR_JAR) $(BENCH_JAR) ## Benchmarks on loopback, runtime vs a bare Helidon baseline, operator at 1,000 EventQueues (~15 min): bench/results/latest.json + docs/benchmarks.md
	@command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	python3 bench/harness.py $(BENCH_ARGS)

$(BENCH_JAR): $(RUNTIME_JAR) $(shell find bench/pom.xml bench/src bench/operator-scale/pom.xml bench/operator-scale/src -type f 2>/dev/null)
	$(MVN) -q -DskipTests -pl bench,bench/operator-scale package

.PHONY: bench-profile
bench-profile: $(RUNTIME_JAR) $(BENCH_JAR) ## JFR profiles of the runtime's hot paths under load (~2 min): bench/results/profile/*.txt
	@command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	python3 bench/jfr_profile.py $(BENCH_ARGS)

.PHONY: bench-journal
bench-journal: ## Journal throughput by fsync policy and concurrency (markdown table, about a minute)
	$(MVN) -q -pl runtime test-compile
	java -cp runtime/target/classes:runtime/target/test-classes io.eventqueue.runtime.store.JournalBenchmark
