// SPDX-License-Identifier: MIT
// kind_report_target_port_groups.cpp - REPORT TARGET PORT GROUPS parameter
// data (SPC-6 6.38): the header (length-only or extended), every target port
// group descriptor with its asymmetric access state, the states it supports
// and its target ports.
//
// Auto-detection (docs/cli.md): the data is only four bytes of length and
// then descriptors, so the recognizer accepts it unasked only when it checks
// out completely: RETURN DATA LENGTH + 4 is the data size, the descriptors
// fill the list exactly, and every descriptor is sane (a defined state that
// its own SUP bits support, a defined status code, reserved byte 4 zero, at
// least one port, no port 0). Anything less (a truncated response) needs
// --as rtpg.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include <fmt/format.h>

#include <mpio/scsi/report_target_port_groups.hpp>

#include "kinds.hpp"

namespace mpio_inspect {
namespace {

namespace scsi = mpio::scsi;

template <class Enum>
std::uint64_t raw(Enum e)
{
    return static_cast<std::uint64_t>(e);
}

bool defined_state(scsi::asymmetric_access_state s) { return std::string(to_string(s)) != "reserved"; }

// Why a complete descriptor does not look like one a device would send, or empty.
std::string implausible_group(const scsi::target_port_group_descriptor& g)
{
    const scsi::asymmetric_access_state state = g.asymmetric_access_state();
    if (!defined_state(state)) return fmt::format("asymmetric access state {:X}h is reserved", raw(state));
    if (!g.supports(state))
        return fmt::format("its state ({}) is not among the states its SUP bits support", to_string(state));
    if (raw(g.status_code()) > 2) return fmt::format("status code {:02X}h is reserved", raw(g.status_code()));
    if (g.bytes()[4] != 0) return "reserved byte 4 is not zero";
    if (g.target_port_count() == 0) return "it has no target port";
    for (const scsi::target_port_descriptor port : g.target_ports())
        if (port.relative_target_port_identifier() == 0) return "it lists relative target port 0 (reserved)";
    return {};
}

detection detect(mpio::byte_view data)
{
    using v = detection::verdict;
    if (data.size() < scsi::report_target_port_groups::length_only_header_size)
        return {v::impossible, "fewer than 4 bytes, not even RETURN DATA LENGTH", 0};
    const auto parsed = scsi::parse_report_target_port_groups(data);
    if (!parsed) {
        if (parsed.error() == mpio::errc::unsupported_format)
            return {v::impossible,
                    fmt::format("FORMAT TYPE {} (byte 4 bits 6..4) is reserved", mpio::bits(data[4], 6, 4)), 4};
        return {v::impossible,
                fmt::format("RETURN DATA LENGTH {} is shorter than the extended header", mpio::load_be32(data, 0)), 0};
    }
    const scsi::report_target_port_groups& rtpg = *parsed;
    const std::string length =
        fmt::format("RETURN DATA LENGTH {}, {}", rtpg.return_data_length(), to_string(rtpg.header_format()));
    if (rtpg.truncated()) {
        detection d{v::plausible, fmt::format("{}, truncated to {} bytes: too little to be sure", length, data.size()),
                    0, detection::confidence::weak};
        d.auto_detectable = false;
        return d;
    }
    if (data.size() > rtpg.required_allocation_length())
        return {v::unlikely, fmt::format("{}, but {} bytes of data", length, data.size()), 0};

    const scsi::target_port_group_list groups = rtpg.target_port_groups();
    std::size_t count = 0;
    std::size_t ports = 0;
    auto it = groups.begin();
    for (; !it.done(); ++it, ++count) {
        const scsi::target_port_group_descriptor g = *it;
        if (const std::string why = implausible_group(g); !why.empty())
            return {v::unlikely, fmt::format("target port group descriptor #{}: {}", count + 1, why),
                    rtpg.header_size() + it.offset()};
        ports += g.target_port_count();
    }
    if (it.error() != mpio::errc::none)
        return {v::impossible,
                fmt::format("{}, but the descriptors do not fill it ({} at byte {})", length,
                            mpio::errc_name(it.error()), rtpg.header_size() + it.offset()),
                rtpg.header_size() + it.offset()};
    if (count == 0) return {v::unlikely, fmt::format("{}: no target port group", length), 0};
    return {v::plausible,
            fmt::format("{}, matches {} target port group{} with {} target port{} exactly", length, count,
                        count == 1 ? "" : "s", ports, ports == 1 ? "" : "s"),
            0, detection::confidence::medium};
}

// 1 is port A, 2 port B... (SPC-6 table "Relative target port identifier"); 0 is reserved.
std::string relative_port_name(std::uint16_t port)
{
    if (port == 0) return "reserved";
    if (port <= 26) return fmt::format("port {}", static_cast<char>('A' + port - 1));
    return fmt::format("relative port {}", port);
}

// One target port group descriptor; `at` is its offset in the file's data.
record group_record(const scsi::target_port_group_descriptor& g, std::size_t index, std::size_t at)
{
    const scsi::asymmetric_access_state state = g.asymmetric_access_state();
    record r(fmt::format("#{} target port group 0x{:04x}: {}{} [offset {}, {} bytes]", index + 1, g.target_port_group(),
                         to_string(state), g.pref() ? ", preferred" : "", at, g.bytes().size()));
    r.number("offset", "", at);
    r.flag("pref", "PREF (preferred)", g.pref());
    r.code("asymmetric_access_state", "Asymmetric access state", raw(state), 1, to_string(state));
    // The SUP bits: each in JSON, one line in the text.
    const std::pair<const char*, bool> sup[] = {{"T_SUP", g.t_sup()},  {"O_SUP", g.o_sup()}, {"LBD_SUP", g.lbd_sup()},
                                                {"U_SUP", g.u_sup()},  {"S_SUP", g.s_sup()}, {"AN_SUP", g.an_sup()},
                                                {"AO_SUP", g.ao_sup()}};
    std::string line;
    for (const auto& [name, value] : sup) {
        std::string key = name;
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.flag(key, "", value);
        line += fmt::format("{}{}={}", line.empty() ? "" : " ", name, value ? 1 : 0);
    }
    r.plain("", "Supported states", line);
    if (!g.supports(state) && defined_state(state))
        r.note(fmt::format("the group is {} but its SUP bits do not list that state", to_string(state)));
    r.hex_number("target_port_group", "Target port group", g.target_port_group(), 4);
    r.code("status_code", "Status code", raw(g.status_code()), 2, to_string(g.status_code()));
    r.hex_number("vendor_specific", "Vendor specific", g.vendor_specific(), 2);
    r.number("target_port_count", "Target port count", g.target_port_count());
    std::vector<record>& ports = r.list("target_ports", "Target ports");
    for (const scsi::target_port_descriptor port : g.target_ports()) {
        const std::uint16_t id = port.relative_target_port_identifier();
        record item(fmt::format("0x{:04x}  {}", id, relative_port_name(id)));
        item.code("relative_target_port_identifier", "", id, 4, relative_port_name(id));
        item.hex("obsolete", "", port.bytes().first(2));
        ports.push_back(std::move(item));
    }
    return r;
}

decode_outcome decode(mpio::byte_view data, const decode_context& /*context*/, record& body)
{
    const auto parsed = scsi::parse_report_target_port_groups(data);
    if (!parsed) {
        const detection d = detect(data);
        return {false, {mpio::errc_name(parsed.error()), d.reason, d.offset}};
    }
    const scsi::report_target_port_groups& rtpg = *parsed;
    record& r = body.child("report_target_port_groups", "");

    r.number("return_data_length", "Return data length", rtpg.return_data_length());
    r.plain("header_format", "Header format",
            rtpg.header_format() == scsi::rtpg_header_format::length_only ? "length_only"
            : rtpg.header_format() == scsi::rtpg_header_format::extended  ? "extended"
                                                                          : "undetermined");
    if (rtpg.header_format() == scsi::rtpg_header_format::extended) {
        r.number("format_type", "Format type", mpio::bits(data[4], 6, 4));
        if (const auto time = rtpg.implicit_transition_time())
            r.code("implicit_transition_time", "Implicit transition time", *time, 0,
                   *time == 0 ? "not specified" : fmt::format("{} s", *time));
    }
    const std::size_t returned = std::min(data.size(), rtpg.required_allocation_length());
    r.number("returned_length", "", returned);
    r.flag("truncated", rtpg.truncated() ? "Truncated" : "", rtpg.truncated());
    r.number("required_allocation_length", rtpg.truncated() ? "Required allocation length" : "",
             rtpg.required_allocation_length());
    if (rtpg.truncated())
        r.note(fmt::format("truncated: {} of {} bytes returned; re-issue REPORT TARGET PORT GROUPS with an allocation "
                           "length of at least {}",
                           data.size(), rtpg.required_allocation_length(), rtpg.required_allocation_length()));
    if (data.size() > rtpg.required_allocation_length())
        r.note(fmt::format("{} bytes after the {} declared by RETURN DATA LENGTH are not parameter data (ignored)",
                           data.size() - rtpg.required_allocation_length(), rtpg.required_allocation_length()));
    if (rtpg.header_format() == scsi::rtpg_header_format::undetermined) {
        r.note("the data ends before byte 4, which tells the header format: no descriptor decoded");
        return {};
    }

    std::vector<record>& list = r.list("target_port_groups", "Target port groups");
    const scsi::target_port_group_list groups = rtpg.target_port_groups();
    const std::size_t base = rtpg.header_size();
    auto it = groups.begin();
    for (std::size_t i = 0; !it.done(); ++it, ++i) list.push_back(group_record(*it, i, base + it.offset()));
    if (it.error() == mpio::errc::none) return {};

    const std::size_t at = base + it.offset();
    const std::size_t left = groups.bytes().size() - it.offset();
    if (rtpg.truncated()) {
        r.note(fmt::format("the target port group descriptor at offset {} is cut short by the truncation", at));
        return {};
    }
    std::string message;
    if (it.error() == mpio::errc::too_short)
        message = fmt::format("{} byte{} after the last descriptor, too few for a target port group descriptor (8)",
                              left, left == 1 ? "" : "s");
    else if (it.error() == mpio::errc::descriptor_overrun)
        message = fmt::format("target port group descriptor #{}: TARGET PORT COUNT {} needs {} bytes, {} are left",
                              list.size() + 1, groups.bytes()[it.offset() + 7],
                              8 + 4 * std::size_t{groups.bytes()[it.offset() + 7]}, left);
    else
        message = fmt::format("target port group descriptor #{}: {}", list.size() + 1, mpio::errc_message(it.error()));
    r.error({mpio::errc_name(it.error()), message, at});
    return {};
}

} // namespace

extern const kind report_target_port_groups_kind{"rtpg", "report_target_port_groups",
                                                 "REPORT TARGET PORT GROUPS parameter data", detect, decode};

} // namespace mpio_inspect
