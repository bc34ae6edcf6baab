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
    // `unit` holds unit rows (unitRows()) and must outlive this. Seeds each row's list from the
    // leaves of a few random-projection trees (a fraction of a second for 90,000 rows).
    NeighbourDescent(const Matrix& unit, std::size_t length, std::uint64_t seed = 1);

    // One round of NN-descent (each row's neighbours introduced to one another); returns true once
    // a round improved fewer than 0.1% of the entries, or after kMaxRounds rounds.
    bool step();
    bool done() const { return done_; }
    int rounds() const { return rounds_; }
    static constexpr int kMaxRounds = 12;

    // Every row's lists, best first (as allNearest() orders them).
    std::vector<NearList> lists() const;
    // Bytes held by the lists and the candidate buffers (not counting `unit`).
    std::size_t bytes() const;

private:
    bool push(int32_t row, int32_t other, float score);
    void seedFromTrees(int trees, std::size_t leafSize);
    void split(std::vector<int32_t>& rows, std::size_t begin, std::size_t end, std::size_t leafSize, int depth);

    const Matrix& unit_;
    std::size_t n_, length_;
    Rng rng_;
    // Row i's list: entries [i * length_, i * length_ + size_[i]), best first.
    std::vector<float> score_;
    std::vector<int32_t> row_;
    std::vector<std::uint8_t> fresh_;  // not yet introduced to the row's other neighbours
    std::vector<std::uint32_t> size_;
    int rounds_ = 0;
    bool done_ = false;
};

// Every row's `length` nearest other rows, approximately: NeighbourDescent run to the end.
std::vector<NearList> approximateNearest(const Matrix& unit, std::size_t length, std::uint64_t seed = 1);

}  // namespace m2v
