// The training options (and the neighbour lists' minimum of ratings), each declared once: its JavaScript name and command-line flag, kind,
// range, default and a line of help. The module hands this table to the page (its form's
// limits, defaults and hints come from here). The defaults are TrainOptions{}'s own, and
// TrainOptions::validate() enforces the same ranges: tests/test_option_table.cpp holds the two
// together at every bound.
#pragma once

#include <string>
#include <vector>

namespace m2v {

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
    // May be left out, which means "no value" rather than a default (minRating: keep every rating).
    bool optional = false;
    std::string leftOut;                // what leaving it out means, for a form's placeholder: "auto", "none"
    double defaultNumber = 0;           // Integer and Number, when not optional
    std::string defaultChoice;          // Choice
    std::vector<std::string> choices;   // Choice
    bool nativeOnly = false;            // not offered by the WebAssembly module (one thread there)
    std::string help;
};

// In the order a form shows them.
const std::vector<OptionSpec>& trainOptionTable();

// The options of neighbour lists (similar, more like these, analogies): minRatings.
const std::vector<OptionSpec>& neighbourOptionTable();

}  // namespace m2v
