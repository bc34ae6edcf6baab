// The vocabulary (movieId <-> dense index, with counts) and the corpus of per-user
// sequences as vocabulary indices: what the trainer reads.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace m2v {

class RatingsTable;

class Vocabulary {
public:
    // Keeps movies seen at least minCount times; index 0 is the most frequent (ties by movieId).
    static Vocabulary fromCounts(const std::unordered_map<int32_t, std::uint64_t>& counts, std::uint64_t minCount);

    std::size_t size() const { return ids_.size(); }
    int32_t movieId(std::size_t index) const { return ids_[index]; }
    std::uint64_t count(std::size_t index) const { return counts_[index]; }
    // -1 when the movie is not in the vocabulary.
    int32_t indexOf(int32_t movieId) const;
    const std::vector<int32_t>& ids() const { return ids_; }
    const std::vector<std::uint64_t>& counts() const { return counts_; }

private:
    std::vector<int32_t> ids_;
    std::vector<std::uint64_t> counts_;
    std::unordered_map<int32_t, int32_t> index_;
};

struct Corpus {
    std::vector<int32_t> tokens;        // vocabulary indices, sequences back to back
    std::vector<std::size_t> offsets;   // sequence s is tokens[offsets[s], offsets[s+1])
    std::size_t sequenceCount() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

// Each movie's rating count as model files store it (saturating at 2^32 - 1), in vocabulary
// order: a movie occurs once per user who rated it, so its count in the corpus is its rating count.
std::vector<std::uint32_t> ratingCounts(const Vocabulary& vocabulary);

// The rating count of each of ids in a ratings file, counted as training counts them (one per
// user who rated the movie, whatever the rating); 0 for a movie the file does not rate.
std::vector<std::uint32_t> ratingCountsOf(const RatingsTable& ratings, const std::vector<int32_t>& ids);

// Builds the vocabulary from the sequences (after the minRating filter) and the corpus of the
// sequences that keep at least two known movies (a lone movie has no context).
Corpus buildCorpus(const RatingsTable& ratings, float minRating, std::uint64_t minCount, Vocabulary* vocabulary);

// The same from sequences held in memory (tests, toys).
Corpus buildCorpus(const std::vector<std::vector<int32_t>>& sequences, std::uint64_t minCount, Vocabulary* vocabulary);

}  // namespace m2v
