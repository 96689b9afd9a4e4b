# Bramble: `make demo` builds the tool and writes output/ from trees/; `make test` runs every
# test. Both install the Debian packages they need first (run as root on a fresh machine).

SWIFT ?= swift
CONFIG ?= release
BIN = .build/$(CONFIG)/bramble
TREES = $(wildcard trees/*.bramble)
NAMES = $(basename $(notdir $(TREES)))

# Debian packages and a file each one installs, so that nothing is installed twice.
PACKAGES = libgraphviz-dev:/usr/include/graphviz/gvc.h graphviz:/usr/bin/dot

.PHONY: demo test build deps clean

demo: deps build
	@for name in $(NAMES); do \
	  dir=output/$$name; mkdir -p $$dir; \
	  echo "bramble: writing $$dir"; \
	  $(BIN) score trees/$$name.bramble --format json -o $$dir/scores.json || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format dot -o $$dir/diagram.dot || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format svg -o $$dir/diagram.svg || exit $$?; \
	  $(BIN) render trees/$$name.bramble --format png -o $$dir/diagram.png || exit $$?; \
	  $(BIN) report trees/$$name.bramble -o $$dir/remediation-plan.md || exit $$?; \
	done

build: deps
	$(SWIFT) build -c $(CONFIG) --product bramble

# Tests run on an optimised build: it is what ships, and the hostile-input tests (a tree ten
# thousand levels deep, 10 MB lines) take seconds there instead of minutes.
test: deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build

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
