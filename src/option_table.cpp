#include "option_table.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "load_report.h"
#include "similarity.h"
#include "trainer.h"

namespace m2v {

namespace {

// An option bound to the TrainOptions field `field` points to (int, float, double or uint64).
template <typename T>
OptionSpec numeric(OptionKind kind, std::string name, std::string flag, T TrainOptions::*field, double value, double min,
                   double max, std::string help) {
    OptionSpec s;
    s.name = std::move(name);
    s.flag = std::move(flag);
    s.kind = kind;
    s.defaultNumber = value;
    s.min = min;
    s.max = max;
    s.help = std::move(help);
    if (field) {
        s.get = [field](const TrainOptions& o) { return static_cast<double>(o.*field); };
        s.set = [field](TrainOptions& o, double v) { o.*field = static_cast<T>(v); };
    }
    return s;
}

template <typename T>
OptionSpec integer(std::string name, std::string flag, T TrainOptions::*field, double value, double min, double max,
                   std::string help) {
    return numeric(OptionKind::Integer, std::move(name), std::move(flag), field, value, min, max, std::move(help));
}

// A whole number the trainer chooses when it is left out (0 in TrainOptions): "auto" in a form.
template <typename T>
OptionSpec automatic(std::string name, std::string flag, T TrainOptions::*field, double min, double max, std::string help) {
    OptionSpec s = integer(std::move(name), std::move(flag), field, 0, min, max, std::move(help));
    s.optional = true;
    s.leftOut = "auto";
    return s;
}

template <typename T>
OptionSpec number(std::string name, std::string flag, T TrainOptions::*field, double value, double min, double max,
                  std::string help) {
    return numeric(OptionKind::Number, std::move(name), std::move(flag), field, value, min, max, std::move(help));
}

// The defaults were chosen with `movie2vec eval` on ml-latest-small (docs/quality.md).
std::vector<OptionSpec> buildTrainTable() {
    std::vector<OptionSpec> table;
    table.push_back(integer("dim", "--dim", &TrainOptions::dim, 64, 1, 1024,
                            "Size of each movie vector; 32 to 128 suits most data."));
    // Left out, autoEpochs() chooses from the corpus size.
    table.push_back(automatic("epochs", "--epochs", &TrainOptions::epochs, 1, 10000,
                              "Passes over all users; left empty, as many as make about 5 million movies in all "
                              "(50 for 100,000 ratings, 1 from 3.4 million); under 40,000 ratings, 2 million "
                              "(at most 100 passes)."));
    table.push_back(integer("window", "--window", &TrainOptions::window, 8, 1, 100,
                            "Neighbouring movies on each side in a user's history."));
    OptionSpec lr = number("lr", "--lr", &TrainOptions::lr, 0.02, 0, 1,
                           "Starting learning rate, decaying linearly to almost 0; word2vec starts at 0.025.");
    lr.minExclusive = true;
    table.push_back(lr);

    OptionSpec loss;
    loss.name = "loss";
    loss.flag = "--loss";
    loss.kind = OptionKind::Choice;
    loss.choices = {"nce", "negative", "softmax"};
    loss.defaultChoice = "nce";
    loss.help = "NCE and word2vec's negative sampling are fast; NCE predicts the next movie better. "
                "The full softmax is exact but slow with many movies.";
    loss.getChoice = [](const TrainOptions& o) { return std::string(lossKindName(o.loss)); };
    loss.setChoice = [](TrainOptions& o, const std::string& c) { o.loss = parseLossKind(c); };
    table.push_back(loss);

    table.push_back(integer("negative", "--negative", &TrainOptions::negative, 25, 1, 100,
                            "Random movies contrasted with each target (not used by the full softmax)."));
    table.push_back(number("nsExponent", "--ns-exponent", &TrainOptions::nsExponent, 0.6, -1, 1,
                           "Random movies are drawn by popularity to this power; word2vec uses 0.75."));
    // Left out, autoShareNegatives() chooses from the model's size.
    table.push_back(automatic("shareNegatives", "--share-negatives", &TrainOptions::shareNegatives, 1, 64,
                              "Consecutive movies sharing one draw of random movies; left empty, 1 (as word2vec) "
                              "up to 16,384 movies at dim 64, 4 above: faster on big catalogues."));
    table.push_back(integer("nextPairs", "--next-pairs", &TrainOptions::nextPairs, 0, 0, 8,
                            "Earlier movies that each predict a movie alone, besides the window's mean: 1 "
                            "recommends what to watch next better; neighbours less alike in genre, training twice as long."));
    table.push_back(integer("nextModel", "--next-model", &TrainOptions::nextModel, 6, 0, 8,
                            "Earlier movies that each predict a movie in a second model, used only for what to watch "
                            "next (similar movies stay the first model's); 0: none, training about 2.4 times as fast."));
    table.push_back(integer("minCount", "--min-count", &TrainOptions::minCount, 1, 1, 1e9,
                            "Movies rated fewer times are left out."));
    // Not a field of TrainOptions: ratings below it are dropped before training.
    OptionSpec minRating = number<float>("minRating", "--min-rating", nullptr, 0, -1e9, 1e9,
                                         "Keep only ratings at or above this, e.g. 3.5; left out, every rating is kept.");
    minRating.optional = true;
    minRating.leftOut = "none";
    table.push_back(minRating);
    OptionSpec sample = number("sample", "--sample", &TrainOptions::sample, 0, 0, 1,
                               "Thins out very popular movies, e.g. 0.001; 0 turns it off.");
    sample.maxExclusive = true;
    table.push_back(sample);
    // The module takes a 32-bit seed.
    table.push_back(integer("seed", "--seed", &TrainOptions::seed, 1, 0, 4294967295.0,
                            "The same seed and data give the same model."));
    OptionSpec threads = integer("threads", "--threads", &TrainOptions::threads, 1, 1, 256,
                                 "Training threads; above 1, runs are not bit-identical.");
    threads.nativeOnly = true;
    table.push_back(threads);
    return table;
}

}  // namespace

const std::vector<OptionSpec>& trainOptionTable() {
    static const std::vector<OptionSpec> table = buildTrainTable();
    return table;
}

const OptionSpec& trainOption(const std::string& name) {
    for (const OptionSpec& s : trainOptionTable())
        if (s.name == name) return s;
    throw std::logic_error("no training option \"" + name + "\"");
}

double trainDefault(const std::string& name) { return trainOption(name).defaultNumber; }

const std::vector<OptionSpec>& neighbourOptionTable() {
    static const std::vector<OptionSpec> table{
        integer<int>("minRatings", "--min-ratings", nullptr, kDefaultMinRatings, 0, 4294967295.0,
                     "Leave out movies rated fewer times than this (the movie asked about may have fewer); 0 shows every movie."),
    };
    return table;
}

bool inRange(const OptionSpec& s, double x) {
    if (!std::isfinite(x)) return false;
    if (s.kind == OptionKind::Integer && x != std::floor(x)) return false;
    const bool aboveMin = s.minExclusive ? x > s.min : x >= s.min;
    const bool belowMax = s.maxExclusive ? x < s.max : x <= s.max;
    return aboveMin && belowMax;
}

bool accepted(const OptionSpec& s, double x) {
    return (s.optional && x == 0) || inRange(s, x);
}

std::string notAcceptedError(const OptionSpec& s, double x) {
    OptionSpec shown = s;
    // An optional whole number's 0 next to its range: "epochs must be between 0 and 10000".
    if (s.optional && s.kind == OptionKind::Integer && s.min == 1) shown.min = 0;
    return rangeError(shown, s.flag.substr(2), boundText(s, x));
}

std::string boundText(const OptionSpec& s, double x) {
    if (s.kind != OptionKind::Integer) return shortNumber(x);
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", x);
    return text;
}

std::string rangeText(const OptionSpec& s) {
    const std::string low = boundText(s, s.min), high = boundText(s, s.max);
    if (!s.minExclusive && !s.maxExclusive) return "between " + low + " and " + high;
    return (s.minExclusive ? "above " : "at least ") + low + " and " + (s.maxExclusive ? "below " : "at most ") + high;
}

std::string rangeError(const OptionSpec& s, const std::string& label, const std::string& got) {
    return label + " must be " + rangeText(s) + ", got " + got;
}

std::string choiceError(const OptionSpec& s, const std::string& label, const std::string& got) {
    std::string list;
    for (std::size_t i = 0; i < s.choices.size(); ++i)
        list += (i == 0 ? "" : i + 1 == s.choices.size() ? " or " : ", ") + ("\"" + s.choices[i] + "\"");
    return label + " must be " + list + ", got \"" + got + "\"";
}

std::string defaultText(const OptionSpec& s) {
    if (s.optional) return s.leftOut;
    if (s.kind == OptionKind::Choice) return s.defaultChoice;
    // float options (lr) hold a float's value: 6 significant digits give 0.02, not 0.0199999996.
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", s.defaultNumber);
    return text;
}

}  // namespace m2v
