// SPDX-License-Identifier: MIT
// kind_read_capacity_10.cpp - READ CAPACITY (10) parameter data (SBC-4
// 5.16.2): the last LBA, the block length and the capacity they give, or the
// hint to send READ CAPACITY (16) when the last LBA is FFFFFFFFh.
//
// Auto-detection: never. The data is 8 bytes with no length field and no
// fixed value, so anything of that size could be it; the recognizer only
// checks it enough to warn about --as capacity10 applied to something else.
#include <string>

#include <fmt/format.h>

#include <mpio/scsi/read_capacity.hpp>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    const auto parsed = scsi::parse_read_capacity_10(data);
    if (!parsed) return {v::impossible, "fewer than 8 bytes", data.size()};
    const std::uint32_t block = parsed->block_length_in_bytes();
    // As for READ CAPACITY (16): 512..4096 plus protection or metadata bytes.
    if (block == 0 || block % 2 != 0 || block > (1u << 20))
        return {v::unlikely, fmt::format("block length {} bytes", block), 4};
    if (data.size() > scsi::read_capacity_10::size)
        return {v::unlikely, fmt::format("{} bytes: READ CAPACITY (10) returns 8", data.size()), 8};
    detection d{v::plausible, fmt::format("8 bytes, block length {}", block), 0, detection::confidence::weak};
    d.auto_detectable = false;
    return d;
}

// "64.00 MiB" style: integer arithmetic, two decimals, rounded down (the
// same rendering as kind_read_capacity_16.cpp's).
std::string human_size(std::uint64_t bytes)
{
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    unsigned unit = 0;
    std::uint64_t whole = bytes, rest = 0;
    while (whole >= 1024 && unit + 1 < std::size(units)) {
        rest = whole % 1024;
        whole /= 1024;
        ++unit;
    }
    if (unit == 0) return fmt::format("{} bytes", bytes);
    return fmt::format("{}.{:02} {}", whole, rest * 100 / 1024, units[unit]);
}

decode_outcome decode(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const auto parsed = scsi::parse_read_capacity_10(data);
    if (!parsed)
        return {false,
                {mpio::errc_name(parsed.error()),
                 "fewer than 8 bytes: READ CAPACITY (10) parameter data is RETURNED LOGICAL BLOCK ADDRESS and BLOCK "
                 "LENGTH IN BYTES, 4 bytes each",
                 data.size()}};
    const scsi::read_capacity_10& cap = *parsed;
    record& r = body.child("read_capacity_10", "");
    r.hex_number("returned_logical_block_address", "Returned logical block address",
                 cap.returned_logical_block_address(), 8);
    r.number("block_length_in_bytes", "Block length in bytes", cap.block_length_in_bytes());
    r.flag("needs_read_capacity_16", cap.needs_read_capacity_16() ? "Needs READ CAPACITY (16)" : "",
           cap.needs_read_capacity_16());
    if (const auto blocks = cap.capacity_in_blocks()) {
        r.number("capacity_in_blocks", "Capacity in blocks", *blocks);
        const std::uint64_t bytes = *cap.capacity_in_bytes(); // always fits once the blocks do
        r.number("capacity_in_bytes", "", bytes);
        r.plain("", "Capacity", fmt::format("{} bytes ({})", bytes, human_size(bytes)));
    } else {
        r.note("RETURNED LOGICAL BLOCK ADDRESS is FFFFFFFFh: the capacity does not fit READ CAPACITY (10); send READ "
               "CAPACITY (16) (--as capacity16 decodes its answer)");
    }
    if (data.size() > scsi::read_capacity_10::size)
        r.note(fmt::format("{} bytes after the 8 bytes of parameter data are ignored",
                           data.size() - scsi::read_capacity_10::size));
    return {};
}

} // namespace

extern const kind read_capacity_10_kind{"capacity10", "read_capacity_10", "READ CAPACITY (10) parameter data", detect,
                                        decode};

} // namespace mpio_inspect
