// A training thread's private copies of the most frequent movies' rows. Nearly every token's
// context and noise samples touch the rows of the same popular movies: threads that wrote them in
// shared memory (Hogwild) would pass those cache lines between cores on every token. Each thread
// trains on its own copies instead and, every few thousand tokens, adds what it changed into the
// shared rows and takes the others' changes back (the sum of every thread's steps, as Hogwild
// makes it, only applied in batches).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace m2v {

class HotRows {
public:
    HotRows() = default;
    // The first `rows` rows of a row-major matrix with `dim` columns.
    HotRows(std::size_t rows, std::size_t dim);

    HotRows(const HotRows&) = delete;
    HotRows& operator=(const HotRows&) = delete;
    HotRows(HotRows&&) = default;  // the vector's buffer moves with it: the pointers stay valid
    HotRows& operator=(HotRows&&) = default;

    std::size_t rows() const { return rows_; }
    std::size_t size() const { return size_; }  // floats in the rows
    float* data() { return local_; }
    const float* data() const { return local_; }

    // Copies the shared rows into the private ones.
    void pull(const float* shared);
    // shared += private - (private as last pulled), then pulls: every step taken on the private
    // rows since the last pull lands in the shared ones once. Not thread-safe on `shared`: the
    // caller serialises the merges of the threads that share it.
    void merge(float* shared);

private:
    std::size_t rows_ = 0, size_ = 0;
    std::vector<float> storage_;  // both, each starting on a cache line
    float* local_ = nullptr;       // the private rows
    float* base_ = nullptr;        // what they were at the last pull
};

// How many of the most frequent rows each training thread copies: 2.5 MiB per matrix (10,240
// rows at dim 64: all of ml-latest-small's 9,724 movies), at most the whole vocabulary. With
// 256 KiB (1,024 rows) the rows left shared took most of the second core (2 threads 1.0-1.1x one,
// against 1.45-1.66x with every row private: docs/performance.md, "Threads").
std::size_t hotRowCount(std::size_t vocabulary, std::size_t dim);

}  // namespace m2v
