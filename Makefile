# Bramble: `make demo` builds the tool and writes output/ from trees/; `make test` runs every
# test. Both install the Debian packages they need first (run as root on a fresh machine).

SWIFT ?= swift
CONFIG ?= release
BIN = .build/$(CONFIG)/bramble
# The tool is linked with the Swift runtime and Foundation inside it: it starts in about half
# the time and calls the runtime directly, which made `bramble diff` on two 100k-node trees 6%
# faster. SwiftPM rebuilds everything when this flag changes, so every build in .build uses it.
# Test bundles cannot be linked that way, so the tests build in their own folder.
STATIC = --static-swift-stdlib
TEST_SCRATCH = .build/test
TREES = $(wildcard trees/*.bramble)
NAMES = $(basename $(notdir $(TREES)))

# Debian packages and a file each one installs, so that nothing is installed twice.
PACKAGES = libgraphviz-dev:/usr/include/graphviz/gvc.h graphviz:/usr/bin/dot \
	libcmark-gfm-dev:/usr/include/cmark-gfm.h \
	libcmark-gfm-extensions-dev:/usr/include/cmark-gfm-core-extensions.h \
	libyaml-dev:/usr/include/yaml.h \
	chromium:/usr/bin/chromium

# Each benchmark has a target bench-NAME that rewrites its own section of docs/benchmarks.md,
# between the markers <!-- bench:NAME:start --> and <!-- bench:NAME:end -->.
BENCHES = bench-parse bench-render bench-diff bench-scram bench-scale

.PHONY: demo test build deps clean fuzz fuzz-runtime bench $(BENCHES)

demo: deps build
	@for name in $(NAMES); do \
	  dir=output/$$name; mkdir -p $$dir; \
	  echo "bramble: writing $$dir"; \
	  $(BIN) score trees/$$name.bramble --format json -o $$dir/scores.json || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format dot -o $$dir/diagram.dot || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format svg -o $$dir/diagram.svg || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format png -o $$dir/diagram.png || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format pdf --theme print -o $$dir/diagram.pdf || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format mermaid -o $$dir/diagram.md || exit $$?; \
	  for format in md html json csv; do \
	    $(BIN) report trees/$$name.bramble --format $$format -o $$dir/remediation-plan.$$format || exit $$?; \
	  done; \
	done

build: deps
	$(SWIFT) build -c $(CONFIG) --product bramble $(STATIC)

# Tests run on an optimised build: it is what ships, and the hostile-input tests (a tree ten
# thousand levels deep, 10 MB lines) take seconds there instead of minutes.
test: deps
	$(SWIFT) build -c release --build-tests --scratch-path $(TEST_SCRATCH)
	$(SWIFT) test -c release --skip-build --scratch-path $(TEST_SCRATCH)

# Installs each missing package with apt-get; `apt-get update` runs first because a fresh
# machine may have no package lists.
deps:
	@missing=""; for entry in $(PACKAGES); do \
	  package=$${entry%%:*}; file=$${entry#*:}; \
	  [ -e "$$file" ] || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf .build

# `make fuzz` runs libFuzzer on the whole pipeline (Sources/BrambleFuzz) for FUZZ_SECONDS and
# writes crashing and hanging inputs to .build-fuzz/crashes/; it fails when the run found any.
# Fork mode with -ignore_crashes=1 keeps fuzzing after a crash, so one run finds several.
# Reproduce an input with `SWIFT_BACKTRACE=enable=no .build-fuzz/debug/BrambleFuzz FILE`.
# FUZZ=1 adds the target to the package. SWIFT_BACKTRACE=enable=no keeps Swift's backtracer out
# of a crash, where ASan would report on it and a leftover process could hold the pipe open.
# -O keeps preconditions, bounds and overflow checks (only -Ounchecked drops them) and ran
# about 3.5 times as many inputs per second as -Onone on the seed corpus.
FUZZ_SECONDS ?= 300
FUZZ_DIR = .build-fuzz
FUZZ_BIN = $(FUZZ_DIR)/debug/BrambleFuzz
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
	-fork=1 -ignore_crashes=1 -dict=scripts/fuzz-seeds/bramble.dict \
	-artifact_prefix=$(FUZZ_DIR)/crashes/ -print_final_stats=1

fuzz: fuzz-runtime
	FUZZ=1 $(SWIFT) build -c debug --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address \
	  -Xswiftc -parse-as-library -Xswiftc -O --product BrambleFuzz --scratch-path $(FUZZ_DIR)
	mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/crashes
	cp $(TREES) scripts/fuzz-seeds/*.bramble $(FUZZ_DIR)/corpus/
	touch $(FUZZ_DIR)/run.stamp
	SWIFT_BACKTRACE=enable=no $(FUZZ_BIN) $(FUZZ_FLAGS) $(FUZZ_DIR)/corpus 2>&1 | tee $(FUZZ_DIR)/fuzz.log
	@found=$$(find $(FUZZ_DIR)/crashes -type f -newer $(FUZZ_DIR)/run.stamp); \
	if [ -n "$$found" ]; then echo "fuzz: inputs that crash or hang:"; echo "$$found"; exit 1; fi; \
	echo "fuzz: no crash or hang found"

# `make bench` times parsing and checking of generated 10k, 100k and 1M-node trees with a
# release build and rewrites the parse section of docs/benchmarks.md. BENCH_SCRATCH sets the
# build folder, so that a benchmark build can stay apart from other builds.
BENCH_SCRATCH ?= .build

bench: $(BENCHES)

bench-parse:
	$(SWIFT) build -c release --product bramble-bench --scratch-path $(BENCH_SCRATCH) $(STATIC)
	$(BENCH_SCRATCH)/release/bramble-bench --output docs/benchmarks.md \
	  --swift-version "$$($(SWIFT) --version 2>/dev/null | head -n 1)"

# `make bench-render` draws generated trees of 100, 1,000 and 5,000 nodes as SVG in-process and
# with the dot program on the same DOT text, and rewrites the render section of
# docs/benchmarks.md with the times and their ratio.
bench-render: deps
	$(SWIFT) build -c release --product bramble-render-bench --scratch-path $(BENCH_SCRATCH) $(STATIC)
	$(BENCH_SCRATCH)/release/bramble-render-bench --output docs/benchmarks.md

# `make bench-diff` times `bramble diff` against `diff -u` on two generated 100k-node trees, the
# second with 1% of its nodes changed, and rewrites the diff section of docs/benchmarks.md.
bench-diff:
	$(SWIFT) build -c release --product bramble --scratch-path $(BENCH_SCRATCH) $(STATIC)
	$(SWIFT) build -c release --product bramble-bench --scratch-path $(BENCH_SCRATCH) $(STATIC)
	$(BENCH_SCRATCH)/release/bramble-bench diff --bramble $(BENCH_SCRATCH)/release/bramble \
	  --output docs/benchmarks.md --swift-version "$$($(SWIFT) --version 2>/dev/null | head -n 1)"

# `make bench-scale` times the exact goal probability and mitigation effects on generated trees
# of 10k, 30k and 100k nodes with 5% shared nodes, and rewrites the scale section.
bench-scale:
	$(SWIFT) build -c release --product bramble-bench --scratch-path $(BENCH_SCRATCH) $(STATIC)
	$(BENCH_SCRATCH)/release/bramble-bench --scale --output docs/benchmarks.md \
	  --swift-version "$$($(SWIFT) --version 2>/dev/null | head -n 1)"

# `make bench-scram` times bramble and SCRAM on the same Open-PSA models (scripts/bench-scram.sh).
# SCRAM and GNU time are installed here only, not for `make test`: the tests compare with
# published and independently checked figures, not with a live SCRAM. OPEN_PSA_MODELS is the
# folder holding the models, by default the shared fixture folder the tests read.
OPEN_PSA_MODELS ?= $(or $(BRAMBLE_SHARED),../shared)/benchmarks/open-psa

bench-scram:
	@missing=""; [ -x /usr/bin/scram ] || missing="$$missing scram"; [ -x /usr/bin/time ] || missing="$$missing time"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	$(SWIFT) build -c release --product bramble --scratch-path $(BENCH_SCRATCH) $(STATIC)
	scripts/bench-scram.sh $(BENCH_SCRATCH)/release/bramble $(OPEN_PSA_MODELS) docs/benchmarks.md

# The Swift toolchain ships its own libFuzzer and ASan runtimes (lib/clang/*/lib/linux), which
# are the ones swiftc links, so no Debian package is needed; this fails early if they are missing.
fuzz-runtime:
	@toolchain=$$(dirname "$$(dirname "$$(readlink -f "$$(command -v swiftc)")")"); \
	runtime=$$(ls $$toolchain/lib/clang/*/lib/linux/libclang_rt.fuzzer-$$(uname -m).a 2>/dev/null | head -n 1); \
	if [ -z "$$runtime" ]; then \
	  echo "error: the Swift toolchain at $$toolchain has no libclang_rt.fuzzer; install a swift.org toolchain, which includes it" >&2; \
	  exit 1; \
	fi
