// movie2vec train: ratings in, vectors (word2vec text) and/or a .m2v model file out.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <ostream>

#include "cli_common.h"
#include "model_file.h"
#include "ratings.h"
#include "trainer.h"
#include "vectors_io.h"

namespace m2v {

int commandTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CliArgs a(args, withTrainingOptions({"--ratings", "--movies", "--links", "--out", "--out-output", "--out-model"}),
              {"--quiet", "--int8", "--no-output-vectors"});
    const std::string ratingsPath = a.text("--ratings");
    if (!a.has("--out-model")) a.text("--out");  // one of them is needed: the missing-option message
    if (a.has("--int8") && !a.has("--out-model")) throw UsageError("--int8 goes with --out-model");
    if (a.has("--no-output-vectors") && !a.has("--out-model")) throw UsageError("--no-output-vectors goes with --out-model");
    const TrainOptions o = readTrainOptions(a);
    const float minRating = readMinRating(a);
    const bool quiet = a.has("--quiet");
    std::ostream* log = quiet ? nullptr : &err;
    LoadReport ratingsReport;
    RatingsTable ratings = loadRatingsFile(ratingsPath, &ratingsReport);
    if (log) printReport(*log, ratingsReport);
    const Catalogue catalogue = loadCatalogue(a, log);  // checks the files now rather than after training

    Vocabulary vocabulary;
    Corpus corpus = buildCorpus(ratings, minRating, o.minCount, &vocabulary);
    const std::size_t sequences = corpus.sequenceCount();
    const std::uint64_t tokens = corpus.tokens.size();
    Trainer trainer(std::move(corpus), std::move(vocabulary), o);
    // What the trainer chose, and why when it was left to it: "50 (auto: 100,836 tokens per epoch)".
    auto chosen = [](int value, bool leftOut, const std::string& why) {
        return std::to_string(value) + (leftOut ? " (auto: " + why + ")" : "");
    };
    const std::string epochsChoice = chosen(trainer.options().epochs, o.epochs == 0, withThousands(tokens) + " tokens per epoch");
    const std::string shareChoice =
        chosen(trainer.options().shareNegatives, o.shareNegatives == 0, withThousands(trainer.vocabulary().size()) + " movies");
    if (log) *log << "training: epochs " << epochsChoice << ", dim " << o.dim << ", window " << o.window << ", negative "
                  << o.negative << ", lr " << o.lr << ", loss " << lossKindName(o.loss) << ", share-negatives " << shareChoice
                  << (o.nextPairs ? ", next-pairs " + std::to_string(o.nextPairs) : std::string())
                  << (o.nextModel ? ", next-model " + std::to_string(o.nextModel) : std::string()) << "\n";
    std::size_t reported = 0;
    TrainProgress p = trainer.run([&](const TrainProgress& q) {
        for (; log && reported < q.epochLosses.size(); ++reported)
            *log << "epoch " << reported + 1 << "/" << q.epochs << "  loss " << std::fixed << std::setprecision(4)
                 << q.epochLosses[reported] << "  " << std::setprecision(0) << q.tokensPerSecond << " tokens/s\n"
                 << std::defaultfloat;
        return true;
    });

    std::vector<std::string> written;
    if (auto outPath = a.optionalText("--out")) {
        std::ofstream file(*outPath, std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + *outPath + "\"");
        writeWord2Vec(file, trainer.vocabulary().ids(), trainer.model().input);
        if (!file.flush()) throw std::runtime_error("writing \"" + *outPath + "\" failed");
        written.push_back(*outPath);
    }
    if (auto modelPath = a.optionalText("--out-model")) {
        ModelData model;
        model.ids = trainer.vocabulary().ids();
        model.ratings = ratingCounts(trainer.vocabulary());
        for (int32_t id : model.ids) {
            const MovieInfo* info = catalogue.find(id);
            model.movies.push_back(info ? *info : MovieInfo{});
        }
        model.vectors = trainer.model().input;
        // The output vectors, for recommendations, unless left out (a smaller file for "similar" only).
        if (!a.has("--no-output-vectors")) {
            model.output = trainer.model().output;
            model.nextInput = trainer.model().nextInput;
            model.nextOutput = trainer.model().nextOutput;
        }
        const std::string bytes = saveModel(model, a.has("--int8"));
        std::ofstream file(*modelPath, std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + *modelPath + "\"");
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!file.flush()) throw std::runtime_error("writing \"" + *modelPath + "\" failed");
        written.push_back(*modelPath + (a.has("--int8") ? " (int8, " : " (") + withThousands(bytes.size()) + " bytes)");
    }
    if (auto outputPath = a.optionalText("--out-output")) {
        std::ofstream file(*outputPath, std::ios::binary);
        if (!file) throw std::runtime_error("cannot write \"" + *outputPath + "\"");
        writeWord2Vec(file, trainer.vocabulary().ids(), trainer.model().output);
        if (!file.flush()) throw std::runtime_error("writing \"" + *outputPath + "\" failed");
    }
    out << "trained " << withThousands(trainer.vocabulary().size()) << " movies x " << o.dim << " dims on "
        << withThousands(sequences) << " sequences (" << withThousands(tokens) << " tokens per epoch), epochs " << epochsChoice
        << ", loss " << lossKindName(o.loss) << ", " << o.threads << (o.threads == 1 ? " thread\n" : " threads\n");
    out << std::fixed << std::setprecision(2) << "time " << p.seconds << " s, " << std::setprecision(0)
        << p.tokensPerSecond << " tokens/s, mean loss first epoch " << std::setprecision(4)
        << (p.epochLosses.empty() ? 0.0 : p.epochLosses.front()) << ", last epoch "
        << (p.epochLosses.empty() ? 0.0 : p.epochLosses.back()) << "\n" << std::defaultfloat;
    for (const std::string& w : written) out << "wrote " << w << "\n";
    return 0;
}

}  // namespace m2v
