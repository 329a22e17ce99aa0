# bosun's one entry point: `make demo` runs the main job on a local lab swarm, `make test` runs
# every check CI runs. Both work from a fresh clone on Debian as root; `make help` lists all.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PATH := $(HOME)/.cargo/bin:$(PATH)
export BOSUN_LAB_DIR ?= /tmp/bosun-lab
export DOCKER_BUILDKIT := 0

LAB    := e2e/lab/bosun-lab
NODES  ?= 3
# lab1..labMANAGERS are managers (the controller's replicas need two), the rest workers; never
# more than NODES
MANAGERS ?= 3
LAB_UP  = $(LAB) up $(NODES) --managers $$(( $(MANAGERS) < $(NODES) ? $(MANAGERS) : $(NODES) ))
MUSL   := x86_64-unknown-linux-musl
BUILD  ?= .build
IMAGES := bosun/proxy:latest bosun/controller:latest bosun-e2e/nextcloud:latest bosun-e2e/photoprism:latest \
          bosun-e2e/client:latest bosun-e2e/mongodb:latest

.PHONY: help deps build lint unit static image-bins images lab-up lab-down lab-status e2e e2e-run e2e-controller test demo bench fuzz clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

deps: ## install what the build and the lab need (musl target, musl-tools, Debian packages)
	@command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
	@if ! rustup target list --installed 2>/dev/null | grep -qx $(MUSL); then \
	  rustup target add $(MUSL) || echo "musl target unavailable: images will carry a glibc build and its libraries" >&2; \
	fi
	@command -v musl-gcc >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q musl-tools \
	  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q musl-tools; }
	@command -v ssh >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-client
	@/usr/bin/python3 -c 'import paramiko' 2>/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-paramiko \
	  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-paramiko; }
	@$(LAB) install-deps

build: ## build the workspace (debug)
	cargo build --workspace

# clippy checks for the musl target the release images are built for (where it is installed),
# so a change that breaks the static build (a C dependency, a cfg) fails here, and in a target
# dir of its own, so it never waits for the lock of a build running beside it (make test).
LINT_TARGET := $(shell rustup target list --installed 2>/dev/null | grep -qx $(MUSL) && echo --target $(MUSL))
CLIPPY      := cargo clippy --target-dir target/lint $(LINT_TARGET)

lint: ## rustfmt, clippy with warnings as errors (musl; also the client without default features), crate weights
	cargo fmt --all -- --check
	$(CLIPPY) --workspace --all-targets --test e2e -- -D warnings
	$(CLIPPY) -p bosun --no-default-features --all-targets -- -D warnings
	scripts/check-weight

# One `cargo test --workspace` runs every unit and integration test but the e2e suite, whose
# target has `test = false` (e2e/Cargo.toml): it needs the lab, so it runs only when named.
unit: ## unit and integration tests that need no lab
	cargo test --workspace
	e2e/fakes/test.sh

# One cargo invocation for every image binary: its dependencies are resolved and compiled once
# (two invocations resolve features apart and compile the shared ones twice).
IMAGE_BINS := -p bosun-proxy -p bosun -p bosun-controller -p bosun-e2e --bins

static: ## release binaries for the images: static musl, or glibc where musl is unavailable
	@if rustup target list --installed | grep -qx $(MUSL); then \
	  cargo build --release --target $(MUSL) $(IMAGE_BINS); \
	  ln -sfn $(MUSL)/release target/image-bin; \
	else \
	  cargo build --release $(IMAGE_BINS); \
	  ln -sfn release target/image-bin; \
	fi

# The binaries the images carry. IMAGE_PROFILE=release (the default: make images, demo, bench)
# builds them with `static`. IMAGE_PROFILE=dev takes them from the debug build the tests use
# (`--workspace`, so features resolve as for `cargo test --workspace` and nothing compiles
# twice): `make test` compiles once. Those are glibc builds; `stage` copies the libraries
# they link into the image, and strips their debug info.
IMAGE_PROFILE ?= release

image-bins: ## the image binaries: IMAGE_PROFILE=release (static) or dev (the tests' debug build)
ifeq ($(IMAGE_PROFILE),dev)
	cargo build --workspace --bins
	ln -sfn debug target/image-bin
else
	$(MAKE) --no-print-directory static
endif

images: image-bins lab-up ## build every image on lab1 (legacy builder, no registry) and load it into every node (IMAGE_PROFILE)
	manifests/images/stage $(BUILD)/proxy manifests/images/proxy/Dockerfile target/image-bin/bosun-proxy target/image-bin/bosun
	manifests/images/stage $(BUILD)/controller manifests/images/controller/Dockerfile target/image-bin/bosun-controller
	manifests/images/stage $(BUILD)/client manifests/images/client/Dockerfile target/image-bin/bosun target/image-bin/bosun-e2e-client
	mkdir -p $(BUILD)/client/rootfs/bin && cp "$$(readlink -f "$$(command -v busybox)")" $(BUILD)/client/rootfs/bin/busybox
	rm -rf $(BUILD)/fakes && mkdir -p $(BUILD) && cp -r e2e/fakes $(BUILD)/fakes
	cp "$$(readlink -f "$$(command -v busybox)")" $(BUILD)/fakes/busybox
	$(LAB) docker lab1 build -q -t bosun/proxy:latest $(BUILD)/proxy
	$(LAB) docker lab1 build -q -t bosun/controller:latest $(BUILD)/controller
	$(LAB) docker lab1 build -q -t bosun-e2e/client:latest $(BUILD)/client
	$(LAB) docker lab1 build -q -t bosun-e2e/nextcloud:latest -f $(BUILD)/fakes/nextcloud/Dockerfile $(BUILD)/fakes
	$(LAB) docker lab1 build -q -t bosun-e2e/photoprism:latest -f $(BUILD)/fakes/photoprism/Dockerfile $(BUILD)/fakes
	$(LAB) docker lab1 build -q -t bosun-e2e/mongodb:latest -f $(BUILD)/fakes/mongodb/Dockerfile $(BUILD)/fakes
	$(LAB) docker lab1 save $(IMAGES) | $(LAB) load

lab-up: ## bring the lab up (or repair it): NODES=3 MANAGERS=3
	$(LAB_UP)

lab-down: ## remove the lab and everything it made
	$(LAB) down

lab-status: ## show the lab's nodes
	$(LAB) status

# The suite is one test binary (e2e/tests/e2e/main.rs); its tests run side by side in the groups
# of bosun_e2e::group (e2e/src/lib.rs): E2E_THREADS above the test count, so that every test
# takes its group at once; at most E2E_JOBS shared tests run at a time. The controller under
# test is the one `images` just built, not whatever debug build is newest in target/.
E2E_THREADS ?= 64
E2E_JOBS    ?= 6
# libtest arguments after the defaults: filters, `--exact NAME…` (test-all reruns with it)
E2E_ARGS    ?=
# RUST_LIB_BACKTRACE=0: a failed test's error (anyhow) prints its causes, not a stack that buries
# them; a panic still prints its backtrace when RUST_BACKTRACE asks
E2E_RUN     := RUST_LIB_BACKTRACE=0 BOSUN_E2E_JOBS=$(E2E_JOBS) BOSUN_CONTROLLER_BIN=$(CURDIR)/target/image-bin/bosun-controller \
               cargo test --workspace --no-fail-fast --test e2e

e2e: images ## end-to-end tests on the running lab: one binary, tests side by side (E2E_JOBS=6)
	$(MAKE) --no-print-directory e2e-run

e2e-run: ## the e2e suite alone, on the running lab with the images already built (E2E_ARGS: libtest's filters)
	$(E2E_RUN) -- --test-threads=$(E2E_THREADS) $(E2E_ARGS)

e2e-controller: images ## only the controller's end-to-end tests (controller::*), on the running lab
	$(E2E_RUN) -- --test-threads=$(E2E_THREADS) --nocapture controller::


test: deps ## everything CI runs: lint, unit, e2e on a fresh lab (removed after), waits beside builds
	LAB=$(LAB) NODES=$(NODES) MANAGERS=$(MANAGERS) BUILD=$(BUILD) scripts/test-all

demo: deps ## the main job: the controller on a lab swarm, proxies next to fake Nextcloud and PhotoPrism
	$(LAB_UP)
	$(MAKE) --no-print-directory images
	e2e/demo/demo.sh

bench: images ## exec-path benchmark on the lab: 4 ways to run a command vs the floor (JSON: target/bench/exec.json)
	cargo build --release -p bosun-bench --bin bosun-bench
	$(LAB) exec lab1 $(CURDIR)/target/release/bosun-bench --out $(CURDIR)/target/bench/exec.json

.PHONY: bench-controller
bench-controller: images ## the controller with 1000 targets on the lab: resync time, API calls, CPU, RSS (JSON: target/bench/controller.json; BENCH_ARGS=--keep-lab …)
	cargo build --release -p bosun-bench --bin bosun-bench-controller
	BOSUN_CONTROLLER_BIN=$(CURDIR)/target/image-bin/bosun-controller \
	  target/release/bosun-bench-controller --out target/bench/controller.json $(BENCH_ARGS)

.PHONY: bench-failover
bench-failover: images ## two controllers, the leader SIGKILLed 5 times: write gap and proxy repair (JSON: target/bench/failover.json; BENCH_ARGS=--kills 8 …)
	cargo build --release -p bosun-bench --bin bosun-bench-failover
	BOSUN_CONTROLLER_BIN=$(CURDIR)/target/image-bin/bosun-controller \
	  target/release/bosun-bench-failover --out target/bench/failover.json $(BENCH_ARGS)

.PHONY: bench-rotation
bench-rotation: images ## 8 loops of commands under 5 client-key and 5 host-key rotations: failed commands (must be 0), p50/p99 vs steady, each rotation's duration (JSON: target/bench/rotation.json; BENCH_ARGS=--rotations 2 --steady 30s --keep-lab …)
	cargo build --release -p bosun-bench --bin bosun-bench-rotation
	BOSUN_CONTROLLER_BIN=$(CURDIR)/target/image-bin/bosun-controller \
	  target/release/bosun-bench-rotation --out target/bench/rotation.json $(BENCH_ARGS)

.PHONY: bench-orchestration
bench-orchestration: images ## the orchestration API vs the Engine: spawn → healthy, list and status with 500 clones (20 running), p50/p99 and ratios (JSON: target/bench/orchestration.json; BENCH_ARGS=--clones 500 --running 20 --spawns 10 --keep-lab …)
	cargo build --release -p bosun-bench --bin bosun-bench-orchestration
	BOSUN_CONTROLLER_BIN=$(CURDIR)/target/image-bin/bosun-controller \
	  target/release/bosun-bench-orchestration --out target/bench/orchestration.json $(BENCH_ARGS)

fuzz: ## the command policy's fuzz property at scale (PROPTEST_CASES, default 1000000)
	PROPTEST_CASES=$${PROPTEST_CASES:-1000000} cargo test --release -p bosun-core --lib policy::fuzz -- --ignored --nocapture

clean: ## remove build output and the lab
	$(LAB) down
	cargo clean
	rm -rf $(BUILD)
