// Every movie's nearest movies by cosine, approximately, for maps of whole catalogues: NN-descent
// (Dong, Moses and Li 2011) started from the leaves of random-projection trees, as pynndescent
// (umap-learn's neighbour search) runs it. The exact search (neighbour_lists.h) costs
// rows^2 x dim; this costs about rows x dim x (a few hundred) per iteration, and a handful of
// iterations, so it grows linearly with the catalogue.
#pragma once

#include <cstdint>
#include <vector>

#include "neighbour_lists.h"
#include "random.h"

namespace m2v {

class NeighbourDescent {
public:
    // `unit` holds unit rows (unitRows()) and must outlive this. Cheap: the work is in step().
    NeighbourDescent(const Matrix& unit, std::size_t length, std::uint64_t seed = 1);

    // A bounded piece of the search (natively some tens of ms at 90,000 rows, so a Worker running
    // it in steps stays responsive): one random-projection tree whose leaves seed the lists, or
    // kJoinRows rows of a round of NN-descent (each row's neighbours introduced to one another).
    // Returns true once a round improved fewer than 0.1% of the entries, or after kMaxRounds.
    bool step();
    bool done() const { return done_; }
    bool seeded() const { return trees_ == kTrees; }
    int rounds() const { return rounds_; }
    static constexpr int kTrees = 8;
    static constexpr int kMaxRounds = 12;
    static constexpr std::size_t kJoinRows = 8192;

    // Every row's lists, best first (as allNearest() orders them).
    std::vector<NearList> lists() const;
    // Bytes held by the lists and the candidate buffers (not counting `unit`).
    std::size_t bytes() const;

private:
    bool push(int32_t row, int32_t other, float score);
    void join(std::size_t row);
    void split(std::vector<int32_t>& rows, std::size_t begin, std::size_t end, std::size_t leafSize, int depth);

    const Matrix& unit_;
    std::size_t n_, length_;
    Rng rng_;
    // Row i's list: entries [i * length_, i * length_ + size_[i]), best first.
    std::vector<float> score_;
    std::vector<int32_t> row_;
    std::vector<std::uint8_t> fresh_;  // not yet introduced to the row's other neighbours
    std::vector<std::uint32_t> size_;
    // The round under way: each row's sampled fresh and old neighbours (forward and reverse),
    // kept in slots of `length_`, and the next row to join.
    std::vector<int32_t> freshRows_, oldRows_;
    std::vector<std::uint8_t> freshCount_, oldCount_;
    std::size_t joinAt_ = 0, updates_ = 0;
    bool inRound_ = false;
    int trees_ = 0;
    int rounds_ = 0;
    bool done_ = false;
};

// Every row's `length` nearest other rows, approximately: NeighbourDescent run to the end.
std::vector<NearList> approximateNearest(const Matrix& unit, std::size_t length, std::uint64_t seed = 1);

}  // namespace m2v
