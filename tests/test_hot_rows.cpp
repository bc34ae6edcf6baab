// A training thread's private copies of the frequent rows: merges add every thread's steps into
// the shared rows exactly once, and hand each thread the others' steps.
#include <doctest/doctest.h>

#include "sanitized.h"

#include <vector>

#include "hot_rows.h"

using namespace m2v;

TEST_CASE("two threads' private rows merge into the sum of both threads' steps") {
    const std::size_t rows = 3, dim = 4;
    std::vector<float> shared(5 * dim);  // 5 rows: the last 2 are not copied
    for (std::size_t i = 0; i < shared.size(); ++i) shared[i] = static_cast<float>(i);
    const std::vector<float> initial = shared;
    HotRows a(rows, dim), b(rows, dim);
    a.pull(shared.data());
    b.pull(shared.data());
    for (std::size_t i = 0; i < rows * dim; ++i) {
        a.data()[i] += 1.0f;                           // thread a's steps
        b.data()[i] += 10.0f * static_cast<float>(i);  // thread b's, different per entry
    }
    a.merge(shared.data());
    for (std::size_t i = 0; i < rows * dim; ++i) CHECK(shared[i] == initial[i] + 1.0f);
    b.merge(shared.data());
    for (std::size_t i = 0; i < rows * dim; ++i) {
        CHECK(shared[i] == initial[i] + 1.0f + 10.0f * static_cast<float>(i));
        CHECK(b.data()[i] == shared[i]);  // b now trains on a's steps too
    }
    for (std::size_t i = rows * dim; i < shared.size(); ++i) CHECK(shared[i] == initial[i]);

    // A merge without new steps changes nothing; a's next merge brings it b's steps, and adds
    // a's own only once.
    const std::vector<float> merged = shared;
    b.merge(shared.data());
    CHECK(shared == merged);
    a.data()[0] -= 2.0f;
    a.merge(shared.data());
    CHECK(shared[0] == merged[0] - 2.0f);
    for (std::size_t i = 1; i < rows * dim; ++i) CHECK(shared[i] == merged[i]);
    for (std::size_t i = 0; i < rows * dim; ++i) CHECK(a.data()[i] == shared[i]);
}

TEST_CASE("the private rows are the most frequent ones, within a cache-sized budget") {
    CHECK(hotRowCount(100, 64) == 100);
    CHECK(hotRowCount(100000, 64) == 10240);
    CHECK(hotRowCount(100000, 128) == 5120);
    CHECK(hotRowCount(100000, 1024) == 640);
}
