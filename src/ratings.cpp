#include "ratings.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "csv.h"

namespace m2v {

namespace {

// One row as read; 12 bytes, the whole cost of a rating until the table is built. The user is
// kept once per run of rows (UserRun), as files list each user's ratings together.
struct RawRating {
    int32_t movie;
    int32_t time;  // Unix seconds - 2^31 (1970 to 2106 fit), or the row number when there is no timestamp
    float rating;
};
static_assert(sizeof(RawRating) == 12, "RawRating must stay 12 bytes");

constexpr std::int64_t kTimeOffset = 2147483648ll;  // RawRating::time is Unix seconds minus this
constexpr std::int64_t kSecondsPerDay = 86400;
std::int64_t unixSeconds(int32_t time) { return static_cast<std::int64_t>(time) + kTimeOffset; }

struct UserRun {
    int32_t user;
    uint32_t start;  // the run's first row
};

// Frees (movie, rating) pairs taken with malloc: the table's buffer in WebAssembly, and the pairs
// of rows not grouped by user.
void freePairs(const MovieRating* p) { std::free(const_cast<MovieRating*>(p)); }

// A growable array of RawRating that never holds two copies while growing (std::vector would
// copy into a second block at every doubling). On Linux it is a large address-space reservation
// whose pages are made usable in 8 MiB windows with MAP_POPULATE, because one fault per 4 KiB
// page otherwise costs up to a third of the load time (measured on a VM: 2.3 s to first-touch
// 600 MB page by page, 0.23 s populated). Elsewhere (WebAssembly) it is malloc/realloc.
class RawBuffer {
public:
    RawBuffer() = default;
    RawBuffer(const RawBuffer&) = delete;
    RawBuffer& operator=(const RawBuffer&) = delete;
    ~RawBuffer() { release(); }

    void push(const RawRating& r) {
        if (size_ == usable_) makeRoom();
        data_[size_++] = r;
    }
    RawRating* data() { return data_; }
    std::size_t capacity() const { return usable_; }
    // Gives the buffer, with the 8-byte pairs written over the rows, to its new owner and forgets
    // it (after shrinkBytes() to the pairs' size).
    std::shared_ptr<const MovieRating> handOver() {
        auto* pairs = reinterpret_cast<const MovieRating*>(data_);
#if defined(__linux__)
        const std::size_t bytes = reserved_;
        std::shared_ptr<const MovieRating> owner(pairs, [bytes](const MovieRating* p) {
            if (p) munmap(const_cast<MovieRating*>(p), bytes);
        });
        reserved_ = populated_ = 0;
#else
        std::shared_ptr<const MovieRating> owner(pairs, freePairs);
#endif
        data_ = nullptr;
        size_ = usable_ = 0;
        return owner;
    }
    std::size_t size() const { return size_; }
    char* bytes() { return reinterpret_cast<char*>(data_); }
    // Gives back all but the first `bytes` bytes (and keeps at least one page).
    void shrinkBytes(std::size_t bytes) {
#if defined(__linux__)
        std::size_t keep = std::max(roundUp(bytes), kPage);
        if (keep < populated_) {
            munmap(reinterpret_cast<char*>(data_) + keep, reserved_ - keep);
            reserved_ = populated_ = keep;
        }
#else
        if (bytes == 0) return;
        if (void* p = std::realloc(data_, bytes)) data_ = static_cast<RawRating*>(p);
#endif
        usable_ = std::min(usable_, bytes / sizeof(RawRating));
    }
    void release() {
#if defined(__linux__)
        if (data_) munmap(data_, reserved_);
        reserved_ = populated_ = 0;
#else
        std::free(data_);
#endif
        data_ = nullptr;
        size_ = usable_ = 0;
    }

private:
#if defined(__linux__)
    static constexpr std::size_t kPage = 4096;
    static constexpr std::size_t kWindow = std::size_t(8) << 20;
    static std::size_t roundUp(std::size_t bytes) { return (bytes + kPage - 1) / kPage * kPage; }

    void makeRoom() {
        if (!data_) {
            // Address space only (PROT_NONE costs no memory): room for 16 Gi rows on 64-bit.
            reserved_ = sizeof(void*) == 8 ? std::size_t(1) << 38 : std::size_t(1) << 30;
            void* p = mmap(nullptr, reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            if (p == MAP_FAILED) throw std::bad_alloc();
            data_ = static_cast<RawRating*>(p);
        }
        std::size_t window = std::min(kWindow, reserved_ - populated_);
        char* at = reinterpret_cast<char*>(data_) + populated_;
        if (window == 0 ||
            mmap(at, window, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE, -1, 0) == MAP_FAILED)
            throw std::bad_alloc();
        populated_ += window;
        usable_ = populated_ / sizeof(RawRating);
    }
    std::size_t reserved_ = 0, populated_ = 0;  // bytes

public:
    void reserve(std::size_t) {}  // pages are made usable as rows arrive, without copies

private:
#else
public:
    // One allocation of the expected size: growing by realloc copies, and then needs the old
    // and the new block at once (2.5 times the rows at peak).
    void reserve(std::size_t rows) {
        if (rows <= usable_) return;
        // With a 32-bit size_t (WebAssembly) the byte count must not wrap around.
        if (rows > std::numeric_limits<std::size_t>::max() / sizeof(RawRating)) throw std::bad_alloc();
        void* p = std::realloc(data_, rows * sizeof(RawRating));
        if (!p) throw std::bad_alloc();
        data_ = static_cast<RawRating*>(p);
        usable_ = rows;
    }

private:
    void makeRoom() {
        std::size_t capacity = usable_ < 4096 ? 4096 : usable_ + usable_ / 2;
        if (capacity > std::numeric_limits<std::size_t>::max() / sizeof(RawRating)) throw std::bad_alloc();
        void* p = std::realloc(data_, capacity * sizeof(RawRating));
        if (!p) throw std::bad_alloc();
        data_ = static_cast<RawRating*>(p);
        usable_ = capacity;
    }
#endif
    RawRating* data_ = nullptr;
    std::size_t size_ = 0, usable_ = 0;  // in rows
};

enum Column { kUser, kMovie, kRating, kTime, kColumns };
const char* const kDefaultNames[kColumns] = {"userId", "movieId", "rating", "timestamp"};

int columnFor(const std::string& key) {
    if (key == "userid" || key == "user") return kUser;
    if (key == "movieid" || key == "movie" || key == "item" || key == "itemid") return kMovie;
    if (key == "rating") return kRating;
    if (key == "timestamp") return kTime;
    return -1;
}

bool looksNumeric(std::string_view s) {
    double v;
    NumberParse r = parseReal(s, v, true);
    return r == NumberParse::ok || r == NumberParse::empty;
}

// A file of whole days does not say which of a day's movies came first: they go in an order of
// each user's own, by this hash of (user, movie), rather than by movieId, whose order "next"
// would learn as if it were watching order (docs/quality.md, "Movies rated in the same second").
// 16 bits of splitmix64's finaliser: the same order on every platform, and beside the day (days
// since 1970 fit in 16 bits until 2106) one 32-bit key for the radix sort. Equal keys keep row order.
std::uint32_t dayKey(int32_t user, const RawRating& r) {
    std::uint64_t z = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(user)) << 32) | static_cast<std::uint32_t>(r.movie);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    const auto day = static_cast<std::uint32_t>(unixSeconds(r.time) / kSecondsPerDay);
    return (day << 16) | static_cast<std::uint32_t>((z ^ (z >> 31)) >> 48);
}

// Orders one user's rows by (time, movie, row), or in a file of whole days by (dayKey, row). When
// the movies ascend in row order (MovieLens files list each user's movies by id), the row already
// breaks ties of time the way the movie would, so 8-byte (time, row) keys sorted by time, stably,
// are enough: for 64 rows or more by a radix sort, one byte at a time, skipping bytes all keys
// share (no comparison to mispredict); so are (dayKey, row) keys. Otherwise (time, movie, row)
// triples go through std::sort. Then each row moves once.
struct TimeMovieRow {
    int32_t time, movie;
    uint32_t row;
    bool operator<(const TimeMovieRow& o) const {
        if (time != o.time) return time < o.time;
        if (movie != o.movie) return movie < o.movie;
        return row < o.row;
    }
};

// Sorts n keys by their high 32 bits, stably (an LSD radix sort, a byte at a time, skipping bytes
// that every key shares). `spare` has room for n keys; returns where the sorted keys are (keys or
// spare).
std::uint64_t* sortByHighHalf(std::uint64_t* keys, std::uint64_t* spare, std::size_t n) {
    for (int shift = 32; shift < 64; shift += 8) {
        std::size_t count[257] = {};
        for (std::size_t j = 0; j < n; ++j) ++count[((keys[j] >> shift) & 255) + 1];
        if (count[((keys[0] >> shift) & 255) + 1] == n) continue;
        for (int k = 1; k <= 256; ++k) count[k] += count[k - 1];
        for (std::size_t j = 0; j < n; ++j) spare[count[(keys[j] >> shift) & 255]++] = keys[j];
        std::swap(keys, spare);
    }
    return keys;
}

void sortRun(RawRating* run, std::size_t n, const int32_t* dayUser, std::vector<std::uint64_t>& keys,
             std::vector<TimeMovieRow>& triples, std::vector<RawRating>& scratch) {
    // dayUser: the user of a file of whole days; null: ties break by movie.
    const auto before = [dayUser](const RawRating& a, const RawRating& b) {
        if (dayUser) return dayKey(*dayUser, a) < dayKey(*dayUser, b);
        return a.time != b.time ? a.time < b.time : a.movie < b.movie;
    };
    if (std::is_sorted(run, run + n, before)) return;  // equal keys are then in row order too
    // (time, row) keys serve when the movies ascend in row order; (dayKey, row) keys always.
    bool keysServe = true;
    for (std::size_t j = 1; j < n && keysServe && !dayUser; ++j) keysServe = run[j - 1].movie <= run[j].movie;
    scratch.assign(run, run + n);
    if (!keysServe) {
        triples.resize(n);
        for (std::size_t j = 0; j < n; ++j) triples[j] = {run[j].time, run[j].movie, static_cast<uint32_t>(j)};
        std::sort(triples.begin(), triples.end());
        for (std::size_t j = 0; j < n; ++j) run[j] = scratch[triples[j].row];
        return;
    }
    keys.resize(2 * n);
    std::uint64_t* a = keys.data();
    std::uint64_t* t = a + n;
    for (std::size_t j = 0; j < n; ++j)
        a[j] = (static_cast<std::uint64_t>(dayUser ? dayKey(*dayUser, run[j]) : static_cast<std::uint32_t>(run[j].time) ^ 0x80000000u) << 32) | j;
    if (n < 64) std::sort(a, a + n);  // the keys are distinct: the same order as the radix sort's
    else a = sortByHighHalf(a, t, n);
    for (std::size_t j = 0; j < n; ++j) run[j] = scratch[static_cast<std::uint32_t>(a[j])];
}

}  // namespace

struct RatingsLoader::Impl {
    explicit Impl(std::string fileName) : csv([this](const std::vector<std::string_view>& f, std::size_t line) { onRecord(f, line); }) {
        report.file = std::move(fileName);
        report.kind = "ratings";
        csv.setSourceName(report.file);
    }

    void onRecord(const std::vector<std::string_view>& fields, std::size_t line);
    void keep(int32_t user, const RawRating& r, std::size_t line);
    bool plainShape() const;
    std::size_t plainRows(std::string_view chunk);
    void readHeader(const std::vector<std::string_view>& fields, std::size_t line);
    bool wholeField(const std::vector<std::string_view>& fields, int column, std::size_t line, int32_t& out);
    bool timeField(const std::vector<std::string_view>& fields, std::size_t line, int32_t& out);
    RatingsTable build();
    std::vector<std::uint64_t> orderByUser();

    LoadReport report;
    CsvReader csv;
    static constexpr std::size_t kMaxRatings = 2'000'000'000;
    std::uint64_t expectedBytes = 0;  // the whole file's size, when known
    std::size_t negativeRatings = 0;
    bool wholeDays = true;  // every timestamp so far is a midnight (UTC): a file of dates without times
    bool reserved = false;
    bool sawFirst = false;
    bool hasHeader = false;
    std::size_t fieldCount = 0;
    int column[kColumns] = {-1, -1, -1, -1};
    std::string name[kColumns];
    RawBuffer rows;
    std::vector<UserRun> runs;   // while the users come in ascending runs (as in MovieLens files)
    std::vector<int32_t> users;  // once they do not: every row's user
    int32_t minMovie = std::numeric_limits<int32_t>::max();
    int32_t maxMovie = std::numeric_limits<int32_t>::min();
};

void RatingsLoader::Impl::readHeader(const std::vector<std::string_view>& fields, std::size_t line) {
    sawFirst = true;
    fieldCount = fields.size();
    // A header is a first row with text where a header-less file has numbers.
    for (std::size_t k = 0; k < std::min<std::size_t>(fields.size(), kColumns) && !hasHeader; ++k)
        hasHeader = !looksNumeric(fields[k]);
    if (!hasHeader) {
        if (fields.size() < 2)
            throw LoadError(atLine(report.file, line,
                                   "found one column; a ratings file needs user and movie columns, separated by commas, tabs, semicolons or \"::\""));
        for (int k = 0; k < kColumns && k < static_cast<int>(fields.size()); ++k) {
            column[k] = k;
            name[k] = kDefaultNames[k];
        }
        return;
    }
    std::string found;
    for (std::size_t k = 0; k < fields.size(); ++k) {
        int c = columnFor(columnKey(fields[k]));
        if (c >= 0 && column[c] < 0) {
            column[c] = static_cast<int>(k);
            name[c] = std::string(trimField(fields[k]));
        }
        found += (k ? ", " : "") + std::string(trimField(fields[k]));
    }
    if (column[kUser] < 0)
        throw LoadError(report.file + ": no user column (expected userId, user_id or user; found: " + found + ")");
    if (column[kMovie] < 0)
        throw LoadError(report.file + ": no movie column (expected movieId, movie_id, item, itemId or item_id; found: " + found + ")");
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "2005-09-06", "2005-09-06 10:00", "2005-09-06T10:00:00Z" (taken as UTC) -> Unix seconds.
bool parseIsoDate(std::string_view s, std::int64_t& seconds) {
    auto digits = [&](std::size_t at, std::size_t n, unsigned& v) {
        if (at + n > s.size()) return false;
        v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + static_cast<unsigned>(s[i] - '0');
        }
        return true;
    };
    unsigned y, mo, d, h = 0, mi = 0, sec = 0;
    if (!digits(0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d)) return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    std::size_t at = 10;
    if (at < s.size() && (s[at] == ' ' || s[at] == 'T')) {
        if (!digits(at + 1, 2, h) || at + 3 >= s.size() || s[at + 3] != ':' || !digits(at + 4, 2, mi)) return false;
        at += 6;
        if (at < s.size() && s[at] == ':') {
            if (!digits(at + 1, 2, sec)) return false;
            at += 3;
            while (at < s.size() && (s[at] == '.' || (s[at] >= '0' && s[at] <= '9'))) ++at;  // fractions of a second
        }
        if (h > 23 || mi > 59 || sec > 60) return false;
    }
    if (at < s.size() && s[at] == 'Z') ++at;
    if (at != s.size()) return false;
    seconds = daysFromCivil(y, mo, d) * kSecondsPerDay + h * 3600 + mi * 60 + sec;
    return true;
}

}  // namespace

// A timestamp as Unix seconds (whole or fractional), milliseconds or microseconds (told apart by
// size: 1e11 s would be the year 5138), or an ISO date; stored as seconds - 2^31 so that
// 1970 to 2106 fit in 32 bits. Only the order within a user matters.
bool RatingsLoader::Impl::timeField(const std::vector<std::string_view>& fields, std::size_t line, int32_t& out) {
    std::string_view text = trimField(fields[static_cast<std::size_t>(column[kTime])]);
    std::int64_t seconds = 0;
    NumberParse r = parseWholeNumber(text, seconds);
    if (r == NumberParse::fractional) {
        double real = 0;
        parseReal(text, real);
        if (!(std::abs(real) < 9e18)) r = NumberParse::outOfRange;
        else {
            seconds = static_cast<std::int64_t>(std::floor(real));
            r = NumberParse::ok;
        }
    }
    if (r == NumberParse::ok) {
        if (seconds >= 100'000'000'000'000 || seconds <= -100'000'000'000'000) seconds /= 1'000'000;
        else if (seconds >= 100'000'000'000 || seconds <= -100'000'000'000) seconds /= 1000;
    } else if (r == NumberParse::invalid && parseIsoDate(text, seconds)) {
        r = NumberParse::ok;
    }
    if (r == NumberParse::ok && (seconds < 0 || seconds > 0xFFFFFFFFll)) r = NumberParse::outOfRange;
    if (r != NumberParse::ok) {
        const char* why = r == NumberParse::empty        ? " is empty"
                          : r == NumberParse::outOfRange ? " is out of range (1970 to 2106)"
                                                         : " is not a Unix time or a date (YYYY-MM-DD)";
        report.skip(line, name[kTime] + " " + showField(text) + why);
        return false;
    }
    out = static_cast<int32_t>(seconds - kTimeOffset);
    return true;
}

bool RatingsLoader::Impl::wholeField(const std::vector<std::string_view>& fields, int c, std::size_t line, int32_t& out) {
    std::string_view text = fields[static_cast<std::size_t>(column[c])];
    NumberParse r = parseInt32(text, out);
    if (r == NumberParse::ok) return true;
    const char* why = r == NumberParse::empty ? " is empty" : r == NumberParse::outOfRange ? " is out of range" : " is not a whole number";
    report.skip(line, name[c] + " " + showField(text) + why);
    return false;
}

void RatingsLoader::Impl::onRecord(const std::vector<std::string_view>& fields, std::size_t line) {
    if (!sawFirst) {
        readHeader(fields, line);
        if (hasHeader) return;
    }
    ++report.rowsRead;
    if (fields.size() != fieldCount && !(fields.size() == fieldCount + 1 && fields.back().empty())) {
        report.skip(line, "expected " + std::to_string(fieldCount) + " fields, found " + std::to_string(fields.size()));
        return;
    }
    RawRating r;
    int32_t user = 0;
    if (!wholeField(fields, kUser, line, user) || !wholeField(fields, kMovie, line, r.movie)) return;
    r.rating = 1.0f;  // implicit feedback: being in the file is the rating
    if (column[kRating] >= 0) {
        std::string_view text = fields[static_cast<std::size_t>(column[kRating])];
        double v = 0;
        NumberParse p = parseReal(text, v, csv.delimiter() != ',');
        if (p != NumberParse::ok || !std::isfinite(static_cast<float>(v))) {
            const char* why = p == NumberParse::empty ? " is empty" : p == NumberParse::invalid ? " is not a number" : " is not a finite number";
            report.skip(line, name[kRating] + " " + showField(text) + why);
            return;
        }
        r.rating = static_cast<float>(v);
    }
    if (column[kTime] >= 0) {
        if (!timeField(fields, line, r.time)) return;
    } else {
        r.time = static_cast<int32_t>(report.rowsRead);  // keeps the order of the rows
    }
    keep(user, r, line);
}

// A row read and checked, by onRecord() or plainRows(): into the table.
void RatingsLoader::Impl::keep(int32_t user, const RawRating& r, std::size_t line) {
    minMovie = std::min(minMovie, r.movie);
    maxMovie = std::max(maxMovie, r.movie);
    // Offsets into the table are 32-bit: a clear stop long before they could wrap.
    if (report.rowsKept == kMaxRatings)
        throw LoadError(atLine(report.file, line, "more than " + withThousands(kMaxRatings) +
                                                      " ratings, the most movie2vec loads; split the file or keep fewer users"));
    if (r.rating < 0) ++negativeRatings;
    wholeDays = wholeDays && unixSeconds(r.time) % kSecondsPerDay == 0;
    if (!users.empty()) {
        users.push_back(user);
    } else if (runs.empty() || user > runs.back().user) {
        runs.push_back({user, static_cast<uint32_t>(rows.size())});
    } else if (user < runs.back().user) {
        // Not grouped by user: from here on every row's user is kept (4 more bytes per row), in
        // room for as many rows as the loader has (in WebAssembly, the whole file's estimate).
        users.reserve(std::max(rows.capacity(), rows.size() + 1));
        users.resize(rows.size());
        for (std::size_t k = 0; k < runs.size(); ++k)
            std::fill(users.begin() + runs[k].start, k + 1 < runs.size() ? users.begin() + runs[k + 1].start : users.end(),
                      runs[k].user);
        std::vector<UserRun>().swap(runs);
        users.push_back(user);
    }
    rows.push(r);
    ++report.rowsKept;
}

RatingsLoader::RatingsLoader(std::string fileName) : impl_(std::make_unique<Impl>(std::move(fileName))) {}
RatingsLoader::~RatingsLoader() = default;

// The columns user, movie, rating, timestamp in that order, separated by commas or "::":
// MovieLens's and Kaggle's ratings files.
bool RatingsLoader::Impl::plainShape() const {
    return sawFirst && fieldCount == 4 && column[kUser] == 0 && column[kMovie] == 1 && column[kRating] == 2 &&
           column[kTime] == 3 && (csv.delimiter() == ',' || csv.delimiter() == CsvReader::kDoubleColon);
}

namespace {

// 1 to maxDigits decimal digits at p (before end) into value, p moved past them.
bool readDigits(const char*& p, const char* end, int maxDigits, std::uint64_t& value) {
    const char* start = p;
    std::uint64_t v = 0;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10) {
        if (p - start == maxDigits) return false;
        v = v * 10 + static_cast<std::uint64_t>(*p++ - '0');
    }
    value = v;
    return p != start;
}

}  // namespace

// Whole lines of the plainest shape of a plainShape() file, "123,4567,3.5,964982703" or
// "123::4567::3.5::964982703" (digits only, no sign, quote or space; LF or CRLF), read here
// without the CSV reader's general field splitting, to the same values onRecord() would give them
// (nearly every row of a MovieLens or Kaggle file, at about twice the speed). Stops before the
// first line of any other shape, or one the chunk cuts, and returns the bytes taken: the CSV
// reader reads what follows, with its checks and messages.
std::size_t RatingsLoader::Impl::plainRows(std::string_view chunk) {
    static const double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    const char* const begin = chunk.data();
    const char* const end = begin + chunk.size();
    const char* line = begin;
    const std::size_t firstLine = csv.nextLine();
    const bool colons = csv.delimiter() == CsvReader::kDoubleColon;
    // Moves p past the delimiter, if one is there.
    const auto separator = [&](const char*& p) {
        if (colons) {
            if (end - p < 2 || p[0] != ':' || p[1] != ':') return false;
            p += 2;
            return true;
        }
        return p < end && *p++ == ',';
    };
    std::size_t lines = 0;
    while (line < end) {
        const char* p = line;
        std::uint64_t user = 0, movie = 0, whole = 0, fraction = 0, time = 0;
        int fractionDigits = 0;
        if (!readDigits(p, end, 9, user) || !separator(p)) break;
        if (!readDigits(p, end, 9, movie) || !separator(p)) break;
        if (!readDigits(p, end, 6, whole) || p == end) break;
        if (*p == '.') {
            const char* digits = ++p;
            if (!readDigits(p, end, 6, fraction)) break;
            fractionDigits = static_cast<int>(p - digits);
        }
        if (!separator(p)) break;
        if (!readDigits(p, end, 10, time) || time > 0xFFFFFFFFull || p == end) break;
        if (*p == '\r') ++p;
        if (p == end || *p++ != '\n') break;
        RawRating r;
        r.movie = static_cast<int32_t>(movie);
        // As parseReal(): the digits as one whole number, over a power of ten.
        const std::uint64_t mantissa = whole * static_cast<std::uint64_t>(kPow10[fractionDigits]) + fraction;
        r.rating = static_cast<float>(static_cast<double>(mantissa) / kPow10[fractionDigits]);
        r.time = static_cast<int32_t>(static_cast<std::int64_t>(time) - kTimeOffset);
        ++report.rowsRead;
        keep(static_cast<int32_t>(user), r, firstLine + lines);
        ++lines;
        line = p;
    }
    csv.skipRecords(lines, static_cast<std::size_t>(line - begin));
    return static_cast<std::size_t>(line - begin);
}

void RatingsLoader::feed(std::string_view chunk) {
    Impl& m = *impl_;
    // Plain rows go through plainRows(); any other record, and one cut by a chunk's end, through
    // the CSV reader, a line at a time until it is between records again. After two lines in a
    // row that are not plain, the rest of the chunk goes to the CSV reader at once (a file whose
    // every line has, say, quotes is read as fast as before the plain path).
    bool odd = false;  // the line just handed to the CSV reader was not plain
    while (!chunk.empty()) {
        if (!m.plainShape()) {
            m.csv.feed(chunk);
            break;
        }
        if (m.csv.betweenRecords()) {
            const std::size_t taken = m.plainRows(chunk);
            chunk.remove_prefix(taken);
            if (chunk.empty()) break;
            if (taken == 0 && odd) {
                m.csv.feed(chunk);
                break;
            }
            odd = true;
        }
        const std::size_t newline = chunk.find('\n');
        const std::size_t take = newline == std::string_view::npos ? chunk.size() : newline + 1;
        m.csv.feed(chunk.substr(0, take));
        chunk.remove_prefix(take);
    }
    // After the first chunk the bytes per row are known: room for the whole file at once.
    if (impl_->expectedBytes > 0 && !impl_->reserved && impl_->report.rowsKept >= 1000) {
        impl_->reserved = true;
        const double rowsPerByte = static_cast<double>(impl_->report.rowsKept) / static_cast<double>(impl_->csv.bytesFed());
        const double rows = static_cast<double>(impl_->expectedBytes) * rowsPerByte * 1.05 + 4096;
        if (rows >= static_cast<double>(std::numeric_limits<std::size_t>::max() / sizeof(RawRating))) throw std::bad_alloc();
        impl_->rows.reserve(static_cast<std::size_t>(rows));
    }
}

void RatingsLoader::expectBytes(std::uint64_t bytes) { impl_->expectedBytes = bytes; }

const LoadReport& RatingsLoader::report() const { return impl_->report; }

RatingsTable RatingsLoader::finish() {
    Impl& m = *impl_;
    m.csv.finish();
    const std::string& file = m.report.file;
    if (!m.sawFirst) throw LoadError(file + ": the file is empty");
    if (m.report.rowsRead == 0) throw LoadError(file + ": has a header but no data rows");
    if (m.rows.size() == 0) throw LoadError(file + ": no usable rows (first problem: " + m.report.problems.front() + ")");
    if (m.column[kRating] < 0)
        m.report.notes.push_back("No rating column: every row counts as a positive rating of 1 (implicit feedback).");
    if (m.column[kTime] < 0) m.report.notes.push_back("No timestamp column: each user's movies keep the order of the rows.");
    if (m.negativeRatings > 0)
        m.report.notes.push_back(withThousands(m.negativeRatings) + (m.negativeRatings == 1 ? " rating is" : " ratings are") +
                                 " below 0 (kept; a minimum rating drops them).");
    return m.build();
}

// Groups rows by user, orders each user's movies by (timestamp, movieId), drops repeated
// (user, movie) pairs, then moves the result into the table's arrays without ever holding more
// than the 16 bytes per row already in use (for input grouped by user, as MovieLens files are).
RatingsTable RatingsLoader::Impl::build() {
    RawRating* r = rows.data();
    const std::size_t n = rows.size();
    // Rows not grouped by user stay where they are: each user's are gathered through the order.
    const bool gathered = !users.empty();
    const bool byDay = column[kTime] >= 0 && wholeDays;
    const std::vector<std::uint64_t> order = gathered ? orderByUser() : std::vector<std::uint64_t>();
    std::unique_ptr<MovieRating, void (*)(const MovieRating*)> out(nullptr, freePairs);
    if (gathered) {
        out.reset(static_cast<MovieRating*>(std::malloc(n * sizeof(MovieRating))));
        if (!out) throw std::bad_alloc();
    }

    // Per user: order by (time, movie, row) (sortRun), so that of a repeated movie the last copy in the
    // run is the latest rating (latest time, then later row), and drop the earlier copies. For
    // grouped rows the kept (movie, rating) pairs are written over the rows, front to back: pair w
    // ends at or before where row w + 1 starts (8 (w + 1) <= 12 (w + 1)), and w never passes the
    // row being read, so nothing unread is overwritten; the table then owns the same buffer,
    // shrunk to 8 bytes per rating: no copy.
    RatingsTable table;
    char* pairs = gathered ? reinterpret_cast<char*>(out.get()) : rows.bytes();
    const int64_t range = static_cast<int64_t>(maxMovie) - minMovie + 1;
    const bool dense = range <= static_cast<int64_t>(n / 4 + (std::size_t(1) << 20));
    std::vector<uint32_t> seenInRun(dense ? static_cast<std::size_t>(range) : 0);
    std::vector<int32_t> sortedMovies;
    std::vector<std::uint64_t> keys;
    std::vector<TimeMovieRow> triples;
    std::vector<RawRating> scratch, gatheredRows;
    std::size_t repeats = 0, w = 0;
    std::uint64_t consecutive = 0, sameTime = 0;  // pairs of a user's consecutive kept ratings; those at one time
    int32_t previousTime = 0;
    uint32_t run = 0;
    const float kDropped = std::numeric_limits<float>::quiet_NaN();  // never a parsed rating
    table.userIds_.reserve(runs.size());
    table.offsets_.reserve(runs.size() + 1);
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const std::size_t b = runs[k].start, m = (k + 1 < runs.size() ? runs[k + 1].start : n) - b;
        RawRating* u = r + b;
        if (gathered) {
            gatheredRows.resize(m);
            for (std::size_t j = 0; j < m; ++j) gatheredRows[j] = r[static_cast<std::uint32_t>(order[b + j])];
            u = gatheredRows.data();
        }
        sortRun(u, m, byDay ? &runs[k].user : nullptr, keys, triples, scratch);
        ++run;
        if (dense) {
            for (std::size_t j = m; j-- > 0;) {
                uint32_t& seen = seenInRun[static_cast<std::size_t>(static_cast<int64_t>(u[j].movie) - minMovie)];
                if (seen == run) {
                    u[j].rating = kDropped;
                    ++repeats;
                }
                seen = run;
            }
        } else {
            sortedMovies.clear();
            for (std::size_t j = 0; j < m; ++j) sortedMovies.push_back(u[j].movie);
            std::sort(sortedMovies.begin(), sortedMovies.end());
            if (std::adjacent_find(sortedMovies.begin(), sortedMovies.end()) != sortedMovies.end()) {
                sortedMovies.erase(std::unique(sortedMovies.begin(), sortedMovies.end()), sortedMovies.end());
                std::vector<bool> seen(sortedMovies.size());
                for (std::size_t j = m; j-- > 0;) {
                    std::size_t i = static_cast<std::size_t>(
                        std::lower_bound(sortedMovies.begin(), sortedMovies.end(), u[j].movie) - sortedMovies.begin());
                    if (seen[i]) {
                        u[j].rating = kDropped;
                        ++repeats;
                    }
                    seen[i] = true;
                }
            }
        }
        table.userIds_.push_back(runs[k].user);
        table.offsets_.push_back(static_cast<uint32_t>(w));
        const std::size_t runStart = w;
        for (std::size_t j = 0; j < m; ++j) {
            const RawRating x = u[j];
            if (std::isnan(x.rating)) continue;
            if (w > runStart) {
                ++consecutive;
                sameTime += x.time == previousTime;
            }
            previousTime = x.time;
            const MovieRating pair{x.movie, x.rating};
            std::memcpy(pairs + w * sizeof pair, &pair, sizeof pair);
            ++w;
        }
    }
    table.offsets_.push_back(static_cast<uint32_t>(w));
    std::vector<UserRun>().swap(runs);
    if (repeats > 0)
        report.notes.push_back(withThousands(repeats) + (repeats == 1 ? " row repeated" : " rows repeated") +
                               " a (user, movie) pair; the latest rating of each was kept.");
    // Within one timestamp the order is movieId's (in a file of days, dayKey's), not the file's:
    // where most ratings share one, "next" would learn that order as watching order
    // (docs/quality.md, "Movies rated in the same second").
    char share[16];
    std::snprintf(share, sizeof share, "%.1f%%", consecutive ? 100.0 * static_cast<double>(sameTime) / static_cast<double>(consecutive) : 0.0);
    if (byDay)
        report.notes.push_back("The timestamps are dates without times (" + std::string(share) +
                               " of each user's consecutive ratings share one): a user's movies of one day go in an "
                               "order of that user's own, not by movieId, as the file does not say which came first.");
    else if (consecutive > 0 && 2 * sameTime >= consecutive)
        report.notes.push_back(std::string(share) +
                               " of each user's consecutive ratings share a timestamp: within one timestamp movies go in "
                               "movieId order, which \"What to watch next\" learns as if it were the order they were watched in.");
    table.count_ = w;
    if (gathered) {
        rows.release();
        MovieRating* kept = out.release();
        if (auto* p = static_cast<MovieRating*>(std::realloc(kept, std::max<std::size_t>(w, 1) * sizeof(MovieRating)))) kept = p;
        table.rows_ = std::shared_ptr<const MovieRating>(kept, freePairs);
    } else {
        rows.shrinkBytes(w * sizeof(MovieRating));
        table.rows_ = rows.handOver();
    }
    return table;
}

// For rows not grouped by user: (user, row) keys in order (the row in the low 32 bits), and the
// users' runs in that order.
std::vector<std::uint64_t> RatingsLoader::Impl::orderByUser() {
    const std::size_t n = rows.size();
    std::vector<std::uint64_t> keys(n);
    for (std::size_t j = 0; j < n; ++j)
        keys[j] = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(users[j]) ^ 0x80000000u) << 32) | j;
    std::vector<int32_t>().swap(users);
    std::vector<std::uint64_t> spare(n);
    if (sortByHighHalf(keys.data(), spare.data(), n) != keys.data()) keys.swap(spare);
    std::vector<std::uint64_t>().swap(spare);
    runs.clear();
    for (std::size_t k = 0; k < n; ++k) {
        const auto user = static_cast<int32_t>(static_cast<std::uint32_t>(keys[k] >> 32) ^ 0x80000000u);
        if (runs.empty() || runs.back().user != user) runs.push_back({user, static_cast<uint32_t>(k)});
    }
    return keys;
}

RatingsTable loadRatingsFile(const std::string& path, LoadReport* report) {
    RatingsLoader loader(path);
    try {
        {
            std::ifstream size(path, std::ios::binary | std::ios::ate);
            if (size) loader.expectBytes(static_cast<std::uint64_t>(size.tellg()));
        }
        readFileInChunks(path, [&](std::string_view chunk) { loader.feed(chunk); });
        RatingsTable table = loader.finish();
        if (report) *report = loader.report();
        return table;
    } catch (const LoadError&) {
        if (report) *report = loader.report();
        throw;
    }
}

std::vector<int32_t> RatingsTable::distinctMovieIds() const {
    std::vector<int32_t> ids;
    if (count_ == 0) return ids;
    const MovieRating* rows = rows_.get();
    int32_t lo = rows[0].movie, hi = rows[0].movie;
    for (std::size_t j = 1; j < count_; ++j) {
        lo = std::min(lo, rows[j].movie);
        hi = std::max(hi, rows[j].movie);
    }
    const int64_t range = static_cast<int64_t>(hi) - lo + 1;
    if (range <= static_cast<int64_t>(count_) * 8 + (int64_t(1) << 24)) {
        std::vector<bool> seen(static_cast<std::size_t>(range));
        for (std::size_t j = 0; j < count_; ++j) seen[static_cast<std::size_t>(static_cast<int64_t>(rows[j].movie) - lo)] = true;
        for (int64_t i = 0; i < range; ++i)
            if (seen[static_cast<std::size_t>(i)]) ids.push_back(static_cast<int32_t>(lo + i));
        return ids;
    }
    ids.resize(count_);
    for (std::size_t j = 0; j < count_; ++j) ids[j] = rows[j].movie;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

void RatingsTable::forEachSequence(float minRating,
                                   const std::function<void(int32_t userId, const int32_t* movies, std::size_t n)>& fn) const {
    std::vector<int32_t> kept;
    const MovieRating* rows = rows_.get();
    for (std::size_t u = 0; u < userIds_.size(); ++u) {
        kept.clear();
        for (std::size_t j = offsets_[u], e = offsets_[u + 1]; j < e; ++j)
            if (rows[j].rating >= minRating) kept.push_back(rows[j].movie);
        if (!kept.empty()) fn(userIds_[u], kept.data(), kept.size());
    }
}

}  // namespace m2v
