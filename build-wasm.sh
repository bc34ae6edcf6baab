#!/usr/bin/env bash
# movie2vec's one entry point: installs what is missing, builds (native + WebAssembly), tests, serves.
#   ./build-wasm.sh serve   build, then serve web/ on http://127.0.0.1:8080
#   ./build-wasm.sh test    build, then run every test (CTest, Node, headless Chromium)
#   ./build-wasm.sh build   build only
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
PORT="${PORT:-8080}"
# Emscripten's JS optimizer needs acorn, which Debian installs where Node does not look.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# Debian's Python, for which python3-gensim installs gensim (another python3 may come first on PATH).
export M2V_PYTHON="${M2V_PYTHON:-/usr/bin/python3}"

# Each step says when it starts, in seconds since the script did (bash's SECONDS), so a slow run shows where the time went.
step() { printf '\n==> [%4d s] %s\n' "$SECONDS" "$*"; }

install_debian_packages() {
    local missing=()
    command -v emcc >/dev/null || missing+=(emscripten)
    command -v cmake >/dev/null || missing+=(cmake)
    command -v g++ >/dev/null || missing+=(g++)
    command -v clang++ >/dev/null || missing+=(clang)
    [ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a 2>/dev/null)" ] || missing+=(libclang-rt-14-dev)
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    [ -f /usr/share/eigen3/cmake/Eigen3Config.cmake ] || missing+=(libeigen3-dev)
    [ -f /usr/include/doctest/doctest.h ] || missing+=(doctest-dev)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    apt_install "${missing[@]}"
}

# What only the tests need: Debian's gensim for the round trip of docs/scale.md.
install_test_packages() {
    local missing=()
    "$M2V_PYTHON" -c 'import gensim' 2>/dev/null || missing+=(python3-gensim)
    apt_install "${missing[@]}"
}

apt_install() {
    [ "$#" -gt 0 ] || return 0
    step "Installing Debian packages: $*"
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: need root to install $* (run as root, or: sudo apt-get install -y $*)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y "$@"
}

install_npm_packages() {
    if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        step "Installing npm packages from package-lock.json"
        npm ci --no-audit --no-fund
    fi
}

build_native() {
    step "Building natively (build/)"
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build -j "$JOBS"
}

build_wasm() {
    step "Building WebAssembly (build-wasm/, web/dist/)"
    emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release -DEigen3_DIR=/usr/share/eigen3/cmake >/dev/null
    cmake --build build-wasm -j "$JOBS"
    step "Bundling the classic scripts for pages opened from file:// with esbuild (web/dist/page.js, worker-standalone.js)"
    node tools/bundle.mjs
    step "Training the example model for web/examples/embed.html (web/dist/example-model.m2v)"
    node web/examples/make-model.mjs
}

# The native tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
build_sanitized() {
    step "Building natively with ASan + UBSan (build-asan/)"
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DM2V_SANITIZE=ON >/dev/null
    cmake --build build-asan -j "$JOBS"
}

# libFuzzer targets, built with clang (build-fuzz/).
build_fuzzers() {
    step "Building the fuzz targets with clang (build-fuzz/)"
    CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DM2V_FUZZ=ON -DM2V_TESTS=OFF >/dev/null
    cmake --build build-fuzz -j "$JOBS" --target fuzz_csv fuzz_ratings fuzz_metadata fuzz_model fuzz_cli_args fuzz_vectors
}

build_all() {
    install_debian_packages
    install_npm_packages
    build_native
    build_wasm
}

run_tests() {
    install_test_packages
    step "Native tests (CTest)"
    ctest --test-dir build --output-on-failure -j "$JOBS"
    step "The gensim round trip of docs/scale.md: sequences -> gensim Word2Vec -> convert -> similar"
    tests/gensim_test.sh build/movie2vec
    build_sanitized
    step "Native tests under ASan + UBSan (CTest)"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j "$JOBS"
    build_fuzzers
    step "Fuzzing each target for ${FUZZ_SECONDS:-15} s (FUZZ_SECONDS=600 for a longer run)"
    tests/fuzz/run.sh "${FUZZ_SECONDS:-15}" build-fuzz
    step "WebAssembly tests under Node"
    node --test tests/node/
    step "Page tests in headless Chromium"
    node --test --test-concurrency=1 tests/e2e/
}

case "${1:-}" in
    build) build_all ;;
    test) build_all; run_tests ;;
    serve)
        build_all
        step "Serving web/ on http://127.0.0.1:$PORT (Ctrl-C stops)"
        exec node tools/serve.mjs --root web --port "$PORT" --host 127.0.0.1
        ;;
    *)
        echo "usage: $0 serve|test|build" >&2
        exit 2
        ;;
esac
