#include "csv.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "load_report.h"

namespace m2v {

namespace {

constexpr std::size_t npos = std::size_t(-1);
// Enough text to see the encoding and the delimiter; the first lines are usually much shorter.
constexpr std::size_t kPrefixBytes = 64 * 1024;
constexpr std::size_t kPrefixLines = 20;

// findRecordEnd's states: the same grammar parseRecord follows, without keeping fields.
enum : std::uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

// Undoes RFC 4180 quoting on a raw field that starts with '"'. Text after the closing quote is
// kept as is, as Python's csv module does.
void unescape(std::string_view raw, std::string& out) {
    bool inQuotes = false;
    for (std::size_t j = 0; j < raw.size(); ++j) {
        char c = raw[j];
        if (c != '"') {
            out.push_back(c);
        } else if (inQuotes && j + 1 < raw.size() && raw[j + 1] == '"') {
            out.push_back('"');
            ++j;
        } else {
            inQuotes = !inQuotes;
        }
    }
}

}  // namespace

CsvReader::CsvReader(RowHandler onRow, char delimiter) : onRow_(std::move(onRow)), delimiter_(delimiter) {}

void CsvReader::feed(std::string_view chunk) {
    bytesFed_ += chunk.size();
    if (started_) {
        if (delimiter_ == kDoubleColon) chunk = undoubleColons(chunk);
        process(chunk.data(), chunk.size());
        return;
    }
    prefix_.append(chunk);
    prefixNewlines_ += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
    if (prefix_.size() >= kPrefixBytes || prefixNewlines_ >= kPrefixLines) start();
}

void CsvReader::finish() {
    if (!started_) start();
    if (heldColon_) {
        heldColon_ = false;
        process(":", 1);
    }
    if (!pending_.empty()) {
        // The last record, without a final newline (or cut inside a quoted field, which throws).
        std::string last;
        last.swap(pending_);
        parseRecord(last.data(), last.size(), 0, true);
    }
}

void CsvReader::start() {
    started_ = true;
    std::string text;
    text.swap(prefix_);
    auto startsWith = [&](const char* magic, std::size_t n) { return text.size() >= n && std::memcmp(text.data(), magic, n) == 0; };
    std::size_t skip = 0;
    if (startsWith("\xEF\xBB\xBF", 3)) skip = 3;
    else if (startsWith("\xFF\xFE", 2) || startsWith("\xFE\xFF", 2))
        throw LoadError(name_ + ": this file is UTF-16 text; save it as UTF-8 (in Excel: \"CSV UTF-8\") and load it again");
    else if (startsWith("PK\x03\x04", 4))
        throw LoadError(name_ + ": this is a zip archive (or an Excel workbook), not CSV text; unzip it, or save the sheet as CSV");
    else if (startsWith("\x1F\x8B", 2))
        throw LoadError(name_ + ": this file is gzip-compressed, not CSV text; decompress it first");

    // The checks look at the same window however the file was cut into chunks: the first
    // kPrefixLines lines, at most kPrefixBytes.
    std::size_t window = std::min(text.size(), kPrefixBytes);
    for (std::size_t i = skip, lines = 0; i < window; ++i)
        if (text[i] == '\n' && ++lines == kPrefixLines) window = i + 1;

    // Text has no NUL bytes and few control characters. UTF-16 without a BOM has a NUL in every
    // other byte, mostly on the same side.
    std::size_t nul[2] = {0, 0}, control = 0;
    for (std::size_t i = skip; i < window; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == 0) ++nul[i % 2];
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ++control;
    }
    const std::size_t n = window - skip;
    const std::size_t most = std::max(nul[0], nul[1]), least = std::min(nul[0], nul[1]);
    if (n >= 4 && most * 4 >= n && least * 10 <= most)
        throw LoadError(name_ + ": this file looks like UTF-16 text; save it as UTF-8 and load it again");
    if (nul[0] + nul[1] > 0 || control * 20 > n) throw LoadError(name_ + ": this looks like a binary file, not CSV text");

    std::string_view body(text.data() + skip, text.size() - skip);
    if (delimiter_ == 0) detectDelimiter(body.substr(0, n));
    if (delimiter_ == kDoubleColon) {
        quoting_ = false;
        body = undoubleColons(body);
    }
    stop_[static_cast<unsigned char>(delimiter_)] = true;
    stop_[static_cast<unsigned char>('\n')] = true;
    stop_[static_cast<unsigned char>('\r')] = true;
    process(body.data(), body.size());
}

namespace {

// Per line of the first kPrefixLines lines, how often each of `candidates` occurs (a "::" counts
// once, as kDoubleColon); with `quoting`, not inside quotes.
template <std::size_t N>
std::vector<std::array<std::size_t, N>> countPerLine(std::string_view text, const char (&candidates)[N], bool quoting) {
    std::vector<std::array<std::size_t, N>> lines;
    std::array<std::size_t, N> counts{};
    bool inQuotes = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoting && c == '"') inQuotes = !inQuotes;
        if (inQuotes) continue;
        if (c == '\n' || c == '\r') {
            if (any) lines.push_back(counts);
            counts = {};
            any = false;
            if (lines.size() == kPrefixLines) break;
            continue;
        }
        any = true;
        for (std::size_t k = 0; k < N; ++k) {
            if (candidates[k] == CsvReader::kDoubleColon) {
                if (c == ':' && i + 1 < text.size() && text[i + 1] == ':') {
                    ++counts[k];
                    ++i;
                    break;
                }
            } else {
                counts[k] += c == candidates[k];
            }
        }
    }
    if (any && lines.size() < kPrefixLines) lines.push_back(counts);  // a last line without newline
    return lines;
}

// The candidate that splits every line into the same number of fields, the most fields winning
// (the first of equals); -1 if none does.
template <std::size_t N>
int consistentCandidate(const std::vector<std::array<std::size_t, N>>& lines) {
    int found = -1;
    std::size_t best = 0;
    for (std::size_t k = 0; k < N && !lines.empty(); ++k) {
        bool consistent = lines[0][k] > 0;
        for (const auto& l : lines) consistent = consistent && l[k] == lines[0][k];
        if (consistent && lines[0][k] > best) {
            best = lines[0][k];
            found = static_cast<int>(k);
        }
    }
    return found;
}

}  // namespace

// Picks the candidate that splits every one of the first lines into the same number of fields
// (most fields wins); failing comma, tab and semicolon, "::" (MovieLens 1M/10M's .dat files) and
// then "|" (MovieLens 100K's u.item), counted without quoting, as those files have none; failing
// all, the one of comma, tab, semicolon and "::" most frequent on the first line; comma by default.
void CsvReader::detectDelimiter(std::string_view text) {
    static const char kUsual[3] = {',', '\t', ';'};
    static const char kMovieLens[2] = {kDoubleColon, '|'};
    delimiter_ = ',';
    const auto lines = countPerLine(text, kUsual, true);
    if (lines.empty()) return;
    if (const int k = consistentCandidate(lines); k >= 0) {
        delimiter_ = kUsual[k];
        return;
    }
    const auto movieLens = countPerLine(text, kMovieLens, false);
    if (const int k = consistentCandidate(movieLens); k >= 0) {
        delimiter_ = kMovieLens[k];
        return;
    }
    std::size_t best = 0;
    for (int k = 0; k < 3; ++k)
        if (lines[0][k] > best) {
            best = lines[0][k];
            delimiter_ = kUsual[k];
        }
    if (!movieLens.empty() && movieLens[0][0] > best) delimiter_ = kDoubleColon;
}

// The chunk with each "::" made one kDoubleColon, pairing colons left to right across chunks: a
// lone ':' at the end is held back for the next chunk (or finish()). The result lives in colons_.
std::string_view CsvReader::undoubleColons(std::string_view chunk) {
    colons_.clear();
    colons_.reserve(chunk.size() + 1);
    if (heldColon_) colons_.push_back(':');
    heldColon_ = false;
    colons_.append(chunk);
    std::size_t w = 0;
    for (std::size_t r = 0; r < colons_.size(); ++r) {
        if (colons_[r] == ':' && r + 1 < colons_.size() && colons_[r + 1] == ':') {
            colons_[w++] = kDoubleColon;
            ++r;
        } else {
            colons_[w++] = colons_[r];
        }
    }
    colons_.resize(w);
    if (!colons_.empty() && colons_.back() == ':') {
        colons_.pop_back();
        heldColon_ = true;
    }
    return colons_;
}

void CsvReader::process(const char* p, std::size_t n) {
    std::size_t i = 0;
    if (!pending_.empty()) {
        // Finish the record begun in an earlier chunk: find where it ends, then parse it whole.
        std::size_t end = findRecordEnd(p, n);
        if (end == npos) {
            pending_.append(p, n);
            if (pending_.size() > kMaxRecordBytes) tooLong(scanState_ == kQuoted);
            return;
        }
        pending_.append(p, end + 1);
        if (pending_.size() > kMaxRecordBytes + 2) tooLong(false);
        std::string record;
        record.swap(pending_);
        parseRecord(record.data(), record.size(), 0, false);
        record.swap(pending_);  // keeps the buffer for the next straddling record
        pending_.clear();
        i = end + 1;
    }
    while (i < n) {
        if (skipLF_) {
            skipLF_ = false;
            if (p[i] == '\n') {
                ++i;
                continue;
            }
        }
        std::size_t next = parseRecord(p, n, i, false);
        if (next == npos) {
            // The chunk ends inside this record: keep its bytes and where the scan stands.
            if (n - i > kMaxRecordBytes) tooLong(false);
            pending_.assign(p + i, n - i);
            scanState_ = kFieldStart;
            findRecordEnd(pending_.data(), pending_.size());
            return;
        }
        i = next;
    }
}

// Scans p[0, n) from scanState_ for the CR or LF that ends the record; returns its index or npos.
std::size_t CsvReader::findRecordEnd(const char* p, std::size_t n) {
    const char d = delimiter_;
    std::uint8_t s = scanState_;
    for (std::size_t i = 0; i < n; ++i) {
        char c = p[i];
        switch (s) {
            case kQuoted: {
                const void* q = std::memchr(p + i, '"', n - i);
                if (!q) {
                    scanState_ = s;
                    return npos;
                }
                i = static_cast<std::size_t>(static_cast<const char*>(q) - p);
                s = kQuoteInQuoted;
                break;
            }
            case kFieldStart:
                if (c == '"' && quoting_) s = kQuoted;
                else if (c == '\n' || c == '\r') return i;
                else if (c != d) s = kUnquoted;
                break;
            case kUnquoted:
                if (c == d) s = kFieldStart;
                else if (c == '\n' || c == '\r') return i;
                break;
            case kQuoteInQuoted:
                if (c == '"') s = kQuoted;
                else if (c == d) s = kFieldStart;
                else if (c == '\n' || c == '\r') return i;
                else s = kUnquoted;
                break;
        }
    }
    scanState_ = s;
    return npos;
}

// Parses the record starting at p[i] and hands it on. Returns the index after its terminator,
// or npos when p ends first and more may come (atEnd false); nothing is kept from a partial parse.
std::size_t CsvReader::parseRecord(const char* p, std::size_t n, std::size_t i, bool atEnd) {
    const std::size_t start = i;
    const char d = delimiter_;
    std::size_t newlines = 0;  // inside quoted fields
    // fields_ keeps its size from record to record (files have a fixed width), so most fields
    // are stored without growing the vector; it is cut to `count` before the handler sees it.
    std::size_t count = 0;
    auto add = [&](const char* b, std::size_t len) {
        if (count < fields_.size()) fields_[count] = std::string_view(b, len);
        else fields_.emplace_back(b, len);
        ++count;
    };
    escaped_.clear();
    for (;;) {
        if (count == kMaxFields)
            throw LoadError(atLine(name_, line_, "the record that starts on this line has more than " +
                                                     std::to_string(kMaxFields) + " fields, the limit"));
        if (i < n && p[i] == '"' && quoting_) {
            const std::size_t open = i;
            const std::size_t openNewlines = newlines;
            bool escapes = false;
            std::size_t close;
            ++i;
            for (;;) {
                while (i < n && p[i] != '"') newlines += p[i++] == '\n';
                if (i == n) {
                    if (!atEnd) return npos;
                    throw LoadError(atLine(name_, line_ + openNewlines,
                                           "a quoted field that starts on this line is never closed (a \" is missing)"));
                }
                if (i + 1 == n && !atEnd) return npos;  // a closing quote, or the first of a doubled one
                if (i + 1 < n && p[i + 1] == '"') {
                    escapes = true;
                    i += 2;
                    continue;
                }
                close = i++;
                break;
            }
            if (i < n && !stop_[static_cast<unsigned char>(p[i])]) {
                escapes = true;  // text after the closing quote
                while (i < n && !stop_[static_cast<unsigned char>(p[i])]) ++i;
                if (i == n && !atEnd) return npos;
            }
            if (escapes) {
                escaped_.push_back(count);
                add(p + open, i - open);
            } else {
                add(p + open + 1, close - open - 1);
            }
        } else {
            const std::size_t begin = i;
            while (i < n && !stop_[static_cast<unsigned char>(p[i])]) ++i;
            if (i == n && !atEnd) return npos;
            add(p + begin, i - begin);
        }
        if (i == n) break;  // atEnd: the record ends with the data
        if (p[i] == d) {
            ++i;
            if (i == n && atEnd) {
                add(p + i, 0);  // "a,b," ends with an empty field
                break;
            }
            continue;
        }
        if (p[i] == '\r') {
            if (i + 1 < n) {
                if (p[i + 1] == '\n') ++i;
            } else {
                skipLF_ = true;  // its LF, if any, comes with the next chunk
            }
        }
        ++i;
        break;
    }
    fields_.resize(count);
    if (i - start > kMaxRecordBytes + 2) tooLong(false);
    emit(p + start, newlines);
    return i;
}

void CsvReader::emit(const char* recordStart, std::size_t newlines) {
    const std::size_t line = line_;
    line_ += newlines + 1;
    if (fields_.size() == 1 && *recordStart != '"' && trimField(fields_[0]).empty()) return;  // a blank line
    if (!escaped_.empty()) {
        // Reserve first so the views into scratch_ stay valid.
        std::size_t room = 0;
        for (std::size_t k : escaped_) room += fields_[k].size();
        scratch_.clear();
        scratch_.reserve(room);
        for (std::size_t k : escaped_) {
            std::size_t at = scratch_.size();
            unescape(fields_[k], scratch_);
            fields_[k] = std::string_view(scratch_.data() + at, scratch_.size() - at);
        }
    }
    ++records_;
    onRow_(fields_, line);
}

void CsvReader::tooLong(bool inQuotes) const {
    throw LoadError(atLine(name_, line_, std::string("the record that starts on this line is longer than 1 MiB, the limit") +
                                             (inQuotes ? "; a quoted field there is never closed (a \" is missing)" : "")));
}

void readFileInChunks(const std::string& path, const std::function<void(std::string_view)>& onChunk) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw LoadError("cannot open \"" + path + "\": " + std::strerror(errno));
    std::vector<char> buffer(std::size_t(1) << 20);
    for (;;) {
        std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if (got > 0) onChunk(std::string_view(buffer.data(), got));
        if (got < buffer.size()) {
            if (std::ferror(file.get())) throw LoadError("cannot read \"" + path + "\": " + std::strerror(errno));
            return;
        }
    }
}

namespace {

// The length of the valid UTF-8 character at s[i], or 0 if none starts there (overlong forms,
// surrogates and code points past U+10FFFF are not valid).
std::size_t utf8Length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) || (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F))
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

}  // namespace

std::string utf8OrLatin1(std::string_view s) {
    std::size_t multibyte = 0, invalid = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8Length(s, i);
        multibyte += n > 1;
        invalid += n == 0;
        i += n ? n : 1;
    }
    if (invalid == 0) return std::string(s);
    std::string out;
    out.reserve(s.size() + s.size() / 2);
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8Length(s, i);
        if (n > 0) {  // ASCII, or a valid character of a text that has some
            out.append(s.substr(i, n));
            i += n;
            continue;
        }
        const auto c = static_cast<unsigned char>(s[i++]);
        if (multibyte > 0 && c >= 0x80) {
            out.append("\xEF\xBF\xBD");  // U+FFFD: a UTF-8 text with a broken byte
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));  // Latin-1, two bytes in UTF-8
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::string_view trimField(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return s.substr(b, e - b);
}

std::string showField(std::string_view s) {
    constexpr std::size_t kShown = 40;
    if (s.size() <= kShown) return "\"" + std::string(s) + "\"";
    std::size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return "\"" + std::string(s.substr(0, cut)) + "...\"";
}

std::string columnKey(std::string_view header) {
    std::string key;
    for (char c : trimField(header)) {
        if (c == ' ' || c == '_' || c == '-') continue;
        key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return key;
}

NumberParse parseWholeNumber(std::string_view s, std::int64_t& out) {
    s = trimField(s);
    if (s.empty()) return NumberParse::empty;
    std::size_t i = 0;
    bool negative = false;
    if (s[0] == '-' || s[0] == '+') {
        negative = s[0] == '-';
        ++i;
    }
    const std::size_t firstDigit = i;
    std::uint64_t v = 0;
    bool overflow = false;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        if (v > (std::uint64_t(1) << 62)) overflow = true;
        else v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
    }
    if (i == firstDigit) {
        double real;
        return parseReal(s, real) == NumberParse::ok ? NumberParse::fractional : NumberParse::invalid;
    }
    if (i < s.size()) {
        if (s[i] != '.') {
            double real;
            return parseReal(s, real) == NumberParse::ok ? NumberParse::fractional : NumberParse::invalid;
        }
        bool zeros = true;
        for (++i; i < s.size(); ++i) {
            if (s[i] < '0' || s[i] > '9') return NumberParse::invalid;
            zeros = zeros && s[i] == '0';
        }
        if (!zeros) return NumberParse::fractional;
    }
    if (overflow) return NumberParse::outOfRange;
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return NumberParse::ok;
}

NumberParse parseInt32(std::string_view s, std::int32_t& out) {
    if (!s.empty() && s.size() <= 10) {  // the usual id or Unix time: digits and nothing else
        std::int64_t v = 0;
        std::size_t i = 0;
        for (; i < s.size() && static_cast<unsigned>(s[i] - '0') < 10; ++i) v = v * 10 + (s[i] - '0');
        if (i == s.size() && v <= INT32_MAX) {
            out = static_cast<std::int32_t>(v);
            return NumberParse::ok;
        }
    }
    std::int64_t v = 0;
    NumberParse r = parseWholeNumber(s, v);
    if (r != NumberParse::ok) return r;
    if (v < INT32_MIN || v > INT32_MAX) return NumberParse::outOfRange;
    out = static_cast<std::int32_t>(v);
    return NumberParse::ok;
}

NumberParse parseReal(std::string_view s, double& out, bool decimalComma) {
    static const double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                    1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    s = trimField(s);
    if (s.empty()) return NumberParse::empty;
    // Fast path for what ratings look like ("4", "3.5", "-0.25"): exact while the digits fit a
    // double's 53 bits, and correctly rounded (one division of two exact values).
    std::size_t i = 0;
    bool negative = s[0] == '-';
    if (s[0] == '-' || s[0] == '+') ++i;
    std::uint64_t mantissa = 0;
    std::size_t digits = 0, fraction = 0;
    bool point = false, fast = true;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
            ++digits;
            fraction += point;
        } else if (!point && (c == '.' || (decimalComma && c == ','))) {
            point = true;
        } else {
            fast = false;
            break;
        }
    }
    if (fast && digits > 0 && digits <= 15) {
        double v = static_cast<double>(mantissa) / kPow10[fraction];
        out = negative ? -v : v;
        return NumberParse::ok;
    }
    // Exponents, long mantissas, nan and inf: strtod on a copy (the field is not NUL-terminated).
    if (s.size() > 64) return NumberParse::invalid;
    char buffer[72];
    std::memcpy(buffer, s.data(), s.size());
    buffer[s.size()] = '\0';
    for (std::size_t k = 0; k < s.size(); ++k) {
        char c = buffer[k];
        if (c == 'x' || c == 'X') return NumberParse::invalid;  // no hexadecimal floats
        if (decimalComma && c == ',') buffer[k] = '.';
    }
    char* end = nullptr;
    double v = std::strtod(buffer, &end);
    if (end != buffer + s.size()) return NumberParse::invalid;
    out = v;
    return NumberParse::ok;
}

}  // namespace m2v
