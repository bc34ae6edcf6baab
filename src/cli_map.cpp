// movie2vec map: the 2-D layout of a model's movies (UMAP or PCA), as the page's map draws it.
#include <chrono>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <ostream>

#include "cli_common.h"
#include "projection.h"

namespace m2v {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

int commandMap(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, {"--vectors", "--model", "--layout", "--out", "--seed", "--epochs"}, {"--quiet"});
    Catalogue titles;
    const Vectors vectors = readVectorsOption(a, titles);
    const std::string layout = a.has("--layout") ? a.text("--layout") : "umap";
    if (layout != "umap" && layout != "pca") throw UsageError("--layout must be umap or pca, got \"" + layout + "\"");
    const auto seed = static_cast<std::uint64_t>(a.whole("--seed", 1, 0, std::numeric_limits<long long>::max()));
    const auto started = Clock::now();
    const std::clock_t cpuStarted = std::clock();
    std::vector<float> xy;
    double neighbourSeconds = 0, peakMiB = 0;
    int epochs = 0;
    if (layout == "pca") {
        xy = pca2d(vectors.values);
    } else {
        UmapLayout umap(vectors.values, seed, static_cast<int>(a.whole("--epochs", 0, 0, 10000)));
        umap.findNeighbours();
        neighbourSeconds = secondsSince(started);
        epochs = umap.epochs();
        peakMiB = static_cast<double>(umap.peakBytes()) / (1024.0 * 1024.0);
        while (!umap.step(10)) {
        }
        xy = umap.coordinates();
    }
    const double seconds = secondsSince(started);
    const double cpuSeconds = static_cast<double>(std::clock() - cpuStarted) / CLOCKS_PER_SEC;
    auto writeCsv = [&](std::ostream& csv) {
        csv << "movieId,x,y\n" << std::setprecision(6);
        for (std::size_t i = 0; i < vectors.ids.size(); ++i) csv << vectors.ids[i] << ',' << xy[2 * i] << ',' << xy[2 * i + 1] << '\n';
    };
    if (a.has("--out")) {
        std::ofstream file(a.text("--out"), std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + a.text("--out") + "\"");
        writeCsv(file);
        if (!file.flush()) throw std::runtime_error("could not write all of \"" + a.text("--out") + "\"");
    }
    if (!a.has("--quiet")) {
        std::ostream& report = a.has("--out") ? out : err;
        report << "map: " << layout << " of " << withThousands(vectors.ids.size()) << " movies in " << std::fixed
               << std::setprecision(2) << seconds << " s";
        if (layout == "umap")
            report << " (neighbours " << neighbourSeconds << " s, layout " << seconds - neighbourSeconds << " s, " << epochs
                   << " epochs; peak " << std::setprecision(1) << peakMiB << " MiB)";
        report << ", processor time " << std::setprecision(2) << cpuSeconds << " s";
        const std::size_t stride = std::max<std::size_t>(1, vectors.ids.size() / 2000);
        report << "; of each movie's 10 nearest movies, " << std::setprecision(1)
               << 100 * mapNeighbourRecall(vectors.values, xy, 10, stride) << "% stay among its 10 nearest on the map\n";
    }
    if (!a.has("--out")) writeCsv(out);
    return 0;
}

}  // namespace m2v
