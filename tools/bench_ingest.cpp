// Ingestion benchmark: times loadRatingsFile + forEachSequence on a ~25M-row ratings file made
// from copies of ml-latest-small (users renumbered per copy), and prints MB/s, peak resident
// memory and bytes per rating.
//
//   g++ -std=c++17 -O3 -Isrc tools/bench_ingest.cpp src/csv.cpp src/ratings.cpp src/load_report.cpp -o bench_ingest
//   ./bench_ingest /tmp/ratings-25m.csv [copies=248] [--shuffled]
//
// The file is written only if it does not exist. --shuffled writes the copies interleaved by
// user (not grouped by user), which takes the loader's slower, stable-sort path.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ratings.h"

#ifndef M2V_SOURCE_DIR
#define M2V_SOURCE_DIR "."
#endif

namespace {

long statusKiB(const char* key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.compare(0, std::strlen(key), key) == 0) return std::atol(line.c_str() + std::strlen(key) + 1);
    return -1;
}

struct Row {
    long user;
    std::string rest;  // ",movie,rating,timestamp"
};

void generate(const std::string& source, const std::string& target, int copies, bool shuffled) {
    std::ifstream in(source);
    if (!in) {
        std::cerr << "cannot read " << source << "\n";
        std::exit(1);
    }
    std::string line, header;
    std::getline(in, header);
    std::vector<Row> rows;
    long maxUser = 0;
    while (std::getline(in, line)) {
        std::size_t comma = line.find(',');
        Row r{std::atol(line.c_str()), line.substr(comma)};
        maxUser = std::max(maxUser, r.user);
        rows.push_back(std::move(r));
    }
    std::string tmp = target + ".part";
    std::FILE* out = std::fopen(tmp.c_str(), "wb");
    if (!out) {
        std::perror(tmp.c_str());
        std::exit(1);
    }
    std::fprintf(out, "%s\n", header.c_str());
    std::string buffer;
    auto emit = [&](long user, const std::string& rest) {
        buffer += std::to_string(user);
        buffer += rest;
        buffer += '\n';
        if (buffer.size() > (1u << 20)) {
            std::fwrite(buffer.data(), 1, buffer.size(), out);
            buffer.clear();
        }
    };
    if (shuffled) {
        for (const Row& r : rows)
            for (int c = 0; c < copies; ++c) emit(r.user + c * maxUser, r.rest);
    } else {
        for (int c = 0; c < copies; ++c)
            for (const Row& r : rows) emit(r.user + c * maxUser, r.rest);
    }
    std::fwrite(buffer.data(), 1, buffer.size(), out);
    std::fclose(out);
    std::rename(tmp.c_str(), target.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_ingest OUTPUT.csv [copies=248] [--shuffled]\n";
        return 2;
    }
    std::string path = argv[1];
    int copies = 248;
    bool shuffled = false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--shuffled") == 0) shuffled = true;
        else copies = std::atoi(argv[i]);
    }
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
    } else {
        std::cout << "writing " << path << " (" << copies << " copies of ml-latest-small" << (shuffled ? ", interleaved" : "") << ")\n";
        generate(M2V_SOURCE_DIR "/web/sample/ml-latest-small/ratings.csv", path, copies, shuffled);
    }
    const long baselineKiB = statusKiB("VmRSS:");

    const std::clock_t c0 = std::clock();
    auto t0 = std::chrono::steady_clock::now();
    m2v::LoadReport report;
    m2v::RatingsTable table = m2v::loadRatingsFile(path, &report);
    auto t1 = std::chrono::steady_clock::now();
    std::size_t tokens = 0, users = 0;
    table.forEachSequence(3.5f, [&](int32_t, const int32_t*, std::size_t n) {
        tokens += n;
        ++users;
    });
    auto t2 = std::chrono::steady_clock::now();
    // CPU time as well as wall time: on a shared machine the wall clock also counts other work.
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;

    std::FILE* f = std::fopen(path.c_str(), "rb");
    std::fseek(f, 0, SEEK_END);
    const double mb = static_cast<double>(std::ftell(f)) / 1e6;
    std::fclose(f);
    const double load = std::chrono::duration<double>(t1 - t0).count();
    const double walk = std::chrono::duration<double>(t2 - t1).count();
    const long peakKiB = statusKiB("VmHWM:");
    const double n = static_cast<double>(table.ratingCount());
    std::printf("file            %.1f MB, %zu rows\n", mb, report.rowsRead);
    std::printf("table           %zu ratings, %zu users, %zu movies\n", table.ratingCount(), table.userCount(), table.distinctMovies());
    std::printf("load            %.2f s  (%.0f MB/s)\n", load, mb / load);
    std::printf("forEachSequence %.3f s  (%zu sequences, %zu tokens with rating >= 3.5)\n", walk, users, tokens);
    std::printf("total           %.2f s  (%.0f MB/s); CPU time %.2f s (%.0f MB/s)\n", load + walk, mb / (load + walk), cpu, mb / cpu);
    std::printf("peak RSS        %.1f MiB (baseline %.1f MiB): %.1f bytes per rating (%.1f above baseline)\n", peakKiB / 1024.0,
                baselineKiB / 1024.0, peakKiB * 1024.0 / n, (peakKiB - baselineKiB) * 1024.0 / n);
    std::printf("table size      %.1f bytes per rating\n",
                (table.movies_.size() * 4.0 + table.ratings_.size() * 4.0 + table.offsets_.size() * 4.0 + table.userIds_.size() * 4.0) / n);
    return 0;
}
