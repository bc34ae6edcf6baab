// The two kinds of failure a user can cause, as types: the CLI chooses its exit code by type
// (UsageError: 2, anything else: 1), never by reading the message.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace m2v {

// Bad command-line use: an unknown or missing option, a value of the wrong form or out of the
// option's range, a choice that is not one of the option's choices. The message names the
// option and says what it takes.
class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A file that cannot be used at all (missing, empty, binary, no recognisable columns). The
// message names the file and, where it helps, the line ("file:line: reason").
class LoadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "file:line", the place a message names, so that editors and terminals can jump to the line.
inline std::string fileLine(const std::string& file, std::size_t line) { return file + ":" + std::to_string(line); }

// "file:line: reason": how every message about one line of a file reads (load reports'
// problems, LoadError).
inline std::string atLine(const std::string& file, std::size_t line, const std::string& reason) {
    return fileLine(file, line) + ": " + reason;
}

}  // namespace m2v
