// kind_sense_data.cpp - sense data (SPC-6 4.4): recognized so that it gives a
// clean "cannot decode yet" error instead of being misread as something else.
// A later issue adds the decoder (fill in `decode`).
#include <fmt/format.h>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

detection detect(mpio::byte_view data)
{
    if (data.size() < 8) return {detection::verdict::impossible, "fewer than 8 bytes", data.size()};
    // RESPONSE CODE (byte 0, bits 6..0); bit 7 is VALID in the fixed format.
    const unsigned response_code = data[0] & 0x7fu;
    const char* format = nullptr;
    switch (response_code) {
    case 0x70: format = "fixed format, current"; break;
    case 0x71: format = "fixed format, deferred"; break;
    case 0x72: format = "descriptor format, current"; break;
    case 0x73: format = "descriptor format, deferred"; break;
    default:
        return {detection::verdict::impossible, fmt::format("response code 0x{:02x} is not 0x70..0x73", response_code), 0};
    }
    return {detection::verdict::plausible,
            fmt::format("response code 0x{:02x}: {} sense data, additional sense length {}", response_code, format,
                        data[7]),
            0};
}

} // namespace

extern const kind sense_data_kind{"sense", "sense_data", "sense data", detect, nullptr};

} // namespace mpio_inspect
