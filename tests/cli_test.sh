#!/usr/bin/env bash
# The CLI's contract: commands, outputs, one-line errors naming file and line, exit codes.
# Usage: tests/cli_test.sh COMMAND...   e.g. build/movie2vec, or: node build-wasm/movie2vec-cli.js
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 MOVIE2VEC_COMMAND..." >&2; exit 2; }
M2V=()
for arg in "$@"; do
    # Paths become absolute: the cases run in a temporary folder.
    if [ -e "$arg" ]; then M2V+=("$(realpath "$arg")"); else M2V+=("$arg"); fi
done
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SAMPLE="$HERE/../web/sample/ml-latest-small"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
passed=0
failed=0

# expect CODE PATTERN -- ARGS...: exit code CODE and PATTERN (grep -E) in stdout+stderr.
expect() {
    local code="$1" pattern="$2"
    shift 3
    local out rc=0
    out="$("${M2V[@]}" "$@" 2>&1)" || rc=$?
    if [ "$rc" -eq "$code" ] && grep -Eq -- "$pattern" <<<"$out"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'FAIL: movie2vec %s\n  expected exit %s and /%s/\n  got exit %s: %s\n' "$*" "$code" "$pattern" "$rc" "$out"
    fi
}

# Fixtures: every column distinct, so a swapped column cannot pass.
printf 'userId,movieId,rating,timestamp\n1,10,4.0,100\n1,20,3.5,101\n1,30,5.0,102\n2,20,4.0,200\n2,30,2.0,201\n2,10,1.0,202\n' >small.csv
printf 'userId,movieId,rating,timestamp\n1,10,4.0,100\n1,20,abc,101\n1,30,5.0,102\n2,20,4.0,200\n2,30,2.0,201\n' >badrow.csv
printf 'a,b,c\nx,y,z\n' >nocolumns.csv
: >empty.csv
printf '2 3\n10 0.1 0.2 0.3\n20 0.1 0.2\n' >badvectors.txt
printf 'userId,movieId\n1,10\n2,20\n' >lonely.csv

expect 0 "Commands:" -- help
expect 2 "Commands:" --
expect 2 'unknown command "frobnicate"' -- frobnicate
expect 2 "train: missing --ratings" -- train --out v.txt
expect 2 "train: unknown option --frob" -- train --ratings small.csv --out v.txt --frob 1
expect 2 'train: --dim "abc" is not a whole number' -- train --ratings small.csv --out v.txt --dim abc
expect 2 "train: --epochs must be between 1 and 10000, got 0" -- train --ratings small.csv --out v.txt --epochs 0
expect 2 "train: --ns-exponent must be between -1 and 1, got 2" -- train --ratings small.csv --out v.txt --ns-exponent 2
expect 2 "train: option --dim needs a value" -- train --ratings small.csv --out v.txt --dim
expect 2 '^movie2vec train: loss must be "nce", "negative" or "softmax", got "hinge"$' -- train --ratings small.csv --out v.txt --loss hinge
expect 1 'cannot open "missing.csv"' -- train --ratings missing.csv --out v.txt
expect 1 "empty.csv" -- train --ratings empty.csv --out v.txt
expect 1 "nocolumns.csv.*user" -- train --ratings nocolumns.csv --out v.txt
expect 0 'badrow.csv:3: rating "abc" is not a number' -- train --ratings badrow.csv --out bad.txt --epochs 2 --dim 4
expect 0 "tokens/s" -- train --ratings small.csv --out v.txt --epochs 3 --dim 8 --window 2 --out-output o.txt
if [ "$(head -1 v.txt)" = "3 8" ] && [ "$(wc -l <v.txt)" -eq 4 ] && [ "$(head -1 o.txt)" = "3 8" ] &&
    awk 'NR > 1 && NF != 9 { bad = 1 } END { exit bad }' v.txt; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: v.txt is not word2vec text with 3 vectors of 8: $(head -2 v.txt)"
fi
expect 0 "^(20|30)	[^	]*	[-0-9.]+	$" -- similar --vectors v.txt --movie 10 -k 2
expect 1 "movie 99 is not in v.txt" -- similar --vectors v.txt --movie 99
expect 2 "similar: missing --movie" -- similar --vectors v.txt
expect 2 'similar: --movie "x" is not a whole number' -- similar --vectors v.txt --movie x
expect 1 "badvectors.txt:3: expected 3 numbers after the movie id, found 2" -- similar --vectors badvectors.txt --movie 10
expect 2 "similar: give --vectors \(word2vec text\) or --model \(.m2v\), one of them" -- similar --movie 10
expect 2 "train: --int8 goes with --out-model" -- train --ratings small.csv --out v.txt --int8
expect 0 "wrote small.m2v \(int8, [0-9,]+ bytes\)" -- train --ratings small.csv --out-model small.m2v --int8 --dim 4 --quiet
expect 0 "^(20|30)	[^	]*	[-0-9.]+	2$" -- similar --model small.m2v --movie 10 -k 2 --min-ratings 0
expect 0 "note: movie 10 has 2 ratings \(fewer than --min-ratings 5\)" -- similar --model small.m2v --movie 10 -k 2
expect 0 "^(20|30)	[^	]*	[-0-9.]+	2$" -- similar --vectors v.txt --ratings small.csv --movie 10 -k 2 --min-ratings 2
expect 2 'similar: --min-ratings must be between 0 and [0-9]+, got -1' -- similar --model small.m2v --movie 10 --min-ratings -1
expect 1 'small.csv: not a movie2vec model file \(it does not start with "M2V"\)' -- similar --model small.csv --movie 10
expect 0 "users 2, ratings 6, movies rated 3" -- inspect --ratings small.csv
expect 0 "^next +[01]\.[0-9]{4} +[01]\.[0-9]{4}" -- eval --ratings small.csv --epochs 2 --dim 8 --seeds 1 --quiet
expect 0 "genre coherence .*similar 0\.[0-9]{4}" -- eval --ratings "$SAMPLE/ratings.csv" --movies "$SAMPLE/movies.csv" --epochs 1 --seeds 2 --quiet --next-model 0
expect 2 "eval: --seeds must be between 1 and 100, got 0" -- eval --ratings small.csv --seeds 0
expect 0 "trained on 12 tokens \(3 copies of each user's movies\)" -- eval --ratings small.csv --copies 3 --epochs 1 --dim 4 --seeds 1 --quiet
expect 0 "next vs co-occurrence, user by user \(McNemar's exact test\): seed 1: \+[0-9]+ -[0-9]+ p=" -- eval --ratings small.csv --epochs 1 --dim 4 --seeds 1 --quiet
expect 0 "eval: 1 users \(fold 1 of 2" -- eval --ratings small.csv --folds 2 --fold 1 --epochs 1 --dim 4 --seeds 1 --quiet
expect 2 "eval: --fold must be between 0 and 1, got 2" -- eval --ratings small.csv --folds 2 --fold 2
expect 0 "eval: 1 users \(fold 0 of 2.*none of them training.*\(1 predictions, .*trained on 2 tokens of the other users" -- eval --ratings small.csv --folds 2 --fold 0 --unseen-users --epochs 1 --dim 4 --seeds 1 --quiet
expect 0 "next - co-occurrence, HR@10 user by user \(mean \+- standard error\): seed 1: [-+][01]\.[0-9]{4} \+- 0\.0000" -- eval --ratings small.csv --folds 2 --fold 0 --unseen-users --epochs 1 --dim 4 --seeds 1 --quiet
expect 2 "eval: --query-decay must be between" -- eval --ratings small.csv --query-decay 2
expect 0 "next: weighed 1, 0.5, \.\.\." -- eval --ratings small.csv --query-decay 0.5 --epochs 1 --dim 4 --seeds 1 --quiet
expect 0 "epochs 100 \(auto: 6 tokens per epoch\)" -- train --ratings small.csv --out auto.txt --dim 4
expect 0 "share-negatives 1 \(auto: 3 movies\), next-pairs 1, next-model 6$" -- train --ratings small.csv --out pairs.txt --dim 4 --epochs 2 --next-pairs 1
expect 2 "train: --next-pairs must be between 0 and 8, got 9" -- train --ratings small.csv --out pairs.txt --next-pairs 9
expect 0 "next-pairs 2, next-model 6, loss nce" -- eval --ratings small.csv --epochs 1 --dim 4 --seeds 1 --next-pairs 2 --quiet
expect 0 "share-negatives 1 \(auto: 3 movies\)$" -- train --ratings small.csv --out pairs.txt --dim 4 --epochs 2 --next-model 0
expect 2 "train: --next-model must be between 0 and 8, got 9" -- train --ratings small.csv --out pairs.txt --next-model 9
expect 1 'cannot open "missing.csv"' -- eval --ratings missing.csv
expect 0 "x 2 = 1,220 sequences, 201,672 tokens per epoch" -- bench --ratings "$SAMPLE/ratings.csv" --tokens 200000 --epochs 1
expect 0 "^time .* s, [0-9]+ tokens/s" -- bench --ratings "$SAMPLE/ratings.csv" --tokens 100000 --epochs 1 --threads 1
expect 0 "share-negatives 1, next-model 2, 1 thread" -- bench --ratings "$SAMPLE/ratings.csv" --tokens 20000 --epochs 1 --threads 1 --next-model 2
expect 2 "bench: no --ratings given" -- bench --tokens 1000

expect 0 "bench-ingest: big.csv, .* 2,000 ratings, 667 users" -- bench-ingest --ratings small.csv --out big.csv --rows 2000
expect 0 "using the existing big.csv" -- bench-ingest --out big.csv

# bench-catalogue: movie 10 (first of the most rated, by id) is shared; 20 and 30 are new per copy.
printf 'movieId,title,genres\n10,Ten (1990),Drama\n20,"Twenty, The (1995)",Comedy\n30,Thirty,Horror\n40,Unrated (2000),Action\n' >movies3.csv
expect 0 "18 ratings, 6 users, 7 movies \(1 shared by the 3 copies.* m \+ c x 100\); 7 movies have fewer than 10" -- bench-catalogue --ratings small.csv --movies movies3.csv --out cat.csv --out-movies catm.csv --copies 3 --head 1
grep -qx "5,220,3.5,101" cat.csv && grep -qx "4,10,1.0,202" cat.csv && grep -qx "1,10,4.0,100" cat.csv && [ "$(wc -l <cat.csv)" = 19 ] || { failed=$((failed + 1)); echo "FAIL: bench-catalogue ratings rows"; }
grep -qx '220,"Twenty, The #2 (1995)",Comedy' catm.csv && grep -qx '230,Thirty #2,Horror' catm.csv && [ "$(grep -c '^10,' catm.csv)" = 1 ] && [ "$(grep -c Unrated catm.csv)" = 1 ] || { failed=$((failed + 1)); echo "FAIL: bench-catalogue movies file"; }
printf 'userId,movieId,rating\n1,10,4\n1,x,4\n' >badid.csv
expect 1 '^movie2vec bench-catalogue: badid.csv:3: movieId "x" is not a whole number' -- bench-catalogue --ratings badid.csv --movies movies3.csv --out x.csv --out-movies y.csv
expect 2 "bench-catalogue: give --out RATINGS.csv and --out-movies MOVIES.csv" -- bench-catalogue --ratings small.csv --out x.csv

# sequences: the corpus other word2vec tools read, one line per user in training order.
# same FILE TEXT: FILE holds exactly TEXT (and a final newline).
same() {
    if [ "$(cat "$1")" = "$2" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'FAIL: %s holds %s, expected %s\n' "$1" "$(head -c 200 "$1")" "$2"
    fi
}
expect 0 "wrote corpus.txt: 2 sequences \(one per user\), 6 movie ids, 3 distinct movies" -- \
    sequences --ratings small.csv --out corpus.txt
same corpus.txt $'10 20 30\n20 30 10'
expect 0 "left out 1 user with a single movie rated at or above --min-rating" -- \
    sequences --ratings small.csv --min-rating 3.5 --out high.txt
same high.txt '10 20 30'
expect 2 "sequences: missing --out" -- sequences --ratings small.csv
expect 2 'sequences: --min-rating "high" is not a number' -- sequences --ratings small.csv --min-rating high --out c.txt
expect 0 'badrow.csv:3: rating "abc" is not a number' -- sequences --ratings badrow.csv --out c.txt
expect 1 "nocolumns.csv.*user" -- sequences --ratings nocolumns.csv --out c.txt
expect 1 "no user has two movies at or above --min-rating: c.txt is empty" -- \
    sequences --ratings small.csv --min-rating 5 --out c.txt
# Dates without times: a day's movies in an order of each user's own, the same in every build
# (the WebAssembly CLI runs this file too); the days still in date order.
{
    echo 'userId,movieId,rating,timestamp'
    for user in 7 8; do for movie in 1 2 3 4 5 6; do echo "$user,$movie,3,2005-09-06"; done; done
    echo '7,9,2,2005-09-05'
} >days.csv
expect 0 "note: The timestamps are dates without times \(90.9% of" -- sequences --ratings days.csv --out days.txt
same days.txt $'9 3 5 4 1 6 2\n1 6 3 5 4 2'
expect 0 "610 sequences \(one per user\), 100,836 movie ids, 9,724 distinct movies, 9,724 with titles" -- \
    sequences --ratings "$SAMPLE/ratings.csv" --movies "$SAMPLE/movies.csv" --out sample-corpus.txt --quiet

# convert: vectors from other tools (text, binary, without a header) into a model file.
printf '3 4\n10 0.1 0.2 0.3 0.4\n20 0.1 0.2 0.3 0.5\n30 -0.4 0.3 -0.2 0.1\n' >vec.txt
printf '3 2\n</s> \0\0\0\0\0\0\0\0\n10 \0\0\200\77\0\0\0\300\n20 \0\0\200\77\0\0\200\277\n' >vec.bin
printf '10 1 0\n30 0 1\n20 0.9 0.1\n' >spark.txt
printf '3 2\n10 1 2\n20 3 4\n10 5 6\n' >dup.txt
printf '2 3\n10 1 2 3\n20 4 5\n' >mixed.txt
printf '3 2\n10 1 2\nthe 3 4\n20 5 6\n' >words.txt
printf '2 2\nthe 1 2\nof 3 4\n' >allwords.txt
printf 'movieId,title,genres\n10,Ten (1990),Drama\n20,Twenty (2000),Comedy|Drama\n' >ten.csv
expect 0 "converted 3 movies x 4 dims from vec.txt \(word2vec-text\), 2 with titles, 3 rated in small.csv" -- \
    convert --vectors vec.txt --movies ten.csv --ratings small.csv --out-model vec.m2v
expect 0 "^20	Twenty \(2000\)	0\.994[0-9]	2$" -- similar --model vec.m2v --movie 10 -k 1 --min-ratings 0
expect 0 "converted 2 movies x 2 dims from vec.bin \(word2vec-binary\)" -- convert --vectors vec.bin --out-model bin.m2v
expect 0 "^20		0\.9487	$" -- similar --model bin.m2v --movie 10 -k 1
expect 0 "wrote spark.m2v \(int8, [0-9,]+ bytes\)" -- convert --vectors spark.txt --out-model spark.m2v --int8
expect 0 "^20	" -- similar --model spark.m2v --movie 10 -k 1
expect 0 'words.txt:3: "the" is not a movie id \(a whole number\); skipped' -- convert --vectors words.txt --out-model w.m2v
expect 1 "dup.txt:4: movie 10 appears twice \(first on line 2\)" -- convert --vectors dup.txt --out-model d.m2v
expect 1 'mixed.txt:3: 2 numbers after "20", expected 3' -- convert --vectors mixed.txt --out-model m.m2v
expect 1 "allwords.txt: none of its 2 vectors are a movie's" -- convert --vectors allwords.txt --out-model a.m2v
expect 1 "small.csv:1: this is not word2vec vectors" -- convert --vectors small.csv --out-model s.m2v
expect 1 "vec.m2v: this is a movie2vec model file \(.m2v\), not word2vec vectors" -- convert --vectors vec.m2v --out-model x.m2v
expect 1 'cannot open "missing.txt"' -- convert --vectors missing.txt --out-model x.m2v
expect 2 "convert: missing --out-model" -- convert --vectors vec.txt
printf '3 4\n30 1 0 0 0\n10 0 1 0 0\n20 0 0 1 0.5\n' >vec-output.txt
printf '2 4\n10 0 1 0 0\n20 0 0 1 0.5\n' >short-output.txt
printf '3 3\n10 1 0 0\n20 0 1 0\n30 0 0 1\n' >narrow-output.txt
expect 0 "converted 3 movies x 4 dims from vec.txt \(word2vec-text\), with output vectors" -- \
    convert --vectors vec.txt --output-vectors vec-output.txt --out-model vec-out.m2v --quiet
# History 10: query = input of 10 (0.1 0.2 0.3 0.4); 30's output (1 0 0 0) scores 0.1, 20's
# (0 0 1 0.5) 0.5: 20 first, then 30; 10 itself is left out.
expect 0 "^20		0\.5000	10\$" -- recommend --model vec-out.m2v --history 10 -k 1 --min-ratings 0
expect 0 "^30		0\.1000	10\$" -- recommend --model vec-out.m2v --history 10 -k 2 --min-ratings 0
expect 1 "short-output.txt: movie 30 of vec.txt has no output vector" -- \
    convert --vectors vec.txt --output-vectors short-output.txt --out-model x.m2v
expect 1 "narrow-output.txt: the output vectors have 3 dimensions, vec.txt has 4" -- \
    convert --vectors vec.txt --output-vectors narrow-output.txt --out-model x.m2v
expect 2 "convert: --links goes with --movies" -- convert --vectors vec.txt --links links.csv --out-model x.m2v
if [ ! -e d.m2v ] && [ ! -e m.m2v ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: convert wrote a model file from vectors it refused"
fi

# Every command: a usage error exits 2, bad data exits 1 (where the command reads data), each a
# single line naming the command. Other cases above cover train, similar, sequences and convert.
expect 2 "^movie2vec map: give --vectors" -- map --layout pca
expect 1 "^movie2vec map: badvectors.txt:3: expected 3 numbers after the movie id, found 2$" -- map --vectors badvectors.txt
expect 2 "^movie2vec inspect: missing --ratings" -- inspect --movies small.csv
expect 1 "^movie2vec inspect: .*nocolumns.csv.*user" -- inspect --ratings nocolumns.csv
expect 2 "^movie2vec eval: unknown option --out" -- eval --ratings small.csv --out v.txt
expect 2 '^movie2vec eval: loss must be "nce", "negative" or "softmax", got "hinge"$' -- eval --ratings small.csv --loss hinge
expect 1 "^movie2vec eval: no user has two movies or more to hold one out$" -- eval --ratings lonely.csv --quiet
expect 2 "^movie2vec bench: --dim must be between 1 and 1024, got 0$" -- bench --ratings small.csv --dim 0
expect 1 "^movie2vec bench: the ratings give no sequence of two movies or more$" -- bench --ratings lonely.csv
expect 2 "^movie2vec bench-ingest: --rows must be between 1 and 2000000000, got 0$" -- bench-ingest --ratings small.csv --out rows.csv --rows 0
expect 1 "^movie2vec bench-ingest: nc-big.csv: no user column" -- bench-ingest --ratings nocolumns.csv --out nc-big.csv --rows 10
expect 2 '^movie2vec sequences: --min-rating "x" is not a number$' -- sequences --ratings small.csv --out c.txt --min-rating x
expect 1 "^movie2vec sequences: .*empty.csv" -- sequences --ratings empty.csv --out c.txt
expect 2 "^movie2vec convert: missing --vectors" -- convert --out-model x.m2v
expect 1 "^movie2vec convert: badvectors.txt:3: " -- convert --vectors badvectors.txt --out-model x.m2v
expect 2 "^movie2vec similar: -k must be between 1 and 100000, got 0$" -- similar --vectors v.txt --movie 10 -k 0
expect 1 "^movie2vec similar: .*empty.csv" -- similar --vectors v.txt --movie 10 --ratings empty.csv
expect 1 "^movie2vec train: nothing to train on" -- train --ratings lonely.csv --out v.txt

# Training options: ranges, choices and defaults from the one option table (src/option_table.cpp).
expect 2 "^movie2vec train: --lr must be above 0 and at most 1, got 0$" -- train --ratings small.csv --out v.txt --lr 0
expect 2 "^movie2vec train: --sample must be at least 0 and below 1, got 1$" -- train --ratings small.csv --out v.txt --sample 1
expect 2 "^movie2vec eval: --seed must be between 0 and 4294967295, got 4294967296$" -- eval --ratings small.csv --seed 4294967296
expect 2 "^movie2vec train: --min-rating must be between -1e\+09 and 1e\+09, got 1e10$" -- train --ratings small.csv --out v.txt --min-rating 1e10
expect 0 "epochs 100 \(auto: 6 tokens per epoch\)" -- train --ratings small.csv --out auto.txt --dim 4 --epochs auto
expect 0 "epochs 2, dim 4, window 8, negative 25, lr 0.02, loss nce, share-negatives 1 \\(auto: [0-9,]+ movies\\)" -- train --ratings small.csv --out v2.txt --dim 4 --epochs 2
expect 0 "share-negatives 3, next-model 6$" -- train --ratings small.csv --out v3.txt --dim 4 --epochs 2 --share-negatives 3
expect 2 "^movie2vec train: --share-negatives must be between 1 and 64, got 65$" -- train --ratings small.csv --out v.txt --share-negatives 65
expect 0 "^  --ns-exponent 0\.6 +between -1 and 1$" -- help

# The hostile-input catalogue: each case names the message the user sees.
printf 'userId,movieId,rating,timestamp\n' >header-only.csv
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01' >poster.png
printf '\xff\xfeu\0s\0e\0r\0I\0d\0,\0m\0o\0v\0i\0e\0I\0d\0\n\0' >utf16.csv
printf 'userId,movieId,rating,timestamp\n1,10,NaN,100\n1,11,Inf,101\n1,12,-3,102\n1,13,4,99999999999\n1,14,4,100\n1,14,4,100\n1,15,4,101\n' >weird.csv
printf 'userId,movieId,rating,timestamp\n1,10,4,100\n1,"11,4,101\n1,12,4,102\n' >unclosed.csv
{ echo 'userId,movieId,rating,timestamp'; for _ in $(seq 1000); do echo '1,10,4,100'; done; } >same.csv
awk 'BEGIN { print "userId,movieId"; for (u = 0; u < 70000; u++) { print u "," 2 * u; print u "," 2 * u + 1 } }' >many-movies.csv
printf 'movieId,imdbId,tmdbId\n10,0114709,862\n99,0000001,999999\n' >links.csv
printf 'id,title,release_date,genres\n862,"<b>Toy</b> Story",1995-10-30,"[{'"'"'id'"'"': 16, '"'"'name'"'"': '"'"'Animation'"'"'}]"\n' >metadata.csv
expect 1 "header-only.csv: has a header but no data rows" -- inspect --ratings header-only.csv
expect 1 "poster.png: this looks like a binary file, not CSV text" -- inspect --ratings poster.png
expect 1 "utf16.csv: this file is UTF-16 text; save it as UTF-8" -- inspect --ratings utf16.csv
expect 0 'weird.csv:2: rating "NaN" is not a finite number' -- inspect --ratings weird.csv
expect 0 'weird.csv:3: rating "Inf" is not a finite number' -- inspect --ratings weird.csv
expect 0 'weird.csv:5: timestamp "99999999999" is out of range \(1970 to 2106\)' -- inspect --ratings weird.csv
expect 0 "1 rating is below 0 \(kept; a minimum rating drops them\)" -- inspect --ratings weird.csv
expect 0 "1 row repeated a \(user, movie\) pair" -- inspect --ratings weird.csv
expect 0 "999 rows repeated a \(user, movie\) pair" -- inspect --ratings same.csv
expect 1 'unclosed.csv:3: a quoted field that starts on this line is never closed' -- inspect --ratings unclosed.csv
expect 0 "1 of 2 linked movies found in metadata.csv" -- inspect --ratings small.csv --movies metadata.csv --links links.csv
expect 0 "uses TMDB ids, not MovieLens ids" -- inspect --ratings small.csv --movies metadata.csv
expect 1 "140000 movies x 1024 dimensions need 2187 MB for the model, over the 1024 MB limit.*or train no next model \(next-model 0\)" -- \
    train --ratings many-movies.csv --out big.txt --dim 1024
expect 1 "140000 movies x 1024 dimensions need 1093 MB for the model, over the 1024 MB limit: raise min-count or lower dim$" -- \
    train --ratings many-movies.csv --out big.txt --dim 1024 --next-model 0

# The product's promise, through the CLI with the defaults: Toy Story's neighbours are animated.
# The same training also writes the int8 model file, which must give (nearly) the same list.
# Without the next model (its vectors are CBOW's either way, and convert below makes the same file
# from --out and --out-output, which hold CBOW's alone); the next model is tried further down.
expect 0 "wrote toy.m2v \(int8" -- train --ratings "$SAMPLE/ratings.csv" --movies "$SAMPLE/movies.csv" --out toy.txt \
    --out-model toy.m2v --int8 --quiet --out-output toy-output.txt --next-model 0
"${M2V[@]}" similar --vectors toy.txt --movie 1 -k 10 --movies "$SAMPLE/movies.csv" >toy-similar.txt
animated=0
while IFS=$'\t' read -r id _title _score; do
    grep -q "^$id,.*Animation" "$SAMPLE/movies.csv" && animated=$((animated + 1))
done <toy-similar.txt
if [ "$(wc -l <toy-similar.txt)" -eq 10 ] && [ "$animated" -ge 5 ] && ! grep -q "^1	" toy-similar.txt; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: $animated of Toy Story's 10 neighbours are animated (want >= 5):"
    cat toy-similar.txt
fi
"${M2V[@]}" similar --model toy.m2v --movie 1 -k 10 >toy-model-similar.txt
shared="$(comm -12 <(cut -f1,2 toy-similar.txt | sort) <(cut -f1,2 toy-model-similar.txt | sort) | wc -l)"
if [ "$shared" -ge 9 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: the int8 model shares $shared of Toy Story's 10 neighbours (with titles) with the vectors:"
    cat toy-model-similar.txt
fi

# The same vectors through convert, in reverse order, with the ratings to count and order the
# movies as train does: the very same model file.
{ head -1 toy.txt; tail -n +2 toy.txt | tac; } >reversed.txt
expect 0 "converted 9,724 movies x 64 dims .*, with output vectors, 9,724 with titles, 9,724 rated" -- convert --vectors reversed.txt \
    --output-vectors toy-output.txt --movies "$SAMPLE/movies.csv" --ratings "$SAMPLE/ratings.csv" --out-model converted.m2v --int8 --quiet
if cmp -s toy.m2v converted.m2v; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: convert made a different model file from train's own vectors ($(wc -c <converted.m2v) bytes against $(wc -c <toy.m2v))"
fi

# recommend: what to watch next after Toy Story, Jumanji and Heat, from the int8 model file and
# from the float vectors; the history is never recommended, "because" is one of its movies, and
# the two lists agree.
"${M2V[@]}" recommend --model toy.m2v --history 1,2,6 >toy-next.txt
"${M2V[@]}" recommend --vectors toy.txt --output-vectors toy-output.txt --movies "$SAMPLE/movies.csv" --history 1,2,6 \
    >toy-next-float.txt
shared="$(comm -12 <(cut -f1 toy-next.txt | sort) <(cut -f1 toy-next-float.txt | sort) | wc -l)"
if [ "$(wc -l <toy-next.txt)" -eq 10 ] && ! grep -Eq "^(1|2|6)	" toy-next.txt &&
    awk -F'\t' 'NF != 4 || $2 == "" || ($4 != 1 && $4 != 2 && $4 != 6) { bad = 1 } END { exit bad }' toy-next.txt &&
    [ "$shared" -ge 9 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    printf 'FAIL: recommend after 1,2,6 (%s shared between int8 and float)\n' "$shared"
    paste toy-next.txt toy-next-float.txt
fi
# With a next model (the default; 2 epochs of 16 dims here), train's model file carries it and "next" from
# the file adds its scores: a different list from CBOW's alone (the same run's --out and
# --out-output), still leaving out the history and naming one of its movies.
expect 0 "wrote next.m2v" -- train --ratings "$SAMPLE/ratings.csv" --movies "$SAMPLE/movies.csv" --out next.txt \
    --out-output next-output.txt --out-model next.m2v --epochs 2 --dim 16 --quiet
"${M2V[@]}" recommend --model next.m2v --history 1,2,6 >next-next.txt
"${M2V[@]}" recommend --vectors next.txt --output-vectors next-output.txt --movies "$SAMPLE/movies.csv" --history 1,2,6 \
    >next-cbow.txt
if [ "$(wc -l <next-next.txt)" -eq 10 ] && [ "$(wc -l <next-cbow.txt)" -eq 10 ] && ! cmp -s next-next.txt next-cbow.txt &&
    ! grep -Eq "^(1|2|6)	" next-next.txt && awk -F'\t' '$4 != 1 && $4 != 2 && $4 != 6 { bad = 1 } END { exit bad }' next-next.txt; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: recommend from a model file with a next model:"
    paste next-next.txt next-cbow.txt
fi
expect 0 "^[0-9]+	[^	]+	[0-9.-]+	6$" -- recommend --model toy.m2v --history 999999,6 -k 3
expect 0 "note: movie 999999 of --history is not in toy.m2v; skipped" -- recommend --model toy.m2v --history 999999,6 -k 3
expect 1 "^movie2vec recommend: no movie of --history is in toy.m2v" -- recommend --model toy.m2v --history 999999
expect 2 "^movie2vec recommend: --history is empty" -- recommend --model toy.m2v --history ,
expect 2 "^movie2vec recommend: missing --history" -- recommend --model toy.m2v
expect 2 '^movie2vec recommend: --history: "Toy Story" is not a movie id' -- recommend --model toy.m2v --history "1,Toy Story"
expect 2 "^movie2vec recommend: --vectors needs --output-vectors" -- recommend --vectors toy.txt --history 1
expect 2 "^movie2vec recommend: --output-vectors goes with --vectors" -- recommend --model toy.m2v --output-vectors toy-output.txt --history 1
expect 1 "^movie2vec recommend: vec.m2v: this model has no output vectors, which recommendations need .*train it again" -- \
    recommend --model vec.m2v --history 10
"${M2V[@]}" train --ratings small.csv --out-model lean.m2v --no-output-vectors --dim 4 --epochs 2 --quiet >/dev/null
expect 1 "lean.m2v: this model has no output vectors" -- recommend --model lean.m2v --history 10
expect 2 "train: --no-output-vectors goes with --out-model" -- train --ratings small.csv --out v.txt --no-output-vectors

# The same model's map: every movie once, inside [-1, 1]; UMAP keeps far more neighbours than PCA.
expect 0 "^movieId,x,y$" -- map --vectors v.txt --layout pca --quiet
expect 0 "^(10|20|30),-?[0-9.e-]+,-?[0-9.e-]+$" -- map --vectors v.txt --quiet
expect 2 'map: --layout must be umap or pca, got "tsne"' -- map --vectors v.txt --layout tsne
umap="$("${M2V[@]}" map --vectors toy.txt --out umap.csv)"
pca="$("${M2V[@]}" map --vectors toy.txt --layout pca --out pca.csv)"
recall() { sed -E 's/.* ([0-9.]+)% stay .*/\1/' <<<"$1"; }
if [ "$(wc -l <umap.csv)" -eq "$(($(head -1 toy.txt | cut -d' ' -f1) + 1))" ] &&
    awk -F, 'NR > 1 && ($2 < -1 || $2 > 1 || $3 < -1 || $3 > 1) { bad = 1 } END { exit bad }' umap.csv &&
    awk -v u="$(recall "$umap")" -v p="$(recall "$pca")" 'BEGIN { exit !(u > 10 && u > 2 * p) }'; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    printf 'FAIL: map of toy.txt\n  %s\n  %s\n' "$umap" "$pca"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
