#include "option_table.h"

#include "similarity.h"
#include "trainer.h"

namespace m2v {

namespace {

OptionSpec integer(std::string name, std::string flag, double value, double min, double max, std::string help) {
    OptionSpec s;
    s.name = std::move(name);
    s.flag = std::move(flag);
    s.kind = OptionKind::Integer;
    s.defaultNumber = value;
    s.min = min;
    s.max = max;
    s.help = std::move(help);
    return s;
}

OptionSpec number(std::string name, std::string flag, double value, double min, double max, std::string help) {
    OptionSpec s = integer(std::move(name), std::move(flag), value, min, max, std::move(help));
    s.kind = OptionKind::Number;
    return s;
}

std::vector<OptionSpec> build() {
    const TrainOptions d;
    std::vector<OptionSpec> table;
    table.push_back(integer("dim", "--dim", d.dim, 1, 1024, "Size of each movie vector; 32 to 128 suits most data."));
    // Left out (0 in TrainOptions), autoEpochs() chooses from the corpus size.
    OptionSpec epochs = integer("epochs", "--epochs", d.epochs, 1, 10000,
                                "Passes over all users; left empty, as many as make about 5 million movies in all "
                                "(50 for 100,000 ratings, 1 from 3.4 million).");
    epochs.optional = true;
    epochs.leftOut = "auto";
    table.push_back(epochs);
    table.push_back(integer("window", "--window", d.window, 1, 100,
                            "Neighbouring movies on each side in a user's history."));
    OptionSpec lr = number("lr", "--lr", d.lr, 0, 1,
                           "Starting learning rate, decaying linearly to almost 0; word2vec starts at 0.025.");
    lr.minExclusive = true;
    table.push_back(lr);

    OptionSpec loss;
    loss.name = "loss";
    loss.flag = "--loss";
    loss.kind = OptionKind::Choice;
    loss.choices = {"nce", "negative", "softmax"};
    loss.defaultChoice = lossKindName(d.loss);
    loss.help = "NCE and word2vec's negative sampling are fast; NCE predicts the next movie better. "
                "The full softmax is exact but slow with many movies.";
    table.push_back(loss);

    table.push_back(integer("negative", "--negative", d.negative, 1, 100,
                            "Random movies contrasted with each target (not used by the full softmax)."));
    table.push_back(number("nsExponent", "--ns-exponent", d.nsExponent, -1, 1,
                           "Random movies are drawn by popularity to this power; word2vec uses 0.75."));
    table.push_back(integer("minCount", "--min-count", static_cast<double>(d.minCount), 1, 1e9,
                            "Movies rated fewer times are left out."));
    OptionSpec minRating = number("minRating", "--min-rating", 0, -1e9, 1e9,
                                  "Keep only ratings at or above this, e.g. 3.5; left out, every rating is kept.");
    minRating.optional = true;
    minRating.leftOut = "none";
    table.push_back(minRating);
    OptionSpec sample = number("sample", "--sample", d.sample, 0, 1,
                               "Thins out very popular movies, e.g. 0.001; 0 turns it off.");
    sample.maxExclusive = true;
    table.push_back(sample);
    // The module takes a 32-bit seed.
    table.push_back(integer("seed", "--seed", static_cast<double>(d.seed), 0, 4294967295.0,
                            "The same seed and data give the same model."));
    OptionSpec threads = integer("threads", "--threads", d.threads, 1, 256,
                                 "Training threads; above 1, runs are not bit-identical.");
    threads.nativeOnly = true;
    table.push_back(threads);
    return table;
}

}  // namespace

const std::vector<OptionSpec>& trainOptionTable() {
    static const std::vector<OptionSpec> table = build();
    return table;
}

const std::vector<OptionSpec>& neighbourOptionTable() {
    static const std::vector<OptionSpec> table{
        integer("minRatings", "--min-ratings", kDefaultMinRatings, 0, 4294967295.0,
                "Leave out movies rated fewer times than this (the movie asked about may have fewer); 0 shows every movie."),
    };
    return table;
}

}  // namespace m2v
