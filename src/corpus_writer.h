// The training corpus as text for other word2vec tools: one line per user, the user's movie ids
// separated by spaces, in the order movie2vec's trainer reads them. gensim's LineSentence reads
// it as is; Spark's Word2Vec after splitting each line on spaces.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <unordered_map>

namespace m2v {

class RatingsTable;

struct CorpusStats {
    std::size_t sequences = 0;     // lines written
    std::uint64_t tokens = 0;      // movie ids written
    std::size_t usersLeftOut = 0;  // users left with a single movie
    std::unordered_map<int32_t, std::uint64_t> movieCounts;  // per movie written, how many times
};

// Writes each user's movies rated >= minRating, in the order training reads them,
// one user per line, users in ascending id order. A user left with fewer than two movies is left
// out, as training leaves them out (a lone movie has no context). Writes as it goes: the output
// never holds more than one buffer of 64 KiB. The caller checks the stream for write errors.
CorpusStats writeCorpus(const RatingsTable& ratings, float minRating, std::ostream& out);

}  // namespace m2v
