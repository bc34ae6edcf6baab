// The training options (and the neighbour lists' minimum of ratings), each declared once: its
// JavaScript name and command-line flag, kind, range, default, a line of help, and the
// TrainOptions field it sets. Everything else comes from here: TrainOptions{}'s defaults, the
// ranges TrainOptions::validate() enforces and their messages, the CLI's parsing and the list in
// `movie2vec help`, and what the module hands the page (its form's limits, defaults and hints).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace m2v {

struct TrainOptions;  // trainer.h

enum class OptionKind { Integer, Number, Choice };

struct OptionSpec {
    std::string name;  // as JavaScript spells it: "minCount"
    std::string flag;  // as the command line spells it: "--min-count"
    OptionKind kind = OptionKind::Integer;
    // Integer and Number: the allowed range, each end included unless marked exclusive.
    double min = 0;
    double max = 0;
    bool minExclusive = false;
    bool maxExclusive = false;
    // May be left out, which means "no value" rather than a default (minRating: keep every
    // rating). An optional Integer is 0 in TrainOptions when left out (epochs: auto).
    bool optional = false;
    std::string leftOut;                // what leaving it out means, for a form's placeholder: "auto", "none"
    double defaultNumber = 0;           // Integer and Number, when not optional
    std::string defaultChoice;          // Choice
    std::vector<std::string> choices;   // Choice
    bool nativeOnly = false;            // not offered by the WebAssembly module (one thread there)
    std::string help;

    // The TrainOptions field it stands for; empty for options that are no field (minRating, which
    // filters the ratings before training; minRatings). Choice options get and set the choice's name.
    std::function<double(const TrainOptions&)> get;
    std::function<void(TrainOptions&, double)> set;
    std::function<std::string(const TrainOptions&)> getChoice;
    std::function<void(TrainOptions&, const std::string&)> setChoice;
};

// In the order a form shows them.
const std::vector<OptionSpec>& trainOptionTable();
// The option of trainOptionTable() with this name; std::logic_error for another name.
const OptionSpec& trainOption(const std::string& name);
// Its default (TrainOptions' member initializers).
double trainDefault(const std::string& name);

// The options of neighbour lists (similar, more like these, analogies): minRatings.
const std::vector<OptionSpec>& neighbourOptionTable();

// Whether x lies in the option's range (Integer: also a whole number).
bool inRange(const OptionSpec& s, double x);
// "between 1 and 1024", "above 0 and at most 1", "at least 0 and below 1".
std::string rangeText(const OptionSpec& s);
// "LABEL must be RANGE, got GOT". LABEL is the flag ("--dim") or its bare name ("dim").
std::string rangeError(const OptionSpec& s, const std::string& label, const std::string& got);
// Whether training accepts x for this option: in range, or an optional whole number's 0 ("left
// out": epochs auto). When it does not, the message training gives: "dim must be between 1 and
// 1024, got 2000" (named by the flag without its dashes, as the CLI and the page show it).
bool accepted(const OptionSpec& s, double x);
std::string notAcceptedError(const OptionSpec& s, double x);
// "LABEL must be \"nce\", \"negative\" or \"softmax\", got \"GOT\"".
std::string choiceError(const OptionSpec& s, const std::string& label, const std::string& got);
// The default as help shows it: "64", "0.02", "nce", or what leaving it out means ("auto").
std::string defaultText(const OptionSpec& s);
// A bound or value in messages: whole numbers in full (1000000000), others as %g (0.6).
std::string boundText(const OptionSpec& s, double x);

}  // namespace m2v
