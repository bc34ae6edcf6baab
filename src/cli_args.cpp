#include "cli_args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "errors.h"
#include "load_report.h"

namespace m2v {

CliArgs::CliArgs(const std::vector<std::string>& args, const std::set<std::string>& valued, const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        std::string name = arg, value;
        const bool inlineValue = arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos;
        if (inlineValue) {
            name = arg.substr(0, arg.find('='));
            value = arg.substr(arg.find('=') + 1);
        }
        if (name.size() < 2 || name[0] != '-')
            throw UsageError("unexpected argument \"" + arg + "\" (options start with --)");
        if (flags.count(name)) {
            if (inlineValue) throw UsageError("option " + name + " takes no value");
            values_[name] = "";
        } else if (valued.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw UsageError("option " + name + " needs a value");
                value = args[++i];
            }
            if (values_.count(name)) throw UsageError("option " + name + " is given twice");
            values_[name] = value;
        } else {
            throw UsageError("unknown option " + name + " (see: movie2vec help)");
        }
    }
}

std::string CliArgs::text(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw UsageError("missing " + name + " (see: movie2vec help)");
    if (it->second.empty()) throw UsageError(name + " is empty");
    return it->second;
}

std::optional<std::string> CliArgs::optionalText(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    return text(name);
}

long long CliArgs::parseWhole(const std::string& name, const std::string& value) const {
    errno = 0;
    char* end = nullptr;
    const long long n = std::strtoll(value.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) throw UsageError(name + " \"" + value + "\" is not a whole number");
    return n;
}

double CliArgs::parseNumber(const std::string& name, const std::string& value) const {
    char* end = nullptr;
    const double x = std::strtod(value.c_str(), &end);
    if (*end != '\0' || !std::isfinite(x)) throw UsageError(name + " \"" + value + "\" is not a number");
    return x;
}

long long CliArgs::whole(const std::string& name, long long fallback, long long low, long long high) const {
    if (!has(name)) return fallback;
    const std::string value = text(name);
    const long long n = parseWhole(name, value);
    if (n < low || n > high)
        throw UsageError(name + " must be between " + std::to_string(low) + " and " +
                                    std::to_string(high) + ", got " + value);
    return n;
}

double CliArgs::number(const std::string& name, double fallback, double low, double high) const {
    if (!has(name)) return fallback;
    const std::string value = text(name);
    const double x = parseNumber(name, value);
    if (x < low || x > high)
        throw UsageError(name + " must be between " + shortNumber(low) + " and " +
                                    shortNumber(high) + ", got " + value);
    return x;
}

bool CliArgs::leftOut(const OptionSpec& s) const { return s.optional && has(s.flag) && text(s.flag) == s.leftOut; }

std::optional<double> CliArgs::tableNumber(const OptionSpec& s) const {
    if (!has(s.flag) || leftOut(s)) return std::nullopt;
    const std::string value = text(s.flag);
    const double x = s.kind == OptionKind::Integer ? static_cast<double>(parseWhole(s.flag, value)) : parseNumber(s.flag, value);
    if (!inRange(s, x)) throw UsageError(rangeError(s, s.flag, value));
    return x;
}

std::optional<std::string> CliArgs::tableChoice(const OptionSpec& s) const {
    if (!has(s.flag)) return std::nullopt;
    const std::string value = text(s.flag);
    for (const std::string& c : s.choices)
        if (c == value) return value;
    throw UsageError(choiceError(s, s.flag.substr(2), value));
}

}  // namespace m2v
