#!/usr/bin/env bash
# Native training speed on 1 and 2 threads at the training defaults, as interleaved rounds: each
# round runs 1 thread, 2 threads, two separate 1-thread processes started together (what two
# cores give when nothing is shared: the ceiling), and 1 thread again; the ratios are to the mean
# of the round's two 1-thread runs, so a machine that slows down or speeds up during a round
# biases them less. Prints every round and the median ratios.
#   tools/bench-threads.sh [rounds=3] [path to movie2vec=build/movie2vec]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
bin=${2:-build/movie2vec}
args=(--dim 64 --window 8 --negative 25 --tokens 2000000 --epochs 3)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
speed() { grep -oE '[0-9]+ tokens/s' "$1" | head -1 | cut -d' ' -f1; }
echo "bench ${args[*]}: tokens/s per round (ratios to 1 thread in the same round)"
for ((r = 1; r <= rounds; ++r)); do
    "$bin" bench --threads 1 "${args[@]}" >"$tmp/one"
    "$bin" bench --threads 2 "${args[@]}" >"$tmp/two"
    "$bin" bench --threads 1 "${args[@]}" >"$tmp/a" &
    "$bin" bench --threads 1 "${args[@]}" >"$tmp/b"
    wait
    "$bin" bench --threads 1 "${args[@]}" >"$tmp/again"
    one=$(speed "$tmp/one") again=$(speed "$tmp/again") two=$(speed "$tmp/two")
    pair=$(($(speed "$tmp/a") + $(speed "$tmp/b")))
    awk -v r="$r" -v one="$one" -v again="$again" -v two="$two" -v pair="$pair" 'BEGIN {
        mean = (one + again) / 2
        printf "round %d: 1 thread %d and %d, 2 threads %d (%.2fx), two 1-thread processes %d together (%.2fx)\n",
               r, one, again, two, two / mean, pair, pair / mean }' | tee -a "$tmp/rounds"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
two=$(sed -E 's/.*2 threads [0-9]+ \(([0-9.]+)x\).*/\1/' "$tmp/rounds" | median)
pair=$(sed -E 's/.*together \(([0-9.]+)x\).*/\1/' "$tmp/rounds" | median)
echo "median of $rounds rounds: 2 threads ${two}x one thread; two separate 1-thread processes ${pair}x"
