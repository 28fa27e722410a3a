# A thin front end over CMake.  `make demo` and `make test` first install
# what is missing (Debian packages with apt-get, the test tools from the
# npm registry), so that a fresh Debian 12 machine needs nothing else.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PILOTTI    := $(BUILD)/pilotti

# Debian packages: to build, and to run the tests.
BUILD_PKGS := gcc make cmake pkg-config libgit2-dev libcmark-dev libjansson-dev libgraphviz-dev
TEST_PKGS  := git libcmocka-dev valgrind python3 chromium \
              nginx-light fcgiwrap openssl openssh-server openssh-client

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build deps deps-build deps-test demo test test-asan memcheck stress fuzz bench clean

all: build

deps-build:
	@missing=$$(for p in $(BUILD_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing: $$missing"; \
	    $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

deps-test: deps-build
	@missing=$$(for p in $(TEST_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing: $$missing"; \
	    $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@if ! command -v npm >/dev/null 2>&1; then \
	    echo "Installing: nodejs npm"; \
	    $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	fi
	@if ! command -v java >/dev/null 2>&1; then \
	    echo "Installing: default-jre-headless (for the Nu Html Checker)"; \
	    $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; \
	fi
	@if [ ! -x tests/node_modules/.bin/ajv ] || [ ! -d tests/node_modules/playwright-core ] || \
	    [ ! -d tests/node_modules/axe-core ] || [ ! -d tests/node_modules/vnu-jar ]; then \
	    echo "Installing the test tools (ajv-cli, playwright-core, axe-core, vnu-jar) from the npm registry"; \
	    (cd tests && npm install --no-audit --no-fund --silent); \
	fi

deps: deps-test

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DPILOTTI_WERROR=ON

build: deps-build $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@sh examples/demo.sh $(PILOTTI) $(BUILD)/demo

# The whole suite, then again under ASan+UBSan, then the end-to-end tests
# with every pilotti run under valgrind.
# The servers the sync tests start are installed here, so those tests may
# not skip themselves (PILOTTI_REQUIRE_SERVERS).
export PILOTTI_REQUIRE_SERVERS := 1

test: deps-test build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-asan
	$(MAKE) memcheck

test-asan: deps-test
	cmake -S . -B $(ASAN_BUILD) -DPILOTTI_SANITIZE=ON -DPILOTTI_WERROR=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# The end-to-end tests with every pilotti run under valgrind (slower).
memcheck: deps-test build
	cd $(BUILD) && PILOTTI_WRAPPER="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=$(CURDIR)/tests/valgrind.supp" \
	    ctest --output-on-failure -j $(JOBS) -L e2e

# The heavier concurrency runs: STRESS_REGIONS regions committing and
# syncing at once, through the web server and over a shared folder.
STRESS_REGIONS ?= 50
stress: deps-test build
	cd $(BUILD) && SYNC_REGIONS=$(STRESS_REGIONS) ctest --output-on-failure -V -R 't0200|t0210' | \
	    grep -E '^[0-9]+: (ok|not ok|#)|tests passed|Failed'

# Speed against stock git on the same data (ratios, not a pass/fail test).
BENCH_COMMITS ?= 5000
bench: build
	bash tests/bench/log.sh $(PILOTTI) $(BENCH_COMMITS)

# libFuzzer over JSON loading, schema checks and Markdown headings, seeded
# with the example series; FUZZ_SECONDS per target (default 60).
FUZZ_SECONDS ?= 60
fuzz: deps-build
	@command -v clang >/dev/null && [ -n "$$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || \
	    { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev; }
	CC=clang cmake -S . -B build-fuzz -DPILOTTI_FUZZ=ON -DPILOTTI_SANITIZE=ON -DPILOTTI_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-fuzz -j $(JOBS) --target fuzz_json fuzz_markdown
	sh tests/fuzz/seed.sh build-fuzz/corpus
	build-fuzz/fuzz_json -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build-fuzz/corpus/json
	build-fuzz/fuzz_markdown -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build-fuzz/corpus/md

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
