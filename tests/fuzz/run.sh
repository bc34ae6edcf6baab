#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 20), after replaying its saved regressions.
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]   (BUILD_DIR: a CXX=clang++ -DM2V_FUZZ=ON build)
# Longer runs: tests/fuzz/run.sh 600   (corpora persist in BUILD_DIR/corpus between runs)
set -euo pipefail
SECONDS_EACH="${1:-20}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="$(realpath "${2:-$ROOT/build-fuzz}")"
SAMPLE="$ROOT/web/sample/ml-latest-small"
KAGGLE="$ROOT/tests/fixtures/the-movies-dataset-sample"
failed=0
passed=0

# seed TARGET NAME: a file from stdin; the first byte is the chunk size the target feeds with.
seed() {
    mkdir -p "$BUILD/corpus/$1"
    { printf '\x07'; cat; } >"$BUILD/corpus/$1/$2"
}

echo "Seeding corpora in $BUILD/corpus"
head -c 3000 "$SAMPLE/ratings.csv" | seed csv ratings
head -c 3000 "$SAMPLE/movies.csv" | seed csv movies
head -c 6000 "$KAGGLE/movies_metadata.csv" | seed csv kaggle
printf 'a,"b ""q"" c"\r\n"multi\nline",x\r\n' | seed csv quoting
head -c 3000 "$SAMPLE/ratings.csv" | seed ratings ratings
printf '1\t10\t4.5\t100\n1\t20\t3\t101\n' | seed ratings tabs
printf 'user;item;rating\n1;10;4,5\n' | seed ratings semicolons
{ head -c 2000 "$SAMPLE/movies.csv"; head -c 400 "$SAMPLE/links.csv"; } | seed metadata movielens
{ head -c 5000 "$KAGGLE/movies_metadata.csv"; head -c 400 "$KAGGLE/links_small.csv"; } | seed metadata kaggle
mkdir -p "$BUILD/corpus/model" "$BUILD/corpus/cli_args"
printf 'M2V\0\1\0\0\0\0\0\0\0\1\0\0\0\2\0\0\0' >"$BUILD/corpus/model/header"
printf 'M2V\0\1\0\0\0\3\0\0\0\1\0\0\0\2\0\0\0' >"$BUILD/corpus/model/header-int8"
printf -- '--ratings\0r.csv\0--dim\0064\0--lr\0001e-3\0--quiet' >"$BUILD/corpus/cli_args/train"
printf '3 2\n</s> 0 0\n10 0.5 -1.25\nword 1e-3 2\n' | seed vectors text
printf '2 2\n10 \0\0\200\77\0\0\0\300\n20 \0\0\0\0\0\0\200\277\n' | seed vectors binary
printf '5 1 2 3\n6 4 5 6\n' | seed vectors headerless

for target in csv ratings metadata model cli_args vectors; do
    binary="$BUILD/fuzz_$target"
    [ -x "$binary" ] || { echo "missing $binary: build with CXX=clang++ cmake -DM2V_FUZZ=ON" >&2; exit 2; }
    regressions=("$HERE/regressions/$target"/*)
    if [ -e "${regressions[0]}" ]; then
        echo "Replaying ${#regressions[@]} saved regression(s) for $target"
        if ! "$binary" "${regressions[@]}" >"$BUILD/fuzz_$target.regressions.log" 2>&1; then
            echo "FAIL: $target regression"; tail -30 "$BUILD/fuzz_$target.regressions.log"; failed=$((failed + 1)); continue
        fi
    fi
    echo "Fuzzing $target for ${SECONDS_EACH}s"
    mkdir -p "$BUILD/artifacts/$target"
    if "$binary" "$BUILD/corpus/$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -max_len=16384 -artifact_prefix="$BUILD/artifacts/$target/" -print_final_stats=1 >"$BUILD/fuzz_$target.log" 2>&1; then
        echo "  $(grep -E '^stat::number_of_executed_units' "$BUILD/fuzz_$target.log" | awk '{print $2}') runs, no finding"
        passed=$((passed + 1))
    else
        echo "FAIL: $target found a problem (input saved in $BUILD/artifacts/$target/):"
        tail -40 "$BUILD/fuzz_$target.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
