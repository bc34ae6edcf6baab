// The inner products and updates that take nearly all of training's time. For float they are
// written by hand with 128-bit vectors (WebAssembly SIMD with -msimd128, SSE2 on x86-64, which
// every x86-64 has) and four independent accumulators, so they vectorise without -ffast-math;
// doubles (the gradient checks) and other targets take the plain loops.
#pragma once

#include <cstddef>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define M2V_SIMD 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define M2V_SIMD 1
#endif

namespace m2v {

#if defined(M2V_SIMD)
namespace simd {
// Four floats, whatever the instruction set: the kernels below are written once.
#if defined(__wasm_simd128__)
using F4 = v128_t;
inline F4 load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, F4 v) { wasm_v128_store(p, v); }
inline F4 splat(float x) { return wasm_f32x4_splat(x); }
inline F4 add(F4 a, F4 b) { return wasm_f32x4_add(a, b); }
inline F4 mul(F4 a, F4 b) { return wasm_f32x4_mul(a, b); }
inline float sum(F4 v) {
    return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
           (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}
#else
using F4 = __m128;
inline F4 load(const float* p) { return _mm_loadu_ps(p); }
inline void store(float* p, F4 v) { _mm_storeu_ps(p, v); }
inline F4 splat(float x) { return _mm_set1_ps(x); }
inline F4 add(F4 a, F4 b) { return _mm_add_ps(a, b); }
inline F4 mul(F4 a, F4 b) { return _mm_mul_ps(a, b); }
inline float sum(F4 v) {
    alignas(16) float lane[4];
    _mm_store_ps(lane, v);
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}
#endif
}  // namespace simd
#endif

// Asks for a row's cache lines ahead of use (a no-op where the compiler has no prefetch).
inline void prefetchRow(const void* row, std::size_t bytes) {
#if defined(__GNUC__)
    const char* p = static_cast<const char*>(row);
    for (std::size_t i = 0; i < bytes; i += 64) __builtin_prefetch(p + i);
#else
    (void)row;
    (void)bytes;
#endif
}

template <typename T>
inline T dot(const T* a, const T* b, std::size_t n) {
    T sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

// y += alpha * x
template <typename T>
inline void axpy(T alpha, const T* x, T* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

// The negative-sampling step for one output vector, in one pass over it:
// grad += g * out (with out as it was), then out += a * hidden.
template <typename T>
inline void gradAndStep(T g, T a, const T* hidden, T* out, T* grad, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const T o = out[i];
        grad[i] += g * o;
        out[i] = o + a * hidden[i];
    }
}

#if defined(M2V_SIMD)
template <>
inline float dot<float>(const float* a, const float* b, std::size_t n) {
    using namespace simd;
    std::size_t i = 0;
    // Four accumulators hide the latency of the additions.
    F4 s0 = splat(0), s1 = s0, s2 = s0, s3 = s0;
    for (; i + 16 <= n; i += 16) {
        s0 = add(s0, mul(load(a + i), load(b + i)));
        s1 = add(s1, mul(load(a + i + 4), load(b + i + 4)));
        s2 = add(s2, mul(load(a + i + 8), load(b + i + 8)));
        s3 = add(s3, mul(load(a + i + 12), load(b + i + 12)));
    }
    for (; i + 4 <= n; i += 4) s0 = add(s0, mul(load(a + i), load(b + i)));
    float total = sum(add(add(s0, s1), add(s2, s3)));
    for (; i < n; ++i) total += a[i] * b[i];
    return total;
}

template <>
inline void axpy<float>(float alpha, const float* x, float* y, std::size_t n) {
    using namespace simd;
    std::size_t i = 0;
    const F4 va = splat(alpha);
    for (; i + 4 <= n; i += 4) store(y + i, add(load(y + i), mul(va, load(x + i))));
    for (; i < n; ++i) y[i] += alpha * x[i];
}

template <>
inline void gradAndStep<float>(float g, float a, const float* hidden, float* out, float* grad, std::size_t n) {
    using namespace simd;
    std::size_t i = 0;
    const F4 vg = splat(g), va = splat(a);
    for (; i + 4 <= n; i += 4) {
        const F4 o = load(out + i);
        store(grad + i, add(load(grad + i), mul(vg, o)));
        store(out + i, add(o, mul(va, load(hidden + i))));
    }
    for (; i < n; ++i) {
        const float o = out[i];
        grad[i] += g * o;
        out[i] = o + a * hidden[i];
    }
}

// The kernels over several rows keep a block of 16 floats of the accumulator (or of the shared
// operand) in registers while they walk the rows, instead of storing and reloading it per row.
// The arithmetic, and its order, is the plain loops' below.

// out = scale * (rows[0] + rows[1] + ...), summed in that order.
inline void scaledSumOfRows(const float* const* rows, std::size_t count, float scale, float* out, std::size_t n) {
    using namespace simd;
    std::size_t i = 0;
    const F4 vs = splat(scale);
    for (; i + 16 <= n; i += 16) {
        F4 s0 = splat(0), s1 = s0, s2 = s0, s3 = s0;
        for (std::size_t r = 0; r < count; ++r) {
            const float* x = rows[r] + i;
            s0 = add(s0, load(x));
            s1 = add(s1, load(x + 4));
            s2 = add(s2, load(x + 8));
            s3 = add(s3, load(x + 12));
        }
        store(out + i, mul(s0, vs));
        store(out + i + 4, mul(s1, vs));
        store(out + i + 8, mul(s2, vs));
        store(out + i + 12, mul(s3, vs));
    }
    for (; i < n; ++i) {
        float sum = 0;
        for (std::size_t r = 0; r < count; ++r) sum += rows[r][i];
        out[i] = sum * scale;
    }
}

// rows[r] += alpha * x for every row.
inline void axpyRows(float alpha, const float* x, float* const* rows, std::size_t count, std::size_t n) {
    using namespace simd;
    std::size_t i = 0;
    const F4 va = splat(alpha);
    for (; i + 16 <= n; i += 16) {
        const F4 x0 = mul(va, load(x + i)), x1 = mul(va, load(x + i + 4)), x2 = mul(va, load(x + i + 8)),
                 x3 = mul(va, load(x + i + 12));
        for (std::size_t r = 0; r < count; ++r) {
            float* y = rows[r] + i;
            store(y, add(load(y), x0));
            store(y + 4, add(load(y + 4), x1));
            store(y + 8, add(load(y + 8), x2));
            store(y + 12, add(load(y + 12), x3));
        }
    }
    for (; i < n; ++i)
        for (std::size_t r = 0; r < count; ++r) rows[r][i] += alpha * x[i];
}

// gradAndStep over distinct rows, in order: grad += g[r] * rows[r] (as they were), then
// rows[r] += a[r] * hidden.
inline void gradAndStepRows(const float* g, const float* a, const float* hidden, float* const* rows, std::size_t count,
                            float* grad, std::size_t n) {
    using namespace simd;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        F4 g0 = load(grad + i), g1 = load(grad + i + 4), g2 = load(grad + i + 8), g3 = load(grad + i + 12);
        const F4 h0 = load(hidden + i), h1 = load(hidden + i + 4), h2 = load(hidden + i + 8), h3 = load(hidden + i + 12);
        for (std::size_t r = 0; r < count; ++r) {
            float* o = rows[r] + i;
            const F4 vg = splat(g[r]), va = splat(a[r]);
            const F4 o0 = load(o), o1 = load(o + 4), o2 = load(o + 8), o3 = load(o + 12);
            g0 = add(g0, mul(vg, o0));
            g1 = add(g1, mul(vg, o1));
            g2 = add(g2, mul(vg, o2));
            g3 = add(g3, mul(vg, o3));
            store(o, add(o0, mul(va, h0)));
            store(o + 4, add(o1, mul(va, h1)));
            store(o + 8, add(o2, mul(va, h2)));
            store(o + 12, add(o3, mul(va, h3)));
        }
        store(grad + i, g0);
        store(grad + i + 4, g1);
        store(grad + i + 8, g2);
        store(grad + i + 12, g3);
    }
    for (; i < n; ++i)
        for (std::size_t r = 0; r < count; ++r) {
            const float o = rows[r][i];
            grad[i] += g[r] * o;
            rows[r][i] = o + a[r] * hidden[i];
        }
}
#else
// Without SIMD intrinsics: sixteen independent partial sums the compiler can map onto vectors.
template <>
inline float dot<float>(const float* a, const float* b, std::size_t n) {
    std::size_t i = 0;
    float acc[16] = {};
    for (; i + 16 <= n; i += 16)
        for (std::size_t j = 0; j < 16; ++j) acc[j] += a[i + j] * b[i + j];
    float total = 0;
    for (std::size_t j = 0; j < 16; ++j) total += acc[j];
    for (; i < n; ++i) total += a[i] * b[i];
    return total;
}

inline void scaledSumOfRows(const float* const* rows, std::size_t count, float scale, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        float sum = 0;
        for (std::size_t r = 0; r < count; ++r) sum += rows[r][i];
        out[i] = sum * scale;
    }
}

inline void axpyRows(float alpha, const float* x, float* const* rows, std::size_t count, std::size_t n) {
    for (std::size_t r = 0; r < count; ++r) axpy(alpha, x, rows[r], n);
}

inline void gradAndStepRows(const float* g, const float* a, const float* hidden, float* const* rows, std::size_t count,
                            float* grad, std::size_t n) {
    for (std::size_t r = 0; r < count; ++r) gradAndStep(g[r], a[r], hidden, rows[r], grad, n);
}
#endif

}  // namespace m2v
