// The two kinds of failure a user can cause, as types: the CLI chooses its exit code by type
// (UsageError: 2, anything else: 1), never by reading the message.
#pragma once

#include <stdexcept>

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

}  // namespace m2v
