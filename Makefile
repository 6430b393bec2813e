# Thin wrapper over CMake + ctest. `make run` and `make test` are the two set-up commands.
BUILD ?= build
CMAKE_FLAGS ?=
LISTEN ?= 127.0.0.1:8080
DB ?= openrouterd.db

.PHONY: all build deps test-deps run test test-asan test-valgrind clean

all: build

deps:
	@scripts/install-deps.sh build

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j2

run: build
	$(BUILD)/bin/openrouterd serve --db $(DB) --listen $(LISTEN)

test-deps:
	@scripts/install-deps.sh test

# The whole suite: normal build, then the sanitizer build of the same suite.
test: test-deps build
	@cd $(BUILD) && ctest --output-on-failure -j2
	@$(MAKE) --no-print-directory test-asan

test-asan: test-deps
	@cmake -S . -B build-asan -DOR_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-asan -j2
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j2 -L 'unit|integration'

clean:
	rm -rf $(BUILD) build-asan

# Fuzz every parser with clang + libFuzzer, FUZZ_SECONDS each (fuzz/run.sh).
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh
