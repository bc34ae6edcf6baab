// Fuzzes the model-file loader: anything but a valid file is refused with an exception; a float
// file that loads saves back to the same bytes; any model that loads saves as int8 (or is refused
// with a message) into a file that loads again with the same movies.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "model_file.h"

namespace {

void check(std::string_view bytes) {
    m2v::ModelData model;
    try {
        model = m2v::loadModel(bytes);
    } catch (const std::runtime_error&) {
        return;
    }
    const bool int8 = bytes.size() > 8 && (static_cast<unsigned char>(bytes[8]) & 1);
    if (!int8 && m2v::saveModel(model, false) != bytes) std::abort();
    std::string small;
    try {
        small = m2v::saveModel(model, true);
    } catch (const std::invalid_argument&) {
        return;
    }
    // What int8 writes must load: an exception here escapes, and the fuzzer reports it.
    if (m2v::loadModel(small).ids != model.ids) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check(bytes);
    // Nearly every mutation breaks the checksum and stops there: the same bytes with their last
    // four replaced by the right checksum reach the parser behind it.
    if (size >= 4) {
        std::string sealed(bytes.substr(0, size - 4));
        const std::uint32_t crc = m2v::crc32(sealed);
        for (int i = 0; i < 4; ++i) sealed.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
        check(sealed);
    }
    return 0;
}
