// Shared by the fuzz targets: the input is cut into chunks at places the input itself chooses,
// so chunk boundaries land everywhere (inside quotes, between CR and LF, inside UTF-8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace m2v::fuzz {

template <typename Feed>
void feedInChunks(const std::uint8_t* data, std::size_t size, Feed&& feed) {
    if (size == 0) return;
    // The first byte picks the chunk size (1 to 256 bytes), the rest is the file.
    const std::size_t chunk = static_cast<std::size_t>(data[0]) + 1;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    for (std::size_t at = 0; at < text.size(); at += chunk) feed(text.substr(at, chunk));
}

}  // namespace m2v::fuzz
