// The corpus as text (movie2vec sequences): each user's movies in training order, one line each, the same sequences the trainer reads.
#include <doctest/doctest.h>

#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "corpus_writer.h"
#include "ratings.h"
#include "ratings_text.h"
#include "vocabulary.h"

using namespace m2v;

namespace {

std::vector<std::vector<int32_t>> lines(const std::string& text) {
    std::vector<std::vector<int32_t>> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        out.emplace_back();
        for (int32_t id; words >> id;) out.back().push_back(id);
    }
    return out;
}

constexpr float kAll = -std::numeric_limits<float>::infinity();

}  // namespace

TEST_CASE("one line per user, movies by (timestamp, movieId), users by id, lone movies left out") {
    // User 7: by time 30, 10, 20; user 3: equal times, so by movie id; user 9: one movie.
    const RatingsTable ratings = ratingsFromText(
        "userId,movieId,rating,timestamp\n"
        "7,10,4.5,2000\n7,20,2.0,3000\n7,30,3.5,1000\n"
        "3,50,5.0,500\n3,40,1.5,500\n"
        "9,60,4.0,100\n");
    std::ostringstream out;
    const CorpusStats stats = writeCorpus(ratings, kAll, out);
    CHECK(out.str() == "40 50\n30 10 20\n");
    CHECK(stats.sequences == 2);
    CHECK(stats.tokens == 5);
    CHECK(stats.usersLeftOut == 1);
    CHECK(stats.movieCounts.size() == 5);
    CHECK(stats.movieCounts.count(60) == 0);

    SUBCASE("a minimum rating drops ratings first, then users left with one movie") {
        std::ostringstream high;
        const CorpusStats s = writeCorpus(ratings, 3.5f, high);
        CHECK(high.str() == "30 10\n");  // user 3 keeps only 50, user 7 loses 20 (2.0)
        CHECK(s.usersLeftOut == 2);
    }
}

TEST_CASE("ml-latest-small: the lines are the trainer's sequences, written in pieces") {
    const RatingsTable ratings = loadRatingsFile(std::string(M2V_SOURCE_DIR) + "/web/sample/ml-latest-small/ratings.csv");
    for (float minRating : {kAll, 4.0f}) {
        CAPTURE(minRating);
        std::ostringstream out;
        const CorpusStats stats = writeCorpus(ratings, minRating, out);
        CHECK(out.str().size() > 200'000);  // several 64 KiB pieces
        Vocabulary vocabulary;
        const Corpus corpus = buildCorpus(ratings, minRating, 1, &vocabulary);
        std::vector<std::vector<int32_t>> expected;
        for (std::size_t s = 0; s < corpus.sequenceCount(); ++s) {
            expected.emplace_back();
            for (std::size_t t = corpus.offsets[s]; t < corpus.offsets[s + 1]; ++t)
                expected.back().push_back(vocabulary.movieId(static_cast<std::size_t>(corpus.tokens[t])));
        }
        CHECK(lines(out.str()) == expected);
        CHECK(stats.tokens == corpus.tokens.size());
        // The vocabulary also counts movies only lone-movie users rated (they never reach the corpus).
        CHECK(stats.movieCounts.size() <= vocabulary.size());
    }
}
