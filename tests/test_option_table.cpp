// The training option table against TrainOptions and the CLI: the same defaults, each option
// bound to its own field, validate() accepting every bound the table allows and refusing the
// first value past it, and `movie2vec help` listing every option with its default.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "cli.h"

#include "option_table.h"
#include "similarity.h"
#include "trainer.h"

using namespace m2v;

namespace {

// Sets one numeric option of TrainOptions by the table's name.
const std::map<std::string, std::function<void(TrainOptions&, double)>> kSetters{
    {"dim", [](TrainOptions& o, double v) { o.dim = static_cast<int>(v); }},
    {"epochs", [](TrainOptions& o, double v) { o.epochs = static_cast<int>(v); }},
    {"window", [](TrainOptions& o, double v) { o.window = static_cast<int>(v); }},
    {"lr", [](TrainOptions& o, double v) { o.lr = static_cast<float>(v); }},
    {"negative", [](TrainOptions& o, double v) { o.negative = static_cast<int>(v); }},
    {"nsExponent", [](TrainOptions& o, double v) { o.nsExponent = v; }},
    {"shareNegatives", [](TrainOptions& o, double v) { o.shareNegatives = static_cast<int>(v); }},
    {"nextPairs", [](TrainOptions& o, double v) { o.nextPairs = static_cast<int>(v); }},
    {"nextModel", [](TrainOptions& o, double v) { o.nextModel = static_cast<int>(v); }},
    {"minCount", [](TrainOptions& o, double v) { o.minCount = static_cast<std::uint64_t>(v); }},
    {"sample", [](TrainOptions& o, double v) { o.sample = v; }},
    {"threads", [](TrainOptions& o, double v) { o.threads = static_cast<int>(v); }},
    {"seed", [](TrainOptions& o, double v) { o.seed = static_cast<std::uint64_t>(v); }},
};

bool valid(const std::string& name, double value) {
    TrainOptions o;
    kSetters.at(name)(o, value);
    try {
        o.validate();
        return true;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

}  // namespace

TEST_CASE("every option is declared once, with a flag, a help line and a sane range") {
    std::set<std::string> names, flags;
    for (const OptionSpec& s : trainOptionTable()) {
        CAPTURE(s.name);
        CHECK(names.insert(s.name).second);
        CHECK(flags.insert(s.flag).second);
        CHECK(s.flag.rfind("--", 0) == 0);
        CHECK_FALSE(s.help.empty());
        if (s.kind == OptionKind::Choice) {
            CHECK(std::count(s.choices.begin(), s.choices.end(), s.defaultChoice) == 1);
        } else {
            CHECK(s.min < s.max);
            if (!s.optional) {
                CHECK(s.defaultNumber >= s.min);
                CHECK(s.defaultNumber <= s.max);
            }
            if (s.kind == OptionKind::Integer) CHECK(s.min == std::floor(s.min));
        }
    }
    CHECK(names == std::set<std::string>{"dim", "epochs", "window", "lr", "loss", "negative", "nsExponent", "shareNegatives", "nextPairs", "nextModel",
                                         "minCount", "minRating", "sample", "seed", "threads"});
}

TEST_CASE("the table's defaults are TrainOptions'") {
    const TrainOptions d;
    std::map<std::string, double> numbers;
    for (const OptionSpec& s : trainOptionTable()) numbers[s.name] = s.defaultNumber;
    CHECK(numbers["dim"] == d.dim);
    CHECK(numbers["epochs"] == d.epochs);
    CHECK(numbers["window"] == d.window);
    CHECK(numbers["lr"] == doctest::Approx(d.lr));
    CHECK(numbers["negative"] == d.negative);
    CHECK(numbers["nsExponent"] == doctest::Approx(d.nsExponent));
    CHECK(numbers["shareNegatives"] == d.shareNegatives);
    CHECK(numbers["nextPairs"] == d.nextPairs);
    CHECK(numbers["nextModel"] == d.nextModel);
    CHECK(numbers["minCount"] == d.minCount);
    CHECK(numbers["sample"] == d.sample);
    CHECK(numbers["seed"] == d.seed);
    CHECK(numbers["threads"] == d.threads);
    for (const OptionSpec& s : trainOptionTable())
        if (s.name == "loss") CHECK(s.defaultChoice == lossKindName(d.loss));
}

TEST_CASE("validate() accepts the table's bounds and refuses what lies past them") {
    for (const OptionSpec& s : trainOptionTable()) {
        if (!kSetters.count(s.name)) continue;  // minRating is not TrainOptions', loss not a number
        CAPTURE(s.name);
        // Past a bound by one for whole numbers; for others by a step float can still tell apart.
        const double lowStep = s.kind == OptionKind::Integer ? 1 : std::max(1e-6, std::abs(s.min) * 1e-6);
        const double highStep = s.kind == OptionKind::Integer ? 1 : std::max(1e-6, std::abs(s.max) * 1e-6);
        if (s.minExclusive) {
            CHECK_FALSE(valid(s.name, s.min));
            CHECK(valid(s.name, s.min + lowStep));
        } else {
            CHECK(valid(s.name, s.min));
            // Below an optional integer's range is 0, "left out" (epochs: auto).
            if (!(s.kind == OptionKind::Integer && (s.min == 0 || s.optional))) CHECK_FALSE(valid(s.name, s.min - lowStep));
            if (s.optional && s.kind == OptionKind::Integer) CHECK(valid(s.name, 0));
        }
        if (s.maxExclusive) {
            CHECK_FALSE(valid(s.name, s.max));
            CHECK(valid(s.name, s.max - highStep));
        } else {
            CHECK(valid(s.name, s.max));
            CHECK_FALSE(valid(s.name, s.max + highStep));
        }
    }
}

TEST_CASE("the neighbour lists' minimum of ratings: the core's default, 0 allowed") {
    const auto& table = neighbourOptionTable();
    REQUIRE(table.size() == 1);
    CHECK(table[0].name == "minRatings");
    CHECK(table[0].flag == "--min-ratings");
    CHECK(table[0].defaultNumber == kDefaultMinRatings);
    CHECK(table[0].min == 0);
}

TEST_CASE("each option sets its own TrainOptions field and no other") {
    for (const OptionSpec& s : trainOptionTable()) {
        if (!s.set) continue;
        CAPTURE(s.name);
        // A value in range and unlike the default: the top of the range, or its middle when the top is excluded.
        const double value = s.maxExclusive ? (s.min + s.max) / 2 : s.max;
        REQUIRE(value != s.defaultNumber);
        TrainOptions o;
        s.set(o, value);
        CHECK(s.get(o) == doctest::Approx(value));
        for (const OptionSpec& other : trainOptionTable()) {
            if (!other.get || other.name == s.name) continue;
            CAPTURE(other.name);
            CHECK(other.get(o) == doctest::Approx(other.defaultNumber));
        }
        CHECK_NOTHROW(o.validate());
    }
    TrainOptions o;
    const OptionSpec& loss = trainOption("loss");
    CHECK(loss.getChoice(o) == loss.defaultChoice);
    loss.setChoice(o, "softmax");
    CHECK(o.loss == LossKind::Softmax);
    CHECK(loss.getChoice(o) == "softmax");
}

TEST_CASE("validate()'s messages name the option, the table's range and the value") {
    TrainOptions o;
    o.sample = 1;
    CHECK_THROWS_WITH(o.validate(), "sample must be at least 0 and below 1, got 1");
    o = TrainOptions();
    o.lr = 0;
    CHECK_THROWS_WITH(o.validate(), "lr must be above 0 and at most 1, got 0");
    o = TrainOptions();
    o.minCount = 0;
    CHECK_THROWS_WITH(o.validate(), "min-count must be between 1 and 1000000000, got 0");
    o = TrainOptions();
    o.seed = 4294967296ull;
    CHECK_THROWS_WITH(o.validate(), "seed must be between 0 and 4294967295, got 4294967296");
    CHECK_THROWS_WITH(trainOption("nothing"), "no training option \"nothing\"");
}

TEST_CASE("movie2vec help lists every training option with its default and range") {
    std::ostringstream out, err;
    REQUIRE(runCli({"help"}, out, err) == 0);
    const std::string help = out.str();
    for (const OptionSpec& s : trainOptionTable()) {
        CAPTURE(s.name);
        const std::size_t at = help.find("\n  " + s.flag + " " + defaultText(s) + " ");
        REQUIRE(at != std::string::npos);
        const std::string line = help.substr(at + 1, help.find('\n', at + 1) - at - 1);
        if (s.kind == OptionKind::Choice) CHECK(line.find("nce|negative|softmax") != std::string::npos);
        else CHECK(line.find(rangeText(s)) != std::string::npos);
        CHECK(help.find(s.help) != std::string::npos);
    }
    CHECK(defaultText(trainOption("dim")) == "64");
    CHECK(defaultText(trainOption("lr")) == "0.02");
    CHECK(defaultText(trainOption("epochs")) == "auto");
}
