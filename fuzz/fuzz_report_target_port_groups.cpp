// SPDX-License-Identifier: MIT
// Fuzz target: REPORT TARGET PORT GROUPS parameter data
// (mpio/scsi/report_target_port_groups.hpp). The input is parsed three ways
// (auto-detected header, caller asked for the length-only format, caller asked
// for the extended header); every accessor of every group and port is
// called, every list is walked to its end, and the lookups are checked
// against a plain walk.
#include <mpio/scsi/asymmetric_access_state.hpp>
#include <mpio/scsi/report_target_port_groups.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "fuzz_support.hpp"

namespace {

namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

// The first group of the list with this TARGET PORT GROUP / holding this
// relative target port, by a plain walk (the lookups must agree).
struct first_match {
    bool found = false;
    std::size_t offset = 0;
};

first_match first_group(const scsi::target_port_group_list& groups, std::uint16_t tpg)
{
    for (const scsi::target_port_group_descriptor g : groups)
        if (g.target_port_group() == tpg) return {true, g.offset()};
    return {};
}

first_match first_holder(const scsi::target_port_group_list& groups, std::uint16_t port)
{
    for (const scsi::target_port_group_descriptor g : groups)
        for (const scsi::target_port_descriptor p : g.target_ports())
            if (p.relative_target_port_identifier() == port) return {true, g.offset()};
    return {};
}

// A failed lookup reports not_found after a clean walk, or the walk's error.
void check_miss(errc e, const mpio::list_status& status) { check(e == (status.ok() ? errc::not_found : status.error)); }

void check_response(const scsi::report_target_port_groups& r, mpio::byte_view input, volatile std::size_t& sink)
{
    check(r.bytes() == input);
    check(r.return_data_length() == mpio::load_be32(input, 0));
    check(r.required_allocation_length() >= 4);
    check(r.truncated() == (input.size() < r.required_allocation_length()));
    check(r.header_size() == (r.header_format() == scsi::rtpg_header_format::extended ? 8u : 4u));
    sink = sink + length(to_string(r.header_format()));

    const auto itt = r.implicit_transition_time();
    switch (r.header_format()) {
    case scsi::rtpg_header_format::extended:
        check(itt.has_value() ? *itt == input[5] : (itt.error() == errc::too_short && input.size() < 6));
        check(r.return_data_length() >= 4);
        break;
    case scsi::rtpg_header_format::length_only: check(itt.error() == errc::unsupported_format); break;
    case scsi::rtpg_header_format::undetermined:
        check(itt.error() == errc::too_short && input.size() == 4 && r.return_data_length() != 0);
        break;
    }

    // The list lies inside the input, after the header, within RETURN DATA LENGTH + 4.
    const mpio::byte_view list_bytes = r.target_port_group_descriptor_bytes();
    if (!list_bytes.empty()) {
        check(list_bytes.data() == input.data() + r.header_size());
        check(r.header_size() + list_bytes.size() <= input.size());
        check(r.header_size() + list_bytes.size() <= r.required_allocation_length());
    }

    const scsi::target_port_group_list groups = r.target_port_groups();
    std::size_t offset = 0;
    std::size_t count = 0;
    auto it = groups.begin();
    for (; it != groups.end(); ++it) {
        const scsi::target_port_group_descriptor g = *it;
        check(g.offset() == offset && it.offset() == offset);
        check(g.bytes().data() == list_bytes.data() + offset);
        check(g.bytes().size() == 8 + 4 * std::size_t{g.target_port_count()});
        sink = sink + g.pref() + g.t_sup() + g.o_sup() + g.lbd_sup() + g.u_sup() + g.s_sup() + g.an_sup() + g.ao_sup() +
               g.target_port_group() + g.vendor_specific() + length(to_string(g.asymmetric_access_state())) +
               length(to_string(g.status_code())) + scsi::is_reserved(g.asymmetric_access_state()) +
               scsi::settable_by_stpg(g.asymmetric_access_state());
        for (unsigned s = 0; s < 16; ++s) sink = sink + g.supports(static_cast<scsi::asymmetric_access_state>(s));

        // Ports: exactly TARGET PORT COUNT of them, each whole.
        std::size_t ports = 0;
        const scsi::target_port_list port_list = g.target_ports();
        auto p = port_list.begin();
        for (; p != port_list.end(); ++p) {
            const scsi::target_port_descriptor port = *p;
            check(port.bytes().size() == 4);
            check(port.bytes().data() == g.bytes().data() + 8 + 4 * ports);
            sink = sink + port.relative_target_port_identifier() + sum(port.bytes());
            check(g.contains(port.relative_target_port_identifier()));

            // group_of() finds this group or an earlier one holding the port
            // (checked for the first ports of the first groups only: each
            // check walks the list again, and quadratic work on the large
            // inputs would slow the fuzzer down for nothing new).
            if (ports < 16 && count < 64) {
                const auto holder = r.group_of(port.relative_target_port_identifier());
                check(holder.has_value() && holder->offset() <= offset &&
                      holder->contains(port.relative_target_port_identifier()));
                check(holder->offset() == first_holder(groups, port.relative_target_port_identifier()).offset);
            }
            ++ports;
        }
        check(p.error() == errc::none);
        check(ports == g.target_port_count());
        check(port_list.status().ok() && port_list.status().count == ports);

        // find_group() / state_of() give the first group with this number
        // (first groups only, as above).
        if (count < 64) {
            const auto found = r.find_group(g.target_port_group());
            check(found.has_value() && found->offset() <= offset &&
                  found->offset() == first_group(groups, g.target_port_group()).offset);
            check(*r.state_of(g.target_port_group()) == found->asymmetric_access_state());
        }

        offset += g.bytes().size();
        ++count;
    }
    const mpio::list_status status = groups.status();
    check_walk(status, count, offset, list_bytes.size());
    check(it.error() == status.error);
    if (!status.ok()) check(status.error == errc::too_short || status.error == errc::descriptor_overrun);
    check(!groups.at(count).has_value());

    // Lookups of values nothing lists.
    for (const std::uint16_t probe : {std::uint16_t{0}, std::uint16_t{1}, std::uint16_t{0xFFFF}}) {
        if (!first_group(groups, probe).found) {
            check_miss(r.find_group(probe).error(), status);
            check_miss(r.state_of(probe).error(), status);
        }
        if (!first_holder(groups, probe).found) check_miss(r.group_of(probe).error(), status);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    volatile std::size_t sink = 0;

    const auto automatic = scsi::parse_report_target_port_groups(input);
    const auto extended =
        scsi::parse_report_target_port_groups(input, scsi::rtpg_parameter_data_format::extended_header);
    const auto length_only =
        scsi::parse_report_target_port_groups(input, scsi::rtpg_parameter_data_format::length_only);

    // Auto-detection is the decision made for a request of the extended header.
    check(automatic.error() == extended.error());
    if (automatic) check(automatic->header_format() == extended->header_format());

    // The length-only reading refuses only a header stub.
    check(length_only.has_value() == (size >= 4));
    if (!length_only) {
        check(length_only.error() == errc::too_short && automatic.error() == errc::too_short);
        return 0;
    }
    check(length_only->header_format() == scsi::rtpg_header_format::length_only);
    check_response(*length_only, input, sink);

    if (!automatic) {
        // Only a reserved FORMAT TYPE, or an extended header too short for its own length.
        const std::uint8_t format_type = mpio::bits(input.at_or(4), 6, 4);
        check(size > 4 && length_only->return_data_length() != 0);
        check(automatic.error() == (format_type >= 2 ? errc::unsupported_format : errc::length_mismatch));
        if (automatic.error() == errc::length_mismatch)
            check(format_type == 1 && length_only->return_data_length() < 4);
        return 0;
    }
    check_response(*automatic, input, sink);
    return 0;
}
