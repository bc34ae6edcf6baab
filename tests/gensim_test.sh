#!/usr/bin/env bash
# The path of docs/scale.md with gensim, on the sample: movie2vec sequences -> gensim Word2Vec
# (CBOW, the settings the document states) -> movie2vec convert (text and binary vectors) ->
# similar. Toy Story's neighbours must be mostly animated, as movie2vec's own training makes them.
# Usage: tests/gensim_test.sh MOVIE2VEC_COMMAND...   e.g. build/movie2vec
# Needs Debian's python3-gensim (./build-wasm.sh test installs it); M2V_PYTHON picks the Python.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 MOVIE2VEC_COMMAND..." >&2; exit 2; }
M2V=()
for arg in "$@"; do
    if [ -e "$arg" ]; then M2V+=("$(realpath "$arg")"); else M2V+=("$arg"); fi
done
PYTHON="${M2V_PYTHON:-/usr/bin/python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAMPLE="$HERE/../web/sample/ml-latest-small"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
passed=0
failed=0
check() {  # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
    local what="$1"
    shift
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

"$PYTHON" -c 'import gensim' || { echo "FAIL: gensim is missing for $PYTHON (apt-get install python3-gensim)"; exit 1; }

echo "Writing the sample's sequences"
"${M2V[@]}" sequences --ratings "$SAMPLE/ratings.csv" --out corpus.txt --quiet
check "corpus.txt has one line per user (610)" [ "$(wc -l <corpus.txt)" -eq 610 ]

echo "Training gensim Word2Vec (CBOW) on them"
# One worker: the same vectors on every run.
"$PYTHON" - corpus.txt <<'PY'
import sys
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence

model = Word2Vec(LineSentence(sys.argv[1]), sg=0, cbow_mean=1, vector_size=64, window=8, negative=10,
                 sample=0, min_count=1, epochs=30, seed=1, workers=1)
model.wv.save_word2vec_format('vectors.txt')
model.wv.save_word2vec_format('vectors.bin', binary=True)
PY

echo "Converting the vectors (text and binary) into model files"
summary="$("${M2V[@]}" convert --vectors vectors.txt --movies "$SAMPLE/movies.csv" --ratings "$SAMPLE/ratings.csv" \
    --out-model text.m2v --int8 --quiet)"
check "convert reads every movie, with titles and ratings: $summary" \
    grep -q "converted 9,724 movies x 64 dims from vectors.txt (word2vec-text), 9,724 with titles, 9,724 rated" <<<"$summary"
"${M2V[@]}" convert --vectors vectors.bin --movies "$SAMPLE/movies.csv" --ratings "$SAMPLE/ratings.csv" \
    --out-model binary.m2v --int8 --quiet >/dev/null
check "gensim's binary and text vectors make the same model file" cmp -s text.m2v binary.m2v

"${M2V[@]}" similar --model text.m2v --movie 1 -k 10 >similar.txt
animated=0
while IFS=$'\t' read -r id _; do
    grep -q "^$id,.*Animation" "$SAMPLE/movies.csv" && animated=$((animated + 1))
done <similar.txt
echo "Toy Story's 10 nearest in the gensim model ($animated animated):"
sed 's/^/  /' similar.txt
check "at least 5 of Toy Story's 10 nearest are animated (got $animated)" [ "$animated" -ge 5 ]
tenOthers() { [ "$(wc -l <similar.txt)" -eq 10 ] && ! grep -q "^1	" similar.txt; }
check "10 neighbours, Toy Story not among them" tenOthers

echo "gensim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
