// SPDX-License-Identifier: MIT
// Fuzz target: path identity (mpio/ident/path_identity.hpp) over a Device
// Identification VPD page, and the ALUA mapping over a REPORT TARGET PORT
// GROUPS response (mpio/scsi/report_target_port_groups.hpp).
//
// Input layout: bytes 0-1 (big-endian) are the length of the VPD page that
// follows (clipped to what there is); the rest is the RTPG parameter data.
// The seeds in fuzz/corpus/path_identity/ follow it.
#include <mpio/ident/path_identity.hpp>

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

namespace {

namespace ident = mpio::ident;
namespace scsi = mpio::scsi;
using mpio::errc;
using namespace mpio_fuzz;

void check_name(const ident::path_name& n)
{
    check(n.size() <= ident::path_name::capacity);
    check(n.bytes().size() == n.size());
    check(length(ident::to_string(n.format())) > 0);
    check(n == n);
}

std::size_t touch(const ident::path_identity& id)
{
    check(id == id);
    check(ident::same_target_port(id, id) == id.identifies_port());
    check(id.identifies_port() == (id.has_relative_target_port() || id.has_target_port_name()));
    std::size_t s = std::size_t{id.relative_target_port()} + id.target_port_group() + id.logical_unit_group() +
                    length(scsi::to_string(id.protocol_identifier()));
    if (id.has_target_port_name()) check_name(id.target_port_name()), s += sum(id.target_port_name().bytes());
    if (id.has_target_device_name()) check_name(id.target_device_name()), s += sum(id.target_device_name().bytes());
    const auto text = ident::render_path_identity(id);
    check(!text.overflowed());
    return s + text.size();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const mpio::byte_view input(data, size);
    const std::size_t page_size = mpio::load_be16(input, 0);
    const mpio::byte_view page_bytes = input.subview(2).first(page_size);
    const mpio::byte_view rtpg_bytes = input.subview(2 + page_size);
    volatile std::size_t sink = 0;

    const auto page = scsi::parse_device_identification(page_bytes);
    ident::path_identity id;
    if (page) {
        const ident::derived_path_identity d = ident::derive_path_identity(*page);
        // Only the errors the walk and the typed decoders document.
        check(d.error == errc::none || d.error == errc::too_short || d.error == errc::descriptor_overrun ||
              d.error == errc::length_mismatch || d.error == errc::unsupported_format ||
              d.error == errc::reserved_value || d.error == errc::overflow || d.error == errc::legacy_layout);
        check(d.ok() == (d.error == errc::none));
        check(d.error_offset <= page->designation_descriptor_bytes().size());
        // Identical input, identical identity.
        check(ident::derive_path_identity(*page).identity == d.identity);
        sink = sink + touch(d.identity);
        id = d.identity;
    }

    const auto rtpg = scsi::parse_report_target_port_groups(rtpg_bytes);
    if (!rtpg) return 0;
    const auto alua = ident::alua_state_of(id, *rtpg);
    if (!alua) {
        check(alua.error() == errc::not_found || alua.error() == errc::too_short ||
              alua.error() == errc::descriptor_overrun);
        return 0;
    }
    const ident::path_alua_state& s = *alua;
    sink = sink + length(ident::to_string(s.check)) + s.pref + static_cast<std::size_t>(s.state);
    if (s.source == ident::tpg_source::vpd_target_port_group) {
        check(id.has_target_port_group() && s.target_port_group == id.target_port_group());
        check(*rtpg->state_of(s.target_port_group) == s.state);
        if (s.check == ident::tpg_cross_check::consistent)
            check(rtpg->find_group(s.target_port_group)->contains(id.relative_target_port()) ||
                  rtpg->group_of(id.relative_target_port())->target_port_group() == s.target_port_group);
        if (s.check == ident::tpg_cross_check::group_mismatch) {
            check(s.rtpg_group != s.target_port_group);
            check(rtpg->group_of(id.relative_target_port())->target_port_group() == s.rtpg_group);
        }
    } else {
        check(!id.has_target_port_group() && id.has_relative_target_port());
        check(s.check == ident::tpg_cross_check::not_checked);
        check(rtpg->group_of(id.relative_target_port())->target_port_group() == s.target_port_group);
    }
    return 0;
}
