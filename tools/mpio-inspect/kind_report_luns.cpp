// SPDX-License-Identifier: MIT
// kind_report_luns.cpp - REPORT LUNS parameter data (SPC-6 6.33): the
// header, and every LUN (SAM-6 4.7) with each of its levels decoded by
// address method, its single level number when it has one, and the Linux
// integer LUN (scsilun_to_int). --lu-cong decodes the LUNs as a logical unit
// conglomerate's (administrative and subsidiary elements).
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include <mpio/core/endian.hpp>
#include <mpio/scsi/report_luns.hpp>

#include "kinds.hpp"
#include "text_format.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

detection detect(mpio::byte_view data)
{
    if (data.size() < 8) return {detection::verdict::impossible, "fewer than 8 bytes", data.size()};
    // LUN LIST LENGTH (bytes 0..3) counts 8-byte LUN entries after the 8-byte header.
    const std::uint32_t list_length = mpio::load_be32(data, 0);
    if (list_length % 8 != 0)
        return {detection::verdict::impossible, fmt::format("LUN list length {} is not a multiple of 8", list_length),
                0};
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

const char* level_name(const scsi::lun_level& level)
{
    if (level.lu_cong()) return level.index() == 0 ? "Administrative element" : "Subsidiary element";
    switch (level.index()) {
    case 0: return "First level";
    case 1: return "Second level";
    case 2: return "Third level";
    default: return "Fourth level";
    }
}

// The fields of one addressing element, and a one-line summary for its title.
record level_record(const scsi::lun_level& level)
{
    using f = scsi::lun_level_format;
    std::string summary;
    record r;
    r.number("index", "", level.index());
    r.number("offset", "", level.offset());
    r.hex("bytes", "", level.bytes());
    r.code("address_method", "Address method", raw(level.address_method()), 0, to_string(level.address_method()));
    r.plain("format", "", to_string(level.format()));
    switch (level.format()) {
    case f::peripheral_device:
        r.number("bus_identifier", "Bus identifier", level.bus_identifier());
        r.number("target_or_lun", level.bus_identifier() == 0 ? "LUN" : "Target", level.target_or_lun());
        summary = level.bus_identifier() == 0
                      ? fmt::format("LUN {}", level.target_or_lun())
                      : fmt::format("bus {}, target {}", level.bus_identifier(), level.target_or_lun());
        break;
    case f::simple_logical_unit:
        r.number("simple_logical_unit_number", "Logical unit number", level.simple_logical_unit_number());
        summary = fmt::format("LUN {}", level.simple_logical_unit_number());
        break;
    case f::flat_space:
        r.number("flat_space_lun", "Flat space LUN", level.flat_space_lun());
        summary = fmt::format("LUN {}", level.flat_space_lun());
        break;
    case f::logical_unit:
        r.number("target", "Target", level.target());
        r.number("bus_number", "Bus number", level.bus_number());
        r.number("lun", "LUN", level.lun());
        summary = fmt::format("bus {}, target {}, LUN {}", level.bus_number(), level.target(), level.lun());
        break;
    case f::well_known_logical_unit:
    case f::extended_flat_space:
    case f::long_extended_flat_space:
    case f::logical_unit_not_specified:
    case f::reserved_extended:
        r.number("length", "Length", level.length());
        r.code("extended_address_method", "Extended address method", raw(level.extended_address_method()), 1,
               level.format() == f::reserved_extended ? "reserved" : to_string(level.extended_address_method()));
        if (level.format() == f::well_known_logical_unit) {
            r.code("w_lun", "W-LUN", raw(level.w_lun()), 2, to_string(level.w_lun()));
            summary = fmt::format("W-LUN {}", to_string(level.w_lun()));
        } else if (level.format() == f::extended_flat_space) {
            r.number("extended_flat_space_lun", "Extended flat space LUN", level.extended_flat_space_lun());
            summary = fmt::format("LUN {}", level.extended_flat_space_lun());
        } else if (level.format() == f::long_extended_flat_space) {
            r.number("long_extended_flat_space_lun", "Long extended flat space LUN",
                     level.long_extended_flat_space_lun());
            summary = fmt::format("LUN {}", level.long_extended_flat_space_lun());
        } else {
            r.hex("extended_address_method_specific", "Extended address method specific",
                  level.extended_address_method_specific());
        }
        break;
    }
    r.set_title(fmt::format("{} [byte {}]: {}{}", level_name(level), level.offset(), to_string(level.format()),
                            summary.empty() ? "" : ", " + summary));
    return r;
}

// One LUN of the list; `at` is its offset in the file's data.
record lun_record(const scsi::lun& l, std::size_t index, std::size_t at)
{
    const std::uint64_t linux_lun = scsi::to_linux_lun(l);
    std::string what;
    if (const auto w = l.well_known_logical_unit())
        what = fmt::format("{} well known logical unit", to_string(*w));
    else if (l.logical_unit_not_specified())
        what = "logical unit not specified";
    else if (const auto n = l.single_level_lun())
        what = fmt::format("LUN {}", *n);
    else if (l.well_formed())
        what = fmt::format("{} level{}", l.status().count, l.status().count == 1 ? "" : "s");
    else
        what = "malformed";
    record r(
        fmt::format("#{} {} [offset {}]: {}, Linux LUN {}", index + 1, hex_string(l.bytes()), at, what, linux_lun));
    r.number("offset", "", at);
    r.hex("lun", "LUN", l.bytes());
    r.number("linux_lun", "Linux LUN", linux_lun);
    if (const auto n = l.single_level_lun()) r.number("single_level_lun", "Single level LUN", *n);
    if (const auto w = l.well_known_logical_unit()) r.code("well_known_lun", "", raw(*w), 2, to_string(*w));
    r.flag("logical_unit_not_specified", "", l.logical_unit_not_specified());

    std::vector<record>& levels = r.list("levels", "Levels");
    const scsi::lun_levels walk = l.levels();
    auto it = walk.begin();
    for (; !it.done(); ++it) levels.push_back(level_record(*it));
    if (it.error() == mpio::errc::none) return r;
    std::string message;
    if (it.error() == mpio::errc::length_mismatch)
        message =
            fmt::format("the address ends at byte {} of the LUN but the bytes after it are not zero", it.offset());
    else if (it.offset() >= scsi::lun::size)
        message = "the fourth level addresses a target: no level is left for the logical unit behind it";
    else
        message = fmt::format("the extended addressing element at byte {} runs past the end of the LUN", it.offset());
    r.error({mpio::errc_name(it.error()), fmt::format("LUN #{}: {}", index + 1, message),
             at + std::min<std::size_t>(it.offset(), scsi::lun::size - 1)});
    // An administrative + subsidiary element pair reads as a one-level LUN
    // with trailing bytes when LU_CONG is not known.
    if (!l.lu_cong() && l.with_lu_cong(true).well_formed())
        r.note("well-formed as a logical unit conglomerate's LUN: decode with --lu-cong if the logical unit's "
               "INQUIRY data has LU_CONG set");
    return r;
}

decode_outcome decode(mpio::byte_view data, const decode_context& context, record& body)
{
    const auto parsed = scsi::parse_report_luns(data, context.lu_cong);
    if (!parsed)
        return {false, {mpio::errc_name(parsed.error()), "fewer than 8 bytes: not even the REPORT LUNS header", 0}};
    const scsi::report_luns& luns = *parsed;
    record& r = body.child("report_luns", "");

    r.number("lun_list_length", "LUN list length", luns.lun_list_length());
    r.number("lun_count", "", luns.lun_count());
    r.flag("lu_cong", "", luns.lu_cong());
    if (luns.lu_cong()) r.plain("", "LU_CONG", "1 (LUNs decoded as a logical unit conglomerate's, --lu-cong)");
    const std::size_t returned = std::min(data.size(), luns.required_allocation_length());
    r.number("returned_length", "", returned);
    r.flag("truncated", luns.truncated() ? "Truncated" : "", luns.truncated());
    r.number("required_allocation_length", luns.truncated() ? "Required allocation length" : "",
             luns.required_allocation_length());
    if (luns.truncated())
        r.note(fmt::format("truncated: {} of {} bytes returned ({} of {} LUNs); re-issue REPORT LUNS with an "
                           "allocation length of at least {}",
                           data.size(), luns.required_allocation_length(), luns.lun_list_bytes().size() / 8,
                           luns.lun_count(), luns.required_allocation_length()));
    if (data.size() > luns.required_allocation_length())
        r.note(fmt::format("{} bytes after the {} declared by LUN LIST LENGTH are not LUNs (ignored)",
                           data.size() - luns.required_allocation_length(), luns.required_allocation_length()));
    if (mpio::load_be32(data, 4) != 0) r.note("reserved bytes 4..7 are not zero");

    std::vector<record>& list = r.list("luns", "LUNs");
    const scsi::lun_list lun_list = luns.luns();
    auto it = lun_list.begin();
    for (; !it.done(); ++it) list.push_back(lun_record(*it, list.size(), scsi::report_luns::header_size + it.offset()));
    if (it.error() != mpio::errc::none)
        r.error({mpio::errc_name(it.error()),
                 fmt::format("LUN LIST LENGTH {} is not a multiple of 8: {} byte{} after the last whole LUN",
                             luns.lun_list_length(), lun_list.bytes().size() - it.offset(),
                             lun_list.bytes().size() - it.offset() == 1 ? "" : "s"),
                 scsi::report_luns::header_size + it.offset()});
    else if (!luns.truncated() && !luns.lun_list_length_valid())
        r.error({mpio::errc_name(mpio::errc::length_mismatch),
                 fmt::format("LUN LIST LENGTH {} is not a multiple of 8", luns.lun_list_length()), 0});
    else if (luns.truncated() && !luns.lun_list_length_valid())
        r.note(fmt::format("LUN LIST LENGTH {} is not a multiple of 8", luns.lun_list_length()));
    return {};
}

} // namespace

extern const kind report_luns_kind{"luns", "report_luns", "REPORT LUNS parameter data", detect, decode};

} // namespace mpio_inspect
