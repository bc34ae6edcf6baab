// A small, fast, seedable generator: the same seed gives the same training, on every platform.
#pragma once

#include <cstdint>

namespace m2v {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) {
        // splitmix64 spreads nearby seeds (1, 2, 3 ...) over the whole state.
        for (auto& s : state_) {
            seed += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            s = z ^ (z >> 31);
        }
    }

    // xoroshiro128+: plenty for sampling windows and negatives, and very cheap.
    std::uint64_t next() {
        const std::uint64_t s0 = state_[0];
        std::uint64_t s1 = state_[1];
        const std::uint64_t result = s0 + s1;
        s1 ^= s0;
        state_[0] = rotl(s0, 24) ^ s1 ^ (s1 << 16);
        state_[1] = rotl(s1, 37);
        return result;
    }
    // Uniform in [0, n) for n < 2^32 (Lemire's multiply-shift; bias below 2^-32).
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32); }
    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t state_[2];
};

}  // namespace m2v
