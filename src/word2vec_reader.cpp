#include "word2vec_reader.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "csv.h"

namespace m2v {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Control characters other than tab, CR and LF: text never has them (binary data does).
bool isControl(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F; }

// What text vectors hold after the token: digits, signs, points, exponents and blanks. The bytes
// of a float32 are almost never all among these 16 (0.0f and 1.0f start with a 0 byte).
bool isNumberText(unsigned char c) {
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E' || isBlank(static_cast<char>(c));
}

// Fields separated by spaces or tabs; empty fields (runs of separators, a trailing space) dropped.
void splitFields(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && isBlank(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !isBlank(line[i])) ++i;
        if (i > start) fields.push_back(line.substr(start, i - start));
    }
}

bool parseCount(std::string_view s, std::size_t& out) {
    if (s.empty() || s.size() > 12) return false;
    std::size_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::size_t>(c - '0');
    }
    out = v;
    return true;
}

bool parseFloat(std::string_view s, float& out) {
    if (s.empty() || s.size() > 64) return false;
    char buffer[72];
    std::memcpy(buffer, s.data(), s.size());
    buffer[s.size()] = '\0';
    for (std::size_t k = 0; k < s.size(); ++k)
        if (buffer[k] == 'x' || buffer[k] == 'X') return false;  // no hexadecimal floats
    char* end = nullptr;
    out = std::strtof(buffer, &end);
    return end == buffer + s.size() && std::isfinite(out);
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return withThousands(n) + " " + (n == 1 ? one : many);
}

}  // namespace

struct Word2VecReader::Impl {
    enum class State { start, detect, text, binary, trailer };

    std::string name;
    LoadReport report;
    State state = State::start;
    std::string buffer;  // bytes fed and not yet consumed, from buffer[pos]
    std::size_t pos = 0;
    std::uint64_t dropped = 0;  // bytes consumed before buffer[0]
    std::size_t line = 1;       // the line about to be read (text)
    bool header = false;
    std::size_t declared = 0;  // vectors the header announces
    std::size_t dim = 0;       // 0 until the header or the first vector sets it
    std::size_t dimLine = 0;   // the line that set dim without a header
    std::size_t records = 0;   // vectors read, kept or skipped
    bool endOfSentence = false;
    std::vector<int32_t> ids;
    std::vector<float> values;
    std::unordered_map<int32_t, std::size_t> firstSeen;  // movie -> line (text) or vector number (binary)
    std::vector<std::string_view> fields;
    std::vector<float> row;

    explicit Impl(std::string fileName) : name(std::move(fileName)) {
        report.file = name;
        report.kind = "word2vec";
    }

    [[noreturn]] void fail(const std::string& where, const std::string& reason) const { throw LoadError(where + ": " + reason); }
    [[noreturn]] void failAt(std::size_t line, const std::string& reason) const { throw LoadError(atLine(name, line, reason)); }
    std::string lineOf(std::size_t n) const { return fileLine(name, n); }
    std::string atVector(std::size_t number, std::uint64_t byte) const {
        return name + ": vector " + withThousands(number) + " (byte " + std::to_string(byte) + ")";
    }
    std::uint64_t offset() const { return dropped + pos; }
    std::string_view rest() const { return std::string_view(buffer).substr(pos); }

    // The first bytes say what a file is when it is clearly not text vectors.
    void checkMagic(std::string_view head) const {
        auto startsWith = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
        if (startsWith(std::string_view("M2V\0", 4)))
            throw LoadError(name + ": this is a movie2vec model file (.m2v), not word2vec vectors: use it as it is (--model)");
        if (startsWith("\x1f\x8b")) throw LoadError(name + ": this file is gzip-compressed; decompress it first (gunzip)");
        if (startsWith("PK\x03\x04")) throw LoadError(name + ": this is a zip archive; extract the vectors file from it first");
        if (startsWith("\xff\xfe") || startsWith("\xfe\xff"))
            throw LoadError(name + ": this file is UTF-16 text; save it as UTF-8 and convert it again");
    }

    void feed(std::string_view chunk, bool atEnd) {
        buffer.append(chunk);
        while (step(atEnd)) {
        }
        if (pos > 0) {
            buffer.erase(0, pos);
            dropped += pos;
            pos = 0;
        }
    }

    // Consumes one line, header or vector; false when it needs more bytes (or has read all).
    bool step(bool atEnd) {
        switch (state) {
            case State::start: return readFirstLine(atEnd);
            case State::detect: return detect(atEnd);
            case State::text: return readTextLine(atEnd);
            case State::binary: return readBinaryVector(atEnd);
            case State::trailer: return readTrailer();
        }
        return false;
    }

    // A whole line from pos (without its '\n'), or false when it is not all here yet.
    bool nextLine(bool atEnd, std::string_view& out) {
        const std::string_view r = rest();
        const std::size_t newline = r.find('\n');
        if (newline == std::string_view::npos) {
            if (r.size() > kMaxLineBytes)
                failAt(line, "the line is longer than 1 MiB, the limit (a file of word2vec text vectors has one vector per line)");
            if (!atEnd || r.empty()) return false;
            out = r;
            pos += r.size();
        } else {
            if (newline > kMaxLineBytes)
                failAt(line, "the line is longer than 1 MiB, the limit (a file of word2vec text vectors has one vector per line)");
            out = r.substr(0, newline);
            pos += newline + 1;
        }
        return true;
    }

    bool readFirstLine(bool atEnd) {
        constexpr std::size_t kHead = 4096;  // what is looked at to tell binary data from text
        if (buffer.size() < kHead && !atEnd) return false;
        const std::string_view head = rest().substr(0, kHead);
        checkMagic(head);
        std::string_view first;
        if (!nextLine(atEnd, first)) return false;
        if (first.substr(0, 3) == "\xEF\xBB\xBF") first.remove_prefix(3);
        splitFields(first, fields);
        std::size_t count = 0, size = 0;
        if (fields.size() == 2 && parseCount(fields[0], count) && parseCount(fields[1], size)) {
            if (count < 1 || count > kMaxVectors)
                failAt(1, "the header announces " + std::string(fields[0]) + " vectors; a model holds 1 to " +
                                    withThousands(kMaxVectors));
            if (size < 1 || size > kMaxDim)
                failAt(1, "the header gives dimension " + std::string(fields[1]) + "; it must be 1 to " + std::to_string(kMaxDim));
            header = true;
            declared = count;
            dim = size;
            ++line;
            state = State::detect;
            return true;
        }
        // Without a header the file is text: a binary file without one is something else.
        for (char c : head)
            if (isControl(static_cast<unsigned char>(c)))
                throw LoadError(name + ": this looks like a binary file, not word2vec vectors (binary vectors start with a \"N D\" line)");
        state = State::text;
        report.kind = "word2vec-text";
        textVector(first);
        return true;
    }

    // After the header: text or binary, from the bytes after the first vector's token.
    bool detect(bool atEnd) {
        const std::string_view r = rest();
        const std::size_t space = r.find(' ');
        const std::size_t newline = r.find('\n');
        bool binary = false;
        if (space == std::string_view::npos || (newline != std::string_view::npos && newline < space)) {
            if (newline == std::string_view::npos && !atEnd) {
                if (r.size() > kMaxLineBytes) failAt(line, "no space or line end within 1 MiB: this is not word2vec vectors");
                return false;
            }
        } else {
            const std::size_t window = 4 * dim;
            const std::string_view after = r.substr(space + 1, window);
            const std::size_t lineEnd = after.find('\n');
            if (after.size() < window && lineEnd == std::string_view::npos && !atEnd) return false;
            const std::string_view numbers = after.substr(0, lineEnd);
            binary = numbers.empty();  // "token \n" is no text vector; a first float byte may be '\n'
            for (char c : numbers) binary = binary || !isNumberText(static_cast<unsigned char>(c));
        }
        state = binary ? State::binary : State::text;
        report.kind = binary ? "word2vec-binary" : "word2vec-text";
        return true;
    }

    bool readTextLine(bool atEnd) {
        std::string_view text;
        if (!nextLine(atEnd, text)) return false;
        textVector(text);
        return true;
    }

    void textVector(std::string_view text) {
        const std::size_t here = line++;
        splitFields(text, fields);
        if (fields.empty()) return;  // blank lines carry nothing
        if (header && records == declared)
            failAt(here, "more vectors than the " + withThousands(declared) + " the header on line 1 announces");
        if (dim == 0) {
            if (fields.size() < 2)
                failAt(here, "this is not word2vec vectors: expected the header \"N D\" or a vector \"movieId v1 ... vD\", found " +
                                       showField(text));
            if (fields.size() - 1 > kMaxDim)
                failAt(here, plural(fields.size() - 1, "number", "numbers") + " after the token; vectors have at most " +
                                       std::to_string(kMaxDim) + " dimensions");
            dim = fields.size() - 1;
            dimLine = here;
        }
        if (fields.size() - 1 != dim)
            failAt(here, plural(fields.size() - 1, "number", "numbers") + " after " + showField(fields[0]) + ", expected " +
                                   std::to_string(dim) +
                                   (header ? " (the dimension the header on line 1 gives)"
                                           : " (as the first vector, on line " + std::to_string(dimLine) + ")"));
        row.resize(dim);
        for (std::size_t c = 0; c < dim; ++c)
            if (!parseFloat(fields[c + 1], row[c])) failAt(here, showField(fields[c + 1]) + " is not a finite number");
        addVector(fields[0], here, lineOf(here));
    }

    bool readBinaryVector(bool atEnd) {
        if (records == declared) {
            state = State::trailer;
            return true;
        }
        const std::string_view r = rest();
        std::size_t start = 0;
        while (start < r.size() && (r[start] == '\n' || r[start] == '\r')) ++start;  // word2vec.c ends each vector with '\n'
        const std::size_t space = r.find(' ', start);
        const std::size_t number = records + 1;
        if (space == std::string_view::npos) {
            if (r.size() - start > kMaxTokenBytes)
                fail(atVector(number, offset() + start), "no space within " + std::to_string(kMaxTokenBytes) +
                                                             " bytes after the token: this is not a word2vec binary file");
            if (!atEnd) return false;
            fail(name, "the file ends after " + withThousands(records) + " of the " + withThousands(declared) +
                           " vectors the header announces");
        }
        if (space - start > kMaxTokenBytes)
            fail(atVector(number, offset() + start), "the token is longer than " + std::to_string(kMaxTokenBytes) +
                                                         " bytes: this is not a word2vec binary file");
        const std::size_t bytes = 4 * dim;
        if (r.size() - (space + 1) < bytes) {
            if (!atEnd) return false;
            fail(atVector(number, offset() + start), "the file ends inside this vector (" + withThousands(declared) +
                                                         " announced)");
        }
        const std::uint64_t at = offset() + start;
        const auto* p = reinterpret_cast<const unsigned char*>(r.data() + space + 1);
        row.resize(dim);
        for (std::size_t c = 0; c < dim; ++c, p += 4) {
            const std::uint32_t u = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
            std::memcpy(&row[c], &u, 4);
            if (!std::isfinite(row[c]))
                fail(atVector(number, at), "value " + std::to_string(c + 1) + " is not a finite number");
        }
        const std::string token(r.substr(start, space - start));
        pos += space + 1 + bytes;
        addVector(token, number, atVector(number, at));
        return true;
    }

    // After the last vector the header announces only line ends and spaces may follow.
    bool readTrailer() {
        const std::string_view r = rest();
        for (std::size_t i = 0; i < r.size(); ++i)
            if (!isBlank(r[i]) && r[i] != '\n')
                fail(name + ": byte " + std::to_string(offset() + i),
                     "more data after the " + plural(declared, "vector", "vectors") + " the header announces");
        pos += r.size();
        return false;
    }

    // `here`: the line (text) or vector number (binary) of this vector, for repeats.
    void addVector(std::string_view token, std::size_t here, const std::string& where) {
        ++records;
        ++report.rowsRead;
        if (token == "</s>") {
            ++report.rowsSkipped;
            if (!endOfSentence)
                report.notes.push_back("skipped \"</s>\", the end-of-sentence token word2vec.c and fastText add (not a movie)");
            endOfSentence = true;
            return;
        }
        int32_t id = 0;
        const NumberParse parsed = parseInt32(token, id);
        if (parsed != NumberParse::ok) {
            ++report.rowsSkipped;
            if (report.problems.size() < LoadReport::kMaxProblems)
                report.problems.push_back(where + ": " + showField(token) +
                                          (parsed == NumberParse::outOfRange ? " is out of range for a movie id" : " is not a movie id") +
                                          " (a whole number); skipped");
            return;
        }
        const auto [seen, fresh] = firstSeen.emplace(id, here);
        if (!fresh)
            fail(where, "movie " + std::to_string(id) + " appears twice (first " +
                            (state == State::binary ? "as vector " + withThousands(seen->second) : "on line " + std::to_string(seen->second)) +
                            "); each movie must have one vector");
        if ((values.size() + dim) * sizeof(float) > kMaxValueBytes)
            fail(where, "the vectors take more than 1 GiB, the limit (" + withThousands(ids.size()) + " of " + std::to_string(dim) +
                            " dimensions so far)");
        if (records > kMaxVectors) fail(where, "more than " + withThousands(kMaxVectors) + " vectors, the most a model holds");
        ids.push_back(id);
        values.insert(values.end(), row.begin(), row.end());
        ++report.rowsKept;
    }

    Vectors finish() {
        feed({}, true);
        if (state == State::start || (!header && records == 0))
            throw LoadError(name + ": the file is empty (expected word2vec vectors: \"N D\", then one vector per line)");
        if (header && records < declared)
            fail(state == State::binary || state == State::trailer ? name : lineOf(line),
                 "the file ends after " + withThousands(records) + " of the " + withThousands(declared) + " vectors the header announces");
        if (ids.empty()) {
            std::string first = report.problems.empty() ? "" : " (" + report.problems.front() + ")";
            throw LoadError(name + ": none of its " + plural(records, "vector is", "vectors are") + " a movie's" + first +
                            "; convert reads vectors trained on the output of movie2vec sequences, whose tokens are movie ids");
        }
        Vectors v;
        v.ids = std::move(ids);
        v.values = Eigen::Map<const Matrix>(values.data(), static_cast<Eigen::Index>(v.ids.size()), static_cast<Eigen::Index>(dim));
        std::vector<float>().swap(values);
        return v;
    }
};

Word2VecReader::Word2VecReader(std::string fileName) : impl_(std::make_unique<Impl>(std::move(fileName))) {}
Word2VecReader::~Word2VecReader() = default;
void Word2VecReader::feed(std::string_view chunk) { impl_->feed(chunk, false); }
Vectors Word2VecReader::finish() { return impl_->finish(); }
const LoadReport& Word2VecReader::report() const { return impl_->report; }

Vectors readWord2VecVectorsFile(const std::string& path, LoadReport* report) {
    Word2VecReader reader(path);
    try {
        readFileInChunks(path, [&](std::string_view chunk) { reader.feed(chunk); });
        Vectors v = reader.finish();
        if (report) *report = reader.report();
        return v;
    } catch (const LoadError&) {
        if (report) *report = reader.report();
        throw;
    }
}

}  // namespace m2v
