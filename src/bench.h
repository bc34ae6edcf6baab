// The speed benchmark behind `movie2vec bench`: a rating file's sequences repeated to a corpus of
// a given size, trained with fixed options, timed. The same code measures the native build and
// the WebAssembly one under Node.
#pragma once

#include <cstdint>
#include <string>

#include "trainer.h"

namespace m2v {

class RatingsTable;

struct BenchOptions {
    std::uint64_t tokens = 5'000'000;  // about this many tokens per epoch: whole copies of the sequences
    TrainOptions train = defaults();

    // The setting: dim 64, window 5, negative 5, 5 epochs, no down-sampling, one thread.
    static TrainOptions defaults();
};

struct BenchResult {
    std::size_t movies = 0;
    std::size_t copies = 0;             // how many times the sequences were repeated
    std::size_t sequences = 0;          // after repeating
    std::uint64_t tokensPerEpoch = 0;
    TrainOptions options;               // as the trainer settled them (share-negatives when left to it)
    TrainProgress progress;             // seconds, tokens/s, losses
    double cpuSeconds = 0;              // processor time of training, all threads (std::clock)
    long long peakMemoryKiB = -1;       // the process's peak resident memory (VmHWM), -1 when unknown
    long long wasmMemoryKiB = -1;       // WebAssembly: the linear memory's size (it never shrinks)
};

// Repeats the corpus `copies` times (the vocabulary's counts scale alike, so the noise
// distribution is unchanged).
Corpus repeatCorpus(const Corpus& corpus, std::size_t copies);

BenchResult runBench(const RatingsTable& ratings, const BenchOptions& options);

// The ingestion benchmark behind `movie2vec bench-ingest`: a ratings file made of copies of a
// smaller one (users renumbered per copy), loaded and grouped, timed.
struct IngestBenchResult {
    double megabytes = 0;
    std::size_t ratings = 0, users = 0;
    double loadSeconds = 0;      // loadRatingsFile: parse, sort per user, build the table
    double groupSeconds = 0;     // forEachSequence over every user
    long long peakMemoryKiB = -1, baselineKiB = -1;  // VmHWM and VmRSS before loading (native)
    long long wasmMemoryKiB = -1;                    // WebAssembly linear memory after loading
};

// Writes `target` from copies of `source` (the last one cut short) with `rows` data rows.
std::size_t writeRepeatedRatings(const std::string& source, const std::string& target, std::size_t rows);
IngestBenchResult runIngestBench(const std::string& path);

// Seconds the CSV reader takes for about 1 MB of pathological quoting (a field of doubled quotes
// just under the record limit; a line of thousands of quoted fields), fed `chunk` bytes at a time:
// a parser that rescans would be quadratic here.
struct QuotingBench {
    double megabytes = 0;
    double seconds = 0;
};
QuotingBench runQuotingBench(std::size_t chunk);

// VmHWM from /proc/self/status in KiB; -1 when there is none (not Linux, or WebAssembly).
long long peakResidentKiB();

}  // namespace m2v
