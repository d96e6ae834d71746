// SPDX-License-Identifier: MIT
// kind_read_capacity_16.cpp - READ CAPACITY (16) parameter data (SBC-4
// 5.20.2): the last LBA, the block length, the capacity they give, the
// protection, physical block and provisioning fields.
//
// Auto-detection: never. The data is 32 bytes with no length field and no
// fixed value but reserved zeros, so almost anything of that size could be
// it; the recognizer only checks it enough to warn about --as capacity16
// applied to something else (and to suggest --as capacity16 when nothing
// else fits).
#include <string>

#include <fmt/format.h>

#include <mpio/scsi/read_capacity.hpp>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

bool all_zero(mpio::byte_view bytes)
{
    for (const mpio::byte b : bytes)
        if (b != 0) return false;
    return true;
}

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    const auto parsed = scsi::parse_read_capacity_16(data);
    if (!parsed)
        return {v::impossible, "fewer than 12 bytes, not even the LBA and the logical block length", data.size()};
    const scsi::read_capacity_16& cap = *parsed;
    const std::uint32_t block = cap.logical_block_length_in_bytes();
    // Block lengths are 512..4096 bytes plus protection or metadata (520,
    // 528, 4160...): even, and far below a megabyte.
    if (block == 0 || block % 2 != 0 || block > (1u << 20))
        return {v::unlikely, fmt::format("logical block length {} bytes", block), 8};
    if (cap.protection_fields_present() && mpio::bits(data[12], 7, 6) != 0)
        return {v::unlikely, "reserved bits 7..6 of byte 12 are set", 12};
    if (!all_zero(data.subview(16)))
        return {v::unlikely, "reserved bytes 16..31 (or bytes after them) are not zero", 16};
    detection d{
        v::plausible,
        fmt::format("{} bytes, logical block length {}{}", data.size(), block, cap.truncated() ? ", truncated" : ""), 0,
        detection::confidence::weak};
    d.auto_detectable = false;
    return d;
}

// "1.00 TiB" style, for people: integer arithmetic, two decimals, rounded down.
std::string human_size(std::uint64_t bytes)
{
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    unsigned unit = 0;
    std::uint64_t whole = bytes;
    std::uint64_t rest = 0; // remainder of the last division, in units of the next smaller unit
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
    const auto parsed = scsi::parse_read_capacity_16(data);
    if (!parsed)
        return {false,
                {mpio::errc_name(parsed.error()),
                 "fewer than 12 bytes: not even the RETURNED LOGICAL BLOCK ADDRESS and LOGICAL BLOCK LENGTH", 0}};
    const scsi::read_capacity_16& cap = *parsed;
    record& r = body.child("read_capacity_16", "");

    r.hex_number("returned_logical_block_address", "Returned logical block address",
                 cap.returned_logical_block_address(), 16);
    r.number("logical_block_length_in_bytes", "Logical block length in bytes", cap.logical_block_length_in_bytes());
    if (const auto blocks = cap.capacity_in_blocks())
        r.number("capacity_in_blocks", "Capacity in blocks", *blocks);
    else
        r.note("RETURNED LOGICAL BLOCK ADDRESS is FFFFFFFFFFFFFFFFh: the capacity in blocks does not fit 64 bits");
    if (const auto bytes = cap.capacity_in_bytes()) {
        r.number("capacity_in_bytes", "", *bytes);
        r.plain("", "Capacity", fmt::format("{} bytes ({})", *bytes, human_size(*bytes)));
    } else if (cap.capacity_in_blocks()) {
        r.note("the capacity in bytes does not fit 64 bits");
    }

    if (cap.protection_fields_present()) {
        r.code("rc_basis", "RC BASIS", raw(cap.rc_basis()), 0, to_string(cap.rc_basis()));
        r.code("p_type", "P_TYPE", raw(cap.p_type()), 0, to_string(cap.p_type()));
        r.flag("prot_en", "PROT_EN", cap.prot_en());
        if (const auto type = cap.protection_type())
            r.code("protection_type", "Protection", *type, 0,
                   *type == 0 ? "none (PROT_EN is 0)" : fmt::format("type {} protection", *type));
        else
            r.note("P_TYPE holds a reserved value: the protection type is unknown");
    }
    if (cap.exponent_fields_present()) {
        r.number("p_i_exponent", "P_I_EXPONENT", cap.p_i_exponent());
        r.number("protection_information_intervals", "", cap.protection_information_intervals());
        r.number("logical_blocks_per_physical_block_exponent", "Logical blocks per physical block exponent",
                 cap.logical_blocks_per_physical_block_exponent());
        r.number("logical_blocks_per_physical_block", "", cap.logical_blocks_per_physical_block());
        r.number("physical_block_length_in_bytes", "Physical block length in bytes",
                 cap.physical_block_length_in_bytes());
    }
    if (cap.provisioning_fields_present()) {
        r.flag("lbpme", "LBPME (thin provisioned)", cap.lbpme());
        r.flag("lbprz", "LBPRZ (unmapped blocks read zeros)", cap.lbprz());
        r.number("lowest_aligned_logical_block_address", "Lowest aligned logical block address",
                 cap.lowest_aligned_logical_block_address());
    }

    r.number("returned_length", "", cap.bytes().size());
    r.flag("truncated", cap.truncated() ? "Truncated" : "", cap.truncated());
    r.number("required_allocation_length", cap.truncated() ? "Required allocation length" : "",
             cap.required_allocation_length());
    if (cap.truncated())
        r.note(fmt::format("truncated: {} of 32 bytes returned; re-issue READ CAPACITY (16) with an allocation length "
                           "of at least 32",
                           cap.bytes().size()));
    if (!all_zero(cap.bytes().subview(16))) r.note("reserved bytes 16..31 are not zero");
    if (data.size() > scsi::read_capacity_16::size)
        r.note(fmt::format("{} bytes after the 32 bytes of parameter data are ignored",
                           data.size() - scsi::read_capacity_16::size));
    return {};
}

} // namespace

extern const kind read_capacity_16_kind{"capacity16", "read_capacity_16", "READ CAPACITY (16) parameter data", detect,
                                        decode};

} // namespace mpio_inspect
