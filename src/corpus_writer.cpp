#include "corpus_writer.h"

#include <charconv>
#include <ostream>
#include <string>

#include "ratings.h"

namespace m2v {

CorpusStats writeCorpus(const RatingsTable& ratings, float minRating, std::ostream& out) {
    constexpr std::size_t kFlushBytes = 64 * 1024;
    CorpusStats stats;
    std::string buffer;
    buffer.reserve(kFlushBytes + 64);
    ratings.forEachSequence(minRating, [&](int32_t, const int32_t* movies, std::size_t n) {
        if (n < 2) {
            ++stats.usersLeftOut;
            return;
        }
        for (std::size_t i = 0; i < n; ++i) {
            char digits[16];
            const auto end = std::to_chars(digits, digits + sizeof digits, movies[i]).ptr;
            if (i > 0) buffer.push_back(' ');
            buffer.append(digits, end);
            ++stats.movieCounts[movies[i]];
            if (buffer.size() >= kFlushBytes) {
                out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                buffer.clear();
            }
        }
        buffer.push_back('\n');
        ++stats.sequences;
        stats.tokens += n;
    });
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    return stats;
}

}  // namespace m2v
