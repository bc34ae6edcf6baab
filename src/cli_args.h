// The CLI's argument parsing: "--name value" pairs checked against what a command accepts,
// with numbers parsed strictly and range-checked. Errors are UsageError (errors.h) with a
// message for the user that names the option; the caller adds the command's name.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "option_table.h"

namespace m2v {

class CliArgs {
public:
    // args: what follows the command name. valued: options that take a value; flags: options that don't.
    CliArgs(const std::vector<std::string>& args, const std::set<std::string>& valued, const std::set<std::string>& flags = {});

    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::string text(const std::string& name) const;  // required
    std::optional<std::string> optionalText(const std::string& name) const;
    long long whole(const std::string& name, long long fallback, long long low, long long high) const;
    double number(const std::string& name, double fallback, double low, double high) const;

    // An option of the table (option_table.h) by its flag, parsed by its kind and checked against
    // its range or choices; nullopt when not given or given as what leaving it out means
    // ("--epochs auto": see leftOut()).
    std::optional<double> tableNumber(const OptionSpec& s) const;
    std::optional<std::string> tableChoice(const OptionSpec& s) const;
    // Given as what leaving the optional option out means: "--epochs auto", "--min-rating none".
    bool leftOut(const OptionSpec& s) const;

private:
    long long parseWhole(const std::string& name, const std::string& value) const;
    double parseNumber(const std::string& name, const std::string& value) const;

    std::map<std::string, std::string> values_;
};

}  // namespace m2v
