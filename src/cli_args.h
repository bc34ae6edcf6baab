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

private:
    std::map<std::string, std::string> values_;
};

}  // namespace m2v
