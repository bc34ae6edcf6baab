// The inner products and updates that take nearly all of training's time. For float they are
// written so the compiler can keep several independent sums in SIMD registers (SSE natively,
// WebAssembly SIMD with -msimd128) without -ffast-math; doubles (gradient checks) take the plain loop.
#pragma once

#include <cstddef>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace m2v {

template <typename T>
inline T dot(const T* a, const T* b, std::size_t n) {
    T sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

template <>
inline float dot<float>(const float* a, const float* b, std::size_t n) {
    std::size_t i = 0;
#if defined(__wasm_simd128__)
    v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
    for (; i + 16 <= n; i += 16) {
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
        s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_v128_load(a + i + 8), wasm_v128_load(b + i + 8)));
        s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(wasm_v128_load(a + i + 12), wasm_v128_load(b + i + 12)));
    }
    v128_t s = wasm_f32x4_add(wasm_f32x4_add(s0, s1), wasm_f32x4_add(s2, s3));
    float sum = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) +
                wasm_f32x4_extract_lane(s, 3);
#else
    // Sixteen independent partial sums: the compiler maps them onto vector registers.
    float acc[16] = {};
    for (; i + 16 <= n; i += 16)
        for (std::size_t j = 0; j < 16; ++j) acc[j] += a[i + j] * b[i + j];
    float sum = 0;
    for (std::size_t j = 0; j < 16; ++j) sum += acc[j];
#endif
    for (; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

// y += alpha * x
template <typename T>
inline void axpy(T alpha, const T* x, T* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

#if defined(__wasm_simd128__)
template <>
inline void axpy<float>(float alpha, const float* x, float* y, std::size_t n) {
    std::size_t i = 0;
    const v128_t va = wasm_f32x4_splat(alpha);
    for (; i + 4 <= n; i += 4)
        wasm_v128_store(y + i, wasm_f32x4_add(wasm_v128_load(y + i), wasm_f32x4_mul(va, wasm_v128_load(x + i))));
    for (; i < n; ++i) y[i] += alpha * x[i];
}
#endif

}  // namespace m2v
