#include "approximate_neighbours.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "kernels.h"

namespace m2v {

namespace {

constexpr std::size_t kLeafSize = 24;

// A row's candidates for one round, at most `capacity`, chosen by random priority (smallest
// kept), as pynndescent samples them so that popular rows do not flood the round.
struct Candidates {
    std::vector<int32_t> row;
    std::vector<std::uint32_t> priority;
    std::vector<std::uint8_t> size;
    std::size_t capacity;

    Candidates(std::size_t n, std::size_t cap) : row(n * cap), priority(n * cap), size(n, 0), capacity(cap) {}
    void offer(std::size_t at, int32_t r, std::uint32_t p) {
        int32_t* rows = &row[at * capacity];
        std::uint32_t* prio = &priority[at * capacity];
        const std::size_t s = size[at];
        for (std::size_t i = 0; i < s; ++i)
            if (rows[i] == r) return;
        if (s < capacity) {
            rows[s] = r;
            prio[s] = p;
            ++size[at];
            return;
        }
        std::size_t worst = 0;
        for (std::size_t i = 1; i < s; ++i)
            if (prio[i] > prio[worst]) worst = i;
        if (p < prio[worst]) {
            rows[worst] = r;
            prio[worst] = p;
        }
    }
};

}  // namespace

NeighbourDescent::NeighbourDescent(const Matrix& unit, std::size_t length, std::uint64_t seed)
    : unit_(unit), n_(static_cast<std::size_t>(unit.rows())), length_(std::min(length, n_ > 0 ? n_ - 1 : 0)), rng_(seed),
      score_(n_ * length_), row_(n_ * length_), fresh_(n_ * length_), size_(n_, 0) {
    if (length_ == 0) {
        done_ = true;
        trees_ = kTrees;
    }
}

bool NeighbourDescent::push(int32_t row, int32_t other, float score) {
    const std::size_t base = static_cast<std::size_t>(row) * length_;
    std::uint32_t s = size_[static_cast<std::size_t>(row)];
    if (s == length_ && !closer(Near{score, other}, Near{score_[base + s - 1], row_[base + s - 1]})) return false;
    for (std::uint32_t i = 0; i < s; ++i)
        if (row_[base + i] == other) return false;
    if (s < length_) ++s;
    std::size_t at = s - 1;
    for (; at > 0 && closer(Near{score, other}, Near{score_[base + at - 1], row_[base + at - 1]}); --at) {
        score_[base + at] = score_[base + at - 1];
        row_[base + at] = row_[base + at - 1];
        fresh_[base + at] = fresh_[base + at - 1];
    }
    score_[base + at] = score;
    row_[base + at] = other;
    fresh_[base + at] = 1;
    size_[static_cast<std::size_t>(row)] = s;
    return true;
}

// Angular random-projection tree (pynndescent's angular_random_projection_split): the hyperplane
// halfway between two random rows of the node; its leaves are groups of mutually close rows.
void NeighbourDescent::split(std::vector<int32_t>& rows, std::size_t begin, std::size_t end, std::size_t leafSize, int depth) {
    const std::size_t count = end - begin;
    if (count <= leafSize || depth > 60) {
        for (std::size_t a = begin; a < end; ++a)
            for (std::size_t b = a + 1; b < end; ++b) {
                const float s = rowDot(unit_, rows[b], unit_.row(rows[a]).data());
                push(rows[a], rows[b], s);
                push(rows[b], rows[a], s);
            }
        return;
    }
    const std::size_t d = static_cast<std::size_t>(unit_.cols());
    const auto pick = [&] { return rows[begin + rng_.below(static_cast<std::uint32_t>(count))]; };
    const int32_t left = pick();
    int32_t right = pick();
    for (int tries = 0; right == left && tries < 8; ++tries) right = pick();
    std::vector<float> normal(d);
    for (std::size_t c = 0; c < d; ++c) normal[c] = unit_(left, static_cast<Eigen::Index>(c)) - unit_(right, static_cast<Eigen::Index>(c));
    std::size_t middle = begin;
    for (std::size_t i = begin; i < end; ++i) {
        const float side = dot(unit_.row(rows[i]).data(), normal.data(), d);
        const bool goLeft = side > 0 || (side == 0 && (rng_.next() & 1));
        if (goLeft) std::swap(rows[i], rows[middle++]);
    }
    // A plane that cuts nothing off (equal rows): split at random instead.
    if (middle == begin || middle == end) {
        for (std::size_t i = end - 1; i > begin; --i) std::swap(rows[i], rows[begin + rng_.below(static_cast<std::uint32_t>(i - begin + 1))]);
        middle = begin + count / 2;
    }
    split(rows, begin, middle, leafSize, depth + 1);
    split(rows, middle, end, leafSize, depth + 1);
}

bool NeighbourDescent::step() {
    if (done_) return true;
    if (trees_ < kTrees) {
        std::vector<int32_t> rows(n_);
        std::iota(rows.begin(), rows.end(), 0);
        split(rows, 0, n_, std::max(kLeafSize, length_ + 1), 0);
        if (++trees_ < kTrees) return false;
        // Rows the trees left short (tiny leaves) get random others, so every list is full.
        for (std::size_t i = 0; i < n_; ++i)
            for (int tries = 0; size_[i] < length_ && tries < 8 * static_cast<int>(length_); ++tries) {
                const auto j = static_cast<int32_t>(rng_.below(static_cast<std::uint32_t>(n_)));
                if (static_cast<std::size_t>(j) != i) push(static_cast<int32_t>(i), j, rowDot(unit_, j, unit_.row(static_cast<Eigen::Index>(i)).data()));
            }
        return false;
    }
    if (!inRound_) {
        Candidates fresh(n_, length_), old(n_, length_);
        for (std::size_t i = 0; i < n_; ++i) {
            const std::size_t base = i * length_;
            for (std::uint32_t e = 0; e < size_[i]; ++e) {
                const int32_t j = row_[base + e];
                const auto p = static_cast<std::uint32_t>(rng_.next() >> 32);
                Candidates& c = fresh_[base + e] ? fresh : old;
                c.offer(i, j, p);
                c.offer(static_cast<std::size_t>(j), static_cast<int32_t>(i), p);
            }
        }
        // The fresh entries chosen this round will have met their row's other neighbours.
        for (std::size_t i = 0; i < n_; ++i) {
            const std::size_t base = i * length_;
            const int32_t* chosen = &fresh.row[i * length_];
            for (std::uint32_t e = 0; e < size_[i]; ++e)
                if (fresh_[base + e] && std::find(chosen, chosen + fresh.size[i], row_[base + e]) != chosen + fresh.size[i])
                    fresh_[base + e] = 0;
        }
        freshRows_ = std::move(fresh.row);
        freshCount_ = std::move(fresh.size);
        oldRows_ = std::move(old.row);
        oldCount_ = std::move(old.size);
        joinAt_ = 0;
        updates_ = 0;
        inRound_ = true;
    }
    const std::size_t end = std::min(n_, joinAt_ + kJoinRows);
    for (; joinAt_ < end; ++joinAt_) join(joinAt_);
    if (joinAt_ < n_) return false;
    inRound_ = false;
    freshRows_ = {};
    oldRows_ = {};
    ++rounds_;
    done_ = static_cast<double>(updates_) <= 0.001 * static_cast<double>(n_ * length_) || rounds_ >= kMaxRounds;
    return done_;
}

// Row i's candidates meet: every fresh one each other fresh one and each old one (old ones have
// met before).
void NeighbourDescent::join(std::size_t i) {
    const int32_t* f = &freshRows_[i * length_];
    const int32_t* o = &oldRows_[i * length_];
    const std::size_t nf = freshCount_[i], no = oldCount_[i];
    for (std::size_t a = 0; a < nf; ++a) {
        const float* va = unit_.row(f[a]).data();
        for (std::size_t b = a + 1; b < nf; ++b) {
            const float s = rowDot(unit_, f[b], va);
            updates_ += push(f[a], f[b], s);
            updates_ += push(f[b], f[a], s);
        }
        for (std::size_t b = 0; b < no; ++b) {
            if (o[b] == f[a]) continue;
            const float s = rowDot(unit_, o[b], va);
            updates_ += push(f[a], o[b], s);
            updates_ += push(o[b], f[a], s);
        }
    }
}

std::vector<NearList> NeighbourDescent::lists() const {
    std::vector<NearList> out(n_);
    for (std::size_t i = 0; i < n_; ++i)
        for (std::uint32_t e = 0; e < size_[i]; ++e) out[i].push_back({score_[i * length_ + e], row_[i * length_ + e]});
    return out;
}

std::size_t NeighbourDescent::bytes() const {
    // The lists, and the two candidate buffers of a round (row, priority per slot, size per row).
    return n_ * length_ * (sizeof(float) + sizeof(int32_t) + 1) + n_ * sizeof(std::uint32_t) + 2 * n_ * (length_ * 8 + 1);
}

std::vector<NearList> approximateNearest(const Matrix& unit, std::size_t length, std::uint64_t seed) {
    NeighbourDescent search(unit, length, seed);
    while (!search.step()) {
    }
    return search.lists();
}

}  // namespace m2v
