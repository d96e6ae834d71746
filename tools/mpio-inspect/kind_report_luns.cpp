// kind_report_luns.cpp - REPORT LUNS parameter data (SPC-6 6.33): recognized
// so that it gives a clean "cannot decode yet" error instead of being misread
// as VPD pages. A later issue adds the decoder (fill in `decode`).
#include <fmt/format.h>

#include <mpio/core/endian.hpp>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

detection detect(mpio::byte_view data)
{
    if (data.size() < 8) return {detection::verdict::impossible, "fewer than 8 bytes", data.size()};
    // LUN LIST LENGTH (bytes 0..3) counts 8-byte LUN entries after the 8-byte header.
    const std::uint32_t list_length = mpio::load_be32(data, 0);
    if (list_length % 8 != 0)
        return {detection::verdict::impossible, fmt::format("LUN list length {} is not a multiple of 8", list_length), 0};
    if ((data.size() - 8) % 8 != 0)
        return {detection::verdict::impossible, "the data after the header is not a whole number of 8-byte LUNs", 8};
    if (mpio::load_be32(data, 4) != 0) return {detection::verdict::unlikely, "reserved bytes 4..7 are not zero", 4};
    if (data.size() - 8 > list_length)
        return {detection::verdict::unlikely,
                fmt::format("{} bytes of LUNs but a LUN list length of {}", data.size() - 8, list_length), 0};
    if (data.size() - 8 < list_length)
        return {detection::verdict::plausible,
                fmt::format("LUN list length {} ({} LUNs), truncated to {}", list_length, list_length / 8,
                            (data.size() - 8) / 8),
                0, detection::confidence::weak};
    return {detection::verdict::plausible,
            fmt::format("LUN list length {} matches {} LUNs exactly", list_length, list_length / 8), 0,
            detection::confidence::strong};
}

} // namespace

extern const kind report_luns_kind{"luns", "report_luns", "REPORT LUNS parameter data", detect, nullptr};

} // namespace mpio_inspect
