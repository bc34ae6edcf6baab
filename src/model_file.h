// The compact model file (.m2v): what a site needs to answer "similar movies" without training.
//
// Layout, all little-endian:
//   "M2V\0" | u32 version (1) | u32 flags | u32 count | u32 dim
//     flags: bit 0 int8 vectors, bit 1 with an offset (int8 only), bit 2 with rating counts,
//            bit 3 with output vectors, bit 4 with a next model (bit 3 set too)
//   count x { i32 movieId | i16 year | u16 title bytes | title (UTF-8) | u8 genres | genres x { u8 bytes | name } }
//   with bit 2: count x u32 ratings (each movie's rating count, in the same order)
//   vectors, one of:
//     flags 0: float32 count x dim
//     flags 3 (int8, written now): f32 offset x dim | count x { f32 norm | f32 step | dim x i8 }
//              value = norm * (offset + step * q)   (quantize.h: neighbour-keeping codes)
//     flags 1 (int8, read only; written before flags 3): count x { f32 scale | dim x i8 }   value = scale * q
//   with bit 3: the output vectors, in the same form as the vectors (int8: an offset block of their own)
//   with bit 4: the next model's input vectors, then its output vectors, each in the same form
//   u32 CRC-32 (IEEE) of every byte before it
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue.h"
#include "loss.h"

namespace m2v {

struct ModelData {
    std::vector<int32_t> ids;
    std::vector<MovieInfo> movies;  // parallel to ids; empty title when unknown
    Matrix vectors;                 // one row per id
    std::vector<std::uint32_t> ratings;  // parallel to ids: each movie's rating count; empty when unknown
    Matrix output;                  // the output vectors, one row per id; 0 rows when the file has none
    Matrix nextInput, nextOutput;   // the next model's (trainer.h, TrainOptions::nextModel); 0 rows when none
};

constexpr std::uint32_t kModelFileVersion = 1;

std::string saveModel(const ModelData& model, bool quantize);
// Throws std::runtime_error saying what is wrong: not a model file, a newer version, truncated,
// corrupt (checksum), or inconsistent.
ModelData loadModel(std::string_view bytes);

std::uint32_t crc32(std::string_view bytes);

}  // namespace m2v
