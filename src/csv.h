// Streaming CSV reader: fed in chunks of any size, RFC 4180 quoting, CRLF or LF,
// UTF-8 BOM, delimiter detection (comma, tab, semicolon; failing those, MovieLens 1M/10M's "::"
// and MovieLens 100K's "|").
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace m2v {

class CsvReader {
public:
    // Past these a record is taken for a runaway quote or a file that is not CSV: LoadError.
    static constexpr std::size_t kMaxRecordBytes = std::size_t(1) << 20;
    static constexpr std::size_t kMaxFields = std::size_t(1) << 16;

    // Called once per record. `fields` (unquoted, doubled quotes undone) are valid only
    // during the call. `line` is the 1-based physical line on which the record starts.
    using RowHandler = std::function<void(const std::vector<std::string_view>& fields, std::size_t line)>;

    // delimiter 0: detect from the first lines (comma, tab or semicolon, else "::" or "|").
    explicit CsvReader(RowHandler onRow, char delimiter = 0);

    // The name LoadError messages start with, e.g. "ratings.csv:12: ...". Default "input".
    void setSourceName(std::string name) { name_ = std::move(name); }

    // Throws LoadError for input that is not UTF-8 CSV text (binary, zip, gzip, UTF-16), for a
    // record past the limits above, and (from finish) for a quoted field never closed.
    void feed(std::string_view chunk);
    // Flushes the last record (a final line without newline). Call once at the end.
    void finish();

    // 0 until the first lines have been seen (or finish() was called) when detecting.
    // kDoubleColon for a "::" file (MovieLens 1M/10M's .dat), whose fields are never quoted.
    char delimiter() const { return delimiter_; }
    static constexpr char kDoubleColon = '\x1f';
    std::size_t bytesFed() const { return bytesFed_; }
    std::size_t recordCount() const { return records_; }  // records handed to the handler
    // For a caller that reads the plainest records itself (RatingsLoader): true between two
    // records, once the encoding and delimiter are known, with nothing held from an earlier chunk.
    bool betweenRecords() const { return started_ && pending_.empty() && !skipLF_ && !heldColon_; }
    std::size_t nextLine() const { return line_; }  // the line the next record starts on
    // Counts `records` whole one-line records, `bytes` in all, that the caller read itself
    // (while betweenRecords()): the line numbers of later messages stay right.
    void skipRecords(std::size_t records, std::size_t bytes) {
        bytesFed_ += bytes;
        line_ += records;
        records_ += records;
    }

private:
    void start();
    void detectDelimiter(std::string_view text);
    std::string_view undoubleColons(std::string_view chunk);
    void process(const char* p, std::size_t n);
    std::size_t parseRecord(const char* p, std::size_t n, std::size_t i, bool atEnd);
    std::size_t findRecordEnd(const char* p, std::size_t n);
    void emit(const char* recordStart, std::size_t newlines);
    [[noreturn]] void tooLong(bool inQuotes) const;

    RowHandler onRow_;
    char delimiter_;
    std::size_t bytesFed_ = 0;
    std::string pending_;  // the bytes of a record that straddles chunks, from its first byte
    std::vector<std::string_view> fields_;
    std::string scratch_;  // fields whose quotes had to be undone
    std::size_t line_ = 1;
    bool started_ = false;

    std::string name_ = "input";
    std::string prefix_;  // held back until the encoding and delimiter are known
    std::size_t prefixNewlines_ = 0;
    std::vector<std::size_t> escaped_;  // indices into fields_ of fields to unescape
    std::uint8_t scanState_ = 0;        // findRecordEnd's state within pending_'s record
    bool skipLF_ = false;               // the last record ended with CR: a LF right after is its
    std::size_t records_ = 0;
    bool stop_[256] = {};  // bytes that end an unquoted field: delimiter, CR, LF
    bool quoting_ = true;  // a field that starts with '"' is quoted (not in "::" files)
    std::string colons_;   // a "::" file's chunk with each "::" made kDoubleColon
    bool heldColon_ = false;  // the last chunk ended with a lone ':', which may pair with the next
};

// Helpers for reading fields, shared by the loaders.

// Calls onChunk with successive pieces of the file (1 MiB). LoadError when it cannot be read.
void readFileInChunks(const std::string& path, const std::function<void(std::string_view)>& onChunk);

std::string_view trimField(std::string_view s);  // without spaces and tabs at either end
std::string showField(std::string_view s);      // "s" in quotes for messages, long ones cut short
std::string columnKey(std::string_view header); // "User_ID" -> "userid": lowercase, no ' ', '_', '-'

// `s` itself when it is valid UTF-8. Otherwise, if it holds no valid UTF-8 character beyond
// ASCII, `s` read as Latin-1 (ISO 8859-1, as MovieLens 100K's u.item and other older files are
// written), in UTF-8; if it does, its broken bytes each as U+FFFD.
std::string utf8OrLatin1(std::string_view s);

enum class NumberParse { ok, empty, invalid, fractional, outOfRange };
// A whole number, allowing a zero fraction ("12.0", as spreadsheets and pandas write ids).
NumberParse parseWholeNumber(std::string_view s, std::int64_t& out);
NumberParse parseInt32(std::string_view s, std::int32_t& out);
// A decimal number; decimalComma also accepts "3,5". invalid for text, ok even for nan and inf.
NumberParse parseReal(std::string_view s, double& out, bool decimalComma = false);

}  // namespace m2v
