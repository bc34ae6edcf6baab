// movie2vec bench and bench-ingest: training speed, and loading speed and memory.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <ostream>

#include "bench.h"
#include "cli_common.h"
#include "ratings.h"

namespace m2v {

int commandBench(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
    CliArgs a(args, {"--ratings", "--tokens", "--threads", "--dim", "--window", "--negative", "--epochs", "--seed", "--loss",
                        "--share-negatives", "--next-pairs", "--next-model"});
    const std::string defaultRatings = "web/sample/ml-latest-small/ratings.csv";
    std::string ratingsPath = a.has("--ratings") ? a.text("--ratings") : defaultRatings;
    if (!a.has("--ratings") && !std::ifstream(defaultRatings))
        throw UsageError("no --ratings given and " + defaultRatings +
                         " is not here: run it from the repository's folder, or pass --ratings FILE");
    BenchOptions b;
    b.tokens = static_cast<std::uint64_t>(a.whole("--tokens", static_cast<long long>(b.tokens), 1, 2'000'000'000));
    b.train = readTrainOptions(a, b.train);
    RatingsTable ratings = loadRatingsFile(ratingsPath);
    const BenchResult r = runBench(ratings, b);
    const TrainOptions& o = r.options;
    out << "bench: " << ratingsPath << " x " << r.copies << " = " << withThousands(r.sequences) << " sequences, "
        << withThousands(r.tokensPerEpoch) << " tokens per epoch, " << withThousands(r.movies) << " movies\n";
    out << "dim " << o.dim << ", window " << o.window << ", negative " << o.negative << ", " << o.epochs
        << " epochs, no down-sampling, loss " << lossKindName(o.loss) << ", share-negatives "
        << o.shareNegatives << (o.nextPairs ? ", next-pairs " + std::to_string(o.nextPairs) : std::string())
        << (o.nextModel ? ", next-model " + std::to_string(o.nextModel) : std::string()) << ", " << o.threads
        << (o.threads == 1 ? " thread" : " threads") <<
#ifdef __EMSCRIPTEN__
        ", WebAssembly\n";
#else
        ", native\n";
#endif
    out << std::fixed << std::setprecision(4) << "mean loss per epoch:";
    for (double l : r.progress.epochLosses) out << ' ' << l;
    out << '\n' << std::setprecision(2) << "time " << r.progress.seconds << " s, " << std::setprecision(0)
        << r.progress.tokensPerSecond << " tokens/s (" << std::setprecision(2) << r.progress.tokensPerSecond / 1e6
        << " M tokens/s); processor time " << std::setprecision(2) << r.cpuSeconds
        << " s\n";
    if (r.peakMemoryKiB >= 0) out << "peak memory " << std::setprecision(1) << r.peakMemoryKiB / 1024.0 << " MiB (VmHWM)\n";
    if (r.wasmMemoryKiB >= 0) out << "WebAssembly memory " << std::setprecision(1) << r.wasmMemoryKiB / 1024.0 << " MiB\n";
    out << std::defaultfloat;
    return 0;
}

int commandBenchIngest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--ratings", "--out", "--rows"});
    const std::string source = a.has("--ratings") ? a.text("--ratings") : "web/sample/ml-latest-small/ratings.csv";
    const std::string path = a.has("--out") ? a.text("--out") : "ratings-25m.csv";
    const auto rows = static_cast<std::size_t>(a.whole("--rows", 25'000'000, 1, 2'000'000'000));
    if (!std::ifstream(path)) {
        err << "writing " << path << ": copies of " << source << " up to " << withThousands(rows) << " rows (users renumbered per copy)\n";
        writeRepeatedRatings(source, path, rows);
    } else {
        err << "using the existing " << path << "\n";
    }
    const IngestBenchResult r = runIngestBench(path);
    const double total = r.loadSeconds + r.groupSeconds;
    out << std::fixed << std::setprecision(1) << "bench-ingest: " << path << ", " << r.megabytes << " MB, "
        << withThousands(r.ratings) << " ratings, " << withThousands(r.users) << " users, " <<
#ifdef __EMSCRIPTEN__
        "WebAssembly\n";
#else
        "native\n";
#endif
    out << std::setprecision(2) << "load " << r.loadSeconds << " s, group " << r.groupSeconds << " s: " << std::setprecision(0)
        << r.megabytes / total << " MB/s\n";
    const double perRating = 1024.0 / static_cast<double>(std::max<std::size_t>(r.ratings, 1));
    if (r.peakMemoryKiB >= 0)
        out << std::setprecision(1) << "peak memory " << r.peakMemoryKiB / 1024.0 << " MiB (VmHWM): "
            << (r.peakMemoryKiB - r.baselineKiB) * perRating << " bytes per rating above the " << r.baselineKiB / 1024.0
            << " MiB before loading\n";
    if (r.wasmMemoryKiB >= 0)
        out << std::setprecision(1) << "WebAssembly memory " << r.wasmMemoryKiB / 1024.0 << " MiB: "
            << r.wasmMemoryKiB * perRating << " bytes per rating\n";
    for (std::size_t chunk : {std::size_t(1) << 20, std::size_t(4096), std::size_t(1)}) {
        const QuotingBench q = runQuotingBench(chunk);
        out << std::setprecision(2) << "pathological quoting: " << q.megabytes << " MB in chunks of " << chunk << " bytes: "
            << q.seconds * 1000 << " ms (" << std::setprecision(0) << q.megabytes / q.seconds << " MB/s)\n";
    }
    out << std::defaultfloat;
    return 0;
}

}  // namespace m2v
