// Fuzzes the model-file loader: anything but a valid file is refused with an exception; a file
// that loads saves back to the same bytes.
#include <cstdlib>
#include <stdexcept>

#include "model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        m2v::ModelData model = m2v::loadModel(bytes);
        const bool int8 = size > 8 && (data[8] & 1);
        if (!int8 && m2v::saveModel(model, false) != bytes) std::abort();
    } catch (const std::runtime_error&) {
    }
    return 0;
}
